import {
  patrolStops,
  shiftMinute,
  type ForecastRecord,
  type PatrolPlan,
  type PatrolReplan,
  type PatrolZone,
} from '@jiefang/core';
import { replanPatrols, type Zone } from '@jiefang/forecast';
import type { CityRouter } from '@jiefang/routing';
import { hotPlaces } from './hot-places.ts';
import { toPlanLegs } from './plan-legs.ts';
import { routerNetwork } from './router-network.ts';

export interface ReplanInput {
  plan: PatrolPlan;
  forecast: ForecastRecord;
  takenUnitId: string;
  /** When the unit was taken (epoch ms). */
  at: number;
  timeZone: string;
}

const asZone = (z: PatrolZone): Zone => ({
  id: z.id,
  bbox: z.bbox,
  centre: [(z.bbox[0] + z.bbox[2]) / 2, (z.bbox[1] + z.bbox[3]) / 2],
});

/**
 * The re-plan of an assigned shift after a dispatch took `takenUnitId` at `at`: the units still
 * on the plan, from the legs they are on, over the same forecast's places (city hours) with the
 * plan's dwell, the taken unit's squares handed to the nearest of them. The result is the
 * `replan` of the plan's unit_taken command. Seconds of routing: the planner's thread runs it.
 */
export function replanFromForecast(router: CityRouter, input: ReplanInput): PatrolReplan {
  const { plan } = input;
  const minute = shiftMinute(plan, input.at);
  const firstStop = plan.units.flatMap((u) => patrolStops(u.legs))[0];
  const result = replanPatrols(routerNetwork(router), {
    shiftMinutes: plan.shiftMinutes,
    hot: hotPlaces(
      router,
      input.forecast,
      Date.parse(plan.shiftStart),
      plan.shiftMinutes,
      input.timeZone,
    ),
    dwellMin: firstStop ? firstStop.endMin - firstStop.startMin : 12,
    units: plan.units
      .filter((u) => u.takenAtMin === undefined)
      .map((u) => ({
        id: u.unitId,
        post: u.post,
        zone: asZone(u.zone),
        adopted: (u.adopted ?? []).map(asZone),
        legs: u.legs,
      })),
    takenUnitId: input.takenUnitId,
    minute,
  });
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  const held = result.coverageByMinute.slice(result.heldFromMin);
  return {
    units: result.plans.map((p, i) => ({
      unitId: p.unit,
      legs: toPlanLegs(p.legs),
      adopted: (result.units[i].adopted ?? []).map((z) => ({ id: z.id, bbox: z.bbox })),
    })),
    ...(result.heir === undefined ? {} : { heirUnitId: result.heir }),
    floor: round(result.floor),
    minCoverage: round(held.length > 0 ? Math.min(...held) : result.floor),
  };
}
