import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** A figure over several seeds: its mean and a 95 % interval for that mean. */
export interface SeedInterval {
  mean: number;
  /** Student's t interval for the mean over the seeds; equal to the mean with one seed. */
  ci95: [number, number];
  /** Seeds that gave a value (a percentile that falls on never-served calls gives none). */
  n: number;
}

const round = (x: number) => Math.round(x * 10000) / 10000;

/**
 * Mean and 95 % confidence interval over independent runs (one per seed): each seed redraws the
 * calls and the units' delays, so the spread between seeds is the noise of the result.
 * t-interval: mean ± t(0.975, n−1) · s / √n. Null when no seed gave a value.
 */
export function intervalOverSeeds(values: readonly (number | null)[]): SeedInterval | null {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return null;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean: round(mean), ci95: [round(mean), round(mean)], n };
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  const half = tQuantile(0.975, n - 1) * Math.sqrt(variance / n);
  return { mean: round(mean), ci95: [round(mean - half), round(mean + half)], n };
}
