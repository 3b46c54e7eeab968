import { DomainError, DomainErrorCode } from '../errors.ts';
import type { Decision, DecideContext } from '../shared/decision.ts';
import { toIso } from '../shared/time.ts';

export type LonLatTuple = [number, number];

/** One piece of a unit's shift, minutes from the shift's start: driving a road path, or standing. */
export type PatrolLeg =
  | { kind: 'drive'; startMin: number; endMin: number; path: LonLatTuple[]; metres: number }
  | {
      kind: 'dwell';
      startMin: number;
      endMin: number;
      at: LonLatTuple;
      /** The hot cell visited (absent when standing at the post). */
      stop?: { cell: string; window: [number, number] };
    };

export interface PatrolUnitPlan {
  unitId: string;
  /** The unit's chessboard square. */
  zone: PatrolZone;
  /** Squares handed to the unit when a unit working them was taken by a dispatch. */
  adopted?: PatrolZone[];
  post: LonLatTuple;
  legs: PatrolLeg[];
  /** Minute of the shift the unit was taken by a dispatch; its later stops left the plan. */
  takenAtMin?: number;
  takenBy?: string;
}

/** A chessboard square: [west, south, east, north]. */
export interface PatrolZone {
  id: string;
  bbox: [number, number, number, number];
}

/** The remaining units' new legs after a unit was taken, with the coverage they keep. */
export interface PatrolReplan {
  units: { unitId: string; legs: PatrolLeg[]; adopted: PatrolZone[] }[];
  /** Unit the taken unit's squares went to. */
  heirUnitId?: string;
  /** The remaining posts' 300 s share less the slack, and the re-plan's lowest share. */
  floor: number;
  minCoverage: number;
}

/** A hot-cell stop a unit could not keep (taken by a dispatch): for the planner to cover. */
export interface UncoveredStop {
  cell: string;
  at: LonLatTuple;
  startMin: number;
  endMin: number;
  fromUnitId: string;
  dispatchId: string;
}

export interface PatrolPlan {
  id: string;
  orgId: string;
  forecastId: string;
  /** ISO instant the shift starts. */
  shiftStart: string;
  shiftMinutes: number;
  status: 'draft' | 'assigned' | 'closed';
  units: PatrolUnitPlan[];
  /** Share of road within 300 s of the posts, and the floor no minute of the plan falls below. */
  staticCoverage: number;
  floor: number;
  minCoverage: number;
  uncovered: UncoveredStop[];
  /** Each re-plan after a dispatch took a unit, in order. */
  replans?: {
    atMin: number;
    takenUnitId: string;
    heirUnitId?: string;
    floor: number;
    minCoverage: number;
  }[];
  createdAt: string;
  assignedAt?: string;
}

export type PatrolPlanCommand =
  | {
      type: 'create';
      plan: Omit<PatrolPlan, 'status' | 'uncovered' | 'createdAt' | 'assignedAt'>;
    }
  /** The supervisor drops a stop from a unit's plan (the unit stands where it is instead). */
  | { type: 'drop_stop'; unitId: string; startMin: number }
  | { type: 'assign' }
  /**
   * A dispatch took a unit: its legs after `at` go; with `replan`, the other units' legs are
   * replaced by it (computed by the planner) and only stops it does not visit stay uncovered.
   */
  | {
      type: 'unit_taken';
      unitId: string;
      dispatchId: string;
      at: number;
      replan?: PatrolReplan;
    }
  | { type: 'close' };

/** The minute of the shift `at` (epoch ms) falls in, clamped to the shift. */
export function shiftMinute(plan: Pick<PatrolPlan, 'shiftStart' | 'shiftMinutes'>, at: number) {
  const minute = Math.floor((at - Date.parse(plan.shiftStart)) / 60_000);
  return Math.min(plan.shiftMinutes, Math.max(0, minute));
}

/** The hot-cell stops of a unit's legs, in order. */
export function patrolStops(legs: readonly PatrolLeg[]) {
  return legs.flatMap((leg) =>
    leg.kind === 'dwell' && leg.stop
      ? [{ cell: leg.stop.cell, at: leg.at, startMin: leg.startMin, endMin: leg.endMin }]
      : [],
  );
}

/**
 * A unit's plan cut at `minute`: legs that ended before stay, the rest go; stops not yet begun
 * are returned as uncovered.
 */
export function cutUnitPlan(
  unit: PatrolUnitPlan,
  minute: number,
): { kept: PatrolLeg[]; dropped: ReturnType<typeof patrolStops> } {
  const kept = unit.legs.filter((leg) => leg.startMin < minute);
  const dropped = patrolStops(unit.legs.filter((leg) => leg.startMin >= minute));
  return { kept, dropped };
}

/**
 * A re-plan may change a unit's legs only from the cut on: the legs begun before `minute` stay
 * as they were, and the legs run on without gaps. A unit already taken gets no new legs.
 */
function checkReplan(
  unit: PatrolUnitPlan,
  replan: PatrolReplan['units'][number],
  minute: number,
): void {
  const fail = (why: string) => {
    throw new DomainError(
      DomainErrorCode.VALIDATION,
      `re-plan of unit ${unit.unitId}: ${why}`,
      'replan',
    );
  };
  if (unit.takenAtMin !== undefined) fail('it already left the plan');
  const before = unit.legs.filter((l) => l.startMin < minute);
  const kept = replan.legs.slice(0, before.length);
  if (kept.some((l, k) => l.startMin !== before[k].startMin || l.endMin !== before[k].endMin))
    fail('legs already begun were changed');
  for (let k = 1; k < replan.legs.length; k++)
    if (replan.legs[k].startMin !== replan.legs[k - 1].endMin) fail('legs leave a gap');
}

export function decidePatrolPlan(
  state: PatrolPlan | undefined,
  command: PatrolPlanCommand,
  context: DecideContext,
): Decision<PatrolPlan> {
  const now = toIso(context.now);
  if (command.type === 'create') {
    if (state)
      throw new DomainError(DomainErrorCode.ALREADY_EXISTS, `plan ${state.id} exists`, 'id');
    const plan: PatrolPlan = { ...command.plan, status: 'draft', uncovered: [], createdAt: now };
    return { events: [{ type: 'patrol_plan.created', payload: plan }], state: plan };
  }
  if (!state) throw new DomainError(DomainErrorCode.NOT_FOUND, 'no such patrol plan', 'id');
  if (state.status === 'closed')
    throw new DomainError(DomainErrorCode.ILLEGAL_TRANSITION, `patrol plan ${state.id} is closed`);
  const unitIndex = (unitId: string) => {
    const i = state.units.findIndex((u) => u.unitId === unitId);
    if (i < 0)
      throw new DomainError(
        DomainErrorCode.NOT_FOUND,
        `unit ${unitId} is not in the plan`,
        'unitId',
      );
    return i;
  };
  switch (command.type) {
    case 'drop_stop': {
      const i = unitIndex(command.unitId);
      const leg = state.units[i].legs.find(
        (l) => l.kind === 'dwell' && l.stop && l.startMin === command.startMin,
      );
      if (!leg || leg.kind !== 'dwell')
        throw new DomainError(
          DomainErrorCode.NOT_FOUND,
          `unit ${command.unitId} has no stop at minute ${command.startMin}`,
          'startMin',
        );
      // Standing where it arrived keeps the unit's position (and so the coverage) unchanged.
      const legs = state.units[i].legs.map((l) =>
        l === leg
          ? { kind: 'dwell' as const, startMin: l.startMin, endMin: l.endMin, at: leg.at }
          : l,
      );
      const units = state.units.map((u, k) => (k === i ? { ...u, legs } : u));
      return {
        events: [
          {
            type: 'patrol_plan.stop_dropped',
            payload: { unitId: command.unitId, startMin: command.startMin },
          },
        ],
        state: { ...state, units },
      };
    }
    case 'assign': {
      if (state.status !== 'draft')
        throw new DomainError(
          DomainErrorCode.ILLEGAL_TRANSITION,
          `patrol plan ${state.id} is already assigned`,
        );
      return {
        events: [
          { type: 'patrol_plan.assigned', payload: { unitIds: state.units.map((u) => u.unitId) } },
        ],
        state: { ...state, status: 'assigned', assignedAt: now },
      };
    }
    case 'unit_taken': {
      const i = unitIndex(command.unitId);
      const unit = state.units[i];
      if (unit.takenAtMin !== undefined)
        throw new DomainError(
          DomainErrorCode.ILLEGAL_TRANSITION,
          `unit ${unit.unitId} already left the plan`,
          'unitId',
        );
      const minute = shiftMinute(state, command.at);
      const { kept, dropped } = cutUnitPlan(unit, minute);
      const replan = command.replan;
      const replanned = new Map(replan?.units.map((r) => [r.unitId, r]));
      for (const [unitId, r] of replanned) checkReplan(state.units[unitIndex(unitId)], r, minute);
      // A dropped stop stays uncovered unless the re-plan visits its cell from the cut on.
      const revisited = new Set(
        [...replanned.values()].flatMap((r) =>
          patrolStops(r.legs.filter((l) => l.startMin >= minute)).map((s) => s.cell),
        ),
      );
      const uncovered = dropped
        .filter((s) => !revisited.has(s.cell))
        .map((s) => ({ ...s, fromUnitId: unit.unitId, dispatchId: command.dispatchId }));
      const units = state.units.map((u, k) => {
        if (k === i) return { ...u, legs: kept, takenAtMin: minute, takenBy: command.dispatchId };
        const r = replanned.get(u.unitId);
        return r ? { ...u, legs: r.legs, adopted: r.adopted } : u;
      });
      const replans = replan
        ? [
            ...(state.replans ?? []),
            {
              atMin: minute,
              takenUnitId: unit.unitId,
              ...(replan.heirUnitId === undefined ? {} : { heirUnitId: replan.heirUnitId }),
              floor: replan.floor,
              minCoverage: replan.minCoverage,
            },
          ]
        : state.replans;
      return {
        events: [
          {
            type: 'patrol_plan.unit_taken',
            payload: {
              unitId: unit.unitId,
              dispatchId: command.dispatchId,
              minute,
              uncovered,
              replannedUnitIds: [...replanned.keys()],
            },
          },
        ],
        state: {
          ...state,
          units,
          uncovered: [...state.uncovered, ...uncovered],
          ...(replans === undefined ? {} : { replans }),
        },
      };
    }
    case 'close':
      return {
        events: [{ type: 'patrol_plan.closed', payload: {} }],
        state: { ...state, status: 'closed' },
      };
  }
}
