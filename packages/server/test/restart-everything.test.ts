import { FixedClock, type Dispatch } from '@jiefang/core';
import { afterEach, describe, expect, it } from 'vitest';
import { clusterResources, type ClusterResources } from '../src/test-support/cluster-resources.ts';
import { startTestServer, type TestServer } from '../src/test-support/test-server.ts';
import { DispatchScheduler } from '../src/scheduler/dispatch-scheduler.ts';
import { AggregateType } from '../src/world/aggregate-types.ts';

/*
 * A restart of everything: every server process of a cluster (PostgreSQL + NATS JetStream) stops,
 * new ones start on the same store and stream, and no phone has reported since. What the old
 * processes knew only in memory must come back from the store: each unit's last position (so
 * recommendations, the one key and area mobilisation work at once) and the ranking a pending
 * offer is re-offered from (so a timed-out offer is re-offered as before, and no unit twice).
 */
describe('a restart of every process', () => {
  const servers: TestServer[] = [];
  const schedulers: DispatchScheduler[] = [];
  let resources: ClusterResources | undefined;
  afterEach(async () => {
    await Promise.all(schedulers.splice(0).map((s) => s.close()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await resources?.cleanup().catch(() => {});
    resources = undefined;
  });

  async function start(clock: FixedClock): Promise<TestServer> {
    const server = await startTestServer({
      databaseUrl: resources!.databaseUrl,
      clock,
      config: { busUrl: resources!.busUrl },
    });
    servers.push(server);
    return server;
  }

  async function stopAll(): Promise<void> {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  }

  const dispatchesOf = (server: TestServer, incidentId: string): Dispatch[] =>
    [...server.ctx.world.dispatches.values()]
      .map((d) => d.value)
      .filter((d) => d.incidentId === incidentId);

  it('brings back last positions and pending re-offers; no offer is made twice', async () => {
    resources = clusterResources();
    const clock = new FixedClock(Date.now());
    const [a, b] = [await start(clock), await start(clock)];
    a.placeUnits();
    const site = a.ctx.world.sites.get('site-1')!.value;
    const incident = await a.createIncident(site.location, { categoryCode: 'violent_attack' });
    const sent = await a.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/dispatch-recommended`,
      headers: { cookie: await a.cookie('dispatcher') },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const offered = (sent.json() as { dispatches: Dispatch[] }).dispatches;
    expect(offered.length).toBeGreaterThan(0);
    await expect.poll(() => dispatchesOf(b, incident.id).length).toBe(offered.length);
    const positionsBefore = a.positions.positions.size;
    expect(positionsBefore).toBe(a.seed.startPositions.size);
    await stopAll();

    // Everything new; nobody reports a position.
    const [c, d] = [await start(clock), await start(clock)];
    for (const server of [c, d]) {
      expect(server.positions.positions.size).toBe(positionsBefore);
      expect(server.ctx.world.offerRankings.get(incident.id)?.value.status).toBe('active');
      expect(dispatchesOf(server, incident.id).map((x) => x.status)).toEqual(
        offered.map(() => 'notified'),
      );
    }

    // Tier 1's offers time out; the new processes re-offer from the stored ranking. Each scheduler
    // ticks in turn (the leader moves from c to d between them): the second finds nothing left
    // to do, or the unit would be offered twice.
    clock.advance(21);
    const tick = async (server: TestServer) => {
      const scheduler = new DispatchScheduler(server.ctx, {
        onError: (error) => {
          throw error;
        },
      });
      schedulers.push(scheduler);
      await scheduler.tick();
    };
    await tick(c);
    const afterC = dispatchesOf(c, incident.id);
    // d's world holds what c decided (through the stream) before d ticks.
    await expect
      .poll(() =>
        dispatchesOf(d, incident.id)
          .map((x) => `${x.id}:${x.status}`)
          .sort(),
      )
      .toEqual(afterC.map((x) => `${x.id}:${x.status}`).sort());
    await tick(d);
    const after = dispatchesOf(d, incident.id);
    expect(
      after
        .filter((x) => x.status === 'timed_out')
        .map((x) => x.unitId)
        .sort(),
    ).toEqual(
      offered
        .filter((x) => x.tier === 1)
        .map((x) => x.unitId)
        .sort(),
    );
    // Tier 1 (who must answer first) was re-offered; the other tiers still wait for an answer.
    const reOffered = after.filter(
      (x) => x.tier === 1 && x.status === 'notified' && !offered.some((o) => o.id === x.id),
    );
    expect(reOffered.length).toBeGreaterThan(0);
    // Each re-offer comes from the ranking the dispatcher sent, kept in the store.
    const ranking = d.ctx.world.offerRankings.get(incident.id)!.value.recommendation;
    const ranked = new Set(
      ranking.tiers
        .flatMap((t) => t.requirements.flatMap((r) => r.alternatives))
        .map((x) => x.unitId),
    );
    for (const x of reOffered) expect(ranked.has(x.unitId), x.unitId).toBe(true);
    // No unit offered twice for the incident: not by the restart, not by two schedulers.
    const units = after.map((x) => x.unitId);
    expect(units).toEqual([...new Set(units)]);
    const stored = await d.store.list<Dispatch>({ aggregateType: AggregateType.dispatch });
    const storedUnits = stored
      .filter((x) => x.data.incidentId === incident.id)
      .map((x) => x.data.unitId);
    expect(storedUnits.sort()).toEqual([...units].sort());
  }, 120_000);

  it('sends with the one key and mobilises an area right after the restart, from stored positions', async () => {
    resources = clusterResources();
    const clock = new FixedClock(Date.now());
    const a = await start(clock);
    a.placeUnits();
    const site = a.ctx.world.sites.get('site-1')!.value;
    await stopAll();

    const b = await start(clock);
    const headers = { cookie: await b.cookie('dispatcher') };
    const first = await b.createIncident(site.location, { categoryCode: 'violent_attack' });
    const recommendation = await b.app.inject({
      method: 'GET',
      url: `/api/v1/incidents/${first.id}/recommendation`,
      headers,
    });
    expect(recommendation.statusCode).toBe(200);
    const sent = await b.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${first.id}/dispatch-recommended`,
      headers,
    });
    expect(sent.statusCode, sent.body).toBe(201);
    expect((sent.json() as { dispatches: Dispatch[] }).dispatches.length).toBeGreaterThan(0);

    const second = await b.createIncident(site.location, { categoryCode: 'theft' });
    const mobilised = await b.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${second.id}/mobilise-area`,
      headers,
      payload: { seconds: 900, floorOverride: { reason: 'restart test: everyone' } },
    });
    expect(mobilised.statusCode, mobilised.body).toBe(201);
    // Units that were available and whose stored positions lie within reach.
    expect((mobilised.json() as { dispatched: unknown[] }).dispatched.length).toBeGreaterThan(0);
  }, 120_000);
});
