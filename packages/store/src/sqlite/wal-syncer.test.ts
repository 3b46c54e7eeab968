import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppendRequest } from '@jiefang/core';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from './open-sqlite-store.ts';
import type { JiefangStore } from '../store.ts';

const created = (id: string): AppendRequest => ({
  aggregateType: 'incident',
  aggregateId: id,
  orgId: 'org-1',
  actorId: null,
  at: new Date().toISOString(),
  expectedVersion: 0,
  events: [{ type: 'incident.created', payload: { id } }],
  status: 'open',
  data: { id },
});

/** A flush the test lets through one at a time, so the order of sync and answer shows. */
class HeldFlush {
  calls = 0;
  private release: (() => void)[] = [];
  fail: Error | undefined;
  readonly flush = async () => {
    this.calls++;
    await new Promise<void>((resolve) => this.release.push(resolve));
    if (this.fail) throw this.fail;
  };
  get waiting(): number {
    return this.release.length;
  }
  letOneThrough(): void {
    this.release.shift()?.();
  }
}

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  // Long enough for any number of microtasks and a thread-pool round trip.
  await new Promise((resolve) => setTimeout(resolve, 30));
  return done;
};

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('SQLite group commit (WalSyncer)', () => {
  let dir: string | undefined;
  let store: JiefangStore | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a store; the migrations' syncs are let through before the test starts counting. */
  async function open(held: HeldFlush): Promise<JiefangStore> {
    dir = mkdtempSync(join(tmpdir(), 'jiefang-sync-'));
    const opening = openSqliteStore({ filename: join(dir, 'test.db'), flushFile: held.flush });
    while (!(await settled(opening))) held.letOneThrough();
    store = await opening;
    return store;
  }

  it('acknowledges a commit, and shows it to readers, only after the WAL was synced past it', async () => {
    const held = new HeldFlush();
    const s = await open(held);
    const before = held.calls;

    const append = s.appendAll([created('inc-1')]);
    await until(() => held.waiting > 0);
    expect(held.calls).toBe(before + 1);
    expect(await settled(append)).toBe(false);
    // A read would see the commit, so it waits for the same sync.
    const read = s.get('incident', 'inc-1');
    expect(await settled(read)).toBe(false);

    held.letOneThrough();
    const [result] = await append;
    expect(result.version).toBe(1);
    expect((await read)?.version).toBe(1);
  });

  it('lets commits that arrive during a sync share the next one', async () => {
    const held = new HeldFlush();
    const s = await open(held);
    const before = held.calls;

    const first = s.appendAll([created('inc-0')]);
    await until(() => held.waiting > 0);
    // Twenty more commands while the first one's sync is on its way.
    const more = Array.from({ length: 20 }, (_, i) => s.appendAll([created(`inc-${i + 1}`)]));
    await new Promise((r) => setTimeout(r, 30));
    expect(held.calls).toBe(before + 1);
    held.letOneThrough();
    await first;
    await until(() => held.waiting > 0);
    // One sync for all twenty: they had committed before it began.
    expect(held.calls).toBe(before + 2);
    expect(await settled(Promise.all(more))).toBe(false);
    held.letOneThrough();
    expect((await Promise.all(more)).map(([r]) => r.version)).toEqual(Array(20).fill(1));
    expect(held.calls).toBe(before + 2);
  });

  it('does not acknowledge a commit whose sync failed (coded, store unavailable)', async () => {
    const held = new HeldFlush();
    const s = await open(held);

    const append = s.appendAll([created('inc-1')]);
    await until(() => held.waiting > 0);
    held.fail = new Error('EIO: i/o error, fdatasync');
    held.letOneThrough();
    await expect(append).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    // The next sync covers it: the write is acknowledged to whoever reads it after that.
    held.fail = undefined;
    const read = s.get('incident', 'inc-1');
    await until(() => held.waiting > 0);
    held.letOneThrough();
    expect((await read)?.version).toBe(1);
  });
});
