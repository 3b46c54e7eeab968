import { FixedClock, type Alert } from '@jiefang/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';
import { AggregateType } from '../world/aggregate-types.ts';
import { AlertChainRunner } from './alert-chain-runner.ts';
import { DemoAlertFeed } from './demo-alert-feed.ts';

describe('the demo alert feed (Nanjing)', () => {
  const clock = new FixedClock(Date.parse('2026-12-03T01:00:00Z'));
  let server: TestServer;
  let feed: DemoAlertFeed;

  beforeAll(async () => {
    server = await startTestServer({ clock });
    server.placeUnits();
    feed = await DemoAlertFeed.start(server.ctx, server.app, 3_600_000);
  }, 60_000);
  afterAll(async () => {
    feed?.close();
    await server?.close();
  });

  it('makes the crowd chain climb on its own and the school gate report a hit', async () => {
    const runner = new AlertChainRunner(server.ctx, {
      onError: (error) => {
        throw error;
      },
    });
    for (let s = 0; s <= 12 * 60; s += 20) {
      if (s % 120 === 0) server.placeUnits();
      await feed.step();
      await runner.tick();
      clock.advance(20);
    }
    const alerts = [...server.ctx.world.alerts.values()].map((a) => a.value);
    const crowd = alerts.find((a) => a.sender === 'demo-camera-xjk' && a.chain);
    expect(crowd?.chain?.taken.map((t) => t.kind)).toEqual([
      'note',
      'reminder',
      'grid_worker',
      'police',
    ]);
    const hit = alerts.find((a) => a.event === 'watchlist');
    expect(hit?.incidentId).toBeDefined();
    const stored = server.ctx.world.get<Alert>(AggregateType.alert, hit!.id)!;
    expect(stored.recommendedUnitIds?.length).toBeGreaterThan(0);
  });
});
