import {
  DomainError,
  DomainErrorCode,
  haversineMetres,
  type ForecastRecord,
  type PatrolPlan,
  type TrackedPosition,
} from '@jiefang/core';
import {
  chessboardZones,
  planPatrols,
  type LonLatPair,
  type PatrolUnit,
  type Zone,
} from '@jiefang/forecast';
import type { CityRouter } from '@jiefang/routing';
import { hotPlaces, onRoad } from './hot-places.ts';
import { routerNetwork } from './router-network.ts';
import { toPlanLegs } from './plan-legs.ts';

export interface PlanInput {
  id: string;
  forecast: ForecastRecord;
  unitIds: readonly string[];
  /** Live positions of (at least) those units. */
  positions: ReadonlyMap<string, Pick<TrackedPosition, 'lon' | 'lat'>>;
  shiftStart: number;
  shiftMinutes: number;
  dwellMin: number;
  /** The city's time zone (config TIME_ZONE): the shift's hours of day are read in it. */
  timeZone: string;
}

/**
 * A patrol plan for one shift from a computed forecast: the city cut into one chessboard square
 * per unit, each unit given the square nearest where it stands (its post: its live position on
 * the road, else the square's centre), the forecast's daily rate per cell spread over the
 * shift's hours (city time) by the diurnal profile, then planning under the 300 s coverage
 * floor. Seconds of routing: it runs on the patrol planner's thread (patrol-planner.ts).
 */
export function planFromForecast(
  router: CityRouter,
  input: PlanInput,
): Omit<PatrolPlan, 'status' | 'uncovered' | 'createdAt' | 'assignedAt'> {
  const { forecast } = input;
  if (forecast.status !== 'computed' || forecast.result === undefined)
    throw new DomainError(
      DomainErrorCode.ILLEGAL_TRANSITION,
      `forecast ${forecast.id} is ${forecast.status}, not computed`,
      'forecastId',
    );
  const zones = chessboardZones(router.city.meta.bbox, input.unitIds.length);
  const free = new Set(zones);
  const units: PatrolUnit[] = [];
  for (const unitId of input.unitIds) {
    const fix = input.positions.get(unitId);
    const here: LonLatPair | undefined = fix ? [fix.lon, fix.lat] : undefined;
    let zone: Zone | undefined;
    let best = Infinity;
    for (const z of free) {
      const d = here ? haversineMetres(here[0], here[1], z.centre[0], z.centre[1]) : 0;
      if (d < best) {
        best = d;
        zone = z;
      }
    }
    free.delete(zone!);
    const post = (here && onRoad(router, here)) ?? onRoad(router, zone!.centre) ?? zone!.centre;
    units.push({ id: unitId, zone: zone!, post });
  }
  const hot = hotPlaces(router, forecast, input.shiftStart, input.shiftMinutes, input.timeZone);
  const plans = planPatrols(routerNetwork(router), {
    shiftMinutes: input.shiftMinutes,
    units,
    hot,
    dwellMin: input.dwellMin,
  });
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  return {
    id: input.id,
    orgId: forecast.orgId,
    forecastId: forecast.id,
    shiftStart: new Date(input.shiftStart).toISOString(),
    shiftMinutes: input.shiftMinutes,
    units: plans.plans.map((p, i) => ({
      unitId: p.unit,
      zone: { id: units[i].zone.id, bbox: units[i].zone.bbox },
      post: [p.post[0], p.post[1]],
      legs: toPlanLegs(p.legs),
    })),
    staticCoverage: round(plans.staticCoverage),
    floor: round(plans.floor),
    minCoverage: round(Math.min(...plans.coverageByMinute)),
  };
}
