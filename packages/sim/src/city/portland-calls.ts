import { readFileSync } from 'node:fs';
import type { Priority } from '@jiefang/core';
import proj4 from 'proj4';

/**
 * EPSG:2913, NAD83(HARN) / Oregon North in international feet: the coordinates of the NIJ
 * Portland calls for service (string from ../shared/data/portland-nij-cfs/SOURCE.md).
 */
export const EPSG_2913 =
  '+proj=lcc +lat_1=46 +lat_2=44.33333333333334 +lat_0=43.66666666666666 +lon_0=-120.5 +x_0=2500000.0001424 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=ft +no_defs';

/** One Portland Police Bureau call for service (NIJ Real-Time Crime Forecasting Challenge). */
export interface PortlandCall {
  /** Row number in the file (1 = first data row). */
  row: number;
  /** YYYY-MM-DD; the data carry no time of day. */
  date: string;
  lon: number;
  lat: number;
  category: string;
  callGroup: string;
  caseType: string;
  description: string;
  categoryCode: string;
  priority: Priority;
}

/**
 * Reads the NIJ file: `;`-separated, dates DD/MM/YYYY, coordinates EPSG:2913 feet, converted
 * to WGS84 with proj4. Case type and description are space-padded; they are trimmed.
 */
export function readPortlandCalls(path: string): PortlandCall[] {
  const text = readFileSync(path, 'utf8');
  const lines = text.split(/\r?\n/);
  const header = lines[0].split(';').map((h) => h.trim());
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${path}: no column ${name}`);
    return i;
  };
  const cCategory = col('CATEGORY');
  const cGroup = col('CALL GROUPS');
  const cType = col('final_case_type');
  const cDesc = col('CASE DESC');
  const cDate = col('occ_date');
  const cX = col('x_coordinate');
  const cY = col('y_coordinate');
  const toWgs84 = proj4(EPSG_2913, 'EPSG:4326');
  const calls: PortlandCall[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const f = line.split(';');
    const [day, month, year] = f[cDate].trim().split('/');
    const x = Number(f[cX]);
    const y = Number(f[cY]);
    if (!Number.isFinite(x) || !Number.isFinite(y) || !year) continue;
    const [lon, lat] = toWgs84.forward([x, y]);
    const description = f[cDesc].trim();
    const { categoryCode, priority } = classifyCall(description);
    calls.push({
      row: i,
      date: `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`,
      lon,
      lat,
      category: f[cCategory].trim(),
      callGroup: f[cGroup].trim(),
      caseType: f[cType].trim(),
      description,
      categoryCode,
      priority,
    });
  }
  return calls;
}

/**
 * Priority from the Portland case description: `*H` (with weapon, robbery, stabbing, burglary
 * in progress) → 1; `PRIORITY`, shots fired and injury accidents → 2; `COLD` (reported after
 * the fact: nobody at risk now) → 4; the rest (unwanted person, suspicious, area checks…) → 3.
 * The category is the nearest code of core's default catalogue, for the plan and the label.
 */
export function classifyCall(description: string): { categoryCode: string; priority: Priority } {
  const d = description.toUpperCase();
  const priority: Priority = d.includes('*H')
    ? 1
    : d.includes('PRIORITY') || d.includes('SHOTS FIRED') || /ACCIDENT - (UNKNOWN )?INJURY/.test(d)
      ? 2
      : d.includes('COLD')
        ? 4
        : 3;
  const categoryCode = /ASSAULT|STABBING|SHOTS/.test(d)
    ? 'violent_attack'
    : d.includes('ROBBERY')
      ? 'robbery'
      : /THEFT|BURGLARY|VEHICLE STOLEN|VEHICLE RECOVERED|VANDALISM|FRAUD|PROWLER/.test(d)
        ? 'theft'
        : /ACCIDENT|DRIVING|HAZARD|PARKING/.test(d)
          ? 'traffic_accident'
          : /SUSPICIOUS|AREA CHECK|PREMISE CHECK/.test(d)
            ? 'suspicious'
            : /DISTURBANCE|THREAT|UNWANTED|NOISE|PARTY|VICE|TRIMET|SCHOOL/.test(d)
              ? 'dispute'
              : 'assist';
  return { categoryCode, priority };
}
