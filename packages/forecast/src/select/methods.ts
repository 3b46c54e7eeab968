import { Grid, type GridSpec } from '../grid/grid.ts';
import type { ForecastInput, SpaceTimeEvent } from '../models/forecast-input.ts';
import { kdeBandwidthByCv, kdeForecast } from '../models/kde.ts';
import { naiveForecast } from '../models/naive.ts';
import { promapForecast, type PromapParams } from '../models/promap.ts';
import { seppForecast } from '../models/sepp.ts';

export const METHODS = ['naive', 'kde', 'promap', 'sepp'] as const;
export type MethodName = (typeof METHODS)[number];

/** One fully specified forecaster: method, grid and the method's parameters. */
export interface MethodConfig {
  method: MethodName;
  grid: GridSpec;
  promap?: PromapParams;
  /** KDE only; cross-validated on the history when absent. */
  kdeBandwidthFt?: number;
}

/** Scores per cell of `grid` for the window [from, from + horizon). */
export function runMethod(
  config: MethodConfig,
  history: readonly SpaceTimeEvent[],
  grid: Grid,
  from: number,
  horizon: number,
): Float64Array {
  const input: ForecastInput = { history, grid, from, horizon };
  switch (config.method) {
    case 'naive':
      return naiveForecast(input);
    case 'kde':
      return kdeForecast(input, config.kdeBandwidthFt ?? kdeBandwidthByCv(input).bandwidthFt);
    case 'promap':
      return promapForecast(input, config.promap ?? { bandwidthFt: 600, weeks: 4 });
    case 'sepp':
      return seppForecast(input);
  }
}

/** The grid of `spec` covering the history (one grid per forecast, shared by its methods). */
export function gridFor(spec: GridSpec, history: readonly SpaceTimeEvent[]): Grid {
  return Grid.covering(spec, history);
}
