import {
  haversineMetres,
  type EmergencyUnit,
  type GridUnit,
  type PoliceUnit,
  type Unit,
} from '@jiefang/core';
import type { CityRouter, Place } from '@jiefang/routing';
import { hotspotsFromPlaces, SpatioTemporalModel } from '../model/incident-model.ts';
import type { Coord } from '../model/motion.ts';
import { Rng } from '../model/rng.ts';
import type { FleetMember, Scenario } from '../model/scenario.ts';
import { RoadSampler } from './road-sampler.ts';

/** The OSM kinds that get a community emergency unit, in the demo seed's order. */
const SITE_KINDS = [
  'shop=mall',
  'shop=department_store',
  'amenity=school',
  'building=school',
  'amenity=hospital',
  'amenity=bank',
  'amenity=marketplace',
];

/** OSM maps many places twice (building and entrance): keep one per `metres`. */
export function distinctPlaces<T extends { lon: number; lat: number }>(
  items: readonly T[],
  metres: number,
): T[] {
  const kept: T[] = [];
  for (const item of items) {
    if (kept.every((k) => haversineMetres(k.lon, k.lat, item.lon, item.lat) > metres))
      kept.push(item);
  }
  return kept;
}

/**
 * The demo city's fleet, by the rules of the server's demo seed (seedDemoCity): two patrol
 * cars per police station (one station per police POI, 100 m apart), a community emergency
 * unit at each of the first 16 distinct sites (malls, department stores, schools, hospitals,
 * banks, markets), and two grid workers starting at the first two sites. Police patrol the
 * hotspots within 1.5 km of their station, community units make 150 m rounds, grid workers
 * ride 800 m rounds.
 */
export function nanjingFleet(router: CityRouter, carsPerStation = 2, maxSites = 16): FleetMember[] {
  const places = router.city.places;
  const hotspots = hotspotsFromPlaces(places);
  const stations = distinctPlaces(
    places.filter((p) => p.kind === 'amenity=police'),
    100,
  );
  const sitePlaces: Place[] = [];
  for (const kind of SITE_KINDS) sitePlaces.push(...places.filter((p) => p.kind === kind));
  const sites = distinctPlaces(sitePlaces, 80).slice(0, maxSites);
  const fleet: FleetMember[] = [];
  const at = (p: { lon: number; lat: number }): Coord => [p.lon, p.lat];
  stations.forEach((station, i) => {
    const near = hotspots.filter(
      (h) => haversineMetres(h.lon, h.lat, station.lon, station.lat) <= 1500,
    );
    for (let k = 1; k <= carsPerStation; k++) {
      const unit: PoliceUnit = {
        id: `police-${i + 1}-${k}`,
        name: `${station.name === 'police' ? `派出所 ${i + 1}` : station.name} 巡${k}`,
        kind: 'police',
        mode: 'car',
        orgId: `station-${i + 1}`,
        profile: 'drive',
        turnoutSeconds: 30,
        status: 'available',
        talkGroupIds: ['tg-xinjiekou'],
      };
      fleet.push({
        unit,
        routine: { kind: 'patrol', home: at(station), radiusMetres: 1500, hotspots: near },
      });
    }
  });
  sites.forEach((place, i) => {
    const unit: EmergencyUnit = {
      id: `eu-${i + 1}`,
      name: `${place.name} 应急单元`,
      kind: 'community',
      orgId: 'community',
      profile: 'walk',
      turnoutSeconds: 10,
      status: 'available',
      talkGroupIds: ['tg-xinjiekou'],
      siteId: `site-${i + 1}`,
      members: [],
      equipment: ['shield', 'restraint fork', 'baton', 'stab vest', 'radio'],
    };
    fleet.push({
      unit,
      routine: { kind: 'site_rounds', home: at(place), radiusMetres: 150 },
      siteName: place.name,
    });
  });
  for (let i = 0; i < 2; i++) {
    const home = sites[i] ?? stations[0];
    const unit: GridUnit = {
      id: `grid-unit-${i + 1}`,
      name: `网格员 ${i + 1}`,
      kind: 'grid',
      orgId: `grid-${i + 1}`,
      profile: 'bike',
      turnoutSeconds: 20,
      status: 'available',
      talkGroupIds: [],
      members: [],
    };
    fleet.push({ unit, routine: { kind: 'grid_rounds', home: at(home), radiusMetres: 800 } });
  }
  return fleet;
}

export interface NanjingOptions {
  days: number;
  seed: number;
  /** Mean calls per day (default 120). */
  perDay?: number;
  /** Patrol cars per station (default 2, as the demo seed). */
  carsPerStation?: number;
  /**
   * Share of calls at the places where the community units stand (malls, schools, markets…;
   * default 0.7, the live demo's city). eval:dispatch uses 0: calls anywhere on the streets,
   * drawn by a model that does not know where any unit is, so the policies are not judged on
   * calls placed beside one policy's units.
   */
  hotspotShare?: number;
}

/** The Nanjing scenario: the demo fleet and `days` days of calls from the spatio-temporal model. */
export function nanjingScenario(router: CityRouter, options: NanjingOptions): Scenario {
  const sampler = new RoadSampler(router);
  const model = new SpatioTemporalModel({
    hotspots: hotspotsFromPlaces(router.city.places),
    streetPoint: (rng) => sampler.street('walk', rng),
    perDay: options.perDay ?? 120,
    hotspotShare: options.hotspotShare,
  });
  const incidents = model.generate(options.days, new Rng(options.seed, 'nanjing-incidents'), 'nj');
  const fleet = nanjingFleet(router, options.carsPerStation ?? 2);
  const count = (kind: Unit['kind']) => fleet.filter((m) => m.unit.kind === kind).length;
  return {
    city: 'nanjing',
    router,
    fleet,
    incidents,
    horizonSeconds: options.days * 86400,
    // Local midnight in Nanjing (UTC+8) of an ordinary Monday.
    startEpochMs: Date.UTC(2026, 0, 4, 16),
    seed: options.seed,
    notes: [
      `Xinjiekou, Nanjing: ${incidents.length} calls over ${options.days} day(s) from the spatio-temporal model (mean ${model.perDay}/day, ${Math.round((options.hotspotShare ?? 0.7) * 100)} % at the units' places)`,
      `fleet as the demo seed: ${count('police')} police cars, ${count('community')} community units, ${count('grid')} grid workers`,
    ],
  };
}
