import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haversineMetres, type Site, type Unit } from '@jiefang/core';
import { CityRouter } from '@jiefang/routing';
import { startTestServer, demoCityGraph, type TestServer } from '../test-support/test-server.ts';
import { DEMO_LOGINS, seedDemoCity } from './demo-seed.ts';
import {
  COMPACT_NANJING,
  DEMO_SITE_KINDS,
  nanjingDemoCity,
  SITE_SPACING_METRES,
  STATION_SPACING_METRES,
} from './nanjing-demo-city.ts';

const HAN = /\p{Script=Han}/u;

describe('demo seed: the full Xinjiekou district (city-neutral seeding, Nanjing by default)', () => {
  let server: TestServer;
  let units: Unit[];
  let sites: Site[];

  beforeAll(async () => {
    // {}: the demo's own density, as `npm start` seeds it (the API tests use COMPACT_NANJING).
    server = await startTestServer({ nanjing: {} });
    units = [...server.ctx.world.units.values()].map((u) => u.value);
    sites = [...server.ctx.world.sites.values()].map((s) => s.value);
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  it('builds one org tree with stations, a community, grid cells and a department under the city', () => {
    const tree = server.ctx.world.orgTree;
    const orgs = [...server.ctx.world.orgs.values()].map((o) => o.value);
    expect(orgs.filter((o) => o.parentId === null).map((o) => o.id)).toEqual(['city']);
    for (const org of orgs) {
      if (org.parentId !== null) expect(tree.has(org.parentId), org.id).toBe(true);
    }
    const kinds = new Set(orgs.map((o) => o.kind));
    for (const kind of ['city', 'district', 'station', 'community', 'grid', 'department'])
      expect(kinds.has(kind as never), kind).toBe(true);
  });

  it('staffs every mall, school, hospital, market and bank of the OSM data', () => {
    const places = server.ctx.router.city.places;
    const osmKinds = new Map(DEMO_SITE_KINDS);
    const wanted = places.filter((p) => osmKinds.has(p.kind));
    for (const kind of ['mall', 'school', 'hospital', 'market', 'bank'])
      expect(
        sites.some((s) => s.kind === kind),
        kind,
      ).toBe(true);
    // Each such place has a site where OSM maps it (a bank inside a mall shares the mall's).
    for (const place of wanted) {
      const near = sites.find(
        (s) =>
          haversineMetres(s.location.lon, s.location.lat, place.lon, place.lat) <=
          SITE_SPACING_METRES,
      );
      expect(near, `${place.kind} ${place.name}`).toBeDefined();
    }
    // …and no two sites stand within the spacing of each other.
    for (const [i, a] of sites.entries()) {
      for (const b of sites.slice(i + 1)) {
        const metres = haversineMetres(
          a.location.lon,
          a.location.lat,
          b.location.lon,
          b.location.lat,
        );
        expect(metres, `${a.id} ${b.id}`).toBeGreaterThan(SITE_SPACING_METRES);
      }
    }
    expect(sites.length).toBeGreaterThan(COMPACT_NANJING.maxSites!);
  });

  it('puts a minimum emergency unit at every site, standing there, and every site inside the extract', () => {
    const w = server.ctx.world;
    const [west, south, east, north] = server.ctx.router.city.meta.bbox;
    for (const site of sites) {
      expect(
        site.location.lon >= west &&
          site.location.lon <= east &&
          site.location.lat >= south &&
          site.location.lat <= north,
        site.id,
      ).toBe(true);
      expect(site.unitIds.length, site.id).toBeGreaterThan(0);
      for (const unitId of site.unitIds) {
        const unit = w.units.get(unitId)?.value;
        expect(unit?.kind, unitId).toBe('community');
        expect(unit?.siteId).toBe(site.id);
        expect(server.seed.startPositions.get(unitId)).toEqual(site.location);
      }
    }
    for (const unit of units.filter((u) => u.kind === 'community')) {
      expect(
        sites.some((s) => s.id === unit.siteId && s.unitIds.includes(unit.id)),
        unit.id,
      ).toBe(true);
    }
  });

  it('has a station per police POI with patrol cars, and a grid worker per grid cell', () => {
    const w = server.ctx.world;
    const orgs = [...w.orgs.values()].map((o) => o.value);
    const stations = orgs.filter((o) => o.kind === 'station');
    const police = server.ctx.router.city.places.filter((p) => p.kind === 'amenity=police');
    const carsOf = (stationId: string) =>
      units.filter((u) => u.kind === 'police' && u.orgId === stationId);
    const stationAt = stations.map((s) => server.seed.startPositions.get(carsOf(s.id)[0].id)!);
    for (const poi of police) {
      expect(
        stationAt.some(
          (at) => haversineMetres(at.lon, at.lat, poi.lon, poi.lat) <= STATION_SPACING_METRES,
        ),
        poi.name,
      ).toBe(true);
    }
    for (const station of stations)
      expect(carsOf(station.id).length, station.id).toBeGreaterThan(
        COMPACT_NANJING.carsPerStation!,
      );
    const cells = orgs.filter((o) => o.kind === 'grid');
    expect(cells.length).toBeGreaterThan(2);
    for (const cell of cells)
      expect(
        units.filter((u) => u.kind === 'grid' && u.orgId === cell.id),
        cell.id,
      ).toHaveLength(1);
  });

  it('starts every unit on the road network of its profile, inside the city', () => {
    const [west, south, east, north] = server.ctx.router.city.meta.bbox;
    for (const unit of units) {
      expect(server.ctx.world.orgs.has(unit.orgId), `${unit.id} org`).toBe(true);
      const at = server.seed.startPositions.get(unit.id);
      expect(at, `${unit.id} start`).toBeDefined();
      expect(at!.lon >= west && at!.lon <= east && at!.lat >= south && at!.lat <= north).toBe(true);
      expect(server.ctx.travelTimes.snap(unit.profile, at!.lon, at!.lat), unit.id).toBeDefined();
    }
    for (const { value: group } of server.ctx.world.talkGroups.values()) {
      for (const unitId of group.unitIds)
        expect(server.ctx.world.units.has(unitId), `${group.id}: ${unitId}`).toBe(true);
    }
  });

  it('names every unit, site, org and talk group in Chinese and in English', () => {
    const w = server.ctx.world;
    const named = [
      ...units,
      ...sites,
      ...[...w.orgs.values()].map((o) => o.value),
      ...[...w.talkGroups.values()].map((g) => g.value),
    ];
    for (const thing of named) {
      expect(thing.localNames, thing.id).toBeDefined();
      const { zh, en } = thing.localNames!;
      // Chinese with no English word in it ("Wulaocun Police Station 巡1" was the bug)…
      expect(zh, thing.id).not.toMatch(/[A-Za-z]{3,}/);
      // …and English (OSM's name:en or pinyin) with no Chinese character.
      expect(HAN.test(en), `${thing.id}: ${en}`).toBe(false);
      if (thing.id !== 'urban-management') expect(thing.name, thing.id).toBe(zh);
    }
  });

  it('gives every demo login an account of its role at an org that exists', async () => {
    const w = server.ctx.world;
    for (const login of DEMO_LOGINS) {
      const account = w.accounts.get(`account-${login.username}`)?.value;
      expect(account, login.username).toBeDefined();
      expect(account!.roles).toContain(login.role);
      expect(w.orgs.has(account!.orgId), login.username).toBe(true);
      for (const unitId of account!.unitIds) expect(w.units.has(unitId)).toBe(true);
      expect(await server.cookie(login.username)).toMatch(/^jf_/);
    }
    expect(w.accounts.get('account-responder')!.value.unitIds).toEqual(['police-1-1']);
  });

  it('is the Nanjing city description, seeded once; the compact district is its first part', async () => {
    const router = new CityRouter(await demoCityGraph());
    const city = nanjingDemoCity(router);
    expect(new Set(city.units.map((u) => u.id))).toEqual(new Set(server.ctx.world.units.keys()));
    const before = server.ctx.world.units.size;
    const again = await seedDemoCity(server.ctx, { city });
    expect(server.ctx.world.units.size).toBe(before);
    // A restart: the units at sites start there.
    expect(again.startPositions.get('eu-1')).toEqual(server.seed.startPositions.get('eu-1'));
    // The API tests' district keeps the ids and sites they rely on.
    const compact = nanjingDemoCity(router, COMPACT_NANJING);
    expect(compact.sites.map((s) => s.location)).toEqual(
      city.sites.slice(0, COMPACT_NANJING.maxSites).map((s) => s.location),
    );
    for (const id of ['eu-1', 'eu-16', 'police-1-1', 'police-1-2', 'grid-unit-1', 'grid-unit-2'])
      expect(
        compact.units.some((u) => u.id === id),
        id,
      ).toBe(true);
  });
});
