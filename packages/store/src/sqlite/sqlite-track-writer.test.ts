import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreErrorCode } from '../errors.ts';
import type { TrackPoint } from '../store.ts';
import { openSqliteStore } from './open-sqlite-store.ts';

const point = (i: number): TrackPoint => ({
  unitId: `unit-${i % 7}`,
  at: new Date(Date.UTC(2026, 10, 28, 8, 0, 0, i)).toISOString(),
  lon: 118.78 + i * 1e-6,
  lat: 32.04,
  accuracyM: 5,
  edgeId: i,
  edgeOffset: 0.25,
});

describe('SQLite tracks on their own thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jiefang-tracks-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes batches handed over just before close, and leaves checkpoints to that thread', async () => {
    const file = join(dir, 'a.db');
    const store = await openSqliteStore({ filename: file });
    const batches = Array.from({ length: 5 }, (_, b) =>
      Array.from({ length: 800 }, (_, i) => point(b * 800 + i)),
    );
    // Not awaited one by one: close() must still see every batch written.
    const written = batches.map((batch) => store.tracks.append(batch));
    await store.close();
    expect(await Promise.all(written)).toEqual([800, 800, 800, 800, 800]);

    const raw = new Database(file);
    try {
      expect(raw.prepare('select count(*) from tracks').pluck().get()).toBe(4000);
      const row = raw.prepare('select * from tracks where edge_id = 1234').get();
      expect(row).toMatchObject({ unit_id: 'unit-2', lon: 118.78 + 1234e-6, edge_offset: 0.25 });
    } finally {
      raw.close();
    }
  });

  it('reads what the thread wrote, rejects bad points at the boundary, and refuses after close', async () => {
    const store = await openSqliteStore({ filename: join(dir, 'b.db') });
    await store.tracks.append([point(1), point(8)]);
    const read = await store.tracks.read('unit-1', '2026-11-28T00:00:00Z', '2026-11-29T00:00:00Z');
    expect(read.map((p) => p.edgeId)).toEqual([1, 8]);
    await expect(store.tracks.append([point(2), { ...point(3), lat: 91 }])).rejects.toMatchObject({
      code: StoreErrorCode.INVALID_ARGUMENT,
      details: { field: 'points[1].lat' },
    });
    // Nothing of the refused batch was written.
    expect(
      await store.tracks.read('unit-2', '2026-11-28T00:00:00Z', '2026-11-29T00:00:00Z'),
    ).toEqual([]);
    await store.close();
    await expect(store.tracks.append([point(4)])).rejects.toMatchObject({
      code: StoreErrorCode.STORE_CLOSED,
    });
  });
});
