import { ChineseFromPinyin, hasHan, placeLocalNames, type LocalNames } from './local-names.ts';
import type { OsmTags } from './osm-entities.ts';

/**
 * A named place from the OSM data: what a dispatcher types into the location search, and where
 * the demo city puts its emergency units (malls, schools, hospitals, police stations).
 */
export interface Place {
  osmType: 'node' | 'way';
  osmId: number;
  /** e.g. 'amenity=police', 'shop=mall', 'amenity=school'. */
  kind: string;
  /** The name as mapped (`name`, else `name:en`, else `name:zh`): what search matches first. */
  name: string;
  /** The name to show in each console language (see placeLocalNames). */
  localNames: LocalNames;
  /** Other-script names (name:en, name:zh, name:zh-Hans…), when tagged. */
  altNames: string[];
  lon: number;
  lat: number;
  address?: string;
}

const KIND_KEYS = [
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
] as const;

/** The place a tagged object stands for, or null (position filled in by the caller). */
export function placeOf(osmType: 'node' | 'way', osmId: number, tags: OsmTags): Place | null {
  let kind: string | undefined;
  for (const key of KIND_KEYS) {
    const value = tags[key];
    if (value !== undefined && value !== 'no') {
      kind = `${key}=${value}`;
      break;
    }
  }
  if (kind === undefined || tags.highway !== undefined) return null;
  // A police station matters for dispatch even when the mapper left it unnamed.
  const name =
    tags.name ??
    tags['name:en'] ??
    tags['name:zh'] ??
    (kind === 'amenity=police' ? 'police' : undefined);
  if (name === undefined) return null;
  const altNames = Object.entries(tags)
    .filter(([key, value]) => key.startsWith('name:') && value !== name)
    .map(([, value]) => value);
  const street = tags['addr:street'];
  const number = tags['addr:housenumber'];
  const address =
    street === undefined ? undefined : number === undefined ? street : `${street} ${number}`;
  return {
    osmType,
    osmId,
    kind,
    name,
    localNames: placeLocalNames(tags, kind, name),
    altNames,
    lon: NaN,
    lat: NaN,
    ...(address ? { address } : {}),
  };
}

/**
 * Places OSM names only in English get the Chinese the city itself writes for them — the
 * Chinese of another place of the same English name, else by pinyin (ChineseFromPinyin) —
 * instead of their kind's generic name; `cityNames` are the Chinese names of the city's roads
 * and places.
 */
export function completeChineseNames(places: Place[], cityNames: Iterable<string>): void {
  const dictionary = new ChineseFromPinyin([...cityNames].filter(hasHan));
  // A branch mapped as "Bank of China" only is 中国银行 where another branch has both names.
  const byEnglish = new Map<string, string>();
  for (const place of places) {
    if (hasHan(place.name) || place.altNames.some(hasHan)) {
      const key = place.localNames.en.toLowerCase();
      if (!byEnglish.has(key)) byEnglish.set(key, place.localNames.zh);
    }
  }
  for (const place of places) {
    if (hasHan(place.name) || place.altNames.some(hasHan)) continue;
    const zh =
      byEnglish.get(place.localNames.en.toLowerCase()) ?? dictionary.translate(place.localNames.en);
    if (zh !== undefined) place.localNames = { ...place.localNames, zh };
  }
}
