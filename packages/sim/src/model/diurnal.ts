import type { Rng } from './rng.ts';

/**
 * Share of a day's calls for service that arrive in each hour (local time), in percent.
 *
 * The shape most published hourly counts of police calls for service share: a trough around
 * 05:00 at about 30 % of the peak, a climb through the morning, a plateau from late morning
 * with its peak at 16:00–18:00, and a slow decline through the evening, with late-night
 * activity (bars, disputes) keeping 00:00–02:00 well above the early-morning low. It is an
 * assumption chosen to match that shape, not a fit: the Portland data carry dates only, and no
 * hourly figure for Xinjiekou is at hand. The same profile serves both cities.
 */
export const DIURNAL_PERCENT: readonly number[] = [
  4.2, 3.4, 2.9, 2.2, 1.7, 1.6, 2.0, 2.8, 3.6, 4.1, 4.5, 4.7, 4.9, 5.3, 5.4, 5.6, 5.8, 5.9, 5.4,
  5.1, 4.9, 4.7, 4.9, 4.4,
];

const TOTAL = DIURNAL_PERCENT.reduce((sum, w) => sum + w, 0);

/** The profile as probabilities per hour (sums to 1). */
export function hourlyShares(): number[] {
  return DIURNAL_PERCENT.map((w) => w / TOTAL);
}

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
