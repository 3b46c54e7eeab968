import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

/**
 * Values that Fastify's default validation let through: coerced bodies (true → 1, null → 0,
 * "Infinity" → Infinity) and non-finite numbers. Each must be a coded 400 naming the field.
 */
describe('bad input at the boundary', () => {
  let server: TestServer;
  const send = async (
    username: string,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: unknown,
  ) =>
    server.app.inject({
      method,
      url,
      headers: {
        cookie: await server.cookie(username),
        ...(typeof payload === 'string' ? { 'content-type': 'application/json' } : {}),
      },
      ...(payload !== undefined ? { payload: payload as string } : {}),
    });
  const expectField = (response: { statusCode: number; json(): unknown }, field: string) => {
    expect(response.statusCode).toBe(400);
    const body = response.json() as { error: { code: string; field: string } };
    expect(body.error.code).toBe('ERR_VALIDATION');
    expect(body.error.field).toBe(field);
  };

  beforeAll(async () => {
    server = await startTestServer();
    server.placeUnits();
  });
  afterAll(async () => server.close());

  it('refuses a string where a body wants a number ("Infinity" days)', async () => {
    const response = await send('admin', 'POST', '/api/v1/tokens', {
      accountId: 'account-responder',
      name: 'phone',
      days: 'Infinity',
    });
    expectField(response, 'days');
  });

  it('refuses Infinity in a query string and still coerces a good number', async () => {
    expectField(await send('admin', 'GET', '/api/v1/audit?limit=Infinity'), 'limit');
    expectField(await send('admin', 'GET', '/api/v1/audit?limit=1e999'), 'limit');
    expect((await send('admin', 'GET', '/api/v1/audit?limit=5')).statusCode).toBe(200);
  });

  it('refuses true as a priority and null as a number', async () => {
    const incident = await server.createIncident(server.seed.startPositions.get('eu-1')!);
    expectField(
      await send('dispatcher', 'POST', `/api/v1/incidents/${incident.id}/reprioritise`, {
        priority: true,
        reason: 'test',
      }),
      'priority',
    );
    expectField(
      await send('admin', 'PATCH', '/api/v1/units/police-1-1', { turnoutSeconds: null }),
      'turnoutSeconds',
    );
    expectField(
      await send('admin', 'POST', '/api/v1/positions', [
        { unitId: 'police-1-1', lon: null, lat: 32.04, at: Date.now(), accuracyM: 5 },
      ]),
      '0.lon',
    );
  });

  it('refuses a JSON number that parses to Infinity, and the unit list keeps answering', async () => {
    const at = server.seed.startPositions.get('police-1-1')!;
    const raw = `[{"unitId":"police-1-1","lon":${at.lon},"lat":${at.lat},"at":${Date.now()},"accuracyM":1e999}]`;
    expectField(await send('admin', 'POST', '/api/v1/positions', raw), '0.accuracyM');
    const units = await send('dispatcher', 'GET', '/api/v1/units');
    expect(units.statusCode).toBe(200);
  });

  it('answers an over-long id and an over-long URL in the project’s error format', async () => {
    expectField(await send('dispatcher', 'GET', `/api/v1/incidents/${'a'.repeat(150)}`), 'id');
    // Past the router's limit: refused before any route, still in the API's format.
    const longer = await send('dispatcher', 'GET', `/api/v1/incidents/${'a'.repeat(5000)}`);
    expect([400, 404]).toContain(longer.statusCode);
    expect(longer.json().error.code).toMatch(/^ERR_(VALIDATION|ROUTE_NOT_FOUND)$/);
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = server.app.server.address() as AddressInfo;
    const response = await fetch(
      `http://127.0.0.1:${port}/api/v1/places/search?q=${encodeURIComponent('新'.repeat(5000))}`,
      { headers: { cookie: await server.cookie('dispatcher') } },
    );
    expect(response.status).toBe(431);
    expect(await response.json()).toMatchObject({ error: { code: 'ERR_REQUEST_TOO_LARGE' } });
  });
});
