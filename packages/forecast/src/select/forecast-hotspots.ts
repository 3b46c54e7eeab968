import { ForecastError, ForecastErrorCode } from '../errors.ts';
import { Grid } from '../grid/grid.ts';
import type { SpaceTimeEvent } from '../models/forecast-input.ts';
import { topCells } from '../score/hotspot-scores.ts';
import { runMethod, type MethodConfig } from './methods.ts';

export interface HotspotForecast {
  config: MethodConfig;
  grid: Grid;
  from: number;
  horizon: number;
  /** Score per cell of `grid`. */
  scores: Float64Array;
  /** Flagged cells, best first, their total area within the forecast area. */
  flagged: number[];
}

/** Refits `config` on all history before `from` and flags the best cells of `areaSqMi`. */
export function forecastHotspots(
  history: readonly SpaceTimeEvent[],
  config: MethodConfig,
  from: number,
  horizon: number,
  areaSqMi: number,
): HotspotForecast {
  if (!Number.isFinite(horizon) || horizon <= 0)
    throw new ForecastError(
      ForecastErrorCode.INVALID_ARGUMENT,
      'horizon must be > 0 days',
      'horizon',
    );
  if (!Number.isFinite(areaSqMi) || areaSqMi <= 0 || areaSqMi > 0.75)
    throw new ForecastError(
      ForecastErrorCode.INVALID_ARGUMENT,
      `forecast area ${areaSqMi} sq mi is outside (0, 0.75]`,
      'areaSqMi',
    );
  const past = history.filter((e) => e.t < from);
  if (past.length === 0)
    throw new ForecastError(ForecastErrorCode.NO_HISTORY, 'no event before the forecast start');
  const grid = Grid.covering(config.grid, past);
  const scores = runMethod(config, past, grid, from, horizon);
  return {
    config,
    grid,
    from,
    horizon,
    scores,
    flagged: topCells(scores, grid.cellsWithin(areaSqMi)),
  };
}
