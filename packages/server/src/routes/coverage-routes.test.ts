import { DEFAULT_CATALOGUE } from '@jiefang/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';
import { mergeIntervals, subtractIntervals } from './coverage-routes.ts';

interface Feature {
  properties: { band: number; profile: string; name: string | null };
  geometry: { type: string; coordinates: [number, number][] };
}

interface Share {
  band: number;
  metres: number;
  share: number;
}

describe('coverage, isochrone, whereabouts and catalogue routes', () => {
  let server: TestServer;
  const get = async (url: string, username = 'dispatcher') =>
    server.app.inject({ url, headers: { cookie: await server.cookie(username) } });

  beforeAll(async () => {
    server = await startTestServer();
    server.placeUnits();
  });
  afterAll(async () => server.close());

  it('lists the catalogue with both names and default priorities', async () => {
    const response = await get('/api/v1/catalogue');
    expect(response.statusCode).toBe(200);
    const { categories } = response.json() as {
      categories: { code: string; names: { zh: string; en: string }; defaultPriority: number }[];
    };
    expect(categories.map((c) => c.code)).toEqual(DEFAULT_CATALOGUE.codes());
    expect(categories.find((c) => c.code === 'fight')).toMatchObject({
      names: { zh: '打架斗殴', en: 'fight' },
      defaultPriority: 2,
      policeMatter: true,
    });
    expect((await get('/api/v1/catalogue', 'department')).statusCode).toBe(403);
  });

  it('draws 1-3-5 coverage of available police and community units on the roads, by band', async () => {
    const response = await get('/api/v1/coverage?kinds=police,community');
    expect(response.statusCode).toBe(200);
    const body = response.json() as {
      type: string;
      bands: number[];
      unitCount: number;
      shares: Share[];
      profiles: { profile: string; unitCount: number; shares: Share[] }[];
      features: Feature[];
    };
    expect(body.type).toBe('FeatureCollection');
    expect(body.bands).toEqual([60, 180, 300]);
    expect(body.unitCount).toBeGreaterThan(0);
    // Community units walk, police cars drive: one network each.
    expect(body.profiles.map((p) => p.profile).sort()).toEqual(['drive', 'walk']);
    const bands = new Set(body.features.map((f) => f.properties.band));
    expect([...bands].every((b) => [60, 180, 300].includes(b))).toBe(true);
    expect(bands.has(60)).toBe(true);
    for (const f of body.features) {
      expect(f.geometry.type).toBe('LineString');
      expect(f.geometry.coordinates.length).toBeGreaterThanOrEqual(2);
    }
    // Shares grow with the band and stay within 0..1.
    for (const shares of [body.shares, ...body.profiles.map((p) => p.shares)]) {
      expect(shares.map((s) => s.band)).toEqual([60, 180, 300]);
      expect(shares[0].share).toBeLessThanOrEqual(shares[1].share);
      expect(shares[1].share).toBeLessThanOrEqual(shares[2].share);
      expect(shares[2].share).toBeLessThanOrEqual(1);
    }
    expect(body.shares[2].share).toBeGreaterThan(0);
  });

  it('filters coverage by profile and counts only available units', async () => {
    const walk = (await get('/api/v1/coverage?kinds=community&profile=walk')).json();
    expect(walk.profiles.map((p: { profile: string }) => p.profile)).toEqual(['walk']);
    const drive = (await get('/api/v1/coverage?kinds=police&profile=drive')).json();
    const available = server.ctx.world.unitList.filter(
      (u) => u.kind === 'police' && u.status === 'available',
    ).length;
    expect(drive.unitCount).toBe(available);
    const none = (await get('/api/v1/coverage?kinds=police&profile=walk')).json();
    expect(none).toMatchObject({ unitCount: 0, features: [], profiles: [] });
  });

  it('names a bad kind', async () => {
    const response = await get('/api/v1/coverage?kinds=police,tanks');
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'ERR_VALIDATION', field: 'kinds' });
  });

  it('draws the isochrone of a unit from its live position on its own profile', async () => {
    const response = await get('/api/v1/units/police-1-1/isochrone?seconds=240');
    expect(response.statusCode).toBe(200);
    const body = response.json() as {
      profile: string;
      seconds: number;
      bands: number[];
      features: Feature[];
      shares: Share[];
    };
    expect(body).toMatchObject({ profile: 'drive', seconds: 240, bands: [60, 180, 240] });
    expect(body.features.length).toBeGreaterThan(0);
    expect(body.features.every((f) => f.properties.profile === 'drive')).toBe(true);
    expect(body.shares[2].share).toBeGreaterThanOrEqual(body.shares[0].share);
    // A longer isochrone reaches at least as far.
    const longer = (await get('/api/v1/units/police-1-1/isochrone?seconds=600')).json();
    expect(longer.shares.at(-1).metres).toBeGreaterThanOrEqual(body.shares[2].metres);
  });

  it('refuses an isochrone without a fresh position, and an unknown unit', async () => {
    server.positions.positions.set('police-1-2', {
      ...server.positions.positions.get('police-1-2')!,
      at: Date.now() - 3600_000,
    });
    const stale = await get('/api/v1/units/police-1-2/isochrone');
    expect(stale.statusCode).toBe(422);
    expect(stale.json().error.code).toBe('ERR_STALE_POSITION');
    expect((await get('/api/v1/units/nope/isochrone')).statusCode).toBe(404);
    const tooLong = await get('/api/v1/units/police-1-1/isochrone?seconds=99999');
    expect(tooLong.json().error.field).toBe('seconds');
  });

  it('says where each located unit is, by place or street', async () => {
    const response = await get('/api/v1/units/whereabouts');
    expect(response.statusCode).toBe(200);
    const rows = response.json() as { unitId: string; place?: string; street?: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.place !== undefined || r.street !== undefined)).toBe(true);
    const police = (await get('/api/v1/units/whereabouts?kind=police')).json() as {
      unitId: string;
    }[];
    expect(police.every((r) => server.ctx.world.units.get(r.unitId)!.value.kind === 'police')).toBe(
      true,
    );
  });

  it('cuts intervals into disjoint bands', () => {
    expect(
      mergeIntervals([
        [0.5, 0.7],
        [0, 0.2],
        [0.1, 0.3],
      ]),
    ).toEqual([
      [0, 0.3],
      [0.5, 0.7],
    ]);
    expect(
      subtractIntervals(
        [[0, 1]],
        [
          [0.2, 0.4],
          [0.6, 0.7],
        ],
      ),
    ).toEqual([
      [0, 0.2],
      [0.4, 0.6],
      [0.7, 1],
    ]);
    expect(subtractIntervals([[0.2, 0.4]], [[0, 1]])).toEqual([]);
  });
});
