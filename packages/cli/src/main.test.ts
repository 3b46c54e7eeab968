import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { osmXml } from '../../routing/src/build/osm-fixture.ts';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../bin/jiefang.js', import.meta.url));

/** Runs the real `jiefang` entry point as a user would, and never throws on a failing exit. */
async function jiefang(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const CITY = `
node 1 lat=0 lon=0
node 2 lat=0 lon=0.001
node 3 lat=0 lon=0.002
node 4 lat=0.001 lon=0.002
node 5 lat=0.001 lon=0
node 6 lat=0.0002 lon=0.0002 amenity=police name="First Station"
way 10 nodes=1,2,3 highway=residential oneway=yes
way 11 nodes=3,4 highway=residential
way 12 nodes=4,5,1 highway=residential
`;

describe('jiefang CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jiefang-cli-'));
  const osm = join(dir, 'city.osm');
  const graph = join(dir, 'city.graph');
  beforeAll(async () => {
    writeFileSync(osm, osmXml(CITY));
    const result = await jiefang('import', osm, '--out', graph, '--json');
    expect(result.code, result.stderr).toBe(0);
  });

  it('imports a city and describes the graph', async () => {
    const info = await jiefang('info', graph, '--json');
    expect(info.code).toBe(0);
    const summary = JSON.parse(info.stdout);
    expect(summary.source).toBe('city.osm');
    expect(summary.profiles.map((p: { profile: string }) => p.profile)).toEqual([
      'drive',
      'walk',
      'bike',
    ]);
    expect(summary.places).toBe(1);
  });

  it('answers route, reach, isochrone and coverage as JSON', async () => {
    const route = JSON.parse(
      (await jiefang('route', '-g', graph, '--from', '0,0', '--to', '0.002,0', '--json')).stdout,
    );
    expect(route.seconds).toBeCloseTo((2 * 111.19508) / (25 / 3.6), 1);
    expect(route.geometry.type).toBe('LineString');
    const reach = JSON.parse(
      (
        await jiefang(
          'reach',
          '-g',
          graph,
          '--target',
          '0.002,0',
          '--sources',
          '0,0;0.002,0.001',
          '--limit',
          '20',
          '--json',
        )
      ).stdout,
    );
    expect(reach.sources[0].seconds).toBeNull(); // 32 s away, beyond the 20 s limit
    expect(reach.sources[1].seconds).toBeCloseTo(111.19508 / (25 / 3.6), 1);
    const iso = JSON.parse(
      (await jiefang('isochrone', '-g', graph, '--from', '0,0', '--seconds', '10', '--json'))
        .stdout,
    );
    expect(iso.type).toBe('FeatureCollection');
    expect(iso.features.length).toBeGreaterThan(0);
    const coverage = JSON.parse(
      (
        await jiefang(
          'coverage',
          '-g',
          graph,
          '--places',
          'amenity=police',
          '--thresholds',
          '60,600',
          '--json',
        )
      ).stdout,
    );
    expect(coverage.sources).toBe(1);
    expect(coverage.thresholds[1].share).toBeCloseTo(1, 6);
  });

  it('prints human text without --json', async () => {
    const result = await jiefang('coverage', '-g', graph, '--sources', '0,0');
    expect(result.stdout).toMatch(/drive coverage from 1 sources/);
    expect(result.stdout).toMatch(/within 1 min 0 s/);
  });

  it('reports bad input in one line with the error code, never a stack trace', async () => {
    const broken = join(dir, 'broken.osm');
    writeFileSync(broken, '<osm version="0.6"><node id="1" lat="0" lon="0">');
    const bad = await jiefang('import', broken, '--out', join(dir, 'x.graph'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/broken\.osm/);
    expect(bad.stderr).toMatch(/ERR_OSM_FILE_CORRUPT/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);

    const far = await jiefang('route', '-g', graph, '--from', '0,0', '--to', '10,10');
    expect(far.code).toBe(1);
    expect(far.stderr).toMatch(/ERR_POINT_NOT_ON_NETWORK/);

    const notGraph = await jiefang('info', osm);
    expect(notGraph.stderr).toMatch(/ERR_GRAPH_NOT_A_GRAPH/);

    const usage = await jiefang('route', '-g', graph, '--from', 'north', '--to', '0,0');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--from must be longitude,latitude/);

    expect((await jiefang('import', osm)).stderr).toMatch(/--out is required/);
    expect((await jiefang('teleport')).code).toBe(2);
    expect((await jiefang('route', '--bogus')).code).toBe(2);
  });
});
