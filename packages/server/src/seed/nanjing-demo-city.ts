import {
  haversineMetres,
  type EmergencyUnit,
  type GridUnit,
  type LocalNames,
  type LonLat,
  type Org,
  type PoliceUnit,
  type Site,
  type SiteKind,
  type Unit,
} from '@jiefang/core';
import type { CityRouter, Place } from '@jiefang/routing';
import type { DemoCity } from './demo-city.ts';

/**
 * The OSM kinds that get a minimum emergency unit (最小应急单元), in the order sites are
 * numbered (eu-1 … are the malls first). School buildings (`building=school`: a canteen, a
 * library inside a campus) are not schools of their own.
 */
export const DEMO_SITE_KINDS: readonly (readonly [string, SiteKind])[] = [
  ['shop=mall', 'mall'],
  ['shop=department_store', 'mall'],
  ['amenity=school', 'school'],
  ['amenity=hospital', 'hospital'],
  ['amenity=bank', 'bank'],
  ['amenity=marketplace', 'market'],
  ['amenity=university', 'school'],
  ['amenity=college', 'school'],
  ['amenity=kindergarten', 'school'],
  ['amenity=clinic', 'hospital'],
  ['shop=supermarket', 'market'],
];

/** OSM maps many places twice (building and entrance): one site per this many metres. */
export const SITE_SPACING_METRES = 80;
/** Police POIs closer than this are one station (a compound mapped as several ways). */
export const STATION_SPACING_METRES = 100;

export interface NanjingDemoOptions {
  /** Staff only the first `maxSites` sites (default: every one in the city's OSM data). */
  maxSites?: number;
  /** Patrol cars per police station (default 6). */
  carsPerStation?: number;
  /** Grid cells over the district as [rows, columns], one grid worker each (default [3, 3]). */
  gridCells?: readonly [number, number];
}

/**
 * The district the API tests were written against: 16 sites, two cars per station, two grid
 * cells. Their recommendations and counts assume it; the demo itself seeds the full district.
 */
export const COMPACT_NANJING: NanjingDemoOptions = {
  maxSites: 16,
  carsPerStation: 2,
  gridCells: [1, 2],
};

const names = (zh: string, en: string): LocalNames => ({ zh, en });

/**
 * The Xinjiekou (Nanjing) demo city, built from the city's own OSM places: a district with one
 * station per police POI (100 m apart; one in the middle when there is none), a community cut
 * into grid cells, a minimum emergency unit at every distinct mall, school, hospital, market and
 * bank (80 m apart) with 2–3 members, patrol cars at every station, a grid worker per cell, a
 * talk group for the business district. Every name is Chinese (the city's language) with its
 * English beside it (`localNames`: OSM's `name:en`, else pinyin).
 */
export function nanjingDemoCity(router: CityRouter, options: NanjingDemoOptions = {}): DemoCity {
  const startPositions = new Map<string, LonLat>();
  const places = router.city.places;
  const [west, south, east, north] = router.city.meta.bbox;
  const stationPlaces = distinctPlaces(
    places.filter((p) => p.kind === 'amenity=police'),
    STATION_SPACING_METRES,
  );
  if (stationPlaces.length === 0) {
    const middle = { lon: (west + east) / 2, lat: (south + north) / 2 };
    stationPlaces.push({
      osmType: 'node',
      osmId: 0,
      kind: 'amenity=police',
      name: '派出所',
      localNames: names('派出所', 'Police station'),
      altNames: [],
      ...middle,
    });
  }
  const stationLocalNames = stationPlaces.map((p, i) => stationNames(p, i + 1));
  const stations: Org[] = stationLocalNames.map((localNames, i) => ({
    id: `station-${i + 1}`,
    parentId: 'district',
    kind: 'station',
    name: localNames.zh,
    localNames,
  }));
  const [rows, columns] = options.gridCells ?? [3, 3];
  const cells: Org[] = [];
  for (let i = 1; i <= rows * columns; i++) {
    cells.push({
      id: `grid-${i}`,
      parentId: 'community',
      kind: 'grid',
      name: `网格 ${i}`,
      localNames: names(`网格 ${i}`, `Grid ${i}`),
    });
  }
  const orgs: Org[] = [
    {
      id: 'city',
      parentId: null,
      kind: 'city',
      name: '南京市',
      localNames: names('南京市', 'Nanjing'),
    },
    {
      id: 'district',
      parentId: 'city',
      kind: 'district',
      name: '玄武区',
      localNames: names('玄武区', 'Xuanwu District'),
    },
    ...stations,
    {
      id: 'community',
      parentId: 'station-1',
      kind: 'community',
      name: '新街口社区',
      localNames: names('新街口社区', 'Xinjiekou Community'),
    },
    ...cells,
    {
      id: 'urban-management',
      parentId: 'district',
      kind: 'department',
      // The name the governance seed and the Open311 agency use; the console shows localNames.
      name: '城管 Urban management',
      localNames: names('城管', 'Urban management'),
    },
  ];

  const chosen = demoSitePlaces(places).slice(0, options.maxSites);
  const units: Unit[] = [];
  const sites: Site[] = [];
  const at = (p: { lon: number; lat: number }): LonLat => ({ lon: p.lon, lat: p.lat });
  chosen.forEach(({ place, kind }, i) => {
    const unitId = `eu-${i + 1}`;
    const siteNames = place.localNames;
    const site: Site = {
      id: `site-${i + 1}`,
      name: siteNames.zh,
      localNames: siteNames,
      kind,
      orgId: 'community',
      location: at(place),
      ...(place.address ? { address: place.address } : {}),
      unitIds: [unitId],
    };
    sites.push(site);
    const unit: EmergencyUnit = {
      id: unitId,
      name: `${siteNames.zh} 应急单元`,
      localNames: names(`${siteNames.zh} 应急单元`, `${siteNames.en} emergency unit`),
      kind: 'community',
      orgId: 'community',
      profile: 'walk',
      turnoutSeconds: 10,
      status: 'available',
      talkGroupIds: ['tg-xinjiekou'],
      siteId: site.id,
      members: [
        { personId: `${unitId}-1`, name: `${siteNames.zh} 保安 1`, role: 'leader' },
        { personId: `${unitId}-2`, name: `${siteNames.zh} 保安 2`, role: 'member' },
        ...(i % 2 === 0
          ? [{ personId: `${unitId}-3`, name: `${siteNames.zh} 志愿者`, role: 'member' as const }]
          : []),
      ],
      equipment: ['shield', 'restraint fork', 'baton', 'stab vest', 'radio'],
    };
    units.push(unit);
    startPositions.set(unitId, at(place));
  });
  const carsPerStation = options.carsPerStation ?? 6;
  stations.forEach((station, i) => {
    const place = stationPlaces[i];
    const { zh, en } = stationLocalNames[i];
    for (let k = 1; k <= carsPerStation; k++) {
      const unit: PoliceUnit = {
        id: `police-${i + 1}-${k}`,
        name: `${zh} 巡${k}`,
        localNames: names(`${zh} 巡${k}`, `${en} Patrol ${k}`),
        kind: 'police',
        mode: 'car',
        orgId: station.id,
        profile: 'drive',
        turnoutSeconds: 30,
        status: 'available',
        talkGroupIds: ['tg-xinjiekou'],
      };
      units.push(unit);
      startPositions.set(unit.id, at(place));
    }
  });
  // Each grid worker starts at the staffed place nearest the middle of its cell.
  const anchors = [...chosen.map((c) => c.place), ...stationPlaces];
  cells.forEach((cell, i) => {
    const row = Math.floor(i / columns);
    const column = i % columns;
    const middle = {
      lon: west + ((column + 0.5) * (east - west)) / columns,
      lat: north - ((row + 0.5) * (north - south)) / rows,
    };
    const home = nearest(anchors, middle);
    const unit: GridUnit = {
      id: `grid-unit-${i + 1}`,
      name: `网格员 ${i + 1}`,
      localNames: names(`网格员 ${i + 1}`, `Grid worker ${i + 1}`),
      kind: 'grid',
      orgId: cell.id,
      profile: 'bike',
      turnoutSeconds: 20,
      status: 'available',
      talkGroupIds: [],
      members: [{ personId: `grid-person-${i + 1}`, name: `网格员 ${i + 1}`, role: 'leader' }],
    };
    units.push(unit);
    startPositions.set(unit.id, at(home));
  });
  return {
    key: 'nanjing',
    orgs,
    units,
    sites,
    talkGroups: [
      {
        id: 'tg-xinjiekou',
        name: '新街口商圈',
        localNames: names('新街口商圈', 'Xinjiekou business district'),
        orgId: 'district',
        unitIds: units.filter((u) => u.talkGroupIds.includes('tg-xinjiekou')).map((u) => u.id),
      },
    ],
    startPositions,
    homes: {
      admin: { orgId: 'city', unitIds: [] },
      supervisor: { orgId: 'district', unitIds: [] },
      dispatcher: { orgId: 'district', unitIds: [] },
      responder: { orgId: 'station-1', unitIds: ['police-1-1'] },
      grid_worker: { orgId: 'grid-1', unitIds: ['grid-unit-1'] },
      department: { orgId: 'urban-management', unitIds: [] },
      analyst: { orgId: 'district', unitIds: [] },
      integration: { orgId: 'district', unitIds: [] },
    },
  };
}

/**
 * Every place of the city that gets a minimum emergency unit, with its site kind: the named
 * places of DEMO_SITE_KINDS, in that order, one per 80 m.
 */
export function demoSitePlaces(places: readonly Place[]): { place: Place; kind: SiteKind }[] {
  const candidates: { place: Place; kind: SiteKind; lon: number; lat: number }[] = [];
  for (const [osmKind, kind] of DEMO_SITE_KINDS) {
    for (const place of places) {
      if (place.kind === osmKind) candidates.push({ place, kind, lon: place.lon, lat: place.lat });
    }
  }
  return distinctPlaces(candidates, SITE_SPACING_METRES).map(({ place, kind }) => ({
    place,
    kind,
  }));
}

/** A station's name: its OSM name, or "派出所 N" when OSM has none in Chinese. */
function stationNames(place: Place, n: number): LocalNames {
  const generic = place.localNames.zh === '派出所';
  return {
    zh: generic ? `派出所 ${n}` : place.localNames.zh,
    en: place.name === 'police' ? `Police station ${n}` : place.localNames.en,
  };
}

/** One item per `metres`, the first one found kept. */
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

function nearest<T extends { lon: number; lat: number }>(
  items: readonly T[],
  to: { lon: number; lat: number },
): T {
  let best = items[0];
  let bestMetres = Infinity;
  for (const item of items) {
    const metres = haversineMetres(item.lon, item.lat, to.lon, to.lat);
    if (metres < bestMetres) [best, bestMetres] = [item, metres];
  }
  return best;
}
