import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CityRouter } from '@jiefang/routing';
import { startTestServer, demoCityGraph, type TestServer } from '../test-support/test-server.ts';
import { DEMO_LOGINS, seedDemoCity } from './demo-seed.ts';
import { nanjingDemoCity } from './nanjing-demo-city.ts';

describe('demo seed (city-neutral, Nanjing by default)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it('builds one org tree with stations, communities, grid cells and departments under the city', () => {
    const tree = server.ctx.world.orgTree;
    const orgs = [...server.ctx.world.orgs.values()].map((o) => o.value);
    const roots = orgs.filter((o) => o.parentId === null);
    expect(roots.map((o) => o.id)).toEqual(['city']);
    for (const org of orgs) {
      if (org.parentId !== null) expect(tree.has(org.parentId), org.id).toBe(true);
    }
    const kinds = new Set(orgs.map((o) => o.kind));
    for (const kind of ['city', 'district', 'station', 'community', 'grid'])
      expect(kinds.has(kind as never), kind).toBe(true);
    expect(orgs.filter((o) => o.kind === 'station').length).toBeGreaterThanOrEqual(2);
  });

  it('places every unit of an existing org on the road network of its profile, inside the city', () => {
    const w = server.ctx.world;
    const [west, south, east, north] = server.ctx.router.city.meta.bbox;
    const units = [...w.units.values()].map((u) => u.value);
    const kinds = new Set(units.map((u) => u.kind));
    for (const kind of ['police', 'community', 'grid'])
      expect(kinds.has(kind as never), kind).toBe(true);
    for (const unit of units) {
      expect(w.orgs.has(unit.orgId), `${unit.id} org`).toBe(true);
      const at = server.seed.startPositions.get(unit.id);
      expect(at, `${unit.id} start`).toBeDefined();
      expect(at!.lon >= west && at!.lon <= east && at!.lat >= south && at!.lat <= north).toBe(true);
      expect(
        server.ctx.travelTimes.snap(unit.profile, at!.lon, at!.lat),
        `${unit.id} snap`,
      ).toBeDefined();
    }
    // Community units stand at their site.
    for (const { value: site } of w.sites.values()) {
      for (const unitId of site.unitIds) {
        expect(server.seed.startPositions.get(unitId)).toEqual(site.location);
      }
    }
    for (const { value: group } of w.talkGroups.values()) {
      for (const unitId of group.unitIds)
        expect(w.units.has(unitId), `${group.id}: ${unitId}`).toBe(true);
    }
  });

  it('gives every demo login an account of its role at an org that exists', () => {
    const w = server.ctx.world;
    for (const login of DEMO_LOGINS) {
      const account = w.accounts.get(`account-${login.username}`)?.value;
      expect(account, login.username).toBeDefined();
      expect(account!.roles).toContain(login.role);
      expect(w.orgs.has(account!.orgId), login.username).toBe(true);
      for (const unitId of account!.unitIds) expect(w.units.has(unitId)).toBe(true);
    }
  });

  it('keeps the ids the other tests rely on', () => {
    const w = server.ctx.world;
    for (const id of ['city', 'district', 'station-1', 'community', 'grid-1', 'urban-management'])
      expect(w.orgs.has(id), id).toBe(true);
    for (const id of ['eu-1', 'eu-16', 'police-1-1', 'police-2-1', 'grid-unit-1', 'grid-unit-2'])
      expect(w.units.has(id), id).toBe(true);
    expect(w.talkGroups.has('tg-xinjiekou')).toBe(true);
    for (const login of DEMO_LOGINS) expect(w.accounts.has(`account-${login.username}`)).toBe(true);
    expect(w.accounts.get('account-responder')!.value.unitIds).toEqual(['police-1-1']);
  });

  it('is the Nanjing city description, seeded once', async () => {
    const city = nanjingDemoCity(new CityRouter(await demoCityGraph()));
    expect(city.orgs.map((o) => o.id)).toEqual(
      [...server.ctx.world.orgs.keys()].filter((id) => city.orgs.some((o) => o.id === id)),
    );
    expect(new Set(city.units.map((u) => u.id))).toEqual(new Set(server.ctx.world.units.keys()));
    const events = server.ctx.world.units.size;
    const again = await seedDemoCity(server.ctx, { city });
    expect(server.ctx.world.units.size).toBe(events);
    // A restart: the units at sites start there.
    expect(again.startPositions.get('eu-1')).toEqual(server.seed.startPositions.get('eu-1'));
  });

  it('logs in every demo role with the published password', async () => {
    for (const login of DEMO_LOGINS) expect(await server.cookie(login.username)).toMatch(/^jf_/);
  });
});
