import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoutingError, RoutingErrorCode } from '../errors.ts';
import type { CityGraphData, ProfileGraph } from '../graph/profile-graph.ts';
import { CityRouter, type LonLat } from '../query/city-router.ts';
import { fixtureCity } from '../test-support/fixture-city.ts';
import {
  decodeGraph,
  encodeGraph,
  GRAPH_FORMAT_VERSION,
  readGraphFile,
  writeGraphFile,
} from './graph-file.ts';

// A 3 × 3 grid of residential streets, 0.001° apart, with a oneway middle row, a footway
// diagonal only walkers (not cars) use, and two named places off the roads:
//
//   7 --- 8 --- 9
//   |     |     |
//   4 --> 5 --> 6      way 101 is oneway (drive, bike)
//   |   / |     |
//   1 --- 2 --- 3      way 300: footway 1 — 5
const GRID = `
node 1 lat=0 lon=0
node 2 lat=0 lon=0.001
node 3 lat=0 lon=0.002
node 4 lat=0.001 lon=0
node 5 lat=0.001 lon=0.001
node 6 lat=0.001 lon=0.002
node 7 lat=0.002 lon=0
node 8 lat=0.002 lon=0.001
node 9 lat=0.002 lon=0.002
node 50 lat=0.0005 lon=0.0015 amenity=police name="派出所" name:en="Police Station"
node 51 lat=0.0015 lon=0.0005 amenity=school name="School" addr:street="Row Road" addr:housenumber=7
way 100 nodes=1,2,3 highway=residential name="Row Road"
way 101 nodes=4,5,6 highway=residential oneway=yes name="中山路"
way 102 nodes=7,8,9 highway=residential name="Top Road"
way 200 nodes=1,4,7 highway=residential
way 201 nodes=2,5,8 highway=tertiary maxspeed=30
way 202 nodes=3,6,9 highway=residential
way 300 nodes=1,5 highway=footway
`;

const ARRAY_FIELDS = [
  'nodeLon',
  'nodeLat',
  'nodeOsmId',
  'edgeU',
  'edgeV',
  'edgeForwardSeconds',
  'edgeBackwardSeconds',
  'edgeMetres',
  'edgeName',
  'edgeClass',
  'edgeGeomStart',
  'geomLon',
  'geomLat',
  'firstOut',
  'outHead',
  'outSeconds',
  'outEdge',
  'firstIn',
  'inTail',
  'inSeconds',
] as const;

const PREAMBLE_BYTES = 48;

/** Element-wise equality of two typed arrays of the same kind (NaN and Infinity included). */
function expectSameArray(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string) {
  expect(actual.constructor, what).toBe(expected.constructor);
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      expect.fail(`${what}[${i}]: ${actual[i]} !== ${expected[i]}`);
    }
  }
}

function expectSameGraph(actual: CityGraphData, expected: CityGraphData) {
  expect(actual.meta).toEqual(expected.meta);
  expect(actual.names).toEqual(expected.names);
  expect(actual.nameLocalNames).toEqual(expected.nameLocalNames);
  expect(actual.places).toEqual(expected.places);
  expect(actual.profiles.map((p) => p.profile)).toEqual(expected.profiles.map((p) => p.profile));
  expected.profiles.forEach((want, p) => {
    const got = actual.profiles[p];
    expect(got.nodeCount).toBe(want.nodeCount);
    expect(got.edgeCount).toBe(want.edgeCount);
    for (const field of ARRAY_FIELDS) {
      expectSameArray(got[field], want[field], `${want.profile}.${field}`);
    }
    expect(got.segmentIndex).toBeInstanceOf(ArrayBuffer);
    expectSameArray(
      new Uint8Array(got.segmentIndex),
      new Uint8Array(want.segmentIndex),
      `${want.profile}.segmentIndex`,
    );
  });
}

/** The RoutingError `run` throws; fails the test when it throws anything else or nothing. */
function routingError(run: () => unknown): RoutingError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RoutingError);
    return error as RoutingError;
  }
  throw new Error('expected a RoutingError, nothing was thrown');
}

/** Body start (end of the JSON header) read straight from the preamble. */
function bodyStart(bytes: Uint8Array): number {
  return PREAMBLE_BYTES + Buffer.from(bytes).readUInt32LE(12);
}

/** Rewrites the checksum so that only the damage under test, not the hash, trips the decoder. */
function rehash(bytes: Buffer): Buffer {
  createHash('sha256').update(bytes.subarray(PREAMBLE_BYTES)).digest().copy(bytes, 16);
  return bytes;
}

const ROUTES: [LonLat, LonLat][] = [
  [
    [0, 0],
    [0.002, 0.002],
  ],
  [
    [0.0015, 0.001],
    [0.0005, 0.001],
  ],
  [
    [0.0005, 0.001],
    [0.0015, 0.001],
  ],
  [
    [0.002, 0.0005],
    [0, 0.0015],
  ],
  [
    [0.0012, 0.0021],
    [0.0012, 0.0021],
  ],
];

describe('graph file', () => {
  let city: CityGraphData;
  let encoded: Buffer;
  const dir = mkdtempSync(join(tmpdir(), 'jiefang-graph-file-'));

  beforeAll(async () => {
    city = (await fixtureCity(GRID)).city;
    encoded = encodeGraph(city);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the fixture is a real graph worth round-tripping', () => {
    expect(city.profiles.map((p) => p.profile)).toEqual(['drive', 'walk', 'bike']);
    for (const graph of city.profiles) {
      expect(graph.nodeCount).toBeGreaterThan(1);
      expect(graph.edgeCount).toBeGreaterThan(1);
    }
    const drive = city.profiles[0];
    // The oneway row makes some arc directions impassable for cars.
    expect(Array.from(drive.edgeBackwardSeconds)).toContain(Infinity);
    expect(city.names).toEqual(expect.arrayContaining(['Row Road', '中山路', 'Top Road']));
    expect(city.places.map((p) => p.name).sort()).toEqual(['School', '派出所']);
  });

  it('starts with the documented preamble', () => {
    expect(encoded.subarray(0, 8).toString('latin1')).toBe('JFGRAPH\0');
    expect(encoded.readUInt32LE(8)).toBe(GRAPH_FORMAT_VERSION);
    const headerLength = encoded.readUInt32LE(12);
    expect((PREAMBLE_BYTES + headerLength) % 8).toBe(0);
    const digest = createHash('sha256').update(encoded.subarray(PREAMBLE_BYTES)).digest();
    expect(encoded.subarray(16, 48).equals(digest)).toBe(true);
    const header = JSON.parse(
      encoded.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength).toString('utf8'),
    ) as { sections: { offset: number }[] };
    for (const section of header.sections) expect(section.offset % 8).toBe(0);
  });

  it('round trip preserves every array of every profile, names, places and meta', () => {
    expectSameGraph(decodeGraph(encoded), city);
  });

  it('round trip preserves non-ASCII names and place fields exactly', () => {
    const decoded = decodeGraph(encoded);
    expect(decoded.names).toContain('中山路');
    const zhongshan = decoded.names.indexOf('中山路');
    expect(decoded.nameLocalNames[zhongshan]).toEqual({ zh: '中山路', en: 'Zhongshan Road' });
    const police = decoded.places.find((p) => p.kind === 'amenity=police')!;
    expect(police).toMatchObject({
      name: '派出所',
      localNames: { zh: '派出所', en: 'Police Station' },
      altNames: ['Police Station'],
      osmId: 50,
    });
    expect(police.lon).toBe(0.0015);
    expect(police.lat).toBe(0.0005);
    const school = decoded.places.find((p) => p.kind === 'amenity=school')!;
    expect(school.address).toBe('Row Road 7');
  });

  it('encoding is deterministic: decode then encode gives the same bytes', () => {
    expect(encodeGraph(decodeGraph(encoded)).equals(encoded)).toBe(true);
  });

  it('a router over the decoded graph answers route() identically', () => {
    const original = new CityRouter(city);
    const decoded = new CityRouter(decodeGraph(encoded));
    for (const profile of ['drive', 'walk', 'bike']) {
      for (const [from, to] of ROUTES) {
        const want = original.route(from, to, profile);
        const got = decoded.route(from, to, profile);
        expect(got, `${profile} ${from} → ${to}`).toEqual(want);
      }
    }
    // Sanity: the answers compared above are not trivial ones.
    const against = original.route([0.0015, 0.001], [0.0005, 0.001], 'drive');
    const along = original.route([0.0005, 0.001], [0.0015, 0.001], 'drive');
    expect(against.seconds).toBeGreaterThan(along.seconds);
  });

  it('maps sections as views of an aligned buffer instead of copying', () => {
    const copy = new Uint8Array(encoded.byteLength);
    copy.set(encoded);
    const decoded = decodeGraph(copy);
    expect(decoded.profiles[0].nodeLon.buffer).toBe(copy.buffer);
    expectSameGraph(decoded, city);
  });

  it.each([1, 3, 4, 8, 13])(
    'decodes a Uint8Array that starts at byteOffset %i of a larger buffer',
    (offset) => {
      const larger = new Uint8Array(encoded.byteLength + offset + 5).fill(0xaa);
      larger.set(encoded, offset);
      const view = larger.subarray(offset, offset + encoded.byteLength);
      expectSameGraph(decodeGraph(view), city);
      // Decoding must not scribble on the caller's bytes.
      expect(Buffer.from(view).equals(encoded)).toBe(true);
    },
  );

  it('decodes a Buffer that starts at an odd byteOffset', () => {
    const larger = Buffer.alloc(encoded.byteLength + 3);
    encoded.copy(larger, 3);
    expectSameGraph(decodeGraph(larger.subarray(3)), city);
  });

  it('write → read through a file gives the same graph', () => {
    const path = join(dir, 'city.graph');
    const written = writeGraphFile(path, city);
    expect(written).toBe(encoded.byteLength);
    expect(readFileSync(path).equals(encoded)).toBe(true);
    expectSameGraph(readGraphFile(path), city);
  });

  it('writeGraphFile replaces an existing file and leaves no .tmp-* file behind', () => {
    const sub = mkdtempSync(join(dir, 'write-'));
    const path = join(sub, 'city.graph');
    writeFileSync(path, 'an old graph');
    writeGraphFile(path, city);
    expect(readdirSync(sub)).toEqual(['city.graph']);
    expect(readdirSync(sub).some((name) => name.includes('.tmp-'))).toBe(false);
    expectSameGraph(readGraphFile(path), city);
  });

  describe('errors', () => {
    it('wrong magic → ERR_GRAPH_NOT_A_GRAPH', () => {
      const bytes = Buffer.from(encoded);
      bytes.write('XFGRAPH\0', 0, 'latin1');
      const error = routingError(() => decodeGraph(bytes, { source: 'x.graph' }));
      expect(error.code).toBe(RoutingErrorCode.GRAPH_NOT_A_GRAPH);
      expect(error.field).toBe('x.graph');
      expect(error.message).toContain('x.graph');
    });

    it('an OSM file is not a graph → ERR_GRAPH_NOT_A_GRAPH', () => {
      const xml = Buffer.from('<?xml version="1.0"?><osm version="0.6">' + ' '.repeat(100));
      expect(routingError(() => decodeGraph(xml)).code).toBe(RoutingErrorCode.GRAPH_NOT_A_GRAPH);
    });

    it('an empty buffer → ERR_GRAPH_NOT_A_GRAPH', () => {
      expect(routingError(() => decodeGraph(new Uint8Array(0))).code).toBe(
        RoutingErrorCode.GRAPH_NOT_A_GRAPH,
      );
    });

    it('the magic alone, shorter than the preamble → ERR_GRAPH_NOT_A_GRAPH', () => {
      expect(routingError(() => decodeGraph(encoded.subarray(0, 20))).code).toBe(
        RoutingErrorCode.GRAPH_NOT_A_GRAPH,
      );
    });

    it.each([0, 1, GRAPH_FORMAT_VERSION + 1, 0xffffffff])(
      'format version %i → ERR_GRAPH_VERSION_MISMATCH',
      (version) => {
        const bytes = Buffer.from(encoded);
        bytes.writeUInt32LE(version, 8);
        const error = routingError(() => decodeGraph(bytes, { source: 'old.graph' }));
        expect(error.code).toBe(RoutingErrorCode.GRAPH_VERSION_MISMATCH);
        expect(error.message).toContain(String(version));
        expect(error.field).toBe('old.graph');
      },
    );

    it('one flipped byte in a section → ERR_GRAPH_CORRUPT', () => {
      const start = bodyStart(encoded);
      // First, middle and last byte of the sections.
      for (const at of [
        start,
        Math.floor((start + encoded.byteLength) / 2),
        encoded.byteLength - 1,
      ]) {
        const bytes = Buffer.from(encoded);
        bytes[at] ^= 0x01;
        const error = routingError(() => decodeGraph(bytes, { source: 'bad.graph' }));
        expect(error.code, `byte ${at}`).toBe(RoutingErrorCode.GRAPH_CORRUPT);
        expect(error.field).toBe('bad.graph');
      }
    });

    it('one flipped byte in the header or the stored checksum → ERR_GRAPH_CORRUPT', () => {
      for (const at of [PREAMBLE_BYTES + 5, 16, 47]) {
        const bytes = Buffer.from(encoded);
        bytes[at] ^= 0x80;
        expect(routingError(() => decodeGraph(bytes)).code, `byte ${at}`).toBe(
          RoutingErrorCode.GRAPH_CORRUPT,
        );
      }
    });

    it('a file truncated by 100 bytes → ERR_GRAPH_CORRUPT', () => {
      const truncated = encoded.subarray(0, encoded.byteLength - 100);
      expect(routingError(() => decodeGraph(truncated)).code).toBe(RoutingErrorCode.GRAPH_CORRUPT);
    });

    it('truncated and unverified: a section past the end → ERR_GRAPH_CORRUPT', () => {
      const truncated = encoded.subarray(0, encoded.byteLength - 100);
      expect(routingError(() => decodeGraph(truncated, { verify: false })).code).toBe(
        RoutingErrorCode.GRAPH_CORRUPT,
      );
    });

    it('cut inside the header → ERR_GRAPH_CORRUPT', () => {
      const cut = encoded.subarray(0, PREAMBLE_BYTES + 10);
      expect(routingError(() => decodeGraph(cut)).code).toBe(RoutingErrorCode.GRAPH_CORRUPT);
    });

    it('a header length past the end of the file → ERR_GRAPH_CORRUPT', () => {
      const bytes = Buffer.from(encoded);
      bytes.writeUInt32LE(encoded.byteLength, 12);
      expect(routingError(() => decodeGraph(bytes)).code).toBe(RoutingErrorCode.GRAPH_CORRUPT);
    });

    it('a header that is not JSON, with a matching checksum → ERR_GRAPH_CORRUPT', () => {
      const bytes = Buffer.from(encoded);
      bytes[PREAMBLE_BYTES] = '!'.charCodeAt(0);
      expect(routingError(() => decodeGraph(rehash(bytes))).code).toBe(
        RoutingErrorCode.GRAPH_CORRUPT,
      );
    });

    it('skipping verification accepts damaged section bytes (trusted buffers only)', () => {
      const bytes = Buffer.from(encoded);
      bytes[encoded.byteLength - 1] ^= 0x01;
      expect(() => decodeGraph(bytes, { verify: false })).not.toThrow();
    });

    it('a missing file → ERR_GRAPH_NOT_A_GRAPH naming the path', () => {
      const path = join(dir, 'no-such.graph');
      const error = routingError(() => readGraphFile(path));
      expect(error.code).toBe(RoutingErrorCode.GRAPH_NOT_A_GRAPH);
      expect(error.field).toBe(path);
      expect(error.message).toContain(path);
    });

    it('a damaged file names the path', () => {
      const path = join(dir, 'damaged.graph');
      const bytes = Buffer.from(encoded);
      bytes[bytes.byteLength - 8] ^= 0xff;
      writeFileSync(path, bytes);
      const error = routingError(() => readGraphFile(path));
      expect(error.code).toBe(RoutingErrorCode.GRAPH_CORRUPT);
      expect(error.field).toBe(path);
      expect(error.message).toContain(path);
    });

    it('a directory is not a graph file', () => {
      const error = routingError(() => readGraphFile(dir));
      expect(error.code).toBe(RoutingErrorCode.GRAPH_NOT_A_GRAPH);
      expect(error.field).toBe(dir);
      expect(existsSync(dir)).toBe(true);
    });
  });
});

// Keeps the field list above in step with the interface: a new array field not listed here
// fails to compile instead of silently going unchecked.
type Unlisted = Exclude<
  keyof ProfileGraph,
  (typeof ARRAY_FIELDS)[number] | 'profile' | 'nodeCount' | 'edgeCount' | 'segmentIndex'
>;
const everyFieldListed: Unlisted extends never ? true : false = true;
void everyFieldListed;
