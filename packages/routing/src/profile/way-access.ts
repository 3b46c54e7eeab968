import type { OsmTags } from '../build/osm-entities.ts';
import type { ProfileSpec } from './profile-spec.ts';

/** Travel speed (km/h) of one way in each direction for one profile; 0 = not allowed. */
export interface WaySpeeds {
  forwardKmh: number;
  backwardKmh: number;
}

const DENIED = new Set(['no', 'private', 'agricultural', 'forestry', 'restricted', 'discouraged']);
const TRUE_VALUES = new Set(['yes', 'true', '1']);
const REVERSE_VALUES = new Set(['-1', 'reverse']);

/** The speeds a profile gets on a way, or null when the way is no road for it. */
export function evaluateWay(tags: OsmTags, profile: ProfileSpec): WaySpeeds | null {
  const highway = tags.highway;
  if (highway === undefined) return null;
  // Tag values are free text: look up own keys only, or 'constructor' would find Object's.
  let speed = Object.hasOwn(profile.speeds, highway) ? profile.speeds[highway] : undefined;
  if (speed === undefined || !(speed > 0)) return null;
  if (tags.area === 'yes' && highway !== 'pedestrian') return null;
  if (tags.impassable === 'yes' || tags.status === 'impassable') return null;

  if (highway === 'service' && tags.service !== undefined) {
    const serviceSpeed = Object.hasOwn(profile.serviceSpeeds, tags.service)
      ? profile.serviceSpeeds[tags.service]
      : undefined;
    if (serviceSpeed !== undefined) speed = serviceSpeed;
  }
  if (
    highway === 'track' &&
    profile.trackGradesAllowed !== null &&
    tags.tracktype !== undefined &&
    !profile.trackGradesAllowed.includes(tags.tracktype)
  ) {
    return null;
  }
  if (!isAllowed(tags, profile, highway)) return null;

  if (profile.maxspeedFactor !== null && tags.maxspeed !== undefined) {
    const limit = parseMaxspeedKmh(tags.maxspeed);
    if (limit !== null) speed = limit * profile.maxspeedFactor;
  }

  const direction = onewayDirection(tags, profile, highway);
  if (direction === 'none') return null;
  return {
    forwardKmh: direction === 'backward' ? 0 : speed,
    backwardKmh: direction === 'forward' ? 0 : speed,
  };
}

function isAllowed(tags: OsmTags, profile: ProfileSpec, highway: string): boolean {
  let allowed = true;
  for (const key of profile.accessKeys) {
    const value = tags[key];
    if (value !== undefined) allowed = !DENIED.has(value.split(';')[0].trim());
  }
  // Footways and cycleways are closed to bikes/walkers unless tagged open; the class table
  // already lets walkers on cycleways and e-bikes on footways, so only explicit refusals count.
  if (profile.name === 'bike' && (highway === 'footway' || highway === 'pedestrian')) {
    const bicycle = tags.bicycle;
    if (bicycle === undefined || DENIED.has(bicycle)) return false;
  }
  return allowed;
}

type Direction = 'both' | 'forward' | 'backward' | 'none';

function onewayDirection(tags: OsmTags, profile: ProfileSpec, highway: string): Direction {
  if (profile.oneway === 'foot') {
    return parseOneway(tags['oneway:foot']) ?? 'both';
  }
  if (profile.oneway === 'bicycle') {
    const own = parseOneway(tags['oneway:bicycle']);
    if (own !== null) return own;
    const cycleway = tags.cycleway ?? tags['cycleway:left'] ?? tags['cycleway:right'] ?? '';
    if (cycleway.startsWith('opposite')) return 'both';
  }
  const explicit = parseOneway(tags.oneway);
  if (explicit !== null) return explicit;
  if (tags.junction === 'roundabout' || tags.junction === 'circular') return 'forward';
  if (highway === 'motorway' && profile.oneway === 'vehicle') return 'forward';
  return 'both';
}

function parseOneway(value: string | undefined): Direction | null {
  if (value === undefined) return null;
  if (TRUE_VALUES.has(value)) return 'forward';
  if (REVERSE_VALUES.has(value)) return 'backward';
  if (value === 'no' || value === 'false' || value === '0') return 'both';
  // Reversible and alternating ways change direction by time of day; a dispatcher cannot rely
  // on either direction, so neither is offered.
  if (value === 'reversible' || value === 'alternating') return 'none';
  return null;
}

/** Parses OSM maxspeed values ('50', '30 mph', '50 km/h', '50;30'); null when not a number. */
export function parseMaxspeedKmh(value: string): number | null {
  const first = value.split(';')[0].trim().toLowerCase();
  const match = /^(\d+(?:\.\d+)?)\s*(mph|km\/h|kmh|kph)?$/.exec(first);
  if (match === null) return null;
  const number = Number(match[1]);
  if (!(number > 0)) return null;
  return match[2] === 'mph' ? number * 1.609344 : number;
}
