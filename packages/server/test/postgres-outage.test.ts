/**
 * PostgreSQL going down under a running server, on a private PostgreSQL of the test's own (the
 * machine's shared one is never stopped): commands answer a coded 503 while it is down, nothing
 * is half-applied, and service resumes by itself once it is back.
 */
import { PrivatePostgres } from '@jiefang/store/private-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/test-support/test-server.ts';

describe('PostgreSQL outage', () => {
  let database: PrivatePostgres;
  let server: TestServer;

  beforeAll(async () => {
    database = await PrivatePostgres.start();
    server = await startTestServer({ databaseUrl: `${database.url}?schema=jiefang` });
    server.placeUnits();
  }, 120_000);
  afterAll(async () => {
    await server?.close().catch(() => undefined);
    await database?.destroy();
  });

  const oneKey = async (incidentId: string) =>
    server.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/dispatch-recommended`,
      headers: { cookie: await server.cookie('dispatcher') },
    });
  const site = () => server.ctx.world.sites.get('site-1')!.value;
  const eventCount = async () => (await server.store.readLog(0, 1_000_000)).length;

  it('answers 503 ERR_STORE_UNAVAILABLE while down, writes nothing half, and resumes by itself', async () => {
    const incident = await server.createIncident(site().location, {
      categoryCode: 'violent_attack',
    });
    await server.cookie('dispatcher');
    const eventsBefore = await eventCount();
    const incidentsBefore = server.ctx.world.incidents.size;

    await database.crash();
    const started = Date.now();
    const refused = await oneKey(incident.id);
    expect(refused.statusCode).toBe(503);
    expect(refused.json().error.code).toBe('ERR_STORE_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(6_000);
    const create = await server.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: { cookie: await server.cookie('dispatcher') },
      payload: {
        source: 'call',
        categoryCode: 'theft',
        orgId: 'station-1',
        location: site().location,
        description: 'during the outage',
      },
    });
    expect(create.statusCode).toBe(503);
    expect(create.json().error.code).toBe('ERR_STORE_UNAVAILABLE');
    // Nothing of the refused commands reached the world.
    expect(server.ctx.world.dispatchesOf(incident.id)).toEqual([]);
    expect(server.ctx.world.incidents.size).toBe(incidentsBefore);

    await database.resume();
    // The pool drops its dead connections on the first failures and reconnects: no restart.
    let sent = await oneKey(incident.id);
    const resumedBy = Date.now() + 15_000;
    while (sent.statusCode === 503 && Date.now() < resumedBy) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      sent = await oneKey(incident.id);
    }
    expect(sent.statusCode).toBe(201);
    const dispatches = (sent.json() as { dispatches: { unitId: string }[] }).dispatches;
    expect(dispatches.length).toBeGreaterThan(0);
    // The log holds the one-key dispatch once and nothing from the outage.
    const log = (await server.store.readLog(0, 1_000_000)).slice(eventsBefore);
    expect(
      log.filter((e) => e.aggregateType === 'incident' && e.type === 'incident.created'),
    ).toEqual([]);
    expect(log.filter((e) => e.type === 'dispatch.created')).toHaveLength(dispatches.length);
    expect(await eventCount()).toBe(eventsBefore + log.length);
  }, 120_000);
});
