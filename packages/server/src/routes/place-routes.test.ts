import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

describe('place search route', () => {
  let server: TestServer;
  const search = async (query: string, username = 'dispatcher') =>
    server.app.inject({
      url: `/api/v1/places/search?${query}`,
      headers: { cookie: await server.cookie(username) },
    });
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('finds 中央商场 by part of its name', async () => {
    const response = await search(`q=${encodeURIComponent('中央')}`);
    expect(response.statusCode).toBe(200);
    expect(response.json().map((h: { name: string }) => h.name)).toContain('中央商场');
  });

  it('finds 新街口 places and streets, and Latin names', async () => {
    const hits = (await search(`q=${encodeURIComponent('新街口')}&limit=50`)).json();
    expect(hits.some((h: { type: string }) => h.type === 'poi')).toBe(true);
    expect(hits.some((h: { type: string }) => h.type === 'street')).toBe(true);
    const latin = (await search('q=walmart')).json();
    expect(latin[0]).toMatchObject({ name: '沃尔玛', matchedName: 'Walmart' });
  });

  it('answers rows a dispatcher can tell apart: one row per place, with the street it is on', async () => {
    const hits: { name: string; kind: string; lon: number; lat: number; street?: string }[] = (
      await search(`q=${encodeURIComponent('新街口')}&limit=50&near=118.78,32.04`)
    ).json();
    // No two rows of the same name and kind within 250 m.
    for (const [i, a] of hits.entries()) {
      for (const b of hits.slice(i + 1)) {
        if (a.name !== b.name || a.kind !== b.kind) continue;
        const metres = Math.hypot((a.lon - b.lon) * 94_000, (a.lat - b.lat) * 111_000);
        expect(metres, `${a.name} ${a.kind}`).toBeGreaterThan(250);
      }
    }
    const pois = hits.filter((h) => h.kind !== 'street');
    expect(pois.filter((h) => h.street).length).toBeGreaterThan(pois.length / 2);
  });

  it('biases by near and reports the distance', async () => {
    const hits = (await search(`q=${encodeURIComponent('新街口#1')}&near=118.78,32.04`)).json();
    expect(hits[0].distanceM).toBeTypeOf('number');
  });

  it('answers an over-long search with a coded error in the API format, even past the header limit', async () => {
    const long = await search(`q=${encodeURIComponent('新'.repeat(101))}`);
    expect(long.statusCode).toBe(400);
    expect(long.json().error).toMatchObject({ code: 'ERR_VALIDATION', field: 'q' });
    // 5,000 characters: the URL alone is larger than Node accepts, refused before any route.
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const address = server.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const response = await fetch(
      `http://127.0.0.1:${port}/api/v1/places/search?q=${encodeURIComponent('新'.repeat(5000))}`,
      { headers: { cookie: await server.cookie('dispatcher') } },
    );
    expect(response.status).toBe(431);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect((await response.json()).error).toMatchObject({
      code: 'ERR_REQUEST_TOO_LARGE',
      field: 'url',
    });
  });

  it('refuses an empty or punctuation-only q, naming q', async () => {
    for (const q of ['', '%20%20', encodeURIComponent('、。')]) {
      const response = await search(`q=${q}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'ERR_VALIDATION', field: 'q' });
    }
    const missing = await search('');
    expect(missing.json().error.field).toBe('q');
  });

  it('bounds limit and checks near', async () => {
    expect((await search(`q=${encodeURIComponent('新')}&limit=2`)).json()).toHaveLength(2);
    for (const limit of ['0', '51', 'many']) {
      const response = await search(`q=x&limit=${limit}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.field).toBe('limit');
    }
    const badNear = await search('q=x&near=200,10');
    expect(badNear.statusCode).toBe(400);
    expect(badNear.json().error.field).toBe('near');
  });

  it('is for those who may read incidents', async () => {
    expect((await search('q=x', 'analyst')).statusCode).toBe(200);
    const department = await search('q=x', 'department');
    expect(department.statusCode).toBe(403);
    expect(department.json().error.code).toBe('ERR_FORBIDDEN');
    expect((await server.app.inject({ url: '/api/v1/places/search?q=x' })).statusCode).toBe(401);
  });
});
