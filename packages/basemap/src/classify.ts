/**
 * Which basemap layer an OSM object belongs to, from its tags alone. Pure functions, so the
 * rules can be read and tested apart from the streaming.
 */
import { hasHan, osmLocalNames } from '@jiefang/routing';
import type {
  LabelNames,
  LanduseClass,
  PlaceProperties,
  RailProperties,
  RoadClass,
  WaterProperties,
} from './layers.ts';

type Tags = Record<string, string>;

const ROAD_CLASS_OF: Record<string, RoadClass> = {
  motorway: 'motorway',
  motorway_link: 'motorway',
  trunk: 'trunk',
  trunk_link: 'trunk',
  primary: 'primary',
  primary_link: 'primary',
  secondary: 'secondary',
  secondary_link: 'secondary',
  tertiary: 'tertiary',
  tertiary_link: 'tertiary',
  unclassified: 'minor',
  residential: 'minor',
  living_street: 'minor',
  road: 'minor',
  busway: 'minor',
  service: 'service',
  pedestrian: 'path',
  footway: 'path',
  path: 'path',
  cycleway: 'path',
  steps: 'path',
  track: 'path',
  bridleway: 'path',
  corridor: 'path',
};

/** The road class of a way, or null (not a road, or an area such as a pedestrian square). */
export function roadClassOf(tags: Tags): RoadClass | null {
  const highway = tags.highway;
  if (highway === undefined) return null;
  if (tags.area === 'yes') return null;
  return ROAD_CLASS_OF[highway] ?? null;
}

/** +1 one-way along the drawing, -1 against it, 0 both ways. */
export function onewayOf(tags: Tags): 1 | -1 | 0 {
  const oneway = tags.oneway;
  if (oneway === 'yes' || oneway === '1' || oneway === 'true') return 1;
  if (oneway === '-1' || oneway === 'reverse') return -1;
  if (oneway === 'no' || oneway === 'false' || oneway === '0') return 0;
  if (tags.junction === 'roundabout' || tags.junction === 'circular') return 1;
  if (tags.highway === 'motorway' || tags.highway === 'motorway_link') return 1;
  return 0;
}

export function brunnelOf(tags: Tags): 'bridge' | 'tunnel' | undefined {
  if (tags.bridge !== undefined && tags.bridge !== 'no') return 'bridge';
  if (tags.tunnel !== undefined && tags.tunnel !== 'no') return 'tunnel';
  if (tags.location === 'underground' || tags.layer?.startsWith('-')) return 'tunnel';
  return undefined;
}

/** Water drawn as an area (lakes, ponds, reservoirs, the banks of a wide river). */
export function isWaterArea(tags: Tags): boolean {
  return (
    tags.natural === 'water' ||
    tags.waterway === 'riverbank' ||
    tags.landuse === 'reservoir' ||
    tags.landuse === 'basin'
  );
}

const WATER_LINES = new Set(['river', 'stream', 'canal']);
/** The class of a waterway drawn as a line, or null. */
export function waterLineOf(tags: Tags): WaterProperties['class'] | null {
  const waterway = tags.waterway;
  return waterway !== undefined && WATER_LINES.has(waterway)
    ? (waterway as WaterProperties['class'])
    : null;
}

export function isBuilding(tags: Tags): boolean {
  const building = tags.building ?? tags['building:part'];
  return building !== undefined && building !== 'no';
}

/** The green and sports areas the basemap draws, or null. */
export function landuseClassOf(tags: Tags): LanduseClass | null {
  const { leisure, landuse, natural } = tags;
  if (leisure === 'park' || leisure === 'garden' || landuse === 'recreation_ground') return 'park';
  if (leisure === 'pitch' || leisure === 'track' || leisure === 'stadium') return 'pitch';
  if (landuse === 'forest' || natural === 'wood') return 'forest';
  if (
    landuse === 'grass' ||
    landuse === 'village_green' ||
    landuse === 'meadow' ||
    natural === 'grassland' ||
    natural === 'scrub' ||
    leisure === 'playground'
  ) {
    return 'grass';
  }
  return null;
}

const RAIL_CLASSES = new Set(['rail', 'subway', 'light_rail']);
export function railClassOf(tags: Tags): RailProperties['class'] | null {
  const railway = tags.railway;
  return railway !== undefined && RAIL_CLASSES.has(railway)
    ? (railway as RailProperties['class'])
    : null;
}

/** Keys whose value says what a named POI is, most telling first (as routing's place search). */
const POI_KEYS = [
  'amenity',
  'shop',
  'tourism',
  'leisure',
  'office',
  'healthcare',
  'public_transport',
  'railway',
  'historic',
  'building',
  // Named lakes, woods and residential compounds (小区): landmarks a dispatcher navigates by.
  'natural',
  'landuse',
] as const;

const PLACE_RANK: Record<string, number> = {
  city: 1,
  town: 2,
  district: 2,
  borough: 2,
  suburb: 3,
  quarter: 3,
  village: 3,
  neighbourhood: 4,
  square: 4,
  locality: 5,
  city_block: 5,
  hamlet: 5,
  isolated_dwelling: 6,
};

const POI_RANK: Record<string, number> = {
  'railway=station': 4,
  'amenity=hospital': 5,
  'amenity=police': 5,
  'shop=mall': 5,
  'shop=department_store': 5,
  'amenity=university': 5,
  'amenity=college': 6,
  'amenity=school': 6,
  'tourism=attraction': 6,
  'tourism=museum': 6,
  'leisure=park': 6,
  'natural=water': 6,
  'amenity=fire_station': 6,
  'public_transport=station': 6,
  'tourism=hotel': 7,
  'amenity=bank': 8,
  'railway=subway_entrance': 9,
  'public_transport=platform': 9,
  'railway=stop': 9,
  'public_transport=stop_position': 9,
};

/**
 * The label a named object puts on the map, or null. `place=*` gives area and settlement names;
 * other named POIs get their kind from the first telling key. Roads, and untagged or unnamed
 * objects, give none (road names are drawn along the road).
 */
export function placeLabelOf(tags: Tags): PlaceProperties | null {
  const name = tags.name ?? tags['name:zh'] ?? tags['name:en'];
  if (name === undefined || name.trim() === '') return null;
  const labels = labelNamesOf(tags, name);
  const place = tags.place;
  if (place !== undefined) {
    return {
      name,
      ...labels,
      kind: `place=${place}`,
      class: 'place',
      rank: PLACE_RANK[place] ?? 5,
    };
  }
  if (tags.highway !== undefined) return null;
  for (const key of POI_KEYS) {
    const value = tags[key];
    if (value === undefined || value === 'no') continue;
    const kind = `${key}=${value}`;
    return {
      name,
      ...labels,
      kind,
      class: 'poi',
      rank: POI_RANK[kind] ?? (key === 'building' || key === 'landuse' ? 8 : 7),
    };
  }
  return null;
}

/** The name a line or area is labelled with, in the city's own script first. */
export function nameOf(tags: Tags): string | undefined {
  const name = tags.name ?? tags['name:zh'] ?? tags['name:en'] ?? tags.ref;
  return name === undefined || name.trim() === '' ? undefined : name;
}

/** A word of Latin letters: a name that has one and no Han is English, not a bare ref. */
const LATIN_WORD = /[A-Za-z]{3,}/;

/**
 * The label of a named object in each console language (routing's osmLocalNames: the same rule
 * as the place index). A name without Han and without a Latin word — a road ref like "G312" —
 * reads the same in both.
 */
export function labelNamesOf(tags: Tags, name: string): LabelNames {
  const local = osmLocalNames(tags);
  const neutral = !hasHan(name) && !LATIN_WORD.test(name);
  const zh = local.zh ?? (neutral ? name : undefined);
  const en = local.en ?? name;
  return { ...(zh === undefined ? {} : { name_zh: zh }), name_en: en };
}

/** `name` as mapped and its labels per language, for a line or area; {} when unnamed. */
export function namedOf(tags: Tags): { name?: string } & LabelNames {
  const name = nameOf(tags);
  return name === undefined ? {} : { name, ...labelNamesOf(tags, name) };
}
