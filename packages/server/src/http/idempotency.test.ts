import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

/**
 * Idempotency-Key as the API promises it: scoped to the calling account, kept in the store (so a
 * restarted process still knows it), replaying the first answer for the same request and refusing
 * the same key with another request.
 */
describe('Idempotency-Key', () => {
  const started: TestServer[] = [];
  const start = async (databaseUrl: string) => {
    const server = await startTestServer({ databaseUrl });
    started.push(server);
    return server;
  };
  afterEach(async () => {
    for (const server of started.splice(0)) await server.close();
  });

  const call = async (
    server: TestServer,
    user: string,
    method: 'GET' | 'POST',
    url: string,
    payload?: object,
    key?: string,
  ) =>
    server.app.inject({
      method,
      url,
      payload,
      headers: {
        cookie: await server.cookie(user),
        ...(key === undefined ? {} : { 'idempotency-key': key }),
      },
    });

  const incidentBody = (server: TestServer, description: string) => {
    const site = server.ctx.world.sites.get('site-1')!.value;
    return {
      source: 'call',
      categoryCode: 'theft',
      orgId: 'station-1',
      location: { lon: site.location.lon, lat: site.location.lat },
      description,
    };
  };

  /** POST /api/v1/incidents as `user` with an Idempotency-Key. */
  const createIncident = (server: TestServer, user: string, body: object, key: string) =>
    call(server, user, 'POST', '/api/v1/incidents', body, key);

  const incidentEvents = async (server: TestServer) =>
    (await server.store.readLog(0, 100_000)).filter(
      (e) => e.aggregateType === 'incident' && e.type === 'incident.created',
    );

  it('replays the same request, refuses another body with 422, and holds across a restart', async () => {
    const databaseUrl = join(mkdtempSync(join(tmpdir(), 'jiefang-idem-')), 'test.db');
    const first = await start(databaseUrl);
    const before = (await incidentEvents(first)).length;
    const body = incidentBody(first, 'bike stolen');
    const created = await createIncident(first, 'dispatcher', body, 'key-0001');
    expect(created.statusCode).toBe(201);
    // Same body with the fields in another order: the same request.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await createIncident(first, 'dispatcher', reordered, 'key-0001');
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(created.json().id);

    const other = incidentBody(first, 'a different call');
    const reused = await createIncident(first, 'dispatcher', other, 'key-0001');
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error).toMatchObject({
      code: 'ERR_IDEMPOTENCY_KEY_REUSED',
      field: 'Idempotency-Key',
    });
    expect((await incidentEvents(first)).length).toBe(before + 1);
    await first.close();
    started.length = 0;

    // Another process on the same database: the key is in the store, not in the first's memory.
    const second = await start(databaseUrl);
    const replayed = await createIncident(second, 'dispatcher', body, 'key-0001');
    expect(replayed.statusCode).toBe(201);
    expect(replayed.json().id).toBe(created.json().id);
    const refused = await createIncident(second, 'dispatcher', other, 'key-0001');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('ERR_IDEMPOTENCY_KEY_REUSED');
    expect((await incidentEvents(second)).length).toBe(before + 1);
  });

  it('scopes a key to the caller: another account with the same key makes its own incident', async () => {
    const server = await start(join(mkdtempSync(join(tmpdir(), 'jiefang-idem-')), 'test.db'));
    const body = incidentBody(server, 'noise complaint');
    const mine = await createIncident(server, 'dispatcher', body, 'shared-key');
    const theirs = await createIncident(server, 'supervisor', body, 'shared-key');
    expect(mine.statusCode).toBe(201);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().id).not.toBe(mine.json().id);
    // And another account's key with another body is no reuse of mine.
    const third = await createIncident(
      server,
      'supervisor',
      incidentBody(server, 'x'),
      'dispatcher-only-key',
    );
    expect(third.statusCode).toBe(201);
  });

  it('answers a resent dispatch step once and refuses its key on another step', async () => {
    const server = await start(join(mkdtempSync(join(tmpdir(), 'jiefang-idem-')), 'test.db'));
    server.placeUnits();
    const incident = await call(
      server,
      'dispatcher',
      'POST',
      '/api/v1/incidents',
      incidentBody(server, 'fight'),
    );
    const sent = await call(server, 'dispatcher', 'POST', '/api/v1/dispatches', {
      incidentId: incident.json().id,
      unitId: 'police-1-1',
      tier: 3,
    });
    expect(sent.statusCode).toBe(201);
    const url = `/api/v1/dispatches/${sent.json().id}`;
    const accepted = await call(server, 'responder', 'POST', `${url}/accept`, {}, 'step-accept-1');
    expect(accepted.statusCode).toBe(200);
    const resent = await call(server, 'responder', 'POST', `${url}/accept`, {}, 'step-accept-1');
    expect(resent.statusCode).toBe(200);
    expect(resent.json()).toMatchObject({ id: sent.json().id, status: 'accepted' });
    const wrongStep = await call(server, 'responder', 'POST', `${url}/depart`, {}, 'step-accept-1');
    expect(wrongStep.statusCode).toBe(422);
    expect(wrongStep.json().error.code).toBe('ERR_IDEMPOTENCY_KEY_REUSED');
    const history = await server.store.history('dispatch', sent.json().id);
    expect(history.filter((e) => e.type === 'dispatch.accepted')).toHaveLength(1);
    expect(history.filter((e) => e.type === 'dispatch.departed')).toHaveLength(0);
  });
});
