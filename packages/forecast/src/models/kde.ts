import type { Grid } from '../grid/grid.ts';
import { binEvents, type ForecastInput, type SpaceTimeEvent } from './forecast-input.ts';
import { convolveSeparable } from './smooth.ts';

/** Bandwidths tried by cross-validation, feet (about 45 m to 900 m). */
export const KDE_BANDWIDTHS_FT = [150, 250, 400, 600, 900, 1300, 2000, 3000] as const;

/** Share of the held-out likelihood given to a uniform floor, so one isolated call is not -∞. */
const UNIFORM_SHARE = 0.05;

/** 1-D Gaussian weights per cell offset; their outer product is the kernel's mass per cell. */
function gaussian1d(grid: Grid, bandwidthFt: number): Float64Array {
  const s = grid.spec.cellSize;
  const radius = Math.max(1, Math.ceil((3 * bandwidthFt) / s));
  const w = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) {
    w[k + radius] = Math.exp(-((k * s) ** 2) / (2 * bandwidthFt * bandwidthFt));
    sum += w[k + radius];
  }
  // Normalised on the lattice so the 2-D kernel's cell masses sum to 1 exactly.
  for (let k = 0; k < w.length; k++) w[k] /= sum;
  return w;
}

/** Share of the events' kernel mass in each cell (sums to ≤ 1; the rest falls off the grid). */
export function kdeSurface(grid: Grid, counts: Float64Array, bandwidthFt: number): Float64Array {
  let n = 0;
  for (const c of counts) n += c;
  const out = convolveSeparable(grid, counts, gaussian1d(grid, bandwidthFt));
  if (n > 0) for (let i = 0; i < out.length; i++) out[i] /= n;
  return out;
}

/** Gaussian kernel density of all history before `from`, with a given bandwidth in feet. */
export function kdeForecast(input: ForecastInput, bandwidthFt: number): Float64Array {
  return kdeSurface(input.grid, binEvents(input), bandwidthFt);
}

export interface BandwidthChoice {
  bandwidthFt: number;
  /** Held-out log-likelihood per candidate, same order as the candidates. */
  logLikelihoods: number[];
}

/**
 * Bandwidth by blocked likelihood cross-validation: the history before `from`, in time order, is
 * cut into `folds` consecutive blocks; each block is scored under the density of the others, so
 * a bandwidth wins by predicting calls on days it did not see. Blocking by time (rather than
 * leave-one-out) keeps repeat calls at one address from driving the bandwidth to zero.
 */
export function kdeBandwidthByCv(
  input: ForecastInput,
  candidates: readonly number[] = KDE_BANDWIDTHS_FT,
  folds = 5,
): BandwidthChoice {
  const { grid, from } = input;
  const events = input.history
    .filter((e) => e.t < from && grid.cellOf(e.x, e.y) >= 0)
    .sort((a, b) => a.t - b.t);
  const blocks: SpaceTimeEvent[][] = Array.from({ length: folds }, () => []);
  events.forEach((e, i) => blocks[Math.floor((i * folds) / events.length)].push(e));
  const total = new Float64Array(grid.size);
  for (const e of events) total[grid.cellOf(e.x, e.y)] += 1;
  const logLikelihoods = candidates.map((h) => {
    let ll = 0;
    for (const block of blocks) {
      if (block.length === 0) continue;
      const rest = Float64Array.from(total);
      for (const e of block) rest[grid.cellOf(e.x, e.y)] -= 1;
      const surface = kdeSurface(grid, rest, h);
      for (const e of block) {
        const mass = surface[grid.cellOf(e.x, e.y)];
        ll += Math.log((1 - UNIFORM_SHARE) * mass + UNIFORM_SHARE / grid.size);
      }
    }
    return ll;
  });
  let best = 0;
  for (let i = 1; i < candidates.length; i++)
    if (logLikelihoods[i] > logLikelihoods[best]) best = i;
  return { bandwidthFt: candidates[best], logLikelihoods };
}
