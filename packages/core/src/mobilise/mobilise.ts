import type { CreateDispatch } from '../dispatch/decide-dispatch.ts';
import type { Incident } from '../incident/incident.ts';
import type { Tier } from '../plan/response-plan.ts';
import type { Clock, TravelTimes } from '../ports.ts';
import {
  emptyExclusions,
  measureReach,
  orderByEta,
  type PositionLookup,
} from '../recommend/measure-reach.ts';
import type { ExclusionCounts } from '../recommend/recommendation.ts';
import type { TalkGroup, TalkGroupCommand } from '../unit/talk-group.ts';
import type { Unit, UnitKind } from '../unit/unit.ts';

/**
 * 一键调全警: one action that sends many units. The result is commands, not effects: the
 * server runs decideDispatch on each (and decideTalkGroup on the broadcast) and appends all in
 * one transaction, so a mobilisation either happens completely or not at all.
 */
export interface Mobilisation {
  incidentId: string;
  dispatches: CreateDispatch[];
  /** Units of the group or area not sent, with why (off duty, busy, no fresh position...). */
  skipped: { unitId: string; reason: string }[];
  /** The talk-group message to send with it, if any. */
  broadcast?: { talkGroupId: string; command: TalkGroupCommand };
}

export interface MobiliseOptions {
  /** Ids for the new dispatches, chosen by the caller. */
  newId: () => string;
  /** Tier the dispatches are measured against (default 2: mutual aid). */
  tier?: Tier;
  acceptTimeoutSeconds?: number;
  /** Message broadcast on the talk group together with the dispatches. */
  message?: string;
}

/** Every available unit of a talk group. Busy units stay on their work: a mobilisation does not pre-empt. */
export function mobiliseTalkGroup(
  incident: Incident,
  talkGroup: TalkGroup,
  units: readonly Unit[],
  options: MobiliseOptions,
): Mobilisation {
  const byId = new Map(units.map((u) => [u.id, u]));
  const result: Mobilisation = { incidentId: incident.id, dispatches: [], skipped: [] };
  for (const unitId of talkGroup.unitIds) {
    const unit = byId.get(unitId);
    if (!unit) result.skipped.push({ unitId, reason: 'unknown unit' });
    else if (unit.assignment?.incidentId === incident.id) {
      result.skipped.push({ unitId, reason: 'already on this incident' });
    } else if (unit.status !== 'available') result.skipped.push({ unitId, reason: unit.status });
    else if (unit.kind === 'department')
      result.skipped.push({ unitId, reason: 'department units take work orders' });
    else result.dispatches.push(createCommand(incident, unit, options));
  }
  if (options.message !== undefined) {
    result.broadcast = {
      talkGroupId: talkGroup.id,
      command: { type: 'broadcast', message: options.message, incidentId: incident.id },
    };
  }
  return result;
}

export interface MobiliseWithinOptions extends MobiliseOptions {
  /** Road travel time (plus turnout) within which units are sent. */
  limitSeconds: number;
  /** Only these kinds (default: police, community, grid, special). */
  kinds?: readonly UnitKind[];
  staleAfterSeconds?: number;
  /** Send at most this many, nearest first (default: all). */
  maxUnits?: number;
}

export interface AreaMobilisation extends Mobilisation {
  excluded: ExclusionCounts;
}

/** Every available unit that can be on scene within a travel-time radius, nearest first. */
export function mobiliseWithin(
  incident: Incident,
  units: readonly Unit[],
  positions: PositionLookup,
  travelTimes: TravelTimes,
  clock: Clock,
  options: MobiliseWithinOptions,
): AreaMobilisation {
  const kinds = new Set<UnitKind>(options.kinds ?? ['police', 'community', 'grid', 'special']);
  const excluded = emptyExclusions();
  const include = new Uint8Array(units.length);
  for (let i = 0; i < units.length; i++) {
    const unit = units[i];
    if (!kinds.has(unit.kind)) continue;
    if (unit.status === 'available') include[i] = 1;
    else if (unit.status === 'off_duty') excluded.offDuty++;
    else if (unit.status === 'out_of_service') excluded.outOfService++;
    else if (unit.assignment?.incidentId === incident.id) excluded.alreadyAssigned++;
    else excluded.busy++;
  }
  const reach = measureReach(
    incident.location,
    units,
    include,
    positions,
    travelTimes,
    clock.now(),
    (options.staleAfterSeconds ?? 120) * 1000,
    options.limitSeconds,
    excluded,
  );
  const order = orderByEta(reach);
  const result: AreaMobilisation = {
    incidentId: incident.id,
    dispatches: [],
    skipped: [],
    excluded,
  };
  const max = options.maxUnits ?? Infinity;
  for (let o = 0; o < order.length; o++) {
    const k = order[o];
    const unit = units[reach.unit[k]];
    const eta = reach.etaSeconds[k];
    if (eta > options.limitSeconds) {
      result.skipped.push({
        unitId: unit.id,
        reason: `${Math.round(eta)} s with turnout, beyond the limit`,
      });
    } else if (result.dispatches.length >= max) {
      result.skipped.push({ unitId: unit.id, reason: `beyond the first ${max} units` });
    } else {
      result.dispatches.push({
        ...createCommand(incident, unit, options),
        etaSeconds: Math.round(eta),
      });
    }
  }
  return result;
}

function createCommand(incident: Incident, unit: Unit, options: MobiliseOptions): CreateDispatch {
  const command: CreateDispatch = {
    type: 'create',
    dispatchId: options.newId(),
    incidentId: incident.id,
    unitId: unit.id,
    orgId: incident.orgId,
    tier: options.tier ?? 2,
  };
  if (options.acceptTimeoutSeconds !== undefined)
    command.acceptTimeoutSeconds = options.acceptTimeoutSeconds;
  return command;
}
