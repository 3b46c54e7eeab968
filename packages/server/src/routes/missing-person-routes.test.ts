import {
  FixedClock,
  haversineMetres,
  searchRadiusMetres,
  type MissingPersonCase,
} from '@jiefang/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

describe('missing person: ring, sectors, sightings, found (demo city)', () => {
  const clock = new FixedClock(Date.parse('2026-12-03T02:00:00Z'));
  let server: TestServer;
  const post = async (url: string, user: string, payload?: Record<string, unknown>) =>
    server.app.inject({
      method: 'POST',
      url,
      headers: { cookie: await server.cookie(user) },
      payload,
    });

  beforeAll(async () => {
    server = await startTestServer({ clock });
    server.placeUnits();
  }, 60_000);
  afterAll(async () => server?.close());

  it('grows the ring at walking speed', () => {
    const seen = {
      lastSeen: { location: { lon: 0, lat: 0 }, at: '2026-12-03T01:00:00Z' },
      walkingSpeedMps: 0.8,
    };
    expect(searchRadiusMetres(seen, Date.parse('2026-12-03T01:00:30Z'))).toBe(200);
    expect(searchRadiusMetres(seen, Date.parse('2026-12-03T01:30:00Z'))).toBe(1440);
  });

  it('broadcasts to every unit in the ring, assigns sectors by road time, takes sightings, clears when found', async () => {
    const centre = server.seed.startPositions.get('police-1-1')!;
    const opened = await post('/api/v1/missing-persons', 'dispatcher', {
      id: 'mp-1',
      orgId: 'station-1',
      photoRef: 'file://photos/mp-1.jpg',
      description: '78 岁男性，灰色外套，拄拐杖',
      lastSeen: {
        location: { lon: centre.lon, lat: centre.lat },
        at: new Date(clock.now() - 20 * 60_000).toISOString(),
      },
      walkingSpeedMps: 0.8,
    });
    expect(opened.statusCode, opened.body).toBe(201);

    // The console asks first who the one key would alert: the same ring and units it then sends.
    const preview = await server.app.inject({
      url: '/api/v1/missing-persons/mp-1/broadcast-preview',
      headers: { cookie: await server.cookie('dispatcher') },
    });
    expect(preview.statusCode, preview.body).toBe(200);
    const first = await post('/api/v1/missing-persons/mp-1/broadcast', 'dispatcher');
    expect(first.statusCode, first.body).toBe(200);
    const b1 = (first.json() as MissingPersonCase).broadcasts[0];
    expect(preview.json()).toMatchObject({ radiusMetres: b1.radiusMetres, unitIds: b1.unitIds });
    expect(preview.json().units.map((u: { id: string }) => u.id)).toEqual(b1.unitIds);
    expect(preview.json().units[0].name).toEqual(expect.any(String));
    // A responder may not send the one key, nor preview it.
    const refused = await server.app.inject({
      url: '/api/v1/missing-persons/mp-1/broadcast-preview',
      headers: { cookie: await server.cookie('responder') },
    });
    expect(refused.statusCode).toBe(403);
    expect(b1.radiusMetres).toBe(960);
    expect(b1.unitIds.length).toBeGreaterThan(0);
    for (const unitId of b1.unitIds) {
      const at = server.seed.startPositions.get(unitId)!;
      expect(haversineMetres(at.lon, at.lat, centre.lon, centre.lat)).toBeLessThanOrEqual(960);
    }
    const outside = [...server.seed.startPositions].filter(
      ([, p]) => haversineMetres(p.lon, p.lat, centre.lon, centre.lat) > 960,
    );
    for (const [unitId] of outside) expect(b1.unitIds).not.toContain(unitId);
    expect(b1.sectors).toHaveLength(6);
    const assigned = b1.sectors.filter((s) => s.unitId).map((s) => s.unitId);
    expect(assigned.length).toBe(Math.min(6, b1.unitIds.length));
    expect(new Set(assigned).size).toBe(assigned.length);
    for (const sector of b1.sectors.filter((s) => s.unitId)) {
      expect(b1.unitIds).toContain(sector.unitId);
      expect(sector.etaSeconds).toBeGreaterThan(0);
    }

    clock.advance(15 * 60);
    server.placeUnits();
    const second = (
      await post('/api/v1/missing-persons/mp-1/broadcast', 'dispatcher')
    ).json() as MissingPersonCase;
    const b2 = second.broadcasts[1];
    expect(b2.radiusMetres).toBe(1680);
    expect(b2.unitIds.length).toBeGreaterThanOrEqual(b1.unitIds.length);

    const sighting = await post('/api/v1/missing-persons/mp-1/sightings', 'responder', {
      location: { lon: centre.lon + 0.004, lat: centre.lat },
      unitId: 'police-1-1',
      note: '便利店门口看到相似老人',
    });
    expect(sighting.statusCode, sighting.body).toBe(200);
    expect(sighting.json().sightings).toHaveLength(1);

    clock.advance(10 * 60);
    const found = await post('/api/v1/missing-persons/mp-1/found', 'dispatcher', {
      location: { lon: centre.lon + 0.005, lat: centre.lat },
    });
    expect(found.json()).toMatchObject({ status: 'found', timeToFindSeconds: 45 * 60 });
    const late = await post('/api/v1/missing-persons/mp-1/broadcast', 'dispatcher');
    expect([late.statusCode, late.json().error.code]).toEqual([409, 'ERR_ILLEGAL_TRANSITION']);

    // The list keeps found cases (the console shows how long each took), with their version.
    const list = await server.app.inject({
      url: '/api/v1/missing-persons',
      headers: { cookie: await server.cookie('dispatcher') },
    });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toContainEqual(
      expect.objectContaining({ id: 'mp-1', status: 'found', version: 5 }),
    );
    // The grid worker's org (one grid) does not hold a station's case.
    const narrow = await server.app.inject({
      url: '/api/v1/missing-persons',
      headers: { cookie: await server.cookie('grid') },
    });
    expect(narrow.statusCode, narrow.body).toBe(200);
    expect(narrow.json()).toEqual([]);
  });

  it('refuses a last-seen time in the future', async () => {
    const future = await post('/api/v1/missing-persons', 'dispatcher', {
      id: 'mp-2',
      orgId: 'station-1',
      description: 'x',
      lastSeen: {
        location: { lon: 118.78, lat: 32.04 },
        at: new Date(clock.now() + 3_600_000).toISOString(),
      },
      walkingSpeedMps: 1.2,
    });
    expect([future.statusCode, future.json().error.field]).toEqual([400, 'lastSeen.at']);
  });
});
