import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  calibrationPathOf,
  importOsm,
  readCalibratedGraph,
  writeGraphFile,
} from '@jiefang/routing';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { osmXml } from '../../../routing/src/build/osm-fixture.ts';
import { main } from '../main.ts';

const HEADER =
  'call_number,unit_id,unit_type,priority,hour_of_day,from_lat,from_lon,to_lat,to_lon,observed_travel_s,response_dttm_local,suspect_timing';

/** A straight residential street 0.01° long with junctions every 0.001°. */
function street(): string {
  const lines: string[] = [];
  for (let i = 0; i <= 10; i++) lines.push(`node ${i + 1} lat=0 lon=${i * 0.001}`);
  for (let i = 0; i <= 10; i++) lines.push(`node ${i + 100} lat=0.001 lon=${i * 0.001}`);
  lines.push(
    `way 1 nodes=${Array.from({ length: 11 }, (_, i) => i + 1).join(',')} highway=residential`,
  );
  for (let i = 0; i <= 10; i++)
    lines.push(`way ${i + 10} nodes=${i + 1},${i + 100} highway=service`);
  return lines.join('\n');
}

describe('jiefang calibrate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jiefang-calibrate-'));
  const graph = join(dir, 'city.graph');
  let output = '';
  beforeAll(async () => {
    const osm = join(dir, 'street.osm');
    writeFileSync(osm, osmXml(street()));
    writeGraphFile(graph, await importOsm(osm));
  });
  afterEach(() => vi.restoreAllMocks());
  const capture = () => {
    output = '';
    vi.spyOn(process.stdout, 'write').mockImplementation(
      (chunk) => ((output += String(chunk)), true),
    );
    vi.spyOn(process.stderr, 'write').mockImplementation(
      (chunk) => ((output += String(chunk)), true),
    );
  };

  it('fits drives, reports before/after and, with --accept, puts the calibration beside the graph', async () => {
    // 30 s to get going, then twice the profile's residential speed (25 km/h → 50 km/h).
    const rows = Array.from({ length: 24 }, (_, i) => {
      const metres = ((i % 8) + 1) * 111.2;
      const seconds = 30 + metres / (50 / 3.6);
      const to = ((i % 8) + 1) * 0.001;
      return `${i},E${i},ENGINE,3,${i % 24},0,0,0,${to},${seconds.toFixed(1)},2017-01-0${1 + (i % 4)} 10:00:00,0`;
    });
    const drives = join(dir, 'drives.csv');
    writeFileSync(drives, [HEADER, ...rows].join('\n'));
    capture();
    const code = await main([
      'calibrate',
      graph,
      '--drives',
      drives,
      '--folds',
      '4',
      '--accept',
      '--json',
    ]);
    expect(code, output).toBe(0);
    const report = JSON.parse(output);
    expect(report.after.median_abs_pct_err).toBeLessThan(0.02);
    // Uncalibrated, k blocks take 16.01·k s against 30 + 8.006·k observed: errors for k = 1…8 are
    // .579 .304 .111 .033 .143 .231 .303 .362, whose median is (.231 + .303) / 2 = .267.
    expect(report.before.median_abs_pct_err).toBeCloseTo(0.267, 2);
    expect(existsSync(calibrationPathOf(graph))).toBe(true);
    const { calibration } = readCalibratedGraph(graph);
    expect(calibration?.models[0].classFactors.local).toBeCloseTo(0.5, 1);
    expect(calibration?.models[0].overheadSeconds).toBeGreaterThan(20);
  });

  it('a bad value in the drives file is one line with its code, exit 1', async () => {
    const drives = join(dir, 'bad.csv');
    writeFileSync(drives, `${HEADER}\n1,E1,ENGINE,3,0,0,0,0,0.003,fast,2017-01-01 10:00:00,0`);
    capture();
    expect(await main(['calibrate', graph, '--drives', drives])).toBe(1);
    expect(output).toContain('ERR_DRIVES_INVALID');
    expect(output).toContain('row 2');
  });
});
