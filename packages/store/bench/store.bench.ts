/**
 * Store throughput on this machine. Run: npx tsx packages/store/bench/store.bench.ts
 * Prints JSON: per dialect, the latency of create-aggregate appends (each its own durable commit)
 * and the insert rate of track batches. PostgreSQL is measured when JIEFANG_TEST_POSTGRES_URL
 * (default postgres://postgres@127.0.0.1:5432/test) is reachable, in a throwaway schema.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { latencyPercentile } from '@jiefang/core/latency-percentiles';
import pg from 'pg';
import { openPostgresStore } from '../src/postgres/open-postgres-store.ts';
import { openSqliteStore } from '../src/sqlite/open-sqlite-store.ts';
import type { JiefangStore, TrackPoint } from '../src/store.ts';

const POSTGRES_URL =
  process.env.JIEFANG_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const WARMUP_APPENDS = 100;
const MEASURED_APPENDS = 2_000;
const TRACK_ROWS = 100_000;
const TRACK_BATCH = 1_000;

async function measureAppends(store: JiefangStore) {
  const latencies: number[] = [];
  for (let i = 0; i < WARMUP_APPENDS + MEASURED_APPENDS; i++) {
    const started = performance.now();
    await store.append({
      aggregateType: 'incident',
      aggregateId: `bench-${i}`,
      orgId: 'org-1',
      actorId: 'bench',
      at: new Date().toISOString(),
      expectedVersion: 0,
      idempotencyKey: `bench-req-${i}`,
      events: [
        {
          type: 'incident.created',
          payload: {
            kind: 'fire',
            description: '朝阳区建国路88号三楼起火',
            lon: 116.46,
            lat: 39.9,
          },
        },
      ],
      status: 'open',
      data: { kind: 'fire', priority: 1, location: { lon: 116.46, lat: 39.9 } },
    });
    if (i >= WARMUP_APPENDS) latencies.push(performance.now() - started);
  }
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  return {
    appends: MEASURED_APPENDS,
    p50Ms: round(latencyPercentile(latencies, 0.5)),
    p99Ms: round(latencyPercentile(latencies, 0.99)),
    maxMs: round(latencyPercentile(latencies, 1)),
  };
}

async function measureTracks(store: JiefangStore) {
  const start = Date.parse('2025-03-01T08:00:00Z');
  const rows: TrackPoint[] = Array.from({ length: TRACK_ROWS }, (_, i) => ({
    unitId: `unit-${i % 500}`,
    at: new Date(start + i * 10).toISOString(),
    lon: 116.3 + (i % 1000) * 1e-4,
    lat: 39.9 + (i % 700) * 1e-4,
    accuracyM: 5,
    edgeId: i,
    edgeOffset: 0.5,
  }));
  const started = performance.now();
  for (let i = 0; i < rows.length; i += TRACK_BATCH) {
    await store.tracks.append(rows.slice(i, i + TRACK_BATCH));
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    rows: TRACK_ROWS,
    batchSize: TRACK_BATCH,
    rowsPerSecond: Math.round(TRACK_ROWS / seconds),
  };
}

async function benchSqlite() {
  const dir = mkdtempSync(join(tmpdir(), 'jiefang-bench-'));
  const store = await openSqliteStore({ filename: join(dir, 'bench.db') });
  try {
    return {
      durability: 'WAL, synchronous=FULL',
      createAppend: await measureAppends(store),
      tracks: await measureTracks(store),
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchPostgres() {
  const schema = `jiefang_bench_${process.pid}`;
  let store: JiefangStore;
  try {
    store = await openPostgresStore({ connectionString: POSTGRES_URL, schema });
  } catch (error) {
    return { skipped: error instanceof Error ? error.message : String(error) };
  }
  try {
    return {
      createAppend: await measureAppends(store),
      tracks: await measureTracks(store),
    };
  } finally {
    await store.close();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  }
}

const report = {
  node: process.version,
  sqlite: await benchSqlite(),
  postgres: await benchPostgres(),
};
console.log(JSON.stringify(report, null, 2));
