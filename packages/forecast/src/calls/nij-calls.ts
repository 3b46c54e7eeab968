import proj4 from 'proj4';
import { ForecastError, ForecastErrorCode } from '../errors.ts';

/**
 * EPSG:2913, NAD83(HARN) / Oregon North in international feet: the coordinates of the NIJ
 * Portland calls for service (string from ../shared/data/portland-nij-cfs/SOURCE.md).
 */
export const EPSG_2913 =
  '+proj=lcc +lat_1=46 +lat_2=44.33333333333334 +lat_0=43.66666666666666 +lon_0=-120.5 +x_0=2500000.0001424 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=ft +no_defs';

/** One call for service in the NIJ Real-Time Crime Forecasting Challenge format. */
export interface NijCall {
  /** Row number in the file (1 = first data row). */
  row: number;
  /** YYYY-MM-DD; the data carry no time of day. */
  date: string;
  /** Days since 1970-01-01 (UTC) of `date`. */
  day: number;
  /** EPSG:2913 feet, as in the file. */
  x: number;
  y: number;
  lon: number;
  lat: number;
  /** STREET CRIMES, BURGLARY, MOTOR VEHICLE THEFT or OTHER. */
  category: string;
  callGroup: string;
  caseType: string;
  description: string;
}

const REQUIRED = [
  'CATEGORY',
  'CALL GROUPS',
  'final_case_type',
  'CASE DESC',
  'occ_date',
  'x_coordinate',
  'y_coordinate',
] as const;

/** Converts between EPSG:2913 feet and WGS84 longitude/latitude. */
export const oregonNorthFeet = proj4(EPSG_2913, 'EPSG:4326');

/**
 * Parses the NIJ text: `;`- or `,`-separated with a header row, dates `DD/MM/YYYY` (day first,
 * as the shared copy writes them) or NIJ's original `YYYY/MM/DD`, coordinates in EPSG:2913 feet
 * converted to WGS84 with proj4. Case type and description are space-padded; they are trimmed.
 * A row with an unreadable date or coordinate is refused with its row number, never skipped.
 */
export function parseNijCalls(text: string, source = 'calls'): NijCall[] {
  const lines = text.split(/\r?\n/);
  const separator = lines[0].includes(';') ? ';' : ',';
  const header = lines[0].split(separator).map((h) => h.trim());
  const column: Record<string, number> = {};
  for (const name of REQUIRED) {
    const i = header.indexOf(name);
    if (i < 0)
      throw new ForecastError(ForecastErrorCode.CALLS_FORMAT, `${source}: no column ${name}`, name);
    column[name] = i;
  }
  const calls: NijCall[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const f = line.split(separator);
    const date = isoDate(f[column.occ_date] ?? '');
    const x = Number(f[column.x_coordinate]);
    const y = Number(f[column.y_coordinate]);
    if (date === undefined)
      throw new ForecastError(
        ForecastErrorCode.CALLS_FORMAT,
        `${source} row ${i}: occ_date '${f[column.occ_date]}' is not DD/MM/YYYY`,
        'occ_date',
      );
    if (!Number.isFinite(x) || !Number.isFinite(y) || f[column.x_coordinate].trim() === '')
      throw new ForecastError(
        ForecastErrorCode.CALLS_FORMAT,
        `${source} row ${i}: x_coordinate/y_coordinate are not numbers`,
        'x_coordinate',
      );
    const [lon, lat] = oregonNorthFeet.forward([x, y]);
    calls.push({
      row: i,
      date,
      day: Date.parse(`${date}T00:00:00Z`) / 86_400_000,
      x,
      y,
      lon,
      lat,
      category: f[column.CATEGORY].trim(),
      callGroup: f[column['CALL GROUPS']].trim(),
      caseType: f[column.final_case_type].trim(),
      description: f[column['CASE DESC']].trim(),
    });
  }
  return calls;
}

function isoDate(raw: string): string | undefined {
  const s = raw.trim();
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  let iso: string | undefined;
  if (m) iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})/.exec(s);
  if (m) iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  if (iso === undefined || Number.isNaN(Date.parse(`${iso}T00:00:00Z`))) return undefined;
  return iso;
}
