import {
  DomainError,
  DomainErrorCode,
  haversineMetres,
  type ForecastRecord,
  type PatrolPlan,
  type TrackedPosition,
  type Unit,
} from '@jiefang/core';
import {
  chessboardZones,
  hourShares,
  planPatrols,
  type HotPlace,
  type LonLatPair,
  type PatrolUnit,
  type Zone,
} from '@jiefang/forecast';
import { RoutingError, type CityRouter } from '@jiefang/routing';
import { routerNetwork } from './router-network.ts';

export interface PlanInput {
  id: string;
  forecast: ForecastRecord;
  units: readonly Unit[];
  positions: ReadonlyMap<string, TrackedPosition>;
  shiftStart: number;
  shiftMinutes: number;
  dwellMin: number;
}

/** A point moved onto the drive network (within 300 m), or undefined. */
function onRoad(router: CityRouter, p: LonLatPair): LonLatPair | undefined {
  try {
    const snapped = router.snap('drive', p);
    return snapped.offRoadMetres <= 300 ? [snapped.lon, snapped.lat] : undefined;
  } catch (error) {
    if (error instanceof RoutingError) return undefined;
    throw error;
  }
}

/**
 * A patrol plan for one shift from a computed forecast: the city cut into one chessboard square
 * per unit, each unit given the square nearest where it stands (its post: its live position on
 * the road, else the square's centre), the forecast's daily rate per cell spread over the
 * shift's hours by the diurnal profile, then core planning under the 300 s coverage floor.
 */
export function planFromForecast(
  router: CityRouter,
  input: PlanInput,
): Omit<PatrolPlan, 'status' | 'uncovered' | 'createdAt' | 'assignedAt'> {
  const { forecast } = input;
  const result = forecast.result;
  if (forecast.status !== 'computed' || result === undefined)
    throw new DomainError(
      DomainErrorCode.ILLEGAL_TRANSITION,
      `forecast ${forecast.id} is ${forecast.status}, not computed`,
      'forecastId',
    );
  const zones = chessboardZones(router.city.meta.bbox, input.units.length);
  const free = new Set(zones);
  const units: PatrolUnit[] = [];
  for (const unit of input.units) {
    const fix = input.positions.get(unit.id);
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
    units.push({ id: unit.id, zone: zone!, post });
  }
  const shares = hourShares();
  const firstHour = new Date(input.shiftStart).getHours();
  const hours = Math.ceil(input.shiftMinutes / 60);
  const hot: HotPlace[] = [];
  for (const cell of result.cells) {
    const at = onRoad(router, cell.centre);
    if (at === undefined) continue;
    const perDay = cell.score / forecast.horizonDays;
    hot.push({
      cell: cell.cell,
      at,
      perHour: Array.from({ length: hours }, (_, h) => perDay * shares[(firstHour + h) % 24]),
    });
  }
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
      legs: p.legs.map((leg) =>
        leg.kind === 'drive'
          ? { ...leg, path: leg.path.map(([x, y]) => [x, y] as [number, number]) }
          : { ...leg, at: [leg.at[0], leg.at[1]] as [number, number] },
      ),
    })),
    staticCoverage: round(plans.staticCoverage),
    floor: round(plans.floor),
    minCoverage: round(Math.min(...plans.coverageByMinute)),
  };
}
