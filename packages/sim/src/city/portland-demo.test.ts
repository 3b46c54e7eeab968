import { haversineMetres, type Org, type Unit } from '@jiefang/core';
import { DEMO_LOGINS } from '@jiefang/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portlandCalls } from '../paths.ts';
import { readPortlandCalls } from './portland-calls.ts';
import { busiestBlocks, callsInCity } from './portland.ts';
import {
  HAVE_PORTLAND,
  startPortlandServer,
  type PortlandTestServer,
} from './portland-test-support.ts';
import { trySnap } from './road-sampler.ts';

describe.skipIf(!HAVE_PORTLAND)('Portland demo seed (needs ../shared/data)', () => {
  let server: PortlandTestServer;
  const values = <T>(map: Map<string, { value: T }>) => [...map.values()].map((v) => v.value);

  beforeAll(async () => {
    server = await startPortlandServer({ demo: { start: '2016-08-22' } });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it('builds the org tree city → police bureau → precincts → neighbourhoods → grid cells', () => {
    const orgs = values<Org>(server.ctx.world.orgs);
    const byId = new Map(orgs.map((o) => [o.id, o]));
    expect(byId.get('city')).toMatchObject({ parentId: null, kind: 'city' });
    expect(byId.get('district')).toMatchObject({ parentId: 'city', kind: 'district' });
    const precincts = orgs.filter((o) => o.kind === 'station');
    expect(precincts.map((o) => o.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `station-${i + 1}`),
    );
    for (const p of precincts) {
      expect(p.parentId).toBe('district');
      expect(p.name).toMatch(/^Precinct \d+ \(.+\)$/);
      expect(byId.get(`community-${p.id.slice(8)}`)?.parentId).toBe(p.id);
    }
    const grids = orgs.filter((o) => o.kind === 'grid');
    expect(grids.length).toBeGreaterThan(3);
    for (const g of grids) expect(byId.get(g.parentId!)?.kind).toBe('community');
    expect(byId.get('urban-management')?.kind).toBe('department');
    // Every demo login has its home.
    const accounts = values(server.ctx.world.accounts);
    expect(accounts.map((a) => a.username).sort()).toEqual(
      DEMO_LOGINS.map((login) => login.username).sort(),
    );
    for (const a of accounts) expect(byId.has(a.orgId), a.username).toBe(true);
  });

  it('places police at the precinct bases, community units at the busiest blocks of the history', () => {
    const units = values<Unit>(server.ctx.world.units);
    const police = units.filter((u) => u.kind === 'police');
    const community = units.filter((u) => u.kind === 'community');
    const grid = units.filter((u) => u.kind === 'grid');
    expect(police).toHaveLength(20);
    expect(community).toHaveLength(40);
    expect(grid.length).toBeGreaterThan(3);
    for (const u of police) expect(u.orgId).toMatch(/^station-\d+$/);
    for (const u of community) expect(u.orgId).toMatch(/^community-\d+$/);
    // The two cars of a precinct start at its base.
    const base = server.seed.startPositions.get('police-3-1')!;
    expect(server.seed.startPositions.get('police-3-2')).toEqual(base);

    // The blocks from the calls before the replayed day only (1–21 August 2016).
    const all = callsInCity(server.ctx.router, readPortlandCalls(portlandCalls()));
    const history = all.filter((c) => c.date < '2016-08-22');
    const blocks = busiestBlocks(history);
    // Where a city would put them: the busiest blocks, at least 300 m apart.
    const chosen: typeof blocks = [];
    for (const b of blocks) {
      if (chosen.length === 40) break;
      if (chosen.every((c) => haversineMetres(c.lon, c.lat, b.lon, b.lat) >= 300)) chosen.push(b);
    }
    const sites = values(server.ctx.world.sites);
    expect(sites).toHaveLength(40);
    sites.forEach((site, i) => {
      expect(site.kind).toBe('other');
      // At its block's mean call location, snapped to the footway, named with its count.
      const block = chosen[i];
      const snapped = trySnap(server.ctx.router, 'walk', [block.lon, block.lat])!;
      expect(
        haversineMetres(snapped.lon, snapped.lat, site.location.lon, site.location.lat),
      ).toBeLessThan(1);
      expect(site.name).toMatch(new RegExp(`^Block ${i + 1}\\b.*, ${block.count} calls$`));
      const unit = community.find((u) => u.siteId === site.id)!;
      expect(server.seed.startPositions.get(unit.id)).toEqual(site.location);
      expect(unit.members.length).toBeGreaterThanOrEqual(2);
    });
    expect(chosen[39].count).toBeGreaterThanOrEqual(5); // 3 weeks of history
    // The busiest block of the history has its unit.
    const top = blocks[0];
    expect(
      sites.some((s) => haversineMetres(top.lon, top.lat, s.location.lon, s.location.lat) < 75),
    ).toBe(true);
    // Sites are at least 300 m apart.
    for (const a of sites)
      for (const b of sites)
        if (a.id < b.id)
          expect(
            haversineMetres(a.location.lon, a.location.lat, b.location.lon, b.location.lat),
          ).toBeGreaterThan(250);
  });

  it('starts every unit on its own road network', () => {
    const router = server.ctx.router;
    for (const unit of values<Unit>(server.ctx.world.units)) {
      const at = server.seed.startPositions.get(unit.id)!;
      const point = trySnap(router, unit.profile, [at.lon, at.lat]);
      expect(point, unit.id).toBeDefined();
      expect(point!.offRoadMetres, unit.id).toBeLessThan(1);
    }
  });

  it('gives talk groups per precinct with its cars and community units', () => {
    const groups = values(server.ctx.world.talkGroups);
    expect(groups).toHaveLength(10);
    const tg1 = groups.find((g) => g.id === 'tg-precinct-1')!;
    expect(tg1.unitIds).toContain('police-1-1');
    expect(tg1.unitIds).toContain('police-1-2');
  });

  it('replays the real calls of the day, times from the diurnal profile', () => {
    const { incidents, startEpochMs } = server.demo;
    expect(new Date(startEpochMs).toISOString()).toBe('2016-08-22T07:00:00.000Z');
    expect(incidents.length).toBeGreaterThan(150);
    expect(incidents.every((d) => d.atSeconds >= 0 && d.atSeconds < 86400)).toBe(true);
    const afternoon = incidents.filter((d) => d.atSeconds >= 14 * 3600 && d.atSeconds < 18 * 3600);
    const night = incidents.filter((d) => d.atSeconds >= 2 * 3600 && d.atSeconds < 6 * 3600);
    expect(afternoon.length).toBeGreaterThan(2 * night.length);
  });
});
