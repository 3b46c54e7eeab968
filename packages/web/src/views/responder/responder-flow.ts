import type { DispatchStatus } from '@jiefang/contract';
import type { DispatchVerb } from './responder-api.ts';

/** Where the responder stands with their dispatch, which decides the screen. */
export type ResponderPhase = 'incoming' | 'accepted' | 'en_route' | 'on_scene' | 'finished';

/** A button of the responder screen, in the order it is shown. */
export interface ResponderAction {
  verb: Exclude<DispatchVerb, 'deliver'>;
  /** The one most likely next: drawn large. */
  primary: boolean;
}

const ACTIONS: Readonly<Record<DispatchStatus, readonly ResponderAction[]>> = {
  notified: [
    { verb: 'accept', primary: true },
    { verb: 'decline', primary: false },
  ],
  delivered: [
    { verb: 'accept', primary: true },
    { verb: 'decline', primary: false },
  ],
  accepted: [
    { verb: 'depart', primary: true },
    { verb: 'arrive', primary: false },
  ],
  en_route: [{ verb: 'arrive', primary: true }],
  on_scene: [{ verb: 'clear', primary: true }],
  declined: [],
  timed_out: [],
  cleared: [],
  cancelled: [],
};

/**
 * The buttons a dispatch in `status` offers, mirroring core's DISPATCH_TRANSITIONS for what a
 * person may ask (accept or decline while it waits for an answer; en route or straight on scene
 * once accepted; on scene on the way; cleared on scene). A finished dispatch offers none.
 */
export function actionsFor(status: DispatchStatus): readonly ResponderAction[] {
  return ACTIONS[status];
}

export function phaseOf(status: DispatchStatus): ResponderPhase {
  switch (status) {
    case 'notified':
    case 'delivered':
      return 'incoming';
    case 'accepted':
      return 'accepted';
    case 'en_route':
      return 'en_route';
    case 'on_scene':
      return 'on_scene';
    default:
      return 'finished';
  }
}

/** Still the responder's job: shown on the screen, with its route. */
export function isActiveDispatch(status: DispatchStatus): boolean {
  return phaseOf(status) !== 'finished';
}

/** The route line is useful until the unit is there. */
export function showsRoute(status: DispatchStatus): boolean {
  const phase = phaseOf(status);
  return phase === 'incoming' || phase === 'accepted' || phase === 'en_route';
}

/** Seconds left to answer before the server times the offer out (0 when past). */
export function answerSecondsLeft(
  notifiedAt: string | undefined,
  timeoutSeconds: number,
  now: number,
): number {
  if (notifiedAt === undefined) return timeoutSeconds;
  const left = Date.parse(notifiedAt) + timeoutSeconds * 1000 - now;
  return Math.max(0, Math.ceil(left / 1000));
}

/** Reasons offered for a decline (free text is possible too). */
export const DECLINE_REASONS = ['busy', 'vehicle', 'far', 'unsafe'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];
