import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NANJING_OSM, REPO_ROOT } from '../paths.ts';

const run = promisify(execFile);

interface Latency {
  p50: number;
  p99: number;
}

describe('npm run load', () => {
  const directory = mkdtempSync(join(tmpdir(), 'jiefang-load-test-'));
  const graph = join(directory, 'nanjing.graph');
  beforeAll(async () => {
    await run(
      process.execPath,
      ['packages/cli/bin/jiefang.js', 'import', NANJING_OSM, '--out', graph],
      { cwd: REPO_ROOT },
    );
  }, 120_000);
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  /** 50 devices (40 phones, 10 cars) reporting every 2 s, 1 incident a second for 10 s. */
  async function load(extra: string[]) {
    const { stdout, stderr } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'packages/sim/src/load/load-command.ts',
        '--responders',
        '40',
        '--police',
        '10',
        '--incidents-per-s',
        '1',
        '--position-interval-s',
        '2',
        '--duration-s',
        '10',
        '--warmup-s',
        '2',
        '--city',
        graph,
        '--json',
        ...extra,
      ],
      { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 },
    ).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`load failed:\n${error.stderr}\n${error.stdout}`);
    });
    const lines = stdout.trim().split('\n');
    const report = JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual([
      'positions_per_s',
      'incidents',
      'intake_to_recommendation_ms',
      'dispatch_to_device_ms',
      'errors',
      'rss_mb_start',
      'rss_mb_end',
      'heap_after_gc_mb_start',
      'heap_after_gc_mb_end',
      'db_mb',
      'wal_mb',
      'nodes',
      'series',
    ]);
    expect(report.errors, stderr).toBe(0);
    expect(report.incidents).toBe(10);
    // 50 phones every 2 s.
    expect(report.positions_per_s).toBeGreaterThan(15);
    expect(report.positions_per_s).toBeLessThan(35);
    for (const key of ['intake_to_recommendation_ms', 'dispatch_to_device_ms']) {
      const latency = report[key] as Latency;
      expect(typeof latency.p50, key).toBe('number');
      expect(latency.p50).toBeGreaterThanOrEqual(0);
      expect(latency.p99).toBeGreaterThanOrEqual(latency.p50);
    }
    expect(report.rss_mb_start).toBeGreaterThan(0);
    expect(report.rss_mb_end).toBeGreaterThan(0);
    // The server started here runs with --expose-gc: an exact heap after a full collection.
    expect(report.heap_after_gc_mb_start).toBeGreaterThan(0);
    expect(report.heap_after_gc_mb_end).toBeGreaterThan(0);
    expect(report.db_mb).toBeGreaterThan(0);
    expect(typeof report.wal_mb).toBe('number');
    // Sampled when the window opens and when it ends (and every minute between).
    const series = report.series as { t_s: number; db_mb: number }[];
    expect(series.length).toBeGreaterThanOrEqual(2);
    expect(series[0].t_s).toBe(0);
    expect(series.every((sample) => sample.db_mb > 0)).toBe(true);
    return { report, stderr };
  }

  it('runs 50 devices against its own server and prints the report as the last line', async () => {
    const { stderr } = await load([]);
    expect(stderr).toMatch(/1 device processes/);
  }, 180_000);

  it('spreads the devices over client processes and the server over device gateways', async () => {
    const { report, stderr } = await load([
      '--device-processes',
      '2',
      '--device-gateways',
      '2',
      '--close-incidents',
    ]);
    // The closed loop: incidents whose units all cleared went through to closed, without errors.
    expect(Number(/(\d+) incidents closed/.exec(stderr)?.[1])).toBeGreaterThan(0);
    expect(stderr).toMatch(/devices connect to http:\/\/127\.0\.0\.1:\d+ \(2 device gateways\)/);
    expect(stderr).toMatch(/\[devices 0\] pid \d+: \d+ devices of \d+ units from 127\.0\.0\.10/);
    expect(stderr).toMatch(/\[devices 1\] pid \d+: \d+ devices of \d+ units from 127\.0\.0\.11/);
    // The whole server: the main process and its two gateways.
    expect(stderr).toMatch(/server rss [\d.]+ MB \(\d+: [\d.]+, \d+: [\d.]+, \d+: [\d.]+\)/);
    const latency = report.dispatch_to_device_ms as Latency;
    expect(latency.p99).toBeGreaterThanOrEqual(0);
  }, 180_000);
});
