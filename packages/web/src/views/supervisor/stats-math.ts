/** Five-number summary for a box plot: [min, q1, median, q3, max]. */
export type BoxSummary = [number, number, number, number, number];

/** Quantile by linear interpolation between closest ranks (values sorted ascending). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

/** The box of a box plot; undefined for no values. */
export function boxSummary(values: readonly number[]): BoxSummary | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return [
    sorted[0],
    quantile(sorted, 0.25),
    quantile(sorted, 0.5),
    quantile(sorted, 0.75),
    sorted[sorted.length - 1],
  ];
}

/** Whole percent of a share (0.666 → 67); null stays null (nothing decided yet). */
export function percent(share: number | null): number | null {
  return share === null ? null : Math.round(share * 100);
}

/** How many of `values` are at most `limit` (e.g. arrivals within target). */
export function countWithin(values: readonly number[], limit: number): number {
  let n = 0;
  for (const v of values) if (v <= limit) n++;
  return n;
}

/**
 * Incidents per hour of today up to the current hour (the hours still to come are left out,
 * so the chart does not show a day that has not happened as quiet).
 */
export function hoursSoFar(perHour: readonly number[], currentHour: number): number[] {
  return perHour.slice(0, Math.min(24, Math.max(0, currentHour) + 1));
}

/** A small horizontal jitter for dot plots, stable per index (no randomness between renders). */
export function jitter(index: number, width = 0.3): number {
  const golden = 0.618033988749895;
  return (((index * golden) % 1) - 0.5) * width;
}

/** m:ss for seconds on chart axes and tooltips. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
