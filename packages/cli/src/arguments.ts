import { parseArgs, type ParseArgsConfig } from 'node:util';
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

/**
 * node:util's parseArgs with one fix: a value that starts with a minus sign (`--from
 * -122.4,37.7`, western longitudes) is taken as the option's value, where parseArgs alone
 * refuses it as "ambiguous". Only string options followed by a number-like token are joined.
 */
export function parseCliArgs<T extends ParseArgsConfig>(
  config: T,
): ReturnType<typeof parseArgs<T>> {
  const args = joinNegativeValues(config.args ?? process.argv.slice(2), config.options ?? {});
  return parseArgs<T>({ ...config, args });
}

export function joinNegativeValues(
  argv: readonly string[],
  options: NonNullable<ParseArgsConfig['options']>,
): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    const next = argv[i + 1];
    const option = token.startsWith('--') ? options[token.slice(2)] : undefined;
    if (option?.type === 'string' && next !== undefined && /^-\.?\d/.test(next)) {
      joined.push(`${token}=${next}`);
      i++;
    } else joined.push(token);
  }
  return joined;
}
