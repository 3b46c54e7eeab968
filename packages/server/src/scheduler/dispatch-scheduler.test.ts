import { FixedClock, type Dispatch, type Site } from '@jiefang/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';
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
    const incident = (await createIncident('wanted_person')) as { id: string };
    const sent = (
      await call('POST', `/api/v1/incidents/${incident.id}/dispatch-recommended`)
    ).json();
    const tier1 = sent.dispatches.find((d: Dispatch) => d.tier === 1);
    const declined = await call('POST', `/api/v1/dispatches/${tier1.id}/decline`, {
      reason: 'already engaged with a shoplifter',
    });
    expect(declined.statusCode).toBe(200);
    await scheduler.tick();
    const offered = dispatchesOf(incident.id).filter(
      (d) => d.tier === 1 && d.status === 'notified',
    );
    expect(offered).toHaveLength(1);
    expect(offered[0].unitId).not.toBe(tier1.unitId);
    expect(failures).toEqual([]);
  });

  it('raises an escalation when a closed-loop stage is overdue', async () => {
    const incident = await createIncident('suspicious');
    await scheduler.tick();
    let history = await server.store.history('incident', incident.id);
    expect(history.some((e) => e.type === 'incident.escalated')).toBe(false);
    clock.advance(61);
    await scheduler.tick();
    await scheduler.tick();
    history = await server.store.history('incident', incident.id);
    const escalations = history.filter((e) => e.type === 'incident.escalated');
    expect(escalations).toHaveLength(1);
    expect(escalations[0].payload).toMatchObject({
      incidentId: incident.id,
      stage: 'analyse',
      level: 1,
      escalateTo: 'supervisor',
    });
    expect(failures).toEqual([]);
  });

  it('registers itself as ctx.services.dispatchScheduler once', async () => {
    const started = startDispatchScheduler(server.ctx);
    expect(server.ctx.services.dispatchScheduler).toBe(started);
    expect(startDispatchScheduler(server.ctx)).toBe(started);
    await started.close();
  });
});
