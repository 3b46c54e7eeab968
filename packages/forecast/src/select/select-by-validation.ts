import { ForecastError, ForecastErrorCode } from '../errors.ts';
import { Grid, type GridSpec } from '../grid/grid.ts';
import type { SpaceTimeEvent } from '../models/forecast-input.ts';
import { kdeBandwidthByCv } from '../models/kde.ts';
import type { PromapParams } from '../models/promap.ts';
import { topCells } from '../score/hotspot-scores.ts';
import { METHODS, runMethod, type MethodConfig, type MethodName } from './methods.ts';

/** What validation searches over; every value is within NIJ's limits. */
export interface SearchSpace {
  cellSizes: readonly number[];
  rotationsDeg: readonly number[];
  promap: readonly PromapParams[];
}

export const DEFAULT_SEARCH: SearchSpace = {
  cellSizes: [250, 350, 450, 600],
  // Square cells repeat every 90°.
  rotationsDeg: [0, 22.5, 45, 67.5],
  promap: [0, 600, 1200].flatMap((bandwidthFt) =>
    [1, 2, 4, 8].map((weeks) => ({ bandwidthFt, weeks })),
  ),
};

export interface ValidationFold {
  from: number;
  horizon: number;
}

/**
 * Rolling-origin folds inside the training period: windows as long as the horizon (shortened to
 * half the history when the history is shorter than two horizons, so a month can still be
 * validated on three weeks — a stated approximation), the first ending at `until`, each next one
 * starting half a window earlier (overlapping, for more and so less noisy folds), each with at
 * least half a window of history before it, at most `maxFolds`.
 */
export function validationFolds(
  history: readonly SpaceTimeEvent[],
  until: number,
  horizon: number,
  maxFolds = 3,
): ValidationFold[] {
  let start = Infinity;
  for (const e of history) if (e.t < until) start = Math.min(start, e.t);
  const first = Math.floor(start);
  const length = Math.min(horizon, Math.floor((until - first) / 2));
  if (!(length >= 1)) return [];
  const step = Math.ceil(length / 2);
  const folds: ValidationFold[] = [];
  for (let from = until - length; folds.length < maxFolds; from -= step) {
    if (from - first < Math.max(1, Math.floor(length / 2))) break;
    folds.push({ from, horizon: length });
  }
  return folds;
}

export interface MethodValidation {
  config: MethodConfig;
  /** Mean hit rate over the folds at the forecast area. */
  hitRate: number;
}

export interface Selection {
  folds: ValidationFold[];
  perMethod: Record<MethodName, MethodValidation>;
  /** The method with the best validated hit rate: the product's default for this data. */
  chosen: MethodName;
}

/**
 * Chooses, for every method, the grid (cell size, rotation) and parameters with the best mean
 * hit rate over rolling-origin folds inside the training period, then the best method. Only
 * events before `until` are looked at. Ties keep the earlier, simpler choice.
 */
export function selectByValidation(
  history: readonly SpaceTimeEvent[],
  until: number,
  horizon: number,
  areaSqMi: number,
  space: SearchSpace = DEFAULT_SEARCH,
): Selection {
  const past = history.filter((e) => e.t < until);
  if (past.length === 0)
    throw new ForecastError(ForecastErrorCode.NO_HISTORY, 'no event before the forecast start');
  const folds = validationFolds(past, until, horizon);
  if (folds.length === 0)
    throw new ForecastError(
      ForecastErrorCode.NO_HISTORY,
      'the training period is shorter than two days: nothing to validate on',
      'train',
    );
  // The bandwidth is a property of the point pattern, not of the grid: cross-validate it once
  // per fold on the finest unrotated grid and reuse it on every grid.
  const reference = Grid.covering({ cellSize: 250, rotationDeg: 0 }, past);
  const bandwidths = folds.map(
    (f) =>
      kdeBandwidthByCv({ history: past, grid: reference, from: f.from, horizon: f.horizon })
        .bandwidthFt,
  );
  const best = new Map<MethodName, MethodValidation>();
  const consider = (config: MethodConfig, hitRate: number) => {
    const current = best.get(config.method);
    if (current === undefined || hitRate > current.hitRate + 1e-12)
      best.set(config.method, { config, hitRate });
  };
  for (const cellSize of space.cellSizes)
    for (const rotationDeg of space.rotationsDeg) {
      const spec: GridSpec = { cellSize, rotationDeg };
      const grid = Grid.covering(spec, past);
      const k = grid.cellsWithin(areaSqMi);
      const configs: MethodConfig[] = [
        { method: 'naive', grid: spec },
        { method: 'kde', grid: spec },
        ...space.promap.map((promap): MethodConfig => ({ method: 'promap', grid: spec, promap })),
        { method: 'sepp', grid: spec },
      ];
      for (const config of configs) {
        let sum = 0;
        folds.forEach((fold, i) => {
          const scores = runMethod(
            config.method === 'kde' ? { ...config, kdeBandwidthFt: bandwidths[i] } : config,
            past,
            grid,
            fold.from,
            fold.horizon,
          );
          sum += foldHitRate(grid, scores, k, past, fold);
        });
        consider(config, sum / folds.length);
      }
    }
  const perMethod = Object.fromEntries(METHODS.map((m) => [m, best.get(m)!])) as Record<
    MethodName,
    MethodValidation
  >;
  let chosen: MethodName = METHODS[0];
  for (const m of METHODS) if (perMethod[m].hitRate > perMethod[chosen].hitRate + 1e-12) chosen = m;
  return { folds, perMethod, chosen };
}

function foldHitRate(
  grid: Grid,
  scores: Float64Array,
  k: number,
  events: readonly SpaceTimeEvent[],
  fold: ValidationFold,
): number {
  const flagged = new Set(topCells(scores, k));
  let n = 0;
  let N = 0;
  for (const e of events) {
    if (e.t < fold.from || e.t >= fold.from + fold.horizon) continue;
    N++;
    if (flagged.has(grid.cellOf(e.x, e.y))) n++;
  }
  return N > 0 ? n / N : 0;
}
