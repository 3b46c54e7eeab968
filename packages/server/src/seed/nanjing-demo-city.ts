import {
  haversineMetres,
  type EmergencyUnit,
  type GridUnit,
  type LonLat,
  type Org,
  type PoliceUnit,
  type Site,
  type SiteKind,
  type Unit,
} from '@jiefang/core';
import type { CityRouter, Place } from '@jiefang/routing';
import type { DemoCity } from './demo-city.ts';

const SITE_KINDS: [string, SiteKind][] = [
  ['shop=mall', 'mall'],
  ['shop=department_store', 'mall'],
  ['amenity=school', 'school'],
  ['building=school', 'school'],
  ['amenity=hospital', 'hospital'],
  ['amenity=bank', 'bank'],
  ['amenity=marketplace', 'market'],
];

/**
 * The Xinjiekou (Nanjing) demo city, built from the city's own OSM places: a district with one
 * station per police POI (100 m apart; one in the middle when there is none), a community with
 * two grid cells, community emergency units at the first `maxSites` (16) distinct malls,
 * schools, hospitals, banks and markets (80 m apart) with 2–3 members each, two police cars per
 * station, a grid worker per cell, a talk group for the business district.
 */
export function nanjingDemoCity(router: CityRouter, options: { maxSites?: number } = {}): DemoCity {
  const startPositions = new Map<string, LonLat>();
  const places = router.city.places;
  const stationsPlaces = distinct(
    places.filter((p) => p.kind === 'amenity=police'),
    100,
  );
  const stations: Org[] = stationsPlaces.map((p, i) => ({
    id: `station-${i + 1}`,
    parentId: 'district',
    kind: 'station',
    name: p.name === 'police' ? `派出所 ${i + 1}` : p.name,
  }));
  if (stations.length === 0) {
    const [w, s, e, n] = router.city.meta.bbox;
    stationsPlaces.push({
      osmType: 'node',
      osmId: 0,
      kind: 'amenity=police',
      name: '派出所',
      altNames: [],
      lon: (w + e) / 2,
      lat: (s + n) / 2,
    });
    stations.push({ id: 'station-1', parentId: 'district', kind: 'station', name: '派出所' });
  }
  const orgs: Org[] = [
    { id: 'city', parentId: null, kind: 'city', name: '南京市 Nanjing' },
    { id: 'district', parentId: 'city', kind: 'district', name: '玄武区 Xuanwu' },
    ...stations,
    { id: 'community', parentId: 'station-1', kind: 'community', name: '新街口社区 Xinjiekou' },
    { id: 'grid-1', parentId: 'community', kind: 'grid', name: '网格 1' },
    { id: 'grid-2', parentId: 'community', kind: 'grid', name: '网格 2' },
    {
      id: 'urban-management',
      parentId: 'district',
      kind: 'department',
      name: '城管 Urban management',
    },
  ];

  const sitePlaces: { place: Place; kind: SiteKind }[] = [];
  for (const [osmKind, kind] of SITE_KINDS) {
    for (const place of places.filter((p) => p.kind === osmKind)) sitePlaces.push({ place, kind });
  }
  const chosen = distinct(
    sitePlaces.map((s) => ({ ...s.place, siteKind: s.kind })),
    80,
  ).slice(0, options.maxSites ?? 16);
  const units: Unit[] = [];
  const sites: Site[] = [];
  const at = (p: { lon: number; lat: number }): LonLat => ({ lon: p.lon, lat: p.lat });
  chosen.forEach((place, i) => {
    const unitId = `eu-${i + 1}`;
    const site: Site = {
      id: `site-${i + 1}`,
      name: place.name,
      kind: place.siteKind,
      orgId: 'community',
      location: at(place),
      unitIds: [unitId],
    };
    sites.push(site);
    const unit: EmergencyUnit = {
      id: unitId,
      name: `${place.name} 应急单元`,
      kind: 'community',
      orgId: 'community',
      profile: 'walk',
      turnoutSeconds: 10,
      status: 'available',
      talkGroupIds: ['tg-xinjiekou'],
      siteId: site.id,
      members: [
        { personId: `${unitId}-1`, name: `${place.name} 保安 1`, role: 'leader' },
        { personId: `${unitId}-2`, name: `${place.name} 保安 2`, role: 'member' },
        ...(i % 2 === 0
          ? [{ personId: `${unitId}-3`, name: `${place.name} 志愿者`, role: 'member' as const }]
          : []),
      ],
      equipment: ['shield', 'restraint fork', 'baton', 'stab vest', 'radio'],
    };
    units.push(unit);
    startPositions.set(unitId, at(place));
  });
  stations.forEach((station, i) => {
    const place = stationsPlaces[i];
    for (let k = 1; k <= 2; k++) {
      const unit: PoliceUnit = {
        id: `police-${i + 1}-${k}`,
        name: `${station.name} 巡${k}`,
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
  for (const [i, gridId] of ['grid-1', 'grid-2'].entries()) {
    const place = chosen[i] ?? stationsPlaces[0];
    const unit: GridUnit = {
      id: `grid-unit-${i + 1}`,
      name: `网格员 ${i + 1}`,
      kind: 'grid',
      orgId: gridId,
      profile: 'bike',
      turnoutSeconds: 20,
      status: 'available',
      talkGroupIds: [],
      members: [{ personId: `grid-person-${i + 1}`, name: `网格员 ${i + 1}`, role: 'leader' }],
    };
    units.push(unit);
    startPositions.set(unit.id, at(place));
  }
  return {
    key: 'nanjing',
    orgs,
    units,
    sites,
    talkGroups: [
      {
        id: 'tg-xinjiekou',
        name: '新街口商圈 Xinjiekou business district',
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

/** OSM maps many places twice (building and entrance): keep one per `metres`. */
function distinct<T extends { lon: number; lat: number }>(items: T[], metres: number): T[] {
  const kept: T[] = [];
  for (const item of items) {
    if (kept.every((k) => haversineMetres(k.lon, k.lat, item.lon, item.lat) > metres))
      kept.push(item);
  }
  return kept;
}
