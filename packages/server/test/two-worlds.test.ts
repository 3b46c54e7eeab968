import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { clusterResources, type ClusterResources } from '../src/test-support/cluster-resources.ts';
import { LiveTestClient } from '../src/test-support/live-test-client.ts';
import { startTestServer, type TestServer } from '../src/test-support/test-server.ts';
import { AggregateType } from '../src/world/aggregate-types.ts';

/*
 * Two servers in one test process, each with its own store connection, world and bus
 * connection, on one PostgreSQL schema and one NATS JetStream stream: what two processes of a
 * cluster share. (packages/cli/test/cluster.test.ts runs real processes.)
 */
describe('two worlds on one PostgreSQL and one NATS stream', () => {
  let resources: ClusterResources;
  let a: TestServer;
  let b: TestServer;

  const call = async (
    server: TestServer,
    method: 'POST' | 'PATCH' | 'GET',
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) =>
    server.app.inject({
      method,
      url,
      headers: { cookie: await server.cookie('dispatcher'), ...headers },
      ...(payload ? { payload } : {}),
    });

  beforeAll(async () => {
    resources = clusterResources();
    const config = { busUrl: resources.busUrl };
    a = await startTestServer({ databaseUrl: resources.databaseUrl, config });
    b = await startTestServer({ databaseUrl: resources.databaseUrl, config });
    a.placeUnits();
    b.placeUnits();
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await resources?.cleanup();
  });

  it('a command decided on one process reaches the other world through the stream', async () => {
    const at = a.seed.startPositions.get('police-1-1')!;
    const incident = await a.createIncident(at);
    await expect
      .poll(() => b.ctx.world.get(AggregateType.incident, incident.id), { timeout: 5000 })
      .toBeDefined();
    expect(b.ctx.world.version(AggregateType.incident, incident.id)).toBe(
      a.ctx.world.version(AggregateType.incident, incident.id),
    );
  });

  it('concurrent commands on the same aggregates from both processes: none lost, versions = events', async () => {
    const at = a.seed.startPositions.get('police-1-1')!;
    const incident = await a.createIncident(at);
    await expect
      .poll(() => b.ctx.world.get(AggregateType.incident, incident.id), { timeout: 5000 })
      .toBeDefined();
    const servers = [a, b];
    const writes = Array.from({ length: 16 }, (_, i) =>
      call(servers[i % 2], 'POST', `/api/v1/incidents/${incident.id}/reprioritise`, {
        priority: (i % 4) + 1,
        reason: `write ${i}`,
      }),
    );
    const admin = await Promise.all([a.cookie('admin'), b.cookie('admin')]);
    const unitBefore = (await a.store.get(AggregateType.unit, 'police-1-2'))!.version;
    const renamed = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        servers[i % 2].app.inject({
          method: 'PATCH',
          url: '/api/v1/units/police-1-2',
          headers: { cookie: admin[i % 2] },
          payload: { name: `rename ${i}` },
        }),
      ),
    );
    const answered = await Promise.all(writes);
    // No client sent If-Match: the processes race each other, and no client may see it.
    expect(answered.map((r) => r.statusCode)).toEqual(answered.map(() => 200));
    expect(renamed.map((r) => r.statusCode)).toEqual(renamed.map(() => 200));

    const history = await a.store.history(AggregateType.incident, incident.id);
    const reprioritised = history.filter((e) => e.type === 'incident.reprioritised');
    const stored = await a.store.get(AggregateType.incident, incident.id);
    expect(stored!.version).toBe(history.length);
    // Some writes may repeat the priority already set and store nothing; none is lost silently.
    expect(reprioritised.length).toBeGreaterThan(0);
    const unitHistory = await a.store.history(AggregateType.unit, 'police-1-2');
    expect((await a.store.get(AggregateType.unit, 'police-1-2'))!.version).toBe(unitHistory.length);
    // Every rename names the unit differently: each acknowledged one is one stored change.
    expect(unitHistory.length).toBe(unitBefore + renamed.length);
    for (const server of servers) {
      await expect
        .poll(() => server.ctx.world.version(AggregateType.incident, incident.id), {
          timeout: 5000,
        })
        .toBe(history.length);
      await expect
        .poll(() => server.ctx.world.version(AggregateType.unit, 'police-1-2'), { timeout: 5000 })
        .toBe(unitHistory.length);
    }
  });

  it('a client whose own If-Match is stale gets the conflict; one that read the other process does not', async () => {
    const at = a.seed.startPositions.get('police-1-1')!;
    const incident = await a.createIncident(at);
    const first = await call(
      a,
      'POST',
      `/api/v1/incidents/${incident.id}/reprioritise`,
      { priority: 1, reason: 'up' },
      { 'if-match': '1' },
    );
    expect(first.statusCode).toBe(200);
    // Version 2 was written on A; B may not have it yet, and must not call it a conflict.
    const second = await call(
      b,
      'POST',
      `/api/v1/incidents/${incident.id}/reprioritise`,
      { priority: 2, reason: 'down' },
      { 'if-match': '2' },
    );
    expect(second.statusCode).toBe(200);
    const stale = await call(
      a,
      'POST',
      `/api/v1/incidents/${incident.id}/reprioritise`,
      { priority: 3, reason: 'stale' },
      { 'if-match': '2' },
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('ERR_VERSION_CONFLICT');
  });

  it('one unit sent to two incidents from two processes at once: one dispatch, unit and dispatch agree', async () => {
    const unitId = [...a.seed.startPositions.keys()].find(
      (id) => id.startsWith('police-') && id !== 'police-1-1' && id !== 'police-1-2',
    )!;
    const at = a.seed.startPositions.get(unitId)!;
    const first = await a.createIncident(at);
    const second = await b.createIncident(at, { categoryCode: 'fight' });
    await expect
      .poll(() => a.ctx.world.get(AggregateType.incident, second.id), { timeout: 5000 })
      .toBeDefined();
    await expect
      .poll(() => b.ctx.world.get(AggregateType.incident, first.id), { timeout: 5000 })
      .toBeDefined();
    const [onA, onB] = await Promise.all([
      call(a, 'POST', '/api/v1/dispatches', { incidentId: first.id, unitId: unitId, tier: 3 }),
      call(b, 'POST', '/api/v1/dispatches', {
        incidentId: second.id,
        unitId: unitId,
        tier: 3,
      }),
    ]);
    const statuses = [onA.statusCode, onB.statusCode].sort();
    expect(statuses[0]).toBe(201);
    expect(statuses[1]).not.toBe(201);
    expect(statuses[1]).not.toBe(500);
    const winner = onA.statusCode === 201 ? onA.json() : onB.json();
    const unit = await a.store.get<{ assignment?: { dispatchId: string } }>(
      AggregateType.unit,
      unitId,
    );
    expect(unit!.data.assignment?.dispatchId).toBe(winner.id);
  });

  it('a fix accepted on one process is snapped there once and reaches the other fleet index', async () => {
    const unit = a.ctx.world.units.get('police-1-1')!.value;
    const at = a.seed.startPositions.get('police-1-1')!;
    const snapsOnB = vi.spyOn(b.ctx.travelTimes, 'snap');
    const fixAt = Date.now();
    a.positions.report(unit, { lon: at.lon + 0.0004, lat: at.lat, at: fixAt, accuracyM: 7 });
    await expect
      .poll(() => b.positions.positions.get('police-1-1')?.at, { timeout: 5000 })
      .toBe(fixAt);
    const onA = a.positions.positions.get('police-1-1')!;
    const onB = b.positions.positions.get('police-1-1')!;
    expect(onB).toEqual(onA);
    expect(onB.snapped).toBeDefined();
    expect(snapsOnB).not.toHaveBeenCalled();
    snapsOnB.mockRestore();
  });

  it('a console on one process sees a command decided on the other, in order', async () => {
    await a.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (a.app.server.address() as AddressInfo).port;
    const console = await LiveTestClient.open(`ws://127.0.0.1:${port}/api/v1/live`, {
      cookie: await a.cookie('dispatcher'),
    });
    try {
      console.send({ type: 'subscribe', bbox: [...a.ctx.router.city.meta.bbox] });
      await console.next((m) => m.type === 'snapshot');
      const at = a.seed.startPositions.get('police-1-1')!;
      const incident = await b.createIncident(at);
      const seen = await console.next(
        (m) =>
          m.type === 'event' &&
          (m.event as { aggregateId?: string } | undefined)?.aggregateId === incident.id,
        5000,
      );
      expect(seen).toBeDefined();
      const seqs = console.received
        .filter((m) => m.type === 'event')
        .map((m) => (m.event as { seq: number }).seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    } finally {
      console.close();
    }
  });
});
