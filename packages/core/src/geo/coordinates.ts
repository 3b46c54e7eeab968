import type { ProblemList } from '../errors.ts';

/** A WGS 84 coordinate (GeoJSON order: longitude first). */
export interface LonLat {
  lon: number;
  lat: number;
}

export function isValidLonLat(lon: unknown, lat: unknown): boolean {
  return (
    typeof lon === 'number' &&
    typeof lat === 'number' &&
    Number.isFinite(lon) &&
    Number.isFinite(lat) &&
    lon >= -180 &&
    lon <= 180 &&
    lat >= -90 &&
    lat <= 90
  );
}

/** Adds a problem per bad axis so the form can mark the exact input. */
export function checkLonLat(value: unknown, field: string, problems: ProblemList): void {
  if (typeof value !== 'object' || value === null) {
    problems.add(field, 'is required');
    return;
  }
  const { lon, lat } = value as Record<string, unknown>;
  if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180) {
    problems.add(`${field}.lon`, 'must be a longitude between -180 and 180');
  }
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90) {
    problems.add(`${field}.lat`, 'must be a latitude between -90 and 90');
  }
}
