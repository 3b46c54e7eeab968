import { ForecastError, ForecastErrorCode } from '../errors.ts';
import type { SpaceTimeEvent } from '../models/forecast-input.ts';
import { forecastHotspots } from './forecast-hotspots.ts';
import { selectByValidation } from './select-by-validation.ts';

/** One incident of the platform's own history: WGS84 and days since 1970-01-01 (fractions = time of day). */
export interface HistoryPoint {
  lon: number;
  lat: number;
  day: number;
}

export interface PointsForecast {
  method: string;
  cellSizeFt: number;
  rotationDeg: number;
  /** Window [from, until), days since 1970-01-01. */
  from: number;
  until: number;
  historyCount: number;
  validatedHitRate: number;
  /** Flagged cells, best first, WGS84. */
  cells: {
    rank: number;
    cell: string;
    score: number;
    centre: [number, number];
    ring: [number, number][];
  }[];
}

const FT_PER_M = 1 / 0.3048;
const EARTH_M = 6_371_008.8;

/**
 * A local plane in feet around the history's mean point (equirectangular): a city spans a few
 * kilometres, where the error is far below a 250 ft cell, and any city works without an EPSG
 * code of its own (Portland's calls use EPSG:2913 in forecastFromCalls).
 */
function localPlane(points: readonly HistoryPoint[]) {
  const lon0 = points.reduce((s, p) => s + p.lon, 0) / points.length;
  const lat0 = points.reduce((s, p) => s + p.lat, 0) / points.length;
  const k = Math.PI / 180;
  const fx = k * EARTH_M * Math.cos(lat0 * k) * FT_PER_M;
  const fy = k * EARTH_M * FT_PER_M;
  const round = (v: number) => Math.round(v * 1e7) / 1e7;
  return {
    forward: (p: HistoryPoint): SpaceTimeEvent => ({
      x: (p.lon - lon0) * fx,
      y: (p.lat - lat0) * fy,
      t: p.day,
    }),
    inverse: (x: number, y: number): [number, number] => [
      round(lon0 + x / fx),
      round(lat0 + y / fy),
    ],
  };
}

/**
 * The product's forecast from the platform's own incidents: history before `until` only; the
 * method, grid and parameters chosen by validation on that history; the window
 * [until, until + horizon); the best cells within `areaSqMi`.
 */
export function forecastFromPoints(
  points: readonly HistoryPoint[],
  until: number,
  horizon: number,
  areaSqMi = 0.75,
): PointsForecast {
  const past = points.filter(
    (p) =>
      Number.isFinite(p.lon) && Number.isFinite(p.lat) && Number.isFinite(p.day) && p.day < until,
  );
  if (past.length === 0)
    throw new ForecastError(
      ForecastErrorCode.NO_HISTORY,
      'no incident before the forecast start',
      'history',
    );
  const plane = localPlane(past);
  const history = past.map(plane.forward);
  const selection = selectByValidation(history, until, horizon, areaSqMi);
  const chosen = selection.perMethod[selection.chosen];
  const forecast = forecastHotspots(history, chosen.config, until, horizon, areaSqMi);
  return {
    method: chosen.config.method,
    cellSizeFt: chosen.config.grid.cellSize,
    rotationDeg: chosen.config.grid.rotationDeg,
    from: until,
    until: until + horizon,
    historyCount: history.length,
    validatedHitRate: chosen.hitRate,
    cells: forecast.flagged
      .filter((cell) => forecast.scores[cell] > 0)
      .map((cell, i) => {
        const [x, y] = forecast.grid.centre(cell);
        return {
          rank: i + 1,
          cell: String(cell),
          score: forecast.scores[cell],
          centre: plane.inverse(x, y),
          ring: forecast.grid.ring(cell).map(([rx, ry]) => plane.inverse(rx, ry)),
        };
      }),
  };
}
