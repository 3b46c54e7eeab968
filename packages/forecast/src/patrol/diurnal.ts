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

/** The profile as probabilities per hour (sums to 1): a daily forecast spread over the hours. */
export function hourShares(): number[] {
  const total = DIURNAL_PERCENT.reduce((sum, w) => sum + w, 0);
  return DIURNAL_PERCENT.map((w) => w / total);
}
