import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from './open-sqlite-store.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const WRITER = fileURLToPath(new URL('../../test/fixtures/crash-writer.ts', import.meta.url));
const WRITE_FOR_MS = 300;

/** Runs the writer, kills it with SIGKILL mid-stream, and returns the seqs it had acknowledged. */
async function writeUntilKilled(filename: string): Promise<number[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, filename], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );

  const ready = await new Promise<boolean>((resolve) => {
    const poll = setInterval(() => {
      if (!stdout.includes('ready\n')) return;
      clearInterval(poll);
      resolve(true);
    }, 5);
    void exited.then(() => {
      clearInterval(poll);
      resolve(false);
    });
  });
  if (!ready) throw new Error(`crash writer exited before it was ready:\n${stderr}`);

  await new Promise((resolve) => setTimeout(resolve, WRITE_FOR_MS));
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');

  // The last line may be cut off mid-write; only complete lines count as acknowledged.
  const lines = stdout.split('\n').slice(0, -1);
  return lines
    .filter((line) => line.startsWith('ack '))
    .flatMap((line) => line.slice(4).split(' ').map(Number));
}

describe('SQLite durability', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged commit, and no torn one, across kill -9', async () => {
    dir = mkdtempSync(join(tmpdir(), 'jiefang-crash-'));
    const filename = join(dir, 'jiefang.db');

    const acknowledged = await writeUntilKilled(filename);
    // Enough commits that the kill lands mid-stream rather than before the first write.
    expect(acknowledged.length).toBeGreaterThan(20);
    console.info(`crash test: ${acknowledged.length} acknowledged events before kill -9`);

    const store = await openSqliteStore({ filename });
    try {
      const log = await store.readLog(0, 1_000_000);
      const stored = new Set(log.map((e) => e.seq));
      expect(acknowledged.filter((seq) => !stored.has(seq))).toEqual([]);
      for (let i = 1; i < log.length; i++) expect(log[i].seq).toBeGreaterThan(log[i - 1].seq);

      const eventsPerAggregate = new Map<string, number[]>();
      for (const event of log) {
        const key = `${event.aggregateType}/${event.aggregateId}`;
        eventsPerAggregate.set(key, [...(eventsPerAggregate.get(key) ?? []), event.version]);
      }
      for (const [key, versions] of eventsPerAggregate) {
        const [type, id] = key.split('/');
        const snapshot = await store.get(type, id);
        expect(snapshot?.version, key).toBe(versions.length);
        expect(versions, key).toEqual(versions.map((_, i) => i + 1));
      }
      // Commits are whole: every incident has its three events, and each has its idempotency
      // record (a replay writes nothing).
      const incidents = await store.list({ aggregateType: 'incident' });
      for (const incident of incidents) expect(incident.version).toBe(3);
      const n = (incidents[0].data as { n: number }).n;
      const replay = await store.append({
        aggregateType: 'incident',
        aggregateId: 'retry',
        orgId: 'org-1',
        actorId: null,
        at: new Date().toISOString(),
        expectedVersion: 0,
        idempotencyKey: `req-${n}`,
        events: [{ type: 'incident.created', payload: {} }],
        status: 'open',
        data: {},
      });
      expect(replay.replayed).toBe(true);
    } finally {
      await store.close();
    }
  });
});
