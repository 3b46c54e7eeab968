import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

describe('the world keeps what is live', () => {
  let server: TestServer;
  const call = async (method: 'GET' | 'POST', url: string, username: string, payload?: object) =>
    server.app.inject({
      method,
      url,
      headers: { cookie: await server.cookie(username) },
      ...(payload ? { payload } : {}),
    });

  beforeAll(async () => {
    server = await startTestServer();
    server.placeUnits();
  });
  afterAll(async () => server.close());

  it("indexes an incident's dispatches, and drops finished ones after their grace, reads falling back to the store", async () => {
    const world = server.ctx.world;
    const at = server.seed.startPositions.get('police-1-1')!;
    const incident = await server.createIncident(at);
    const other = await server.createIncident(at, { categoryCode: 'fight' });
    const sent = await call('POST', '/api/v1/dispatches', 'dispatcher', {
      incidentId: incident.id,
      unitId: 'police-1-1',
      tier: 3,
    });
    expect(sent.statusCode).toBe(201);
    const dispatchId = sent.json().id as string;
    expect(world.dispatchesOf(incident.id).map((d) => d.id)).toEqual([dispatchId]);
    expect(world.dispatchesOf(other.id)).toEqual([]);

    // Live things are never dropped, however old.
    expect(world.evictFinished(Date.now() + 60_000)).toBe(0);

    for (const step of ['accept', 'depart', 'arrive', 'clear']) {
      const response = await call(
        'POST',
        `/api/v1/dispatches/${dispatchId}/${step}`,
        'responder',
        step === 'clear' ? { outcome: 'done' } : {},
      );
      expect(response.statusCode, response.body).toBe(200);
    }
    // Within the grace the finished dispatch stays (its last events still reach phones).
    expect(world.evictFinished(Date.now() - 60_000)).toBe(0);
    expect(world.dispatchesOf(incident.id)).toHaveLength(1);
    expect(world.evictFinished(Date.now() + 1)).toBe(1);
    expect(world.dispatches.has(dispatchId)).toBe(false);
    expect(world.dispatchesOf(incident.id)).toEqual([]);
    expect(world.incidents.has(incident.id)).toBe(true);

    const read = await call('GET', `/api/v1/dispatches/${dispatchId}`, 'dispatcher');
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ status: 'cleared', incidentId: incident.id });
    const again = await call('POST', `/api/v1/dispatches/${dispatchId}/clear`, 'responder', {
      outcome: 'twice',
    });
    expect(again.statusCode).toBe(409);

    // The accepted dispatch already moved the incident from assign to handle by itself.
    for (const to of ['supervise', 'close']) {
      // Signing off (supervise → close) is the supervisor's.
      const user = to === 'close' ? 'supervisor' : 'dispatcher';
      const staged = await call('POST', `/api/v1/incidents/${incident.id}/stage`, user, {
        to,
        note: 'resolved',
      });
      expect(staged.statusCode, staged.body).toBe(200);
    }
    expect(world.evictFinished(Date.now() + 1)).toBe(1);
    expect(world.incidents.has(incident.id)).toBe(false);
    expect(world.incidents.has(other.id)).toBe(true);
    const incidentRead = await call('GET', `/api/v1/incidents/${incident.id}`, 'dispatcher');
    expect(incidentRead.statusCode).toBe(200);
    expect(incidentRead.json()).toMatchObject({ status: 'closed' });
  });
});
