import type { Category } from '../calls/category.ts';
import { oregonNorthFeet, type NijCall } from '../calls/nij-calls.ts';
import { nijEvents } from '../calls/nij-events.ts';
import { ForecastError, ForecastErrorCode } from '../errors.ts';
import { hotspotsGeoJson, type HotspotFeatureCollection } from '../output/hotspots-geojson.ts';
import { forecastHotspots } from './forecast-hotspots.ts';
import { selectByValidation, type Selection } from './select-by-validation.ts';

const DAY_MS = 86_400_000;

/**
 * A horizon as the CLI writes it: `7d`, `2w`, or `1m` (the calendar month from `from`, so
 * August's month is 31 days), in days.
 */
export function parseHorizon(text: string, from: number): number {
  const m = /^(\d+)\s*(d|w|m)$/.exec(text.trim());
  const count = m ? Number(m[1]) : Number.NaN;
  if (!m || !(count >= 1))
    throw new ForecastError(
      ForecastErrorCode.INVALID_ARGUMENT,
      `horizon '${text}' is not like 7d, 2w or 1m`,
      'horizon',
    );
  if (m[2] === 'd') return count;
  if (m[2] === 'w') return 7 * count;
  const start = new Date(from * DAY_MS);
  const end = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + count, start.getUTCDate());
  return Math.round(end / DAY_MS - from);
}

/** `YYYY-MM-DD` → days since 1970-01-01, refused with the field named when it is not a date. */
export function parseDay(text: string, field: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : Number.NaN;
  if (!Number.isFinite(ms))
    throw new ForecastError(
      ForecastErrorCode.INVALID_ARGUMENT,
      `${field} '${text}' is not YYYY-MM-DD`,
      field,
    );
  return ms / DAY_MS;
}

export interface CallsForecast {
  selection: Selection;
  geojson: HotspotFeatureCollection;
}

/**
 * The product's forecast from NIJ calls: calls dated before `until` only, the method, grid and
 * parameters chosen by validation on them, the window [until, until + horizon).
 */
export function forecastFromCalls(
  calls: readonly NijCall[],
  category: Category,
  until: number,
  horizon: number,
  areaSqMi = 0.75,
): CallsForecast {
  const history = nijEvents(calls, category).filter((e) => e.t < until);
  if (history.length === 0)
    throw new ForecastError(
      ForecastErrorCode.NO_HISTORY,
      `no ${category} call before the forecast start`,
      'calls',
    );
  const selection = selectByValidation(history, until, horizon, areaSqMi);
  const forecast = forecastHotspots(
    history,
    selection.perMethod[selection.chosen].config,
    until,
    horizon,
    areaSqMi,
  );
  const geojson = hotspotsGeoJson(forecast, category, (x, y) => {
    const [lon, lat] = oregonNorthFeet.forward([x, y]);
    return [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
  });
  return { selection, geojson };
}
