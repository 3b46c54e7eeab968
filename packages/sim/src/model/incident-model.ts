import type { Priority } from '@jiefang/core';
import { DEFAULT_CATALOGUE } from '@jiefang/core';
import type { LocalNames, Place } from '@jiefang/routing';
import { sampleSecondOfDay } from './diurnal.ts';
import type { Coord } from './motion.ts';
import type { Rng } from './rng.ts';

/** One call as the simulation sees it: when (seconds from the start), where, what. */
export interface IncidentDraft {
  id: string;
  atSeconds: number;
  lon: number;
  lat: number;
  categoryCode: string;
  priority: Priority;
  placeName?: string;
  /** The place's name in each console language (from the city's place index). */
  placeLocalNames?: LocalNames;
  description: string;
}

/** A place that draws incidents, with its weight. */
export interface Hotspot {
  lon: number;
  lat: number;
  weight: number;
  name: string;
  localNames?: LocalNames;
  kind: string;
}

/**
 * How strongly each kind of OSM place draws incidents (relative; 0 = not a hotspot). Footfall
 * is the reasoning: department stores and malls draw the most (theft, disputes, crowds),
 * then markets, hospitals and stations, schools (gates at opening and closing), banks, hotels
 * and places of entertainment; single restaurants and cafés a little.
 */
export const HOTSPOT_WEIGHTS: Readonly<Record<string, number>> = {
  'shop=mall': 5,
  'shop=department_store': 5,
  'amenity=marketplace': 4,
  'amenity=hospital': 3,
  'public_transport=station': 3,
  'railway=station': 3,
  'railway=subway_entrance': 1,
  'shop=supermarket': 2,
  'amenity=school': 1.5,
  'building=school': 1.5,
  'amenity=cinema': 1.5,
  'amenity=bank': 1,
  'tourism=hotel': 1,
  'tourism=attraction': 1,
  'tourism=museum': 1,
  'amenity=bar': 1,
  'amenity=restaurant': 0.5,
  'amenity=fast_food': 0.5,
  'amenity=cafe': 0.5,
};

export function hotspotsFromPlaces(places: readonly Place[]): Hotspot[] {
  const hotspots: Hotspot[] = [];
  for (const place of places) {
    const weight = HOTSPOT_WEIGHTS[place.kind];
    if (weight)
      hotspots.push({
        lon: place.lon,
        lat: place.lat,
        weight,
        name: place.name,
        localNames: place.localNames,
        kind: place.kind,
      });
  }
  return hotspots;
}

/**
 * The mix of police matters for the Nanjing model, in percent, each at its catalogue default
 * priority: 4 % priority 1, 30 % priority 2, 66 % priority 3. An assumption shaped after the
 * Portland calls (most calls are disturbances, thefts, suspicious circumstances and traffic).
 */
export const NANJING_CATEGORY_MIX: readonly (readonly [string, number])[] = [
  ['violent_attack', 2],
  ['robbery', 2],
  ['fight', 10],
  ['theft', 24],
  ['wanted_person', 2],
  ['missing_person', 4],
  ['traffic_accident', 14],
  ['crowd', 6],
  ['suspicious', 14],
  ['dispute', 16],
  ['assist', 6],
];

export interface SpatioTemporalOptions {
  hotspots: readonly Hotspot[];
  /** A uniformly random point on the city's streets (the background component). */
  streetPoint: (rng: Rng) => Coord;
  /** Mean calls per day (default 120). */
  perDay?: number;
  /** Share of calls at a hotspot rather than anywhere on the streets (default 0.7). */
  hotspotShare?: number;
  /** Spread of a call around its hotspot, metres (standard deviation per axis, default 40). */
  spreadMetres?: number;
}

/**
 * The synthetic incident stream: a Poisson number of calls per day (mean `perDay`), each at a
 * time of day drawn from the diurnal profile; 70 % at a hotspot chosen by weight, scattered
 * around it (Gaussian, σ 40 m), the rest anywhere on the streets; the category from the mix.
 */
export class SpatioTemporalModel {
  private readonly weights: number[];
  private readonly categoryWeights: number[];

  constructor(private readonly options: SpatioTemporalOptions) {
    this.weights = options.hotspots.map((h) => h.weight);
    this.categoryWeights = NANJING_CATEGORY_MIX.map(([, w]) => w);
  }

  get perDay(): number {
    return this.options.perDay ?? 120;
  }

  /** Every call of `days` days, in time order. */
  generate(days: number, rng: Rng, idPrefix = 'inc'): IncidentDraft[] {
    const drafts: IncidentDraft[] = [];
    for (let day = 0; day < days; day++) {
      const count = rng.poisson(this.perDay);
      for (let i = 0; i < count; i++) {
        drafts.push(this.draw(rng, day * 86400 + sampleSecondOfDay(rng), ''));
      }
    }
    drafts.sort((a, b) => a.atSeconds - b.atSeconds);
    drafts.forEach((d, i) => (d.id = `${idPrefix}-${i + 1}`));
    return drafts;
  }

  /** One call at `atSeconds`: where and what. */
  draw(rng: Rng, atSeconds: number, id: string): IncidentDraft {
    const { hotspots } = this.options;
    const share = this.options.hotspotShare ?? 0.7;
    let lon: number;
    let lat: number;
    let placeName: string | undefined;
    let placeLocalNames: LocalNames | undefined;
    if (hotspots.length > 0 && rng.next() < share) {
      const h = hotspots[rng.weighted(this.weights)];
      const spread = this.options.spreadMetres ?? 40;
      const metresPerDegLat = 111_320;
      const metresPerDegLon = metresPerDegLat * Math.cos((h.lat * Math.PI) / 180);
      lon = h.lon + (rng.normal() * spread) / metresPerDegLon;
      lat = h.lat + (rng.normal() * spread) / metresPerDegLat;
      placeName = h.name;
      placeLocalNames = h.localNames;
    } else {
      [lon, lat] = this.options.streetPoint(rng);
    }
    const [categoryCode] = NANJING_CATEGORY_MIX[rng.weighted(this.categoryWeights)];
    const category = DEFAULT_CATALOGUE.get(categoryCode);
    return {
      id,
      atSeconds,
      lon,
      lat,
      categoryCode,
      priority: category.defaultPriority,
      ...(placeName ? { placeName } : {}),
      ...(placeLocalNames ? { placeLocalNames } : {}),
      // In the city's language, as a call taker would type it; the console's English rendering
      // of a simulated call is its category (the web's incident.simulated message).
      description: placeName
        ? `模拟警情：${placeName}附近${category.names.zh}`
        : `模拟警情：${category.names.zh}`,
    };
  }
}
