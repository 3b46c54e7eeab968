import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoutingError, RoutingErrorCode } from '../errors.ts';
import type { OsmEntity } from './osm-entities.ts';
import { osmEntities, osmXml, writeOsmFixture } from './osm-fixture.ts';
import { readOsm, type ReadOsmOptions } from './osm-reader.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
// CI clones the repo elsewhere with a copy of shared/ beside it, so resolve from the repo root.
const sharedData = path.resolve(repoRoot, '../shared/data');
const PORTLAND_PBF = path.join(
  sharedData,
  'osm-portland-central/portland-central-filtered.osm.pbf',
);
const COLUMBUS_PBF = path.join(sharedData, 'osm-columbus/columbus.osm.pbf');
const NANJING_OSM = path.join(sharedData, 'osm-nanjing-xuanwu/nanjing_xuanwu.osm');
const TAIPEI_GZ = path.join(sharedData, 'osm-taipei-arterials/taipei_arterials.osm.gz');

const SAMPLE = `
# a signalised T junction with a turn restriction
node 1 lat=32.0507806 lon=118.7927943
node 2 lat=32.051 lon=118.793 highway=traffic_signals
node 3 lat=-33.9 lon=-0.0001
node -4 lat=0 lon=180 name="Tab\there & <there>"
way 10 nodes=1,2,3 highway=residential oneway=yes name="中山路" name:en="Zhongshan Road"
way 11 nodes=2,-4 highway=primary note="say \\"hi\\" \\\\ bye"
way 12 nodes=3,1
relation 5 members=way:10:from,node:2:via,way:11:to type=restriction restriction=no_left_turn
relation 6 members="way:10:outer ring,relation:5:,node:1" type=multipolygon
`;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'osm-reader-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readAll(file: string, options?: ReadOsmOptions): Promise<OsmEntity[][]> {
  const batches: OsmEntity[][] = [];
  for await (const batch of readOsm(file, options)) batches.push(batch);
  return batches;
}

async function readError(file: string): Promise<RoutingError> {
  try {
    await readAll(file);
  } catch (err) {
    expect(err).toBeInstanceOf(RoutingError);
    return err as RoutingError;
  }
  throw new Error(`reading ${file} did not fail`);
}

function countTypes(batches: OsmEntity[][]): Record<string, number> {
  const counts: Record<string, number> = { node: 0, way: 0, relation: 0 };
  for (const batch of batches) for (const entity of batch) counts[entity.type]++;
  return counts;
}

async function writeBytes(name: string, bytes: Buffer | string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return file;
}

async function truncatedCopy(source: string, name: string, fraction: number): Promise<string> {
  const bytes = await readFile(source);
  return writeBytes(name, bytes.subarray(0, Math.floor(bytes.length * fraction)));
}

describe('osm fixture text', () => {
  it('parses quoting, escapes, roles and CJK text', () => {
    const entities = osmEntities(SAMPLE);
    expect(entities).toHaveLength(9);
    expect(entities[3]).toEqual({
      type: 'node',
      id: -4,
      lat: 0,
      lon: 180,
      tags: { name: 'Tab\there & <there>' },
    });
    expect(entities[4]).toEqual({
      type: 'way',
      id: 10,
      refs: [1, 2, 3],
      tags: { highway: 'residential', oneway: 'yes', name: '中山路', 'name:en': 'Zhongshan Road' },
    });
    expect(entities[5].tags).toEqual({ highway: 'primary', note: 'say "hi" \\ bye' });
    expect(entities[6]).toEqual({ type: 'way', id: 12, refs: [3, 1] });
    expect(entities[8]).toMatchObject({
      members: [
        { type: 'way', ref: 10, role: 'outer ring' },
        { type: 'relation', ref: 5, role: '' },
        { type: 'node', ref: 1, role: '' },
      ],
    });
  });

  it('names the line of a mistake', () => {
    expect(() => osmEntities('node 1 lat=1 lon=2\nway 2 highway=primary')).toThrow(
      /line 2.*nodes=/,
    );
    expect(() => osmEntities('node x lat=1 lon=2')).toThrow(/id "x"/);
    expect(() => osmEntities('relation 1 members=area:3:')).toThrow(/member "area:3:"/);
  });
});

describe('readOsm on XML', () => {
  it('reads a fixture back exactly', async () => {
    const file = await writeOsmFixture(dir, 'sample', osmXml(SAMPLE));
    const batches = await readAll(file);
    expect(batches.flat()).toStrictEqual(osmEntities(SAMPLE));
  });

  it('reads the same fixture gzipped', async () => {
    const file = await writeOsmFixture(dir, 'sample', osmXml(SAMPLE), { gzip: true });
    expect(file.endsWith('.osm.gz')).toBe(true);
    expect((await readAll(file)).flat()).toStrictEqual(osmEntities(SAMPLE));
  });

  it('passes unsorted files through in file order', async () => {
    const text = `
      relation 900 members=way:700:,node:5: type=route
      way 700 nodes=9,5,1 highway=service
      way 600 nodes=5,9 highway=service
      node 9 lat=1 lon=1
      node 5 lat=2 lon=2
      node 1 lat=3 lon=3
    `;
    const file = await writeOsmFixture(dir, 'unsorted', osmXml(text));
    const entities = (await readAll(file)).flat();
    expect(entities).toStrictEqual(osmEntities(text));
    expect(entities.map((e) => e.id)).toEqual([900, 700, 600, 9, 5, 1]);
  });

  it('keeps batches at 8000 entities or fewer', async () => {
    const lines = Array.from({ length: 20_001 }, (_, i) => `node ${i + 1} lat=0 lon=0`);
    const file = await writeOsmFixture(dir, 'many', osmXml(lines.join('\n')));
    const batches = await readAll(file);
    expect(batches.map((b) => b.length)).toEqual([8000, 8000, 4001]);
  });

  it('skips bounds, metadata and deleted objects and accepts a BOM', async () => {
    const xml =
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6">\n' +
      '<note>x</note><meta osm_base="2021-06-12T07:41:41Z"/>' +
      '<bounds minlat="0" minlon="0" maxlat="1" maxlon="1"/>' +
      '<changeset id="3"><tag k="comment" v="edit"/></changeset>' +
      '<node id="1" lat="0.5" lon="0.5" version="2" user="a"/>' +
      '<node id="2" lat="0.5" lon="0.6" action="delete"/>' +
      '<way id="3" visible="false"><nd ref="1"/></way>' +
      '</osm>\n';
    const file = await writeOsmFixture(dir, 'extras', xml);
    expect((await readAll(file)).flat()).toStrictEqual([
      { type: 'node', id: 1, lat: 0.5, lon: 0.5 },
    ]);
  });

  it('judges the format by content, not by the name', async () => {
    const xmlAsPbf = await writeBytes('xml-named.osm.pbf', osmXml(SAMPLE));
    expect((await readAll(xmlAsPbf)).flat()).toStrictEqual(osmEntities(SAMPLE));
    const pbfAsOsm = path.join(dir, 'pbf-named.osm');
    await copyFile(PORTLAND_PBF, pbfAsOsm);
    expect(countTypes(await readAll(pbfAsOsm)).way).toBe(7188);
  });
});

describe('readOsm on real extracts', () => {
  it('reads the unsorted Portland PBF', async () => {
    const batches = await readAll(PORTLAND_PBF);
    expect(countTypes(batches)).toEqual({ node: 42_293, way: 7188, relation: 443 });
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(8000);
    const all = batches.flat();
    // JOSM wrote it with negative ids for objects it created.
    expect(all.filter((e) => e.id < 0).length).toBe(31);
    for (const entity of all.slice(0, 1000)) {
      expect(Number.isSafeInteger(entity.id)).toBe(true);
      if (entity.type === 'node') {
        expect(entity.lat).toBeGreaterThan(45.4);
        expect(entity.lat).toBeLessThan(45.7);
        expect(entity.lon).toBeGreaterThan(-122.9);
        expect(entity.lon).toBeLessThan(-122.5);
      }
    }
  });

  it('reads the Columbus PBF, whose ids are out of order', async () => {
    const batches = await readAll(COLUMBUS_PBF);
    expect(countTypes(batches)).toEqual({ node: 110_560, way: 15_503, relation: 111 });
    const nodeIds = batches.flat().flatMap((e) => (e.type === 'node' ? [e.id] : []));
    expect(nodeIds.some((id, i) => i > 0 && id < nodeIds[i - 1])).toBe(true);
    expect(new Set(nodeIds).size).toBe(110_560);
  });

  it('reads the Nanjing OSM XML with Chinese names', async () => {
    const batches = await readAll(NANJING_OSM);
    expect(countTypes(batches)).toEqual({ node: 12_975, way: 1920, relation: 54 });
    const xuanwu = batches.flat().find((e) => e.id === 244084413 && e.type === 'node');
    expect(xuanwu).toMatchObject({
      lat: 32.0507806,
      lon: 118.7927943,
      tags: { name: '玄武区', 'name:en': 'Xuanwu District', 'name:zh-Hant': '玄武區' },
    });
  });

  it('reads the Taipei gzipped OSM XML', async () => {
    const batches = await readAll(TAIPEI_GZ);
    expect(countTypes(batches)).toEqual({ node: 21_790, way: 4260, relation: 700 });
    const ways = batches.flat().filter((e) => e.type === 'way');
    expect(ways.every((w) => w.refs.length >= 2 && w.tags?.highway !== undefined)).toBe(true);
  });
});

describe('readOsm progress and cancellation', () => {
  for (const [label, file] of [
    ['pbf', PORTLAND_PBF],
    ['xml', NANJING_OSM],
    ['gzipped xml (compressed bytes)', TAIPEI_GZ],
  ] as const) {
    it(`reports progress that ends at the file size: ${label}`, async () => {
      const size = (await stat(file)).size;
      const calls: [number, number][] = [];
      await readAll(file, { onProgress: (read, total) => calls.push([read, total]) });
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.at(-1)).toEqual([size, size]);
      for (let i = 1; i < calls.length; i++) {
        expect(calls[i][0]).toBeGreaterThanOrEqual(calls[i - 1][0]);
        expect(calls[i][1]).toBe(size);
      }
    });
  }

  it('lets an error from the progress listener through unchanged', async () => {
    const boom = new Error('listener broke');
    await expect(
      readAll(PORTLAND_PBF, {
        onProgress: () => {
          throw boom;
        },
      }),
    ).rejects.toBe(boom);
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    let batches = 0;
    const read = async () => {
      for await (const _batch of readOsm(PORTLAND_PBF, { signal: controller.signal })) {
        if (++batches === 2) controller.abort();
      }
    };
    await expect(read()).rejects.toMatchObject({ name: 'AbortError' });
    expect(batches).toBe(2);
  });

  it('can be left early and read again', async () => {
    for await (const batch of readOsm(TAIPEI_GZ)) {
      expect(batch.length).toBeGreaterThan(0);
      break;
    }
    expect(countTypes(await readAll(TAIPEI_GZ)).node).toBe(21_790);
  });
});

describe('readOsm on bad files', () => {
  it('reports a missing file as unreadable, with the path as field', async () => {
    const missing = path.join(dir, 'nope', 'missing.osm.pbf');
    const err = await readError(missing);
    expect(err.code).toBe(RoutingErrorCode.OSM_FILE_UNREADABLE);
    expect(err.field).toBe(missing);
    expect(err.message).toContain(missing);
    expect(err.message).toContain('no such file');
  });

  it('reports a directory as unreadable', async () => {
    const sub = path.join(dir, 'a-directory.osm');
    await mkdir(sub, { recursive: true });
    const err = await readError(sub);
    expect(err.code).toBe(RoutingErrorCode.OSM_FILE_UNREADABLE);
    expect(err.field).toBe(sub);
  });

  it('reports a PBF cut at 60 % as corrupt', async () => {
    const file = await truncatedCopy(PORTLAND_PBF, 'truncated.osm.pbf', 0.6);
    const err = await readError(file);
    expect(err.code).toBe(RoutingErrorCode.OSM_FILE_CORRUPT);
    expect(err.field).toBe(file);
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/unexpected end of file after 402073 bytes \(truncated\?\)/);
  });

  it('reports a PBF with damaged block data as corrupt', async () => {
    // The library's own stream throws such errors outside the consumer's reach and then hangs.
    const bytes = Buffer.from(await readFile(PORTLAND_PBF));
    for (let i = 300_000; i < 300_100; i++) bytes[i] ^= 0x5a;
    const file = await writeBytes('damaged.osm.pbf', bytes);
    const err = await readError(file);
    expect(err.code).toBe(RoutingErrorCode.OSM_FILE_CORRUPT);
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/block #\d+ \(OSMData\) at byte \d+/);
  });

  it('reports a PBF with a damaged length prefix as corrupt', async () => {
    const bytes = Buffer.from(await readFile(PORTLAND_PBF));
    bytes.writeUInt32BE(0x7fffffff, 0);
    const err = await readError(await writeBytes('bad-length.osm.pbf', bytes));
    expect(err.code).toBe(RoutingErrorCode.OSM_FILE_CORRUPT);
    expect(err.message).toContain('declares a header of 2147483647 bytes');
  });

  it('reports a cut gzip stream as corrupt', async () => {
    const file = await truncatedCopy(TAIPEI_GZ, 'truncated.osm.gz', 0.5);
    const err = await readError(file);
    expect(err.code).toBe(RoutingErrorCode.OSM_FILE_CORRUPT);
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/unexpected end of file after \d+ bytes \(truncated gzip/);
  });

  it('reports a complete gzip stream of cut XML as corrupt', async () => {
    const xml = osmXml(SAMPLE);
    const file = await writeBytes('cut-inside.osm.gz', gzipSync(xml.slice(0, xml.indexOf('<nd'))));
    const err = await readError(file);
    expect(err.code).toBe(RoutingErrorCode.OSM_FILE_CORRUPT);
    expect(err.message).toMatch(/decompressed XML \(truncated\?\): it ends inside <way id="10">/);
  });

  it('reports XML that ends before </osm> as corrupt', async () => {
    const xml = osmXml(SAMPLE);
    const file = await writeBytes('no-end.osm', xml.slice(0, xml.indexOf('</osm>')));
    const err = await readError(file);
    expect(err.code).toBe(RoutingErrorCode.OSM_FILE_CORRUPT);
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/unexpected end of file after \d+ bytes \(truncated\?\)/);
    expect(err.message).toContain('before </osm>');
  });

  it('reports a real XML extract cut at 60 % as corrupt', async () => {
    const file = await truncatedCopy(NANJING_OSM, 'truncated.osm', 0.6);
    const err = await readError(file);
    expect(err.code).toBe(RoutingErrorCode.OSM_FILE_CORRUPT);
    expect(err.message).toContain('after 945274 bytes (truncated?)');
  });

  it('reports malformed XML as corrupt, with its line', async () => {
    const file = await writeBytes(
      'malformed.osm',
      '<?xml version="1.0"?>\n<osm>\n<node id="1" lat="0" lon="0">\n</way>\n</osm>\n',
    );
    const err = await readError(file);
    expect(err.code).toBe(RoutingErrorCode.OSM_FILE_CORRUPT);
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/malformed XML at line 4/);
  });

  it('reports bad attribute values as corrupt', async () => {
    const cases: [string, RegExp][] = [
      ['<node id="1" lat="north" lon="0"/>', /node lat "north" is not a number/],
      ['<node id="1" lat="91" lon="0"/>', /node lat "91"/],
      ['<node id="x1" lat="0" lon="0"/>', /node id "x1" is not an integer/],
      ['<way id="1"><nd ref=""/></way>', /<nd> ref "" is not an integer/],
      ['<relation id="1"><member type="area" ref="1" role=""/></relation>', /type "area"/],
      ['<way id="1"><tag k="highway"/></way>', /<tag> without k or v/],
    ];
    for (const [body, message] of cases) {
      const file = await writeBytes('bad-value.osm', `<osm>\n${body}\n</osm>\n`);
      const err = await readError(file);
      expect(err.code).toBe(RoutingErrorCode.OSM_FILE_CORRUPT);
      expect(err.message).toMatch(message);
      expect(err.message).toContain('at line 2');
    }
  });

  it('reports bytes that are not UTF-8 as corrupt', async () => {
    const bytes = Buffer.concat([
      Buffer.from('<osm><node id="1" lat="0" lon="0"><tag k="name" v="'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"/></node></osm>'),
    ]);
    const err = await readError(await writeBytes('latin.osm', bytes));
    expect(err.code).toBe(RoutingErrorCode.OSM_FILE_CORRUPT);
    expect(err.message).toContain('not valid UTF-8');
  });

  it('reports an empty file named like OSM as corrupt, otherwise as unknown', async () => {
    for (const name of ['empty.osm', 'empty.osm.pbf', 'empty.osm.gz']) {
      const file = await writeBytes(name, '');
      const err = await readError(file);
      expect(err.code).toBe(RoutingErrorCode.OSM_FILE_CORRUPT);
      expect(err.message).toContain(file);
      expect(err.message).toContain('empty');
    }
    const err = await readError(await writeBytes('empty.dat', ''));
    expect(err.code).toBe(RoutingErrorCode.OSM_FORMAT_UNKNOWN);
    expect(err.message).toContain('empty');
  });

  it('reports a text file that is not OSM as unknown, even when named .osm', async () => {
    const file = await writeBytes('notes.osm', 'Road closures for Zhongshan Road, week 12\n');
    const err = await readError(file);
    expect(err.code).toBe(RoutingErrorCode.OSM_FORMAT_UNKNOWN);
    expect(err.field).toBe(file);
    expect(err.message).toContain(file);
    expect(err.message).toContain('"Road closures fo"');
  });

  it('reports XML of another kind and other compressions as unknown', async () => {
    const html = await writeBytes('page.osm', '<!DOCTYPE html>\n<html><body></body></html>\n');
    const htmlErr = await readError(html);
    expect(htmlErr.code).toBe(RoutingErrorCode.OSM_FORMAT_UNKNOWN);
    expect(htmlErr.message).toContain('root element is <html>');
    const bz2 = await readError(await writeBytes('x.osm.bz2', 'BZh91AY&SY'));
    expect(bz2.code).toBe(RoutingErrorCode.OSM_FORMAT_UNKNOWN);
    expect(bz2.message).toContain('bzip2');
  });
});
