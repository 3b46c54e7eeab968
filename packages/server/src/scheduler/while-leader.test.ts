import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dropTestSchema, runPostgresTests, TEST_POSTGRES_URL } from '@jiefang/store/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresStore, openSqliteStore, type JiefangStore } from '@jiefang/store';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WhileLeader } from './while-leader.ts';

const POSTGRES_URL = TEST_POSTGRES_URL;
const REPO_ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const CHILD = fileURLToPath(new URL('../../test/fixtures/leader-child.ts', import.meta.url));
const schema = `jiefang_lead_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
const available = runPostgresTests;

interface Child {
  process: ChildProcess;
  /** `leading` / `stopped` lines with their times, as printed. */
  lines: { what: string; at: number }[];
}

function startChild(): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, POSTGRES_URL, schema, 'sched'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const record: Child = { process: child, lines: [] };
  return new Promise((resolve, reject) => {
    let buffered = '';
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`child exited ${code}: ${stderr}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') resolve(record);
        const [what, at] = line.split(' ');
        if (at) record.lines.push({ what, at: Number(at) });
      }
    });
  });
}

const until = async (condition: () => boolean, timeoutMs: number) => {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('one scheduler leader', () => {
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    if (!available) return;
    await dropTestSchema(schema);
  });

  it('is simply this process on SQLite', async () => {
    const store: JiefangStore = await openSqliteStore({
      filename: join(mkdtempSync(join(tmpdir(), 'jiefang-lead-')), 'test.db'),
    });
    let started = 0;
    const leadership = new WhileLeader(store, 'sched', () => {
      started += 1;
      return { close: () => undefined };
    });
    await leadership.begin();
    expect(leadership.leading).toBe(true);
    expect(started).toBe(1);
    await leadership.close();
    await store.close();
  });

  it.runIf(available)(
    'runs in one of several processes and moves within 5 s when the leader is killed with SIGKILL',
    async () => {
      // Migrate once up front so the children do not race on it.
      await (await openPostgresStore({ connectionString: POSTGRES_URL, schema })).close();
      const started = await Promise.all([startChild(), startChild(), startChild()]);
      for (const child of started) children.push(child.process);
      const leaders = () => started.filter((c) => c.lines.at(-1)?.what === 'leading');
      await until(() => leaders().length === 1, 5_000);
      // Several retry rounds later still exactly one.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(leaders()).toHaveLength(1);

      const [leader] = leaders();
      const killedAt = Date.now();
      leader.process.kill('SIGKILL');
      const rest = started.filter((c) => c !== leader);
      await until(() => rest.some((c) => c.lines.at(-1)?.what === 'leading'), 10_000);
      const next = rest.find((c) => c.lines.at(-1)?.what === 'leading')!;
      const failoverMs = next.lines.at(-1)!.at - killedAt;
      console.log(`scheduler lead moved ${failoverMs} ms after SIGKILL`);
      expect(failoverMs).toBeLessThanOrEqual(5_000);
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      // Never two at once: the survivors together took the lead exactly once.
      expect(rest.flatMap((c) => c.lines).filter((l) => l.what === 'leading')).toHaveLength(1);
    },
    60_000,
  );
});
