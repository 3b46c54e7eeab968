import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ForecastErrorCode } from '@jiefang/forecast';
import { describe, expect, it } from 'vitest';
import { forecastCommand } from './forecast-command.ts';

const HEADER =
  'CATEGORY;CALL GROUPS;final_case_type;CASE DESC;occ_date;x_coordinate;y_coordinate;census_tract';

/** 20 days of calls: a street-crime hotspot at one corner, scattered other calls, a later day. */
function callsFile(dir: string): string {
  const rows = [HEADER];
  for (let d = 1; d <= 20; d++) {
    const date = `${String(d).padStart(2, '0')}/08/2016`;
    for (let i = 0; i < 5; i++)
      rows.push(
        `STREET CRIMES;DISORDER;DISTP ;DISTURBANCE ;${date};${7_640_000 + i * 20};${684_000 + d};1`,
      );
    for (let i = 0; i < 5; i++)
      rows.push(`OTHER;X;Y;Z;${date};${7_600_000 + i * 3000 + d * 97};${680_000 + i * 1700};1`);
  }
  rows.push(`STREET CRIMES;DISORDER;DISTP ;DISTURBANCE ;25/08/2016;7000000;600000;1`);
  const file = join(dir, 'calls.csv');
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

describe('jiefang forecast', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jiefang-forecast-'));
  const calls = callsFile(dir);

  it('writes ranked cells as GeoJSON, the hotspot first, from calls before --until only', () => {
    const out = join(dir, 'hot.geojson');
    const args = ['--calls', calls, '--until', '2016-08-21', '--horizon', '7d'];
    expect(forecastCommand([...args, '--category', 'street', '--out', out])).toBe(0);
    const geojson = JSON.parse(readFileSync(out, 'utf8'));
    expect(geojson.properties).toMatchObject({
      category: 'street',
      from: '2016-08-21',
      until: '2016-08-28',
    });
    const cells = Math.floor((0.75 * 5280 * 5280) / geojson.properties.cellSizeFt ** 2);
    // The grid covers the street calls only (a few cells here): every cell of it, at most `cells`.
    expect(geojson.features.length).toBeGreaterThan(1);
    expect(geojson.features.length).toBeLessThanOrEqual(cells);
    expect(geojson.features[0].properties.rank).toBe(1);
    // The hotspot is at EPSG:2913 (7,640,040, 684,010): downtown Portland.
    const [lon, lat] = geojson.features[0].geometry.coordinates[0][0];
    expect(lon).toBeCloseTo(-122.67, 1);
    expect(lat).toBeCloseTo(45.52, 1);
    expect(geojson.features[0].geometry.coordinates[0]).toHaveLength(5);
  });

  it('refuses an unknown horizon and a missing history with coded errors', () => {
    const out = join(dir, 'x.geojson');
    expect(() =>
      forecastCommand(['--calls', calls, '--until', '2016-08-21', '--horizon', '7x', '--out', out]),
    ).toThrowError(
      expect.objectContaining({ code: ForecastErrorCode.INVALID_ARGUMENT, field: 'horizon' }),
    );
    expect(() =>
      forecastCommand(['--calls', calls, '--until', '2016-07-01', '--out', out]),
    ).toThrowError(expect.objectContaining({ code: ForecastErrorCode.NO_HISTORY }));
  });
});
