import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock, type Dispatch } from '@jiefang/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';
import { DispatchScheduler } from './dispatch-scheduler.ts';

describe('re-offers across a restart', () => {
  const servers: TestServer[] = [];
  const schedulers: DispatchScheduler[] = [];
  afterEach(async () => {
    await Promise.all(schedulers.splice(0).map((s) => s.close()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('re-offers from the ranking stored with the dispatches, as the old process would have', async () => {
    const databaseUrl = join(mkdtempSync(join(tmpdir(), 'jiefang-reoffer-')), 'test.db');
    const clock = new FixedClock(Date.now());
    const first = await startTestServer({ databaseUrl, clock });
    servers.push(first);
    first.placeUnits();
    const site = first.ctx.world.sites.get('site-1')!.value;
    const incident = await first.createIncident(site.location, { categoryCode: 'violent_attack' });
    const sent = await first.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/dispatch-recommended`,
      headers: { cookie: await first.cookie('dispatcher') },
    });
    expect(sent.statusCode).toBe(201);
    const body = sent.json() as {
      dispatches: Dispatch[];
      recommendation: { tiers: { requirements: { alternatives: { unitId: string }[] }[] }[] };
    };
    const firstTier1 = body.dispatches.filter((d) => d.tier === 1).map((d) => d.unitId);
    const ranked = body.recommendation.tiers[0].requirements[0].alternatives.map((c) => c.unitId);
    expect(firstTier1).toHaveLength(2);
    expect(ranked.length).toBeGreaterThanOrEqual(2);
    const stored = await first.store.get('offer_ranking', incident.id);
    expect(stored?.status).toBe('active');
    await first.close();
    servers.pop();

    // A new process on the same database: nothing of the first one's memory survives.
    const restarted = await startTestServer({ databaseUrl, clock });
    servers.push(restarted);
    const scheduler = new DispatchScheduler(restarted.ctx, {
      onError: (error) => {
        throw error;
      },
    });
    schedulers.push(scheduler);
    clock.advance(21);
    await scheduler.tick();
    const now = [...restarted.ctx.world.dispatches.values()]
      .map((d) => d.value)
      .filter((d) => d.incidentId === incident.id);
    expect(
      now
        .filter((d) => d.status === 'timed_out')
        .map((d) => d.unitId)
        .sort(),
    ).toEqual([...firstTier1].sort());
    const reOffered = now.filter((d) => d.tier === 1 && d.status === 'notified');
    expect(reOffered.map((d) => d.unitId)).toEqual(ranked.slice(0, 2));
  });

  it('stops remembering the ranking when the incident is closed, in the same change', async () => {
    const server = await startTestServer();
    servers.push(server);
    server.placeUnits();
    const site = server.ctx.world.sites.get('site-1')!.value;
    const incident = await server.createIncident(site.location, { categoryCode: 'violent_attack' });
    const headers = { cookie: await server.cookie('dispatcher') };
    const sent = await server.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/dispatch-recommended`,
      headers,
    });
    expect(sent.statusCode).toBe(201);
    expect((await server.store.get('offer_ranking', incident.id))?.status).toBe('active');
    const { version } = (
      await server.app.inject({ method: 'GET', url: `/api/v1/incidents/${incident.id}`, headers })
    ).json() as { version: number };
    const cancelled = await server.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/cancel`,
      headers: { ...headers, 'if-match': String(version) },
      payload: { reason: 'duplicate call' },
    });
    expect(cancelled.statusCode).toBe(200);
    expect((await server.store.get('offer_ranking', incident.id))?.status).toBe('done');
  });
});
