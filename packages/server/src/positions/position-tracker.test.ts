import type { Unit } from '@jiefang/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';
import { AggregateType } from '../world/aggregate-types.ts';
import { PositionTracker } from './position-tracker.ts';

describe('PositionTracker track flush', () => {
  let server: TestServer;
  let unit: Unit;
  const log = { warn: vi.fn(), error: vi.fn() };
  let tracker: PositionTracker;
  let at = 0;
  const report = (count: number) => {
    const start = server.seed.startPositions.get(unit.id)!;
    for (let i = 0; i < count; i++) {
      at += 1;
      tracker.report(unit, { lon: start.lon, lat: start.lat, at, accuracyM: 5 });
    }
  };

  beforeAll(async () => {
    server = await startTestServer();
    unit = server.ctx.world.get<Unit>(AggregateType.unit, 'police-1-1')!;
    at = server.ctx.clock.now() - 60_000;
    tracker = new PositionTracker(server.ctx, {
      flushIntervalMs: 3_600_000,
      maxQueue: 1_000_000,
      log,
    });
  });
  afterAll(async () => {
    await tracker.close();
    await server.close();
  });

  it('writes the queue in transactions of at most 1,000 rows, each fix once', async () => {
    const append = vi.spyOn(server.store.tracks, 'append');
    report(2_500);
    await tracker.flush();
    expect(append.mock.calls.map(([rows]) => rows.length)).toEqual([1000, 1000, 500]);
    const times = append.mock.calls.flatMap(([rows]) => rows.map((r) => r.at));
    expect(new Set(times).size).toBe(2_500);
    append.mockRestore();
  });

  it('keeps fixes the database refused, says so in the log, and writes them next time', async () => {
    const append = vi.spyOn(server.store.tracks, 'append');
    append.mockRejectedValueOnce(new Error('database is down'));
    report(10);
    await tracker.flush();
    expect(log.error).toHaveBeenCalledWith(
      expect.objectContaining({ pending: 10, dropped: 0 }),
      expect.stringContaining('track write failed'),
    );
    await tracker.flush();
    expect(append.mock.calls.at(-1)![0]).toHaveLength(10);
    append.mockRestore();
  });
});
