import {
  DomainError,
  DomainErrorCode,
  ProblemList,
  alreadyExists,
  illegalTransition,
  noSuchAggregate,
} from '../errors.ts';
import { TIERS, type Tier } from '../plan/response-plan.ts';
import type { DecideContext, Decision } from '../shared/decision.ts';
import { toIso, toMs } from '../shared/time.ts';
import type { UnitAssignment } from '../unit/unit.ts';
import { DISPATCH_TRANSITIONS, type Dispatch, type DispatchStatus } from './dispatch.ts';
import { DEFAULT_ACCEPT_TIMEOUT_SECONDS } from '../plan/response-plan.ts';

export interface CreateDispatch {
  type: 'create';
  dispatchId: string;
  incidentId: string;
  unitId: string;
  orgId: string;
  tier: Tier;
  /** Defaults to the tier's default (20 s for tier 1). */
  acceptTimeoutSeconds?: number;
  etaSeconds?: number;
  preempts?: UnitAssignment;
}

export type DispatchCommand =
  | CreateDispatch
  | { type: 'deliver' }
  | { type: 'accept' }
  | { type: 'decline'; reason: string }
  /** Run by a scheduler once the accept timeout has passed. */
  | { type: 'time_out' }
  | { type: 'depart' }
  /** distanceMetres: from the unit's last known position to the incident, when known. */
  | { type: 'arrive'; source: 'manual' | 'position'; distanceMetres?: number }
  | { type: 'clear'; outcome?: string }
  | { type: 'cancel'; reason: string };

const TARGET_STATUS: Record<Exclude<DispatchCommand['type'], 'create'>, DispatchStatus> = {
  deliver: 'delivered',
  accept: 'accepted',
  decline: 'declined',
  time_out: 'timed_out',
  depart: 'en_route',
  arrive: 'on_scene',
  clear: 'cleared',
  cancel: 'cancelled',
};

export function decideDispatch(
  state: Dispatch | undefined,
  command: DispatchCommand,
  context: DecideContext,
): Decision<Dispatch> {
  const at = toIso(context.now);
  if (command.type === 'create') {
    if (state) throw alreadyExists('dispatch', state.id);
    validateCreate(command);
    const dispatch: Dispatch = {
      id: command.dispatchId,
      incidentId: command.incidentId,
      unitId: command.unitId,
      orgId: command.orgId,
      tier: command.tier,
      status: 'notified',
      times: { notified: at },
      acceptTimeoutSeconds:
        command.acceptTimeoutSeconds ?? DEFAULT_ACCEPT_TIMEOUT_SECONDS[command.tier],
    };
    if (command.etaSeconds !== undefined) dispatch.etaSeconds = command.etaSeconds;
    if (command.preempts) dispatch.preempts = { ...command.preempts };
    return { events: [{ type: 'dispatch.created', payload: dispatch }], state: dispatch };
  }
  if (!state) throw noSuchAggregate('dispatch', command.type, 'dispatchId');
  const to = TARGET_STATUS[command.type];
  if (!DISPATCH_TRANSITIONS[state.status].includes(to))
    throw illegalTransition('dispatch', state.status, to);

  const next: Dispatch = { ...state, status: to, times: { ...state.times, [to]: at } };
  const payload: Record<string, unknown> = {
    dispatchId: state.id,
    incidentId: state.incidentId,
    unitId: state.unitId,
    tier: state.tier,
    from: state.status,
    at,
  };
  switch (command.type) {
    case 'decline':
    case 'cancel': {
      if (typeof command.reason !== 'string' || command.reason.trim() === '') {
        throw new DomainError(
          DomainErrorCode.VALIDATION,
          `reason is required to ${command.type}`,
          'reason',
        );
      }
      if (command.type === 'decline') next.declineReason = command.reason;
      else next.cancelReason = command.reason;
      payload.reason = command.reason;
      break;
    }
    case 'time_out': {
      const dueAt = toMs(state.times.notified!) + state.acceptTimeoutSeconds * 1000;
      if (context.now < dueAt) {
        throw new DomainError(
          DomainErrorCode.ILLEGAL_TRANSITION,
          `dispatch cannot go from ${state.status} to timed_out before ${toIso(dueAt)}`,
          'status',
        );
      }
      break;
    }
    case 'arrive':
      next.arrivalSource = command.source;
      payload.source = command.source;
      if (command.distanceMetres !== undefined) {
        if (!(Number.isFinite(command.distanceMetres) && command.distanceMetres >= 0)) {
          throw new DomainError(
            DomainErrorCode.VALIDATION,
            'distanceMetres must be a non-negative number of metres',
            'distanceMetres',
          );
        }
        next.arrivalDistanceMetres = Math.round(command.distanceMetres);
        payload.distanceMetres = next.arrivalDistanceMetres;
      }
      if (state.etaSeconds !== undefined) {
        // Promised vs real: the figure that tells whether the travel-time model can be trusted.
        payload.actualSeconds = Math.round((context.now - toMs(state.times.notified!)) / 1000);
        payload.etaSeconds = state.etaSeconds;
      }
      break;
    case 'clear':
      if (command.outcome !== undefined) payload.outcome = command.outcome;
      break;
  }
  return { events: [{ type: `dispatch.${to}`, payload }], state: next };
}

function validateCreate(command: CreateDispatch): void {
  const problems = new ProblemList();
  for (const field of ['dispatchId', 'incidentId', 'unitId', 'orgId'] as const) {
    if (typeof command[field] !== 'string' || command[field].trim() === '')
      problems.add(field, 'is required');
  }
  if (!TIERS.includes(command.tier)) problems.add('tier', 'must be 1, 2 or 3');
  const timeout = command.acceptTimeoutSeconds;
  if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0)) {
    problems.add('acceptTimeoutSeconds', 'must be a positive number of seconds');
  }
  if (
    command.etaSeconds !== undefined &&
    !(Number.isFinite(command.etaSeconds) && command.etaSeconds >= 0)
  ) {
    problems.add('etaSeconds', 'must be a non-negative number of seconds');
  }
  problems.throwIfAny('dispatch');
}
