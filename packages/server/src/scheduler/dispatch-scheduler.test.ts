import { dropTestSchema, runPostgresTests, TEST_POSTGRES_URL } from '@jiefang/store/test-support';
import { FixedClock, type Dispatch, type Site } from '@jiefang/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';
import { DispatchOffering } from '../incidents/dispatch-offering.ts';
import { DispatchScheduler, startDispatchScheduler } from './dispatch-scheduler.ts';

describe('dispatch scheduler', () => {
  let server: TestServer;
  let site: Site;
  let scheduler: DispatchScheduler;
  const clock = new FixedClock(Date.now());
  const failures: unknown[] = [];

  const call = async (method: 'GET' | 'POST', url: string, payload?: object) =>
    server.app.inject({
      method,
      url,
      payload,
      headers: { cookie: await server.cookie('dispatcher') },
    });

  const createIncident = async (categoryCode: string) => {
    const response = await call('POST', '/api/v1/incidents', {
      source: 'alert',
      categoryCode,
      location: { lon: site.location.lon, lat: site.location.lat },
      description: `${categoryCode} reported by the campus platform`,
    });
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string };
  };

  /** A wanted-person incident sent with the one key, whose first tier-1 unit declines. */
  const sendAndDeclineTier1 = async () => {
    const incident = await createIncident('wanted_person');
    const sent = (
      await call('POST', `/api/v1/incidents/${incident.id}/dispatch-recommended`)
    ).json();
    const tier1: Dispatch = sent.dispatches.find((d: Dispatch) => d.tier === 1);
    const declined = await call('POST', `/api/v1/dispatches/${tier1.id}/decline`, {
      reason: 'already engaged with a shoplifter',
    });
    expect(declined.statusCode).toBe(200);
    return { incident, tier1 };
  };

  const dispatchesOf = (incidentId: string) =>
    [...server.ctx.world.dispatches.values()]
      .map((d) => d.value)
      .filter((d: Dispatch) => d.incidentId === incidentId);

  beforeAll(async () => {
    server = await startTestServer({ clock });
    server.placeUnits();
    site = server.ctx.world.sites.get('site-1')!.value;
    scheduler = new DispatchScheduler(server.ctx, { onError: (error) => failures.push(error) });
  });
  afterAll(async () => {
    await scheduler.close();
    await server.close();
  });

  it('times out an unanswered tier-1 dispatch after 20 s and offers the next candidate', async () => {
    const incident = await createIncident('violent_attack');
    const sent = await call('POST', `/api/v1/incidents/${incident.id}/dispatch-recommended`);
    expect(sent.statusCode).toBe(201);
    const firstTier1 = sent
      .json()
      .dispatches.filter((d: Dispatch) => d.tier === 1)
      .map((d: Dispatch) => d.unitId);
    expect(firstTier1).toHaveLength(2);
    const ranked = sent
      .json()
      .recommendation.tiers[0].requirements[0].alternatives.map(
        (c: { unitId: string }) => c.unitId,
      );

    clock.advance(19);
    await scheduler.tick();
    expect(dispatchesOf(incident.id).filter((d) => d.status === 'timed_out')).toHaveLength(0);

    clock.advance(2);
    await scheduler.tick();
    const now = dispatchesOf(incident.id);
    const timedOut = now.filter((d) => d.status === 'timed_out');
    expect(timedOut.map((d) => d.unitId).sort()).toEqual([...firstTier1].sort());
    for (const unitId of firstTier1)
      expect(server.ctx.world.units.get(unitId)!.value.status).toBe('available');
    const reOffered = now.filter((d) => d.tier === 1 && d.status === 'notified');
    expect(reOffered.map((d) => d.unitId)).toEqual(ranked.slice(0, 2));
    // Tier 2 answers within 30 s: still waiting.
    expect(now.filter((d) => d.tier === 2).every((d) => d.status === 'notified')).toBe(true);

    const timeline = (await call('GET', `/api/v1/incidents/${incident.id}/timeline`)).json();
    expect(
      timeline.events.filter((e: { type: string }) => e.type === 'dispatch.timed_out'),
    ).toHaveLength(2);
    expect(failures).toEqual([]);
  });

  it('offers the next ranked unit when one declines', async () => {
    const { incident, tier1 } = await sendAndDeclineTier1();
    await scheduler.tick();
    const offered = dispatchesOf(incident.id).filter(
      (d) => d.tier === 1 && d.status === 'notified',
    );
    expect(offered).toHaveLength(1);
    expect(offered[0].unitId).not.toBe(tier1.unitId);
    expect(failures).toEqual([]);
  });

  it('never offers a unit an incident already tried, even when the offer was chosen on an older world', async () => {
    const { incident, tier1 } = await sendAndDeclineTier1();
    expect(server.ctx.world.units.get(tier1.unitId)!.value.status).toBe('available');
    // What a leader whose world had not yet seen the declined offer would try: the same unit.
    const offering = new DispatchOffering(server.ctx);
    const again = { unitId: tier1.unitId, tier: 1 as const };
    expect(
      await offering.offer(incident.id, [again], null, {
        skipUnavailable: true,
        oncePerIncident: true,
      }),
    ).toEqual([]);
    // The guard is what refuses it: without it the (available) unit would be offered again.
    const twice = await offering.offer(incident.id, [again], null, { skipUnavailable: true });
    expect(twice.map((d) => d.unitId)).toEqual([tier1.unitId]);
  });

  it('escalates by the incident’s loop: one org up per overdue period, never past the root', async () => {
    const attack = await createIncident('violent_attack'); // P1: 60 s to analyse, +300 s a level
    const theft = await createIncident('theft'); // P3: 300 s to analyse
    const escalations = async (id: string) =>
      (await server.store.history('incident', id))
        .filter((e) => e.type === 'incident.escalated')
        .map((e) => e.payload as { level: number; toOrgId: string; stage: string });
    const orgId = server.ctx.world.incidents.get(attack.id)!.value.orgId;
    const chain = server.ctx.world.orgTree.ancestors(orgId).map((o) => o.id);
    expect(chain.length).toBeGreaterThanOrEqual(2);
    await scheduler.tick();
    expect(await escalations(attack.id)).toEqual([]);
    // Every 5 s for two hours: the old loop raised a level a minute, to "level 7" and beyond.
    for (let second = 5; second <= 7200; second += 5) {
      clock.advance(5);
      await scheduler.tick();
    }
    const raised = await escalations(attack.id);
    expect(raised.map((e) => [e.level, e.toOrgId])).toEqual(chain.map((id, i) => [i + 1, id]));
    expect(raised.every((e) => e.stage === 'analyse')).toBe(true);
    const history = await server.store.history('incident', attack.id);
    const at = (level: number) =>
      Date.parse(history.find((e) => (e.payload as { level?: number }).level === level)!.at) -
      Date.parse(history[0].at);
    expect(at(1)).toBe(60_000);
    expect(at(2)).toBe(360_000);
    expect(server.ctx.world.incidents.get(attack.id)!.value.escalation).toMatchObject({
      level: chain.length,
      toOrgId: chain.at(-1),
    });
    // The P3 theft reached its first level at 300 s, not 60.
    const theftHistory = await server.store.history('incident', theft.id);
    const theftFirst = theftHistory.find((e) => e.type === 'incident.escalated')!;
    expect(Date.parse(theftFirst.at) - Date.parse(theftHistory[0].at)).toBe(300_000);
    expect(failures).toEqual([]);
  });

  it('after the scheduler was down for several periods, raises each missed level as its own event', async () => {
    const attack = await createIncident('violent_attack'); // P1: 60 s to analyse, +300 s a level
    const orgId = server.ctx.world.incidents.get(attack.id)!.value.orgId;
    const chain = server.ctx.world.orgTree.ancestors(orgId).map((o) => o.id);
    expect(chain.length).toBeGreaterThanOrEqual(2);
    // Nobody checked for two hours: one pass owes every level up to the root.
    clock.advance(7200);
    await scheduler.tick();
    const history = await server.store.history('incident', attack.id);
    const raised = history
      .filter((e) => e.type === 'incident.escalated')
      .map((e) => e.payload as { level: number; toOrgId: string });
    expect(raised.map((e) => [e.level, e.toOrgId])).toEqual(chain.map((id, i) => [i + 1, id]));
    await scheduler.tick();
    clock.advance(7200);
    await scheduler.tick();
    expect(
      (await server.store.history('incident', attack.id)).filter(
        (e) => e.type === 'incident.escalated',
      ),
    ).toHaveLength(chain.length);
    expect(server.ctx.world.incidents.get(attack.id)!.value.workflow.escalationLevel).toBe(
      chain.length,
    );
    expect(failures).toEqual([]);
  });

  it.runIf(runPostgresTests)(
    'raises each level once when two processes run the pass at the same moment',
    async () => {
      // Two servers over one PostgreSQL, as during a lead handover: both worlds see the incident
      // due at the same version; one append wins, the other catches up and owes nothing.
      const schema = `jiefang_esc_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
      const shared = `${TEST_POSTGRES_URL}?schema=${schema}`;
      const twoClock = new FixedClock(Date.now());
      const a = await startTestServer({ databaseUrl: shared, clock: twoClock });
      const b = await startTestServer({ databaseUrl: shared, clock: twoClock });
      const schedulers = [a, b].map(
        (s) => new DispatchScheduler(s.ctx, { onError: (error) => failures.push(error) }),
      );
      try {
        const at = a.ctx.world.sites.get('site-1')!.value.location;
        const incident = await a.createIncident(at, { categoryCode: 'violent_attack' });
        await b.ctx.bus.catchUp();
        expect(b.ctx.world.incidents.has(incident.id)).toBe(true);
        const levels = async () =>
          (await a.store.history('incident', incident.id))
            .filter((e) => e.type === 'incident.escalated')
            .map((e) => (e.payload as { level: number }).level);
        twoClock.advance(61);
        await Promise.all(schedulers.map((s) => s.tick()));
        expect(await levels()).toEqual([1]);
        twoClock.advance(300);
        await Promise.all(schedulers.map((s) => s.tick()));
        await Promise.all(schedulers.map((s) => s.tick()));
        expect(await levels()).toEqual([1, 2]);
        expect(failures).toEqual([]);
      } finally {
        for (const s of schedulers) await s.close();
        await b.close();
        await a.close();
        await dropTestSchema(schema);
      }
    },
    120_000,
  );

  it('registers itself as ctx.services.dispatchScheduler once', async () => {
    const started = startDispatchScheduler(server.ctx);
    expect(server.ctx.services.dispatchScheduler).toBe(started);
    expect(startDispatchScheduler(server.ctx)).toBe(started);
    await started.close();
  });
});
