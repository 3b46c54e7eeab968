import { FixedClock, haversineMetres, type Site } from '@jiefang/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

describe('GET /api/v1/dispatches/{id}/route', () => {
  let server: TestServer;
  let site: Site;
  const clock = new FixedClock(Date.now());

  const call = async (method: 'GET' | 'POST', url: string, user: string, payload?: object) =>
    server.app.inject({ method, url, payload, headers: { cookie: await server.cookie(user) } });

  /** police-1-1 sent to a new incident at site-1. */
  const dispatchPolice11 = async () => {
    const incident = await call('POST', '/api/v1/incidents', 'dispatcher', {
      source: 'call',
      categoryCode: 'theft',
      location: { lon: site.location.lon, lat: site.location.lat },
      description: `theft at ${site.name}`,
      orgId: 'station-1',
    });
    expect(incident.statusCode).toBe(201);
    const sent = await call('POST', '/api/v1/dispatches', 'dispatcher', {
      incidentId: incident.json().id,
      unitId: 'police-1-1',
      tier: 2,
    });
    expect(sent.statusCode).toBe(201);
    return sent.json() as { id: string };
  };

  beforeAll(async () => {
    server = await startTestServer({ clock });
    site = server.ctx.world.sites.get('site-1')!.value;
  });
  afterAll(async () => server.close());

  it('answers 422 ERR_STALE_POSITION while the unit has reported no position', async () => {
    const dispatch = await dispatchPolice11();
    const response = await call('GET', `/api/v1/dispatches/${dispatch.id}/route`, 'responder');
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'ERR_STALE_POSITION', field: 'unitId' });
    await call('POST', `/api/v1/dispatches/${dispatch.id}/cancel`, 'dispatcher', {
      reason: 'test',
    });
  });

  it("routes the responder's own car from its live position to the incident by road", async () => {
    server.placeUnits();
    const dispatch = await dispatchPolice11();
    const response = await call('GET', `/api/v1/dispatches/${dispatch.id}/route`, 'responder');
    expect(response.statusCode).toBe(200);
    const route = response.json();
    const start = server.seed.startPositions.get('police-1-1')!;
    expect(route).toMatchObject({
      dispatchId: dispatch.id,
      unitId: 'police-1-1',
      profile: 'drive',
      from: { lon: start.lon, lat: start.lat },
      to: { lon: site.location.lon, lat: site.location.lat },
      geometry: { type: 'LineString' },
    });
    expect(route.seconds).toBeGreaterThan(0);
    const straight = haversineMetres(start.lon, start.lat, site.location.lon, site.location.lat);
    // By road: at least the straight line (less the snapping at both ends), and not absurd.
    expect(route.metres).toBeGreaterThan(straight * 0.8);
    expect(route.metres).toBeLessThan(straight * 4 + 500);
    const line = route.geometry.coordinates as [number, number][];
    expect(line.length).toBeGreaterThan(1);
    const last = line[line.length - 1];
    expect(haversineMetres(last[0], last[1], site.location.lon, site.location.lat)).toBeLessThan(
      300,
    );

    // The dispatcher reads it too (incident.read on the dispatch's org); the department may not.
    expect(
      (await call('GET', `/api/v1/dispatches/${dispatch.id}/route`, 'dispatcher')).statusCode,
    ).toBe(200);
    const department = await call('GET', `/api/v1/dispatches/${dispatch.id}/route`, 'department');
    expect(department.statusCode).toBe(403);
  });

  it('answers 404 for an unknown dispatch', async () => {
    const response = await call('GET', '/api/v1/dispatches/no-such-dispatch/route', 'responder');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('ERR_NOT_FOUND');
  });
});
