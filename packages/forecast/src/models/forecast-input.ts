import type { Grid } from '../grid/grid.ts';

/** A point event: planar position in feet, time in days (any fixed epoch). */
export interface SpaceTimeEvent {
  x: number;
  y: number;
  t: number;
}

/**
 * What every model sees: the history (only events with t < from are used), the grid, and the
 * forecast window [from, from + horizon) in days. Models return one score per grid cell; a
 * higher score means more expected events in the window.
 */
export interface ForecastInput {
  history: readonly SpaceTimeEvent[];
  grid: Grid;
  from: number;
  horizon: number;
}

/** Sum of `weight(event)` per cell over the events before `from` that fall in the grid. */
export function binEvents(
  input: ForecastInput,
  weight: (event: SpaceTimeEvent) => number = () => 1,
): Float64Array {
  const counts = new Float64Array(input.grid.size);
  for (const e of input.history) {
    if (!(e.t < input.from)) continue;
    const cell = input.grid.cellOf(e.x, e.y);
    if (cell >= 0) counts[cell] += weight(e);
  }
  return counts;
}
