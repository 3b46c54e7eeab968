import type { Tier } from '../plan/response-plan.ts';
import type { UnitAssignment, UnitStatus } from '../unit/unit.ts';

/**
 * notified → delivered → accepted | declined → en_route → on_scene → cleared, with cancelled
 * from any point before arrival, and timed_out when nobody answers within the accept timeout
 * (kept apart from declined: "did not answer" and "said no" call for different follow-up).
 */
export type DispatchStatus =
  | 'notified'
  | 'delivered'
  | 'accepted'
  | 'declined'
  | 'timed_out'
  | 'en_route'
  | 'on_scene'
  | 'cleared'
  | 'cancelled';

export const DISPATCH_STATUSES: readonly DispatchStatus[] = [
  'notified',
  'delivered',
  'accepted',
  'declined',
  'timed_out',
  'en_route',
  'on_scene',
  'cleared',
  'cancelled',
];

/**
 * accepted → on_scene directly: an emergency unit is often already standing where the incident
 * is (tier 1 self-rescue), it never travels.
 */
export const DISPATCH_TRANSITIONS: Readonly<Record<DispatchStatus, readonly DispatchStatus[]>> = {
  notified: ['delivered', 'accepted', 'declined', 'timed_out', 'cancelled'],
  delivered: ['accepted', 'declined', 'timed_out', 'cancelled'],
  accepted: ['en_route', 'on_scene', 'cancelled'],
  en_route: ['on_scene', 'cancelled'],
  on_scene: ['cleared'],
  declined: [],
  timed_out: [],
  cleared: [],
  cancelled: [],
};

/** Waiting for the unit to answer. */
export const AWAITING_ANSWER: readonly DispatchStatus[] = ['notified', 'delivered'];

/**
 * A dispatch still under way: offered, taken, travelling or on scene — every status with a way
 * out. The one rule for "live" (the world keeps these in memory, the dispatcher's board and the
 * live socket show them, a unit holds one as its assignment).
 */
export const LIVE_DISPATCH_STATUSES: readonly DispatchStatus[] = DISPATCH_STATUSES.filter(
  (status) => DISPATCH_TRANSITIONS[status].length > 0,
);

export function isLiveDispatch(status: string): boolean {
  return (LIVE_DISPATCH_STATUSES as readonly string[]).includes(status);
}

/** A dispatch that can still be stood down (cancelled): before the unit is on scene. */
export const CANCELLABLE_DISPATCH_STATUSES: readonly DispatchStatus[] = DISPATCH_STATUSES.filter(
  (status) => DISPATCH_TRANSITIONS[status].includes('cancelled'),
);

/** The unit is (or was) working the incident: counts toward a requirement. */
export const ENGAGED: readonly DispatchStatus[] = [...LIVE_DISPATCH_STATUSES, 'cleared'];

/** The unit has taken the job and not yet left it: accepted, travelling or on scene. */
export const TAKEN_DISPATCH_STATUSES: readonly DispatchStatus[] = [
  'accepted',
  'en_route',
  'on_scene',
];

/**
 * A member of a dispatched unit may call the reporter only while the unit has taken the job:
 * not while it is merely offered, and not after declining, clearing or being stood down.
 */
export const REPORTER_CONTACT_STATUSES: readonly DispatchStatus[] = TAKEN_DISPATCH_STATUSES;

export interface Dispatch {
  id: string;
  incidentId: string;
  unitId: string;
  /** The incident's org: scope checks on a dispatch follow the incident. */
  orgId: string;
  tier: Tier;
  status: DispatchStatus;
  /** When each status was reached (ISO); the source of response-time statistics. */
  times: Partial<Record<DispatchStatus, string>>;
  acceptTimeoutSeconds: number;
  /** ETA the recommendation promised, to compare with the real arrival. */
  etaSeconds?: number;
  /** The lower-priority work this dispatch took the unit off. */
  preempts?: UnitAssignment;
  declineReason?: string;
  cancelReason?: string;
  /** Marked on scene by the responder, or detected from the position stream. */
  arrivalSource?: 'manual' | 'position';
  /**
   * Metres between the unit's last known position and the incident when on scene was reported.
   * The responder's word stands; the dispatcher is shown the gap (see ON_SCENE_GAP_WARNING_METRES).
   */
  arrivalDistanceMetres?: number;
}

/** An on-scene report farther than this from the incident is flagged to the dispatcher. */
export const ON_SCENE_GAP_WARNING_METRES = 150;

/**
 * The unit status that goes with a dispatch status, so the server can update the unit in the
 * same transaction (EventStore.appendAll).
 */
export function unitStatusForDispatch(status: DispatchStatus): UnitStatus {
  switch (status) {
    case 'notified':
    case 'delivered':
      return 'notified';
    case 'accepted':
    case 'en_route':
      return 'en_route';
    case 'on_scene':
      return 'on_scene';
    case 'declined':
    case 'timed_out':
    case 'cleared':
    case 'cancelled':
      return 'available';
  }
}
