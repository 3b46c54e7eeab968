import type { LonLat } from '@jiefang/routing';
import { CliUsageError } from './cli-error.ts';

/** Parses "lon,lat" into a coordinate, naming the option when it is not one. */
export function parseLonLat(text: string | undefined, option: string): LonLat {
  if (text === undefined) throw new CliUsageError(`${option} is required (longitude,latitude)`);
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 2 || parts.some((p) => !Number.isFinite(p))) {
    throw new CliUsageError(`${option} must be longitude,latitude in degrees, got '${text}'`);
  }
  return [parts[0], parts[1]];
}

/** Parses "lon,lat;lon,lat;…". */
export function parseLonLatList(text: string, option: string): LonLat[] {
  return text
    .split(';')
    .filter((p) => p.trim() !== '')
    .map((p, i) => parseLonLat(p, `${option}[${i}]`));
}

export function parseSeconds(text: string | undefined, option: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) {
    throw new CliUsageError(`${option} must be a number of seconds ≥ 0, got '${text}'`);
  }
  return value;
}

export function parseSecondsList(
  text: string | undefined,
  option: string,
  fallback: number[],
): number[] {
  if (text === undefined) return fallback;
  return text.split(',').map((t) => parseSeconds(t.trim(), option, 0));
}

export function requireOption(value: string | undefined, option: string): string {
  if (value === undefined || value === '') throw new CliUsageError(`${option} is required`);
  return value;
}
