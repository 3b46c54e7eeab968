import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oregonNorthFeet, type NijCall } from '@jiefang/forecast';
import { CityRouter, importOsm } from '@jiefang/routing';
import { describe, expect, it } from 'vitest';
import { osmXml, writeOsmFixture } from '../../../routing/src/build/osm-fixture.ts';
import { evaluatePatrol } from './eval-patrol.ts';

// A 9 × 9 street grid, ~160 m apart, in downtown Portland.
const LAT0 = 45.51;
const LON0 = -122.69;
const STEP = 0.0015;
function gridCity(): string {
  const lines: string[] = [];
  const id = (i: number, j: number) => 1 + i * 9 + j;
  for (let i = 0; i < 9; i++)
    for (let j = 0; j < 9; j++)
      lines.push(`node ${id(i, j)} lat=${LAT0 + i * STEP} lon=${LON0 + j * STEP * 1.4}`);
  let way = 1000;
  for (let i = 0; i < 9; i++) {
    const row = Array.from({ length: 9 }, (_, j) => id(i, j)).join(',');
    const column = Array.from({ length: 9 }, (_, j) => id(j, i)).join(',');
    lines.push(`way ${way++} nodes=${row} highway=residential`);
    lines.push(`way ${way++} nodes=${column} highway=residential`);
  }
  return lines.join('\n');
}

/** Calls dated `day` (days since 1970), a share of them at one hot corner of the grid. */
function calls(days: number[], random: () => number): NijCall[] {
  const out: NijCall[] = [];
  let row = 1;
  for (const day of days)
    for (let k = 0; k < 40; k++) {
      const hot = k < 16;
      const lat = hot ? LAT0 + 7 * STEP + random() * 0.0003 : LAT0 + random() * 8 * STEP;
      const lon = hot
        ? LON0 + 7 * STEP * 1.4 + random() * 0.0003
        : LON0 + random() * 8 * STEP * 1.4;
      const [x, y] = oregonNorthFeet.inverse([lon, lat]);
      const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
      out.push({
        row: row++,
        date,
        day,
        x,
        y,
        lon,
        lat,
        category: 'OTHER',
        callGroup: '',
        caseType: '',
        description: '',
      });
    }
  return out;
}

describe('evaluatePatrol', () => {
  it('scores the three strategies on a small city, hotspot patrol meeting its coverage floor', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-patrol-'));
    const osm = await writeOsmFixture(dir, 'grid', osmXml(gridCity()));
    const router = new CityRouter(await importOsm(osm));
    let seed = 42;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const first = Date.UTC(2016, 7, 1) / 86_400_000;
    const train = calls(
      Array.from({ length: 14 }, (_, d) => first + d),
      random,
    );
    const test = calls(
      Array.from({ length: 7 }, (_, d) => first + 14 + d),
      random,
    );
    const result = evaluatePatrol(router, train, test, 4);
    expect(result.units).toBe(4);
    expect(result.calls_scored + result.calls_dropped).toBe(test.length);
    expect(result.static_posts.km_per_unit).toBe(0);
    expect(result.hotspot_patrol.km_per_unit).toBeGreaterThan(0);
    expect(result.hotspot_patrol.min_coverage_300).toBeGreaterThanOrEqual(
      result.hotspot_patrol.floor,
    );
    // 40 % of the test calls are at the hot corner: the hotspot plan stands there often.
    expect(result.hotspot_patrol.collision_rate).toBeGreaterThan(
      result.static_posts.collision_rate,
    );
    expect(result.hotspot_patrol.collision_rate).toBeGreaterThan(
      result.random_patrol.collision_rate,
    );
  });
});
