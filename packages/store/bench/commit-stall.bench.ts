/**
 * What a steady stream of commands costs the event loop on SQLite. Run:
 * npx tsx packages/store/bench/commit-stall.bench.ts [commits per second] [seconds]
 * Appends at a fixed rate (default 60/s for 20 s: a day shift's incidents with their dispatches,
 * accepts, arrivals and clears) without waiting for each other, and prints one JSON line: append
 * latency and event-loop delay (perf_hooks.monitorEventLoopDelay). Event-loop delay is what every
 * other request of the process waits; with SQLite syncing inside COMMIT it was the fsync.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { latencyPercentile } from '@jiefang/core/latency-percentiles';
import { openSqliteStore } from '../src/sqlite/open-sqlite-store.ts';

const rate = Number(process.argv[2] ?? 60);
const seconds = Number(process.argv[3] ?? 20);
const directory = mkdtempSync(join(tmpdir(), 'jiefang-commit-stall-'));
const store = await openSqliteStore({ filename: join(directory, 'bench.db') });
const latencies: number[] = [];
const delay = monitorEventLoopDelay({ resolution: 1 });
const round = (ms: number) => Math.round(ms * 10) / 10;
try {
  delay.enable();
  const appends: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < rate * seconds; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    appends.push(
      store
        .appendAll([
          {
            aggregateType: 'incident',
            aggregateId: `bench-${i}`,
            orgId: 'org-1',
            actorId: 'bench',
            at: new Date().toISOString(),
            expectedVersion: 0,
            events: [{ type: 'incident.created', payload: { i, description: '街坊'.repeat(100) } }],
            status: 'open',
            data: { i },
          },
        ])
        .then(() => void latencies.push(performance.now() - sent)),
    );
  }
  await Promise.all(appends);
  delay.disable();
  const loop = (p: number) => round(delay.percentile(p) / 1e6);
  console.log(
    JSON.stringify({
      commits_per_s: rate,
      commits: latencies.length,
      append_ms: {
        p50: round(latencyPercentile(latencies, 0.5)),
        p99: round(latencyPercentile(latencies, 0.99)),
        max: round(Math.max(...latencies)),
      },
      event_loop_delay_ms: { p50: loop(50), p99: loop(99), max: round(delay.max / 1e6) },
    }),
  );
} finally {
  await store.close();
  rmSync(directory, { recursive: true, force: true });
}
