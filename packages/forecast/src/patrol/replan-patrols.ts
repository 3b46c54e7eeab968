import type { Zone } from './chessboard.ts';
import type { PatrolLeg } from './patrol-plan.ts';
import {
  planPatrols,
  type PatrolPlans,
  type PatrolRequest,
  type PatrolUnit,
} from './plan-patrol.ts';
import type { LonLatPair, RoadNetwork } from './road-network.ts';

/** A unit of a plan under way: its square, post and the legs it was given. */
export interface PlannedUnit {
  id: string;
  post: LonLatPair;
  zone: Zone;
  /** Squares handed to it by earlier re-plans. */
  adopted?: readonly Zone[];
  legs: readonly PatrolLeg[];
}

export interface ReplanRequest extends Omit<PatrolRequest, 'units'> {
  /** The units still on the plan, the one just taken among them. */
  units: readonly PlannedUnit[];
  takenUnitId: string;
  /** Minute of the shift the unit was taken. */
  minute: number;
}

export interface Replan extends PatrolPlans {
  /** The unit the taken unit's squares were handed to (undefined when no unit is left). */
  heir?: string;
  /** The units as planned, in the order of `plans` (with the squares they now work). */
  units: PatrolUnit[];
}

/**
 * Re-plans a shift when a dispatch takes one of its units: the taken unit's squares go to the
 * remaining unit whose post is nearest its centre, and every remaining unit is planned again
 * from where the leg it is on at `minute` ends, under the coverage floor of the remaining posts
 * (their static share minus the slack). Legs already begun are kept, so no unit is turned round
 * mid-drive or pulled out of a dwell.
 */
export function replanPatrols(network: RoadNetwork, request: ReplanRequest): Replan {
  const taken = request.units.find((u) => u.id === request.takenUnitId);
  const rest = request.units.filter((u) => u.id !== request.takenUnitId);
  if (rest.length === 0)
    return {
      plans: [],
      staticCoverage: 0,
      floor: 0,
      coverageByMinute: [],
      removedStops: 0,
      heldFromMin: request.minute,
      units: [],
    };
  let heir: string | undefined;
  if (taken) {
    let best = Infinity;
    for (const u of rest) {
      const d = Math.hypot(
        u.post[0] - taken.zone.centre[0],
        (u.post[1] - taken.zone.centre[1]) * 1.4,
      );
      if (d < best) {
        best = d;
        heir = u.id;
      }
    }
  }
  const units: PatrolUnit[] = rest.map((u) => ({
    id: u.id,
    post: u.post,
    zone: u.zone,
    adopted: [
      ...(u.adopted ?? []),
      ...(taken && u.id === heir ? [taken.zone, ...(taken.adopted ?? [])] : []),
    ],
    fixed: u.legs.filter((leg) => leg.startMin < request.minute),
  }));
  return { ...planPatrols(network, { ...request, units }), heir, units };
}
