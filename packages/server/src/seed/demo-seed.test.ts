import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CityRouter } from '@jiefang/routing';
import { startTestServer, demoCityGraph, type TestServer } from '../test-support/test-server.ts';
import { DEMO_LOGINS, seedDemoCity } from './demo-seed.ts';
import { nanjingDemoCity } from './nanjing-demo-city.ts';

/**
 * What the Nanjing demo seed wrote before it was made city-neutral (orgs, units, sites, talk
 * groups and accounts in creation order, start positions), captured from the previous code.
 */
const before = JSON.parse(
  readFileSync(new URL('./nanjing-demo-seed.fixture.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

describe('demo seed (city-neutral, Nanjing by default)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it('gives the same Nanjing organisation as before, in the same order', () => {
    const w = server.ctx.world;
    const values = <T>(map: Map<string, { value: T }>) => [...map.values()].map((v) => v.value);
    const now = {
      orgs: values(w.orgs),
      units: values(w.units),
      sites: values(w.sites),
      talkGroups: values(w.talkGroups),
      accounts: values(w.accounts).map((a) => ({ ...a, passwordHash: undefined })),
      startPositions: Object.fromEntries(
        [...server.seed.startPositions].map(([id, p]) => [id, { lon: p.lon, lat: p.lat }]),
      ),
    };
    expect(JSON.parse(JSON.stringify(now))).toEqual(before);
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
    expect(city.orgs.map((o) => o.id)).toEqual((before.orgs as { id: string }[]).map((o) => o.id));
    expect(city.units.map((u) => u.id)).toEqual(
      (before.units as { id: string }[]).map((u) => u.id),
    );
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
