import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { osmXml, writeOsmFixture } from '../../routing/src/build/osm-fixture.ts';
import { extractBasemap } from './extract.ts';
import { signedArea2 } from './geometry.ts';
import type { Basemap, Position } from './layers.ts';

const NANJING = resolve(
  fileURLToPath(new URL('.', import.meta.url)),
  '../../../cities/nanjing-xinjiekou/nanjing_xuanwu.osm',
);

/**
 * A small unsorted city: ways and relations come before the nodes they use, as in many extracts.
 * Multipolygon 900 (a lake with an island) is made of two open outer ways that must be joined
 * and one inner way; relation 901 needs way 999, which the extract lacks, and is skipped.
 */
const FIXTURE = `
way 10 nodes=1,2,3 highway=primary name="中山路" oneway=yes
way 11 nodes=3,4 highway=residential oneway=-1
way 12 nodes=4,5 highway=footway
way 13 nodes=1,5 highway=construction
way 20 nodes=20,21,22,23,20 building=retail shop=mall name="中央商场"
way 21 nodes=24,25,26,24 building=yes
way 30 nodes=30,31,32 waterway=river name="秦淮河"
way 31 nodes=40,41,42 natural=water
way 32 nodes=42,43,40
way 33 nodes=44,45,46,44
way 34 nodes=50,51,52,50 leisure=park name="玄武公园"
way 35 nodes=53,54,55,53 leisure=pitch
way 36 nodes=1,2 railway=subway tunnel=yes name="地铁1号线"
relation 900 members=way:31:outer,way:32:outer,way:33:inner type=multipolygon natural=water name="玄武湖"
relation 901 members=way:34:outer,way:999:outer type=multipolygon building=yes
node 1 lat=32.0400 lon=118.7800
node 2 lat=32.0410 lon=118.7800
node 3 lat=32.0420 lon=118.7800
node 4 lat=32.0420 lon=118.7810
node 5 lat=32.0400 lon=118.7810
node 20 lat=32.0430 lon=118.7820
node 21 lat=32.0430 lon=118.7830
node 22 lat=32.0440 lon=118.7830
node 23 lat=32.0440 lon=118.7820
node 24 lat=32.0450 lon=118.7820
node 25 lat=32.0450 lon=118.7825
node 26 lat=32.0455 lon=118.7820
node 30 lat=32.0300 lon=118.7700
node 31 lat=32.0310 lon=118.7710
node 32 lat=32.0320 lon=118.7700
node 40 lat=32.0600 lon=118.7900
node 41 lat=32.0600 lon=118.8000
node 42 lat=32.0700 lon=118.8000
node 43 lat=32.0700 lon=118.7900
node 44 lat=32.0640 lon=118.7940
node 45 lat=32.0640 lon=118.7960
node 46 lat=32.0660 lon=118.7950
node 50 lat=32.0500 lon=118.7700
node 51 lat=32.0500 lon=118.7710
node 52 lat=32.0510 lon=118.7705
node 53 lat=32.0520 lon=118.7700
node 54 lat=32.0520 lon=118.7710
node 55 lat=32.0530 lon=118.7705
node 60 lat=32.0450 lon=118.7850 place=neighbourhood name="新街口"
node 61 lat=32.0451 lon=118.7851 amenity=police name="新街口派出所"
node 62 lat=32.0452 lon=118.7852 amenity=bench
`;

describe('extractBasemap on a hand-made city', () => {
  let basemap: Basemap;
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jiefang-basemap-'));
    basemap = await extractBasemap(await writeOsmFixture(dir, 'city', osmXml(FIXTURE)));
  });

  it('classifies roads, keeps names and oneway, reverses oneway=-1, drops non-roads', () => {
    const roads = basemap.layers.roads.features;
    expect(roads.map((f) => f.properties.class)).toEqual(['primary', 'minor', 'path']);
    expect(roads[0].properties).toMatchObject({ name: '中山路', oneway: true, highway: 'primary' });
    expect(roads[1].properties.oneway).toBe(true);
    expect(roads[1].geometry.coordinates).toEqual([
      [118.781, 32.042],
      [118.78, 32.042],
    ]);
    expect(roads[2].properties.oneway).toBeUndefined();
  });

  it('draws buildings as closed counter-clockwise polygons, with names', () => {
    const buildings = basemap.layers.buildings.features;
    expect(buildings).toHaveLength(2);
    expect(buildings[0].properties).toEqual({
      name: '中央商场',
      name_zh: '中央商场',
      name_en: 'Zhongyang Mall',
    });
    for (const building of buildings) {
      expect(building.geometry.type).toBe('Polygon');
      const ring = building.geometry.coordinates[0] as Position[];
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      expect(signedArea2(ring)).toBeGreaterThan(0);
    }
  });

  it('assembles a multipolygon from open outer ways with its inner ring as a hole', () => {
    const lakes = basemap.layers.water.features.filter((f) => f.properties.name === '玄武湖');
    expect(lakes).toHaveLength(1);
    const geometry = lakes[0].geometry;
    expect(geometry.type).toBe('Polygon');
    const [outer, inner] = geometry.coordinates as Position[][];
    expect(outer).toHaveLength(5);
    expect(inner).toHaveLength(4);
    expect(signedArea2(outer)).toBeGreaterThan(0);
    expect(signedArea2(inner)).toBeLessThan(0);
    // Way 31 carries natural=water itself but is drawn once, through the relation.
    expect(
      basemap.layers.water.features.filter((f) => f.geometry.type !== 'LineString'),
    ).toHaveLength(1);
    expect(basemap.stats.multipolygons).toEqual({ drawn: 1, skipped: 1 });
  });

  it('draws rivers as lines, land use by class and subway lines', () => {
    const river = basemap.layers.water.features.find((f) => f.geometry.type === 'LineString');
    expect(river?.properties).toEqual({
      class: 'river',
      name: '秦淮河',
      name_zh: '秦淮河',
      name_en: 'Qinhuai River',
    });
    expect(basemap.layers.landuse.features.map((f) => f.properties)).toEqual([
      { class: 'park', name: '玄武公园', name_zh: '玄武公园', name_en: 'Xuanwu Park' },
      { class: 'pitch' },
    ]);
    expect(basemap.layers.rail.features.map((f) => f.properties)).toEqual([
      {
        class: 'subway',
        name: '地铁1号线',
        name_zh: '地铁1号线',
        name_en: 'Ditie 1 Line',
        brunnel: 'tunnel',
      },
    ]);
  });

  it('labels place nodes, named POIs and named areas, not unnamed objects', () => {
    const labels = basemap.layers.places.features.map((f) => f.properties);
    expect(labels).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: '新街口', kind: 'place=neighbourhood', rank: 4 }),
        expect.objectContaining({
          name: '新街口派出所',
          name_zh: '新街口派出所',
          name_en: 'Xinjiekou Police Station',
          kind: 'amenity=police',
          class: 'poi',
          rank: 5,
        }),
        expect.objectContaining({ name: '中央商场', kind: 'shop=mall', class: 'poi', rank: 5 }),
        expect.objectContaining({ name: '玄武湖', name_en: 'Xuanwu Lake', kind: 'natural=water' }),
      ]),
    );
    expect(labels.some((l) => l.name === '玄武公园')).toBe(true);
    expect(labels).toHaveLength(5);
    const mall = basemap.layers.places.features.find((f) => f.properties.name === '中央商场');
    expect(mall?.geometry.coordinates).toEqual([118.7825, 32.0435]);
  });

  it('reports bounds and stats', () => {
    expect(basemap.bounds).toEqual([118.77, 32.03, 118.8, 32.07]);
    expect(basemap.stats).toMatchObject({ nodes: 31, ways: 13, relations: 2, missingRefs: 0 });
  });
});

describe('extractBasemap on the Nanjing demo city', () => {
  let basemap: Basemap;
  beforeAll(async () => {
    basemap = await extractBasemap(NANJING);
  });

  it('has roads, buildings, water, land use, rail and labels', () => {
    const { features } = basemap.stats;
    expect(features.roads).toBeGreaterThan(300);
    expect(features.buildings).toBeGreaterThan(1000);
    expect(features.water).toBeGreaterThan(0);
    expect(features.landuse).toBeGreaterThan(0);
    expect(features.rail).toBeGreaterThan(0);
    expect(features.places).toBeGreaterThan(100);
    expect(basemap.stats.multipolygons.drawn).toBeGreaterThan(0);
  });

  it('keeps Chinese names: 中山路, 中山东路 and the 中央商场 label', () => {
    const roadNames = new Set(basemap.layers.roads.features.map((f) => f.properties.name));
    expect(roadNames).toContain('中山路');
    expect(roadNames).toContain('中山东路');
    const mall = basemap.layers.places.features.find((f) => f.properties.name === '中央商场');
    expect(mall).toBeDefined();
    const [lon, lat] = mall!.geometry.coordinates;
    expect(lon).toBeCloseTo(118.78, 1);
    expect(lat).toBeCloseTo(32.04, 1);
  });

  it('labels in both console languages: no English label in Chinese, pinyin where OSM has no English', () => {
    const places = basemap.layers.places.features.map((f) => f.properties);
    // A restaurant mapped only as name:en="walking street" has no Chinese label.
    const englishOnly = places.find((p) => p.name === 'walking street');
    expect(englishOnly).toMatchObject({ name_en: 'walking street' });
    expect(englishOnly!.name_zh).toBeUndefined();
    expect(places.find((p) => p.name === '德基广场')).toMatchObject({
      name_zh: '德基广场',
      name_en: 'Deji Plaza',
    });
    expect(places.find((p) => p.name === '金轮天地')).toMatchObject({
      name_zh: '金轮天地',
      name_en: 'Jinluntiandi',
    });
    const named = [...basemap.layers.roads.features, ...basemap.layers.places.features].filter(
      (f) => f.properties.name !== undefined,
    );
    for (const { properties } of named) {
      expect(properties.name_en, properties.name).toBeDefined();
      // A Chinese label is written in Chinese (a brand such as "Party时代KTV" may mix in Latin).
      if (properties.name_zh !== undefined && !/\p{Script=Han}/u.test(properties.name_zh))
        expect(properties.name_zh, properties.name).not.toMatch(/[A-Za-z]{3,}/);
    }
  });

  it('uses every road class it can find and closes every polygon ring', () => {
    const classes = new Set(basemap.layers.roads.features.map((f) => f.properties.class));
    expect([...classes]).toEqual(
      expect.arrayContaining(['trunk', 'primary', 'secondary', 'tertiary', 'minor', 'path']),
    );
    for (const feature of basemap.layers.buildings.features) {
      const polygons =
        feature.geometry.type === 'Polygon'
          ? [feature.geometry.coordinates]
          : feature.geometry.coordinates;
      for (const ring of polygons.flat()) expect(ring[0]).toEqual(ring[ring.length - 1]);
    }
  });

  it('reports progress through the whole file', async () => {
    const calls: [number, number][] = [];
    await extractBasemap(NANJING, { onProgress: (read, total) => calls.push([read, total]) });
    expect(calls.length).toBeGreaterThan(0);
    const [read, total] = calls[calls.length - 1];
    expect(read).toBe(total);
  });
});
