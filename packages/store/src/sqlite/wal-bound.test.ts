import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from './open-sqlite-store.ts';

const walSize = (filename: string) => {
  try {
    return statSync(`${filename}-wal`).size;
  } catch {
    return 0;
  }
};

/** Steady event writes once grew the WAL without bound (763 MB beside a 24 MB database). */
describe('SQLite WAL stays bounded under steady writes', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('brings the WAL back under its limit while events keep coming, losing none', async () => {
    dir = mkdtempSync(join(tmpdir(), 'jiefang-wal-'));
    const filename = join(dir, 'jiefang.db');
    const walLimitBytes = 512 * 1024;
    const store = await openSqliteStore({ filename, walLimitBytes, checkpointIntervalMs: 50 });
    const text = '街坊'.repeat(600);
    const writes = 1_500;
    let largest = 0;
    for (let n = 1; n <= writes; n++) {
      await store.appendAll([
        {
          aggregateType: 'incident',
          aggregateId: `inc-${n}`,
          orgId: 'org-1',
          actorId: 'wal-test',
          at: new Date().toISOString(),
          expectedVersion: 0,
          events: [{ type: 'incident.created', payload: { n, text } }],
          status: 'open',
          data: { n, text },
        },
      ]);
      // Let the checkpointing thread take its turns as it would between requests.
      if (n % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 60));
      largest = Math.max(largest, walSize(filename));
    }
    const deadline = Date.now() + 5_000;
    while (walSize(filename) > walLimitBytes && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const written = writes * text.length * 3 * 2; // payload and state, UTF-8
    console.log(
      `[wal] ${writes} commits (~${(written / 1e6).toFixed(1)} MB of rows): largest WAL ${(largest / 1e6).toFixed(2)} MB, final ${(walSize(filename) / 1e6).toFixed(2)} MB (limit ${(walLimitBytes / 1e6).toFixed(2)} MB)`,
    );
    expect(walSize(filename)).toBeLessThanOrEqual(walLimitBytes);
    const events = await store.readLog(0, writes + 10);
    expect(events.length).toBe(writes);
    await store.close();
  });
});
