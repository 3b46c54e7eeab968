import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { osmXml, writeOsmFixture } from '../../routing/src/build/osm-fixture.ts';
import {
  BASEMAP_FORMAT_VERSION,
  buildBasemapFile,
  readBasemapFile,
  writeBasemapFile,
} from './basemap-file.ts';
import { BasemapError, BasemapErrorCode } from './errors.ts';
import { extractBasemap } from './extract.ts';
import { OSM_ATTRIBUTION } from './layers.ts';

const CITY = `
node 1 lat=32.04 lon=118.78
node 2 lat=32.05 lon=118.78
node 3 lat=32.05 lon=118.79
way 10 nodes=1,2 highway=primary name="中山路"
way 11 nodes=1,2,3,1 building=yes name="中央商场"
`;

let dir: string;
let osmPath: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jiefang-basemap-file-'));
  osmPath = await writeOsmFixture(dir, 'city', osmXml(CITY));
});

async function failure(path: string): Promise<BasemapError> {
  const error = await readBasemapFile(path).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(BasemapError);
  return error as BasemapError;
}

async function fileWith(name: string, bytes: Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

describe('basemap file', () => {
  it('round-trips the layers, bounds and attribution', async () => {
    const basemap = await extractBasemap(osmPath);
    const path = join(dir, 'out', 'city.basemap.json.gz');
    await writeBasemapFile(path, basemap, { source: 'city.osm' });
    const read = await readBasemapFile(path);
    expect(read.layers).toEqual(basemap.layers);
    expect(read.bounds).toEqual(basemap.bounds);
    expect(read).toMatchObject({
      format: 'jiefang-basemap',
      version: BASEMAP_FORMAT_VERSION,
      attribution: OSM_ATTRIBUTION,
      source: 'city.osm',
    });
  });

  it('buildBasemapFile reads OSM and writes the file in one call', async () => {
    const path = join(dir, 'built.basemap.json.gz');
    const stats = await buildBasemapFile(osmPath, path);
    expect(stats.features).toMatchObject({ roads: 1, buildings: 1, places: 1 });
    const read = await readBasemapFile(path);
    expect(read.layers.roads.features[0].properties.name).toBe('中山路');
    expect(read.source).toBe('city.osm');
  });

  it('names a missing file', async () => {
    const error = await failure(join(dir, 'nope.basemap.json.gz'));
    expect(error.code).toBe(BasemapErrorCode.FILE_UNREADABLE);
    expect(error.message).toContain('no such file');
    expect(error.path).toBe(join(dir, 'nope.basemap.json.gz'));
  });

  it('rejects a file that is not gzip, or gzip of something else', async () => {
    const plain = await failure(await fileWith('plain.json', Buffer.from('{"format":1}')));
    expect(plain.code).toBe(BasemapErrorCode.NOT_A_BASEMAP);
    const text = await failure(await fileWith('text.gz', gzipSync('hello')));
    expect(text.code).toBe(BasemapErrorCode.NOT_A_BASEMAP);
    const other = await failure(await fileWith('other.gz', gzipSync('{"format":"geojson"}')));
    expect(other.code).toBe(BasemapErrorCode.NOT_A_BASEMAP);
    expect(other.message).toContain('"format": "jiefang-basemap"');
  });

  it('rejects another format version, asking for a new import', async () => {
    const json = JSON.stringify({ format: 'jiefang-basemap', version: 99 });
    const error = await failure(await fileWith('v99.gz', gzipSync(json)));
    expect(error.code).toBe(BasemapErrorCode.VERSION_MISMATCH);
    expect(error.message).toMatch(/version 99.*jiefang import/);
  });

  it('reports a truncated file or a missing layer as corrupt', async () => {
    const good = await readFile(join(dir, 'built.basemap.json.gz'));
    const cut = await failure(await fileWith('cut.gz', good.subarray(0, good.length - 20)));
    expect(cut.code).toBe(BasemapErrorCode.CORRUPT);
    const json = JSON.stringify({ format: 'jiefang-basemap', version: BASEMAP_FORMAT_VERSION });
    const empty = await failure(await fileWith('nolayers.gz', gzipSync(json)));
    expect(empty.code).toBe(BasemapErrorCode.CORRUPT);
    expect(empty.message).toContain('layer "landuse" is missing');
  });
});
