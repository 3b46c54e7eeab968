import type { LonLat } from '../geo/coordinates.ts';
import type { LocalNames } from '../shared/local-names.ts';
import type { WorkflowState } from '../workflow/workflow.ts';
import type { IncidentLoop } from './incident-loop.ts';
import type { Priority } from './priority.ts';

/**
 * How the incident reached the centre: a phone call, the public app, an automatic alert, an
 * officer, a patrol, another centre's CAD (an EIDO exchange), or the demo's simulator.
 */
export type IncidentSource =
  | 'call'
  | 'app'
  | 'alert'
  | 'officer'
  | 'patrol'
  | 'exchange'
  // Made up by the demo's simulator: its description is generated, not a caller's words.
  | 'simulated';

export const INCIDENT_SOURCES: readonly IncidentSource[] = [
  'call',
  'app',
  'alert',
  'officer',
  'patrol',
  'exchange',
  'simulated',
];

export interface IncidentLocation extends LonLat {
  address?: string;
  /** A named place the caller gave ('中央商场 3F'): what responders look for. */
  placeName?: string;
  /** The place's name in each console language, when it was picked from the city's places. */
  placeLocalNames?: LocalNames;
}

/** Personal data: readable only with 'incident.read_contact', every read audited by the server. */
export interface ReporterContact {
  name?: string;
  phone?: string;
}

/** open while being worked; closed when the closed loop reached its final stage; cancelled for false or withdrawn calls. */
export type IncidentStatus = 'open' | 'closed' | 'cancelled';

export interface Incident {
  id: string;
  /** The org responsible (usually the station of the location); scope checks use it. */
  orgId: string;
  source: IncidentSource;
  categoryCode: string;
  priority: Priority;
  /** Copied from the catalogue at creation: a later catalogue edit does not move open incidents. */
  policeMatter: boolean;
  location: IncidentLocation;
  reporter?: ReporterContact;
  description: string;
  /** When the call was received: the 1-3-5 clocks start here, not when it was typed in. */
  receivedAt: string;
  createdAt: string;
  status: IncidentStatus;
  workflow: WorkflowState;
  /** Its stage deadlines and escalation step (from its response plan); see loopOf for older ones. */
  loop?: IncidentLoop;
  /** The current stage's latest escalation: its level and the org whose supervisors have it. */
  escalation?: IncidentEscalation;
  /** The loop's milestones: the first unit on scene, the last unit cleared. */
  milestones?: IncidentMilestones;
  /** Set when an open incident of the same category is near in space and time; the dispatcher decides. */
  probableDuplicateOf?: string;
  /** Set when the dispatcher linked this incident to the one it duplicates (it is then cancelled). */
  duplicateOf?: string;
  /**
   * For alerts: the id in the sending system (CAP identifier, camera event id); for an exchanged
   * incident: EIDO's incident tracking identifier, which stays the same in every centre.
   */
  externalRef?: string;
  closedAt?: string;
  cancelReason?: string;
}

export interface IncidentEscalation {
  stage: string;
  level: number;
  toOrgId: string;
  at: string;
}

/** A point the loop reached, and the dispatch that reached it. */
export interface IncidentMilestone {
  at: string;
  dispatchId: string;
  unitId: string;
  /**
   * allCleared only: 'cancelled' when the response ended because the last unit still on its way
   * was stood down (core loopFollowUps); absent when the last unit cleared.
   */
  endedBy?: 'cancelled';
}

export interface IncidentMilestones {
  /** The first unit of any tier on scene (once per incident). */
  firstOnScene?: IncidentMilestone;
  /** The last working unit cleared or was stood down: nobody is on the way or on scene any more. */
  allCleared?: IncidentMilestone;
}

export type IncidentMilestoneKind = keyof IncidentMilestones;

/** The event each milestone is recorded with. */
export const MILESTONE_EVENTS: Readonly<Record<IncidentMilestoneKind, string>> = {
  firstOnScene: 'incident.first_on_scene',
  allCleared: 'incident.all_cleared',
};
