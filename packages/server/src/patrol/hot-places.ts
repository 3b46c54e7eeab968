import type { ForecastRecord } from '@jiefang/core';
import type { HotPlace, LonLatPair } from '@jiefang/forecast';
import { RoutingError, type CityRouter } from '@jiefang/routing';
import { shiftHourShares } from './shift-hours.ts';

/** A point moved onto the drive network (within 300 m), or undefined. */
export function onRoad(router: CityRouter, p: LonLatPair): LonLatPair | undefined {
  try {
    const snapped = router.snap('drive', p);
    return snapped.offRoadMetres <= 300 ? [snapped.lon, snapped.lat] : undefined;
  } catch (error) {
    if (error instanceof RoutingError) return undefined;
    throw error;
  }
}

/**
 * A computed forecast's cells as the places a shift patrols: each cell's centre on the road,
 * its daily rate spread over the shift's hours (city time, shiftHourShares) by the diurnal
 * profile.
 */
export function hotPlaces(
  router: CityRouter,
  forecast: ForecastRecord,
  shiftStart: number,
  shiftMinutes: number,
  timeZone: string,
): HotPlace[] {
  const shares = shiftHourShares(shiftStart, shiftMinutes, timeZone);
  const hot: HotPlace[] = [];
  for (const cell of forecast.result?.cells ?? []) {
    const at = onRoad(router, cell.centre);
    if (at === undefined) continue;
    const perDay = cell.score / forecast.horizonDays;
    hot.push({ cell: cell.cell, at, perHour: shares.map((share) => perDay * share) });
  }
  return hot;
}
