import { hourInZone } from '@jiefang/core';
import { hourShares } from '@jiefang/forecast';

/**
 * The share of a day's calls (diurnal profile) falling in each hour of a shift, index 0 = the
 * shift's first hour. The hour of day is read in the city's time zone (config TIME_ZONE) at the
 * middle of each hour of the shift, so a server in another zone, a shift starting at :30 or one
 * across a daylight-saving change weights the hours the command room's clock shows.
 */
export function shiftHourShares(
  shiftStart: number,
  shiftMinutes: number,
  timeZone: string,
): number[] {
  const shares = hourShares();
  return Array.from(
    { length: Math.ceil(shiftMinutes / 60) },
    (_, h) => shares[hourInZone(shiftStart + (h * 60 + 30) * 60_000, timeZone)],
  );
}
