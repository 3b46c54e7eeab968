import { binEvents, type ForecastInput } from './forecast-input.ts';
import { convolveStencil } from './smooth.ts';

export interface PromapParams {
  /** Events farther than this from a cell's centre (feet, centre to centre) do not count. */
  bandwidthFt: number;
  /** Events older than this many whole weeks do not count. */
  weeks: number;
}

/**
 * Prospective hotspotting (Bowers, Johnson & Pease 2004, "ProMap"): each past event adds
 * 1/(1 + d) × 1/(1 + w) to a cell, d its distance in cells (centre to centre) and w the whole
 * weeks elapsed before the forecast starts — near repeats decay in space and time.
 */
export function promapForecast(input: ForecastInput, params: PromapParams): Float64Array {
  const counts = binEvents(input, (e) => {
    const w = Math.floor((input.from - e.t) / 7);
    return w < params.weeks ? 1 / (1 + w) : 0;
  });
  const radius = Math.floor(params.bandwidthFt / input.grid.spec.cellSize);
  const stencil: { di: number; dj: number; w: number }[] = [];
  for (let di = -radius; di <= radius; di++)
    for (let dj = -radius; dj <= radius; dj++) {
      const d = Math.hypot(di, dj);
      if (d <= radius) stencil.push({ di, dj, w: 1 / (1 + d) });
    }
  return convolveStencil(input.grid, counts, stencil);
}
