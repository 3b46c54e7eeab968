import { DomainError, DomainErrorCode } from '../errors.ts';
import type { LonLat } from '../geo/coordinates.ts';
import type { Decision, DecideContext } from '../shared/decision.ts';
import { toIso } from '../shared/time.ts';
import type { RuleStepKind } from './area-rule.ts';
import type { CapCertainty, CapMsgType, CapSeverity, CapUrgency } from './cap-message.ts';
import type { AreaShape } from './zone-geometry.ts';

/** How an alert came in: a CAP 1.2 message, or a partner platform's signed webhook. */
export type AlertSource = 'cap' | 'webhook';

/**
 * active while the condition lasts; cleared when it ended (or was resolved); cancelled by its
 * sender; expired when the time its sender gave (CAP `expires`) passed while it was active.
 */
export type AlertStatus = 'active' | 'cleared' | 'cancelled' | 'expired';

/** One message that made or changed the alert (CAP identifier, or the partner's event id). */
export interface AlertMessage {
  id: string;
  msgType: CapMsgType | 'Observation';
  sent: string;
}

/** A step of the rule's chain as taken, with what it did. */
export interface TakenStep {
  index: number;
  kind: RuleStepKind;
  at: string;
  /** Ids of what the step made: the incident, dispatches, the action sent to the partner. */
  incidentId?: string;
  dispatchIds?: string[];
  /** Why a step could do nothing (no grid worker near, no unit available...). */
  outcome?: string;
}

/**
 * Personal data a partner sends with a hit: the watchlisted person, or the public post and its
 * author. Shown only with 'alert.read_personal', every read audited (redactAlert otherwise).
 */
export interface AlertPersonal {
  person?: { name: string; idNumber?: string; photoRef?: string; reason?: string };
  post?: { text: string; author?: string; url?: string };
}

export interface Alert {
  id: string;
  /** The org responsible: the rule's or the partner's, else the receiving account's. */
  orgId: string;
  source: AlertSource;
  /** CAP sender, or the partner id. */
  sender: string;
  /** What happened: the CAP event, or the partner's alert kind (crowd, watchlist, public_post). */
  event: string;
  categories: string[];
  severity: CapSeverity;
  urgency: CapUrgency;
  certainty: CapCertainty;
  headline?: string;
  description?: string;
  /**
   * When the sender said it stops being in effect (CAP `expires`: the latest of its infos',
   * none when any info has no expiry). Past it, the expiry pass takes it off the active list.
   */
  expiresAt?: string;
  /** Where the alert is placed on the map (the area's centre, or the partner's point). */
  location: LonLat;
  area: AreaShape;
  /** The partner's zone (camera zone, school gate), when it named one. */
  zoneId?: string;
  /** The partner's key for this alert (its own alert or track id, or kind:zone). */
  externalKey: string;
  /** The latest reading (crowd count...) and when. */
  measure?: { name: string; value: number; at: string };
  /** When the rule's threshold was first met in the current run of readings. */
  conditionSince?: string;
  receivedAt: string;
  status: AlertStatus;
  messages: AlertMessage[];
  chain?: { ruleId: string; taken: TakenStep[]; incidentId?: string };
  clearedAt?: string;
  clearReason?: string;
  personal?: AlertPersonal;
  /** The incident opened for the alert at once (watchlist hit, welfare check). */
  incidentId?: string;
  /** Units recommended for it (nearest police and the site's unit; units covering the area). */
  recommendedUnitIds?: string[];
}

/** The alert without its personal data, marked so a client can say it was withheld. */
export function redactAlert(alert: Alert): Alert & { personalWithheld?: boolean } {
  if (alert.personal === undefined) return alert;
  const { personal: _personal, ...rest } = alert;
  return { ...rest, personalWithheld: true };
}

export type AlertInput = Omit<
  Alert,
  | 'status'
  | 'messages'
  | 'chain'
  | 'receivedAt'
  | 'conditionSince'
  | 'clearedAt'
  | 'clearReason'
  | 'incidentId'
  | 'recommendedUnitIds'
>;

export type AlertCommand =
  | {
      type: 'receive';
      alert: AlertInput;
      message: AlertMessage;
      ruleId?: string;
      conditionMet?: boolean;
    }
  /** A CAP Update: the new message's content replaces the info it carries. */
  | {
      type: 'update';
      message: AlertMessage;
      changes: Partial<
        Pick<
          Alert,
          | 'event'
          | 'categories'
          | 'severity'
          | 'urgency'
          | 'certainty'
          | 'headline'
          | 'description'
          | 'location'
          | 'area'
          | 'expiresAt'
        >
      >;
    }
  /** A partner's new reading; `conditionMet` is the rule's verdict on it (core conditionHolds). */
  | {
      type: 'observe';
      message: AlertMessage;
      measure: { name: string; value: number };
      conditionMet: boolean;
    }
  | { type: 'take_step'; step: Omit<TakenStep, 'at'> }
  | { type: 'open_incident'; incidentId: string; recommendedUnitIds: string[]; outcome: string }
  | { type: 'clear'; reason: string }
  | { type: 'cancel'; message?: AlertMessage; reason: string }
  /** Its `expiresAt` has passed (the scheduler's expiry pass; refused before that time). */
  | { type: 'expire' };

/** An active alert whose sender's expiry time lies at or before `now` (epoch ms). */
export function alertExpired(alert: Alert, now: number): boolean {
  return (
    alert.status === 'active' && alert.expiresAt !== undefined && Date.parse(alert.expiresAt) <= now
  );
}

function refuseWhenOver(state: Alert, what: string): void {
  if (state.status !== 'active') {
    throw new DomainError(
      DomainErrorCode.ILLEGAL_TRANSITION,
      `alert ${state.id} is ${state.status}: it cannot ${what}`,
    );
  }
}

/** The alert's state machine: every change an event, a cleared or cancelled alert frozen. */
export function decideAlert(
  state: Alert | undefined,
  command: AlertCommand,
  context: DecideContext,
): Decision<Alert> {
  const now = toIso(context.now);
  if (command.type === 'receive') {
    if (state)
      throw new DomainError(DomainErrorCode.ALREADY_EXISTS, `alert ${state.id} exists`, 'id');
    const alert: Alert = {
      ...command.alert,
      receivedAt: now,
      status: 'active',
      messages: [command.message],
    };
    if (command.ruleId) alert.chain = { ruleId: command.ruleId, taken: [] };
    if (command.conditionMet && alert.measure) alert.conditionSince = alert.measure.at;
    return { events: [{ type: 'alert.received', payload: alert }], state: alert };
  }
  if (!state) throw new DomainError(DomainErrorCode.NOT_FOUND, 'no such alert', 'id');
  switch (command.type) {
    case 'update': {
      refuseWhenOver(state, 'be updated');
      const next: Alert = {
        ...state,
        ...command.changes,
        messages: [...state.messages, command.message],
      };
      return { events: [{ type: 'alert.updated', payload: command }], state: next };
    }
    case 'observe': {
      refuseWhenOver(state, 'take readings');
      const measure = { ...command.measure, at: command.message.sent };
      const started = (state.chain?.taken.length ?? 0) > 0;
      const base: Alert = { ...state, measure, messages: [...state.messages, command.message] };
      if (command.conditionMet) {
        const next = { ...base, conditionSince: state.conditionSince ?? measure.at };
        return {
          events: [{ type: 'alert.observed', payload: { measure, conditionMet: true } }],
          state: next,
        };
      }
      if (started) {
        // The chain is under way and the condition ended: the alert is over and the chain stops.
        const reason = `${measure.name} ${measure.value} below the rule's threshold`;
        const next: Alert = {
          ...base,
          conditionSince: undefined,
          status: 'cleared',
          clearedAt: now,
          clearReason: reason,
        };
        return {
          events: [
            { type: 'alert.observed', payload: { measure, conditionMet: false } },
            { type: 'alert.cleared', payload: { reason } },
          ],
          state: next,
        };
      }
      // Not yet started: the persistence clock starts again with the next reading that meets it.
      const next: Alert = { ...base, conditionSince: undefined };
      return {
        events: [{ type: 'alert.observed', payload: { measure, conditionMet: false } }],
        state: next,
      };
    }
    case 'take_step': {
      refuseWhenOver(state, 'take a step');
      if (!state.chain)
        throw new DomainError(
          DomainErrorCode.ILLEGAL_TRANSITION,
          `alert ${state.id} follows no rule`,
        );
      if (state.chain.taken.some((t) => t.index === command.step.index)) {
        throw new DomainError(
          DomainErrorCode.ILLEGAL_TRANSITION,
          `step ${command.step.index} was already taken`,
        );
      }
      const taken: TakenStep = { ...command.step, at: now };
      const chain = {
        ...state.chain,
        taken: [...state.chain.taken, taken],
        incidentId: state.chain.incidentId ?? command.step.incidentId,
      };
      return { events: [{ type: 'alert.step_taken', payload: taken }], state: { ...state, chain } };
    }
    case 'open_incident': {
      refuseWhenOver(state, 'open an incident');
      if (state.incidentId)
        throw new DomainError(
          DomainErrorCode.ILLEGAL_TRANSITION,
          `alert ${state.id} has incident ${state.incidentId}`,
        );
      const { incidentId, recommendedUnitIds, outcome } = command;
      return {
        events: [
          { type: 'alert.incident_opened', payload: { incidentId, recommendedUnitIds, outcome } },
        ],
        state: { ...state, incidentId, recommendedUnitIds },
      };
    }
    case 'clear': {
      refuseWhenOver(state, 'be cleared');
      const next: Alert = {
        ...state,
        status: 'cleared',
        clearedAt: now,
        clearReason: command.reason,
      };
      return {
        events: [{ type: 'alert.cleared', payload: { reason: command.reason } }],
        state: next,
      };
    }
    case 'expire': {
      refuseWhenOver(state, 'expire');
      if (!alertExpired(state, context.now)) {
        throw new DomainError(
          DomainErrorCode.ILLEGAL_TRANSITION,
          `alert ${state.id} is in effect until ${state.expiresAt ?? 'it is cleared'}`,
        );
      }
      const reason = `expired at ${state.expiresAt}`;
      const next: Alert = { ...state, status: 'expired', clearedAt: now, clearReason: reason };
      return {
        events: [{ type: 'alert.expired', payload: { expiresAt: state.expiresAt, reason } }],
        state: next,
      };
    }
    case 'cancel': {
      refuseWhenOver(state, 'be cancelled');
      const next: Alert = {
        ...state,
        status: 'cancelled',
        clearedAt: now,
        clearReason: command.reason,
        messages: command.message ? [...state.messages, command.message] : state.messages,
      };
      return {
        events: [
          {
            type: 'alert.cancelled',
            payload: { reason: command.reason, message: command.message },
          },
        ],
        state: next,
      };
    }
  }
}
