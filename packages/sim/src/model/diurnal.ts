import { DIURNAL_PERCENT, hourShares } from '@jiefang/forecast';
import type { Rng } from './rng.ts';

/** The profile lives with the forecasts, which spread dated calls over the hours with it. */
export { DIURNAL_PERCENT, hourShares as hourlyShares };

const TOTAL = DIURNAL_PERCENT.reduce((sum, w) => sum + w, 0);

/** A second of the day drawn from the profile: the hour by its share, uniform within it. */
export function sampleSecondOfDay(rng: Rng): number {
  const hour = rng.weighted(DIURNAL_PERCENT, TOTAL);
  return hour * 3600 + rng.next() * 3600;
}

/** Relative intensity at a second of the day (1 = the daily mean), for rate-based generation. */
export function intensityAt(secondOfDay: number): number {
  const hour = Math.floor((((secondOfDay % 86400) + 86400) % 86400) / 3600);
  return (DIURNAL_PERCENT[hour] / TOTAL) * 24;
}
