import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { NANJING_OSM, REPO_ROOT } from '../paths.ts';

const run = promisify(execFile);

describe('npm run load', () => {
  const directory = mkdtempSync(join(tmpdir(), 'jiefang-load-test-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('runs 50 devices against its own server and prints the report as the last line', async () => {
    const graph = join(directory, 'nanjing.graph');
    await run(
      process.execPath,
      ['packages/cli/bin/jiefang.js', 'import', NANJING_OSM, '--out', graph],
      {
        cwd: REPO_ROOT,
      },
    );
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
    ]);
    expect(report.errors, stderr).toBe(0);
    expect(report.incidents).toBe(10);
    // 50 phones every 2 s.
    expect(report.positions_per_s).toBeGreaterThan(15);
    expect(report.positions_per_s).toBeLessThan(35);
    for (const key of ['intake_to_recommendation_ms', 'dispatch_to_device_ms']) {
      const latency = report[key] as { p50: number; p99: number };
      expect(latency.p50).toBeGreaterThanOrEqual(0);
      expect(latency.p99).toBeGreaterThanOrEqual(latency.p50);
    }
    expect(report.rss_mb_start).toBeGreaterThan(0);
    expect(report.rss_mb_end).toBeGreaterThan(0);
  }, 180_000);
});
