import { readFileSync } from 'node:fs';
import { RoutingError, RoutingErrorCode } from '../errors.ts';
import { DEFAULT_PROFILES } from './default-profiles.ts';
import type { ProfileSpec } from './profile-spec.ts';

/**
 * Profiles = the defaults with a JSON override merged on top. The override may change any
 * field of an existing profile (speed tables merge key by key; a speed of 0 removes a class) or
 * add a whole new profile. Every field is checked here so that a typo fails the import with the
 * field's path instead of producing a silently wrong graph.
 */
export function resolveProfiles(override?: unknown, source = 'profile override'): ProfileSpec[] {
  const merged: Record<string, ProfileSpec> = structuredClone(DEFAULT_PROFILES);
  if (override === undefined) return Object.values(merged);
  if (!isRecord(override)) fail(source, '', 'must be a JSON object keyed by profile name');
  for (const [name, raw] of Object.entries(override)) {
    if (!/^[a-z][a-z0-9_]*$/.test(name)) fail(source, name, 'profile names are lower-case words');
    if (!isRecord(raw)) fail(source, name, 'must be an object');
    const base = Object.hasOwn(merged, name) ? merged[name] : undefined;
    const next = { ...(base ?? blankProfile(name)) } as ProfileSpec;
    for (const [key, value] of Object.entries(raw)) {
      const path = `${name}.${key}`;
      switch (key) {
        case 'description':
          if (typeof value !== 'string') fail(source, path, 'must be a string');
          next.description = value;
          break;
        case 'speeds':
        case 'serviceSpeeds':
          next[key] = mergeSpeeds(next[key], value, source, path);
          break;
        case 'trackGradesAllowed':
          if (
            value !== null &&
            !(Array.isArray(value) && value.every((v) => typeof v === 'string'))
          )
            fail(source, path, 'must be null or a list of tracktype values');
          next.trackGradesAllowed = value as string[] | null;
          break;
        case 'maxspeedFactor':
          if (value !== null && !(typeof value === 'number' && value > 0 && value <= 2))
            fail(source, path, 'must be null or a number in (0, 2]');
          next.maxspeedFactor = value as number | null;
          break;
        case 'oneway':
          if (value !== 'vehicle' && value !== 'bicycle' && value !== 'foot')
            fail(source, path, "must be 'vehicle', 'bicycle' or 'foot'");
          next.oneway = value;
          break;
        case 'accessKeys':
          if (!(
            Array.isArray(value) &&
            value.length > 0 &&
            value.every((v) => typeof v === 'string')
          ))
            fail(source, path, 'must be a non-empty list of tag keys');
          next.accessKeys = value as string[];
          break;
        default:
          fail(source, path, 'is not a profile field');
      }
    }
    if (Object.keys(next.speeds).length === 0) fail(source, `${name}.speeds`, 'has no road class');
    merged[name] = next;
  }
  return Object.values(merged);
}

/** Reads a profile override file (see README "Profiles"). */
export function loadProfilesFile(path: string): ProfileSpec[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new RoutingError(
      RoutingErrorCode.PROFILE_INVALID,
      `cannot read profile file ${path}: ${(error as Error).message}`,
      path,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RoutingError(
      RoutingErrorCode.PROFILE_INVALID,
      `profile file ${path} is not valid JSON: ${(error as Error).message}`,
      path,
    );
  }
  return resolveProfiles(json, path);
}

function mergeSpeeds(
  base: Record<string, number>,
  value: unknown,
  source: string,
  path: string,
): Record<string, number> {
  if (!isRecord(value)) fail(source, path, 'must be an object of km/h by tag value');
  const out = { ...base };
  for (const [tag, kmh] of Object.entries(value)) {
    if (typeof kmh !== 'number' || !Number.isFinite(kmh) || kmh < 0 || kmh > 200)
      fail(source, `${path}.${tag}`, 'must be a speed in km/h between 0 and 200');
    if (kmh === 0) delete out[tag];
    else out[tag] = kmh;
  }
  return out;
}

function blankProfile(name: string): ProfileSpec {
  return {
    name,
    description: name,
    speeds: {},
    serviceSpeeds: {},
    trackGradesAllowed: null,
    maxspeedFactor: null,
    oneway: 'vehicle',
    accessKeys: ['access'],
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(source: string, field: string, reason: string): never {
  throw new RoutingError(
    RoutingErrorCode.PROFILE_INVALID,
    `${source}: ${field === '' ? 'the document' : `'${field}'`} ${reason}`,
    field,
  );
}
