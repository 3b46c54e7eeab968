import { haversineMetres } from '@jiefang/core';
import type { CityGraphData, LocalNames, ProfileGraph } from '@jiefang/routing';

/** What the dispatcher picks from the location search: a POI or a street, with a point. */
export interface PlaceHit {
  type: 'poi' | 'street';
  name: string;
  /** The name in each console language (OSM's `name:zh` / `name:en`, or pinyin). */
  localNames: LocalNames;
  /** The name that matched (an alternative-script name such as name:en when that one did). */
  matchedName: string;
  /** OSM kind of a POI (e.g. 'shop=mall'); 'street' for streets. */
  kind: string;
  lon: number;
  lat: number;
  address?: string;
  altNames: string[];
  /** Metres from the `near` point, when one was given. */
  distanceM?: number;
  /** The named street nearest a POI without an address (set by the route, from the graph). */
  street?: string;
}

/**
 * Two hits of the same name and kind this close are one place to a dispatcher (a bus stop's
 * two directions, a mall mapped as a node and as a building): only the better-ranked is kept.
 */
export const SAME_PLACE_METRES = 250;

export interface PlaceSearchOptions {
  near?: { lon: number; lat: number };
  limit?: number;
}

interface Entry {
  hit: PlaceHit;
  /** Normalised name and alternative names, matched against the normalised query. */
  keys: { key: string; name: string }[];
}

/** How well a name matched; lower ranks first. */
const MatchClass = { exact: 0, prefix: 1, substring: 2 } as const;
type MatchClass = (typeof MatchClass)[keyof typeof MatchClass];

/** Street name profiles: the roads a caller names (cars and pedestrians), not cycle tracks. */
const STREET_PROFILES = ['drive', 'walk'];
export const DEFAULT_SEARCH_LIMIT = 10;

/**
 * Case-folds, maps full-width forms to ASCII (NFKC: 'ＸＪＫ１' → 'xjk1'), and drops spaces,
 * punctuation and symbols, so '新街口 #1', '新街口＃１' and 'xinjiekou entrance 1' compare on
 * what the dispatcher actually typed.
 */
export function normaliseName(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}\p{Z}]/gu, '');
}

/**
 * Location search over the city's OSM names: POIs (name, name:en, name:zh…) and street names.
 * Chinese has no word boundaries, so matching is by substring of the whole name, ranked exact >
 * prefix > substring. Built once per city; a search scans every name, which for a city's few
 * tens of thousands of names costs well under a millisecond per thousand names.
 */
export class PlaceSearch {
  private readonly entries: Entry[];

  constructor(city: Pick<CityGraphData, 'places' | 'names' | 'nameLocalNames' | 'profiles'>) {
    const pois: Entry[] = city.places
      .filter((place) => Number.isFinite(place.lon) && Number.isFinite(place.lat))
      .map((place) => ({
        hit: {
          type: 'poi',
          name: place.name,
          localNames: place.localNames,
          matchedName: place.name,
          kind: place.kind,
          lon: place.lon,
          lat: place.lat,
          ...(place.address ? { address: place.address } : {}),
          altNames: place.altNames,
        },
        // The pinyin too: an English-speaking dispatcher types "Deji" for 德基广场.
        keys: keysOf([place.name, ...place.altNames, place.localNames.zh, place.localNames.en]),
      }));
    this.entries = [...pois, ...streetEntries(city)];
  }

  get size(): number {
    return this.entries.length;
  }

  /** Best matches first; an empty normalised query matches nothing. */
  search(query: string, options: PlaceSearchOptions = {}): PlaceHit[] {
    const needle = normaliseName(query);
    if (needle === '') return [];
    const limit = options.limit ?? DEFAULT_SEARCH_LIMIT;
    const near = options.near;
    const ranked: { hit: PlaceHit; match: MatchClass; distance: number }[] = [];
    for (const entry of this.entries) {
      let best: { match: MatchClass; name: string } | undefined;
      for (const { key, name } of entry.keys) {
        const match =
          key === needle
            ? MatchClass.exact
            : key.startsWith(needle)
              ? MatchClass.prefix
              : key.includes(needle)
                ? MatchClass.substring
                : undefined;
        if (match !== undefined && (best === undefined || match < best.match))
          best = { match, name };
      }
      if (best === undefined) continue;
      const distance = near ? haversineMetres(near.lon, near.lat, entry.hit.lon, entry.hit.lat) : 0;
      ranked.push({
        hit: {
          ...entry.hit,
          matchedName: best.name,
          ...(near ? { distanceM: Math.round(distance) } : {}),
        },
        match: best.match,
        distance,
      });
    }
    ranked.sort(
      (a, b) =>
        a.match - b.match ||
        // Near the caller, the closer of two equally good names is the one they mean.
        a.distance - b.distance ||
        (a.hit.type === b.hit.type ? 0 : a.hit.type === 'poi' ? -1 : 1) ||
        a.hit.name.length - b.hit.name.length ||
        a.hit.name.localeCompare(b.hit.name),
    );
    const kept: PlaceHit[] = [];
    for (const { hit } of ranked) {
      if (kept.length >= limit) break;
      if (!kept.some((other) => samePlace(other, hit))) kept.push(hit);
    }
    return kept;
  }
}

function samePlace(a: PlaceHit, b: PlaceHit): boolean {
  return (
    a.kind === b.kind &&
    normaliseName(a.name) === normaliseName(b.name) &&
    haversineMetres(a.lon, a.lat, b.lon, b.lat) <= SAME_PLACE_METRES
  );
}

function keysOf(names: string[]): { key: string; name: string }[] {
  const seen = new Set<string>();
  const keys: { key: string; name: string }[] = [];
  for (const name of names) {
    const key = normaliseName(name);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    keys.push({ key, name });
  }
  return keys;
}

/**
 * One entry per street name, placed at the midpoint of its longest edge: a long street has no
 * single location, and its longest stretch is the least arbitrary point to show and route to.
 */
function streetEntries(
  city: Pick<CityGraphData, 'names' | 'nameLocalNames' | 'profiles'>,
): Entry[] {
  const longest = new Map<number, { graph: ProfileGraph; edge: number; metres: number }>();
  for (const graph of city.profiles) {
    if (!STREET_PROFILES.includes(graph.profile)) continue;
    for (let edge = 0; edge < graph.edgeCount; edge++) {
      const nameIndex = graph.edgeName[edge];
      if (nameIndex < 0) continue;
      const metres = graph.edgeMetres[edge];
      const known = longest.get(nameIndex);
      if (!known || metres > known.metres) longest.set(nameIndex, { graph, edge, metres });
    }
  }
  const entries: Entry[] = [];
  for (const [nameIndex, { graph, edge }] of longest) {
    const name = city.names[nameIndex];
    if (!name) continue;
    const at = edgeMidpoint(graph, edge);
    const localNames = city.nameLocalNames[nameIndex] ?? { zh: name, en: name };
    entries.push({
      hit: {
        type: 'street',
        name,
        localNames,
        matchedName: name,
        kind: 'street',
        ...at,
        altNames: [],
      },
      keys: keysOf([name, localNames.zh, localNames.en]),
    });
  }
  return entries;
}

function edgeMidpoint(graph: ProfileGraph, edge: number): { lon: number; lat: number } {
  const start = graph.edgeGeomStart[edge];
  const end = graph.edgeGeomStart[edge + 1];
  let total = 0;
  for (let i = start + 1; i < end; i++) {
    total += haversineMetres(
      graph.geomLon[i - 1],
      graph.geomLat[i - 1],
      graph.geomLon[i],
      graph.geomLat[i],
    );
  }
  let walked = 0;
  for (let i = start + 1; i < end; i++) {
    const step = haversineMetres(
      graph.geomLon[i - 1],
      graph.geomLat[i - 1],
      graph.geomLon[i],
      graph.geomLat[i],
    );
    if (walked + step >= total / 2 && step > 0) {
      const t = (total / 2 - walked) / step;
      return {
        lon: graph.geomLon[i - 1] + t * (graph.geomLon[i] - graph.geomLon[i - 1]),
        lat: graph.geomLat[i - 1] + t * (graph.geomLat[i] - graph.geomLat[i - 1]),
      };
    }
    walked += step;
  }
  return { lon: graph.geomLon[start], lat: graph.geomLat[start] };
}
