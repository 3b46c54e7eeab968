import { DomainError } from '@jiefang/core';
import { extractBasemap, type Basemap } from '@jiefang/basemap';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { VectorTile } from '@mapbox/vector-tile';
import Fastify, { type FastifyInstance } from 'fastify';
import Pbf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerContext } from '../context.ts';
import { toHttpError } from '../http/http-errors.ts';
import { basemapRoutes } from '../routes/basemap-routes.ts';
import { DEMO_OSM } from '../test-support/test-server.ts';
import { buildBasemapStyle } from './basemap-style.ts';
import { TileService } from './tile-service.ts';

/** The z/x/y of the tile holding a point (Web Mercator, as MapLibre numbers tiles). */
function tileOf(lon: number, lat: number, z: number): [number, number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return [z, x, y];
}

/** Xinjiekou, the demo city's centre. */
const CENTRE = tileOf(118.7805, 32.0416, 14);

function decode(bytes: Uint8Array): VectorTile {
  return new VectorTile(new Pbf(bytes) as never);
}

function layerNamesOf(style: Record<string, unknown>): string[] {
  const layers = style.layers as { 'source-layer'?: string }[];
  return layers.flatMap((layer) => (layer['source-layer'] ? [layer['source-layer']] : []));
}

let basemap: Basemap;
let tiles: TileService;
beforeAll(async () => {
  basemap = await extractBasemap(DEMO_OSM);
  tiles = new TileService(basemap);
});

describe('TileService', () => {
  it('serves the Nanjing centre at z14 as a vector tile with roads, buildings and labels', () => {
    const bytes = tiles.getTile(...CENTRE);
    expect(bytes).not.toBeNull();
    const tile = decode(bytes!);
    expect(Object.keys(tile.layers)).toEqual(
      expect.arrayContaining(['roads', 'buildings', 'places']),
    );
    const roads = tile.layers.roads;
    expect(roads.version).toBe(2);
    expect(roads.extent).toBe(4096);
    expect(roads.length).toBeGreaterThan(20);
    expect(tile.layers.buildings.length).toBeGreaterThan(50);
    const names = new Set<unknown>();
    for (let i = 0; i < roads.length; i++) names.add(roads.feature(i).properties.name);
    expect(names).toContain('中山路');
    const classes = new Set<unknown>();
    for (let i = 0; i < roads.length; i++) classes.add(roads.feature(i).properties.class);
    expect([...classes]).toEqual(expect.arrayContaining(['primary', 'minor']));
    const road = roads.feature(0).toGeoJSON(CENTRE[1], CENTRE[2], CENTRE[0]);
    expect(road.geometry.type).toMatch(/LineString/);
  });

  it('draws the city at low zoom too, and nothing far away', () => {
    expect(tiles.getTile(...tileOf(118.7805, 32.0416, 10))).not.toBeNull();
    expect(tiles.getTile(0, 0, 0)).not.toBeNull();
    expect(tiles.getTile(...tileOf(-74, 40.7, 14))).toBeNull();
  });

  it('rejects coordinates outside the tile pyramid, naming the field', () => {
    const cases: [unknown[], string][] = [
      [[19, 0, 0], 'z'],
      [['-1', 0, 0], 'z'],
      [['1.5', 0, 0], 'z'],
      [[14, 16384, 0], 'x'],
      [[2, 0, 4], 'y'],
      [[14, 0, 'abc'], 'y'],
    ];
    for (const [args, field] of cases) {
      let error: unknown;
      try {
        tiles.getTile(...(args as [number, number, number]));
      } catch (err) {
        error = err;
      }
      expect(error, `${args.join('/')}`).toBeInstanceOf(DomainError);
      expect((error as DomainError).field).toBe(field);
      expect(toHttpError(error).status).toBe(400);
    }
  });

  it('opens the map in the middle of the streets', () => {
    const [lon, lat] = tiles.center;
    expect(lon).toBeCloseTo(118.778, 1);
    expect(lat).toBeCloseTo(32.044, 1);
  });
});

describe('basemap style', () => {
  const style = () =>
    buildBasemapStyle({
      tileUrl: 'http://console.local:8080/api/v1/tiles/{z}/{x}/{y}.pbf',
      bounds: tiles.bounds,
      center: tiles.center,
      maxzoom: tiles.maxZoom,
    });

  it('is a valid MapLibre v8 style', () => {
    expect(validateStyleMin(style() as never)).toEqual([]);
  });

  it('only uses source layers the tiles have, and draws every tile layer', () => {
    const s = style();
    expect(s.version).toBe(8);
    const used = new Set(layerNamesOf(s));
    expect([...used].filter((name) => !tiles.layerNames.includes(name as never))).toEqual([]);
    expect([...used].sort()).toEqual([...tiles.layerNames].sort());
    const layers = s.layers as { id: string; source?: string }[];
    expect(layers[0].id).toBe('background');
    for (const layer of layers.slice(1)) expect(layer.source).toBe('city');
  });

  it('labels offline: no glyphs URL, local fonts, OSM attribution', () => {
    const s = style();
    expect(s.glyphs).toBeUndefined();
    expect(s.sprite).toBeUndefined();
    const layers = s.layers as { id: string; type: string; layout?: Record<string, unknown> }[];
    const symbols = layers.filter((l) => l.type === 'symbol');
    expect(symbols.map((l) => l.id)).toEqual(
      expect.arrayContaining(['road-label', 'poi-label', 'place-label']),
    );
    for (const layer of symbols) expect(layer.layout!['text-font']).toContain('Noto Sans CJK SC');
    const source = (s.sources as Record<string, Record<string, unknown>>).city;
    expect(source.attribution).toBe('© OpenStreetMap contributors');
    expect(source.tiles).toEqual(['http://console.local:8080/api/v1/tiles/{z}/{x}/{y}.pbf']);
  });
});

describe('basemap routes', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    app.setErrorHandler((error, _request, reply) => {
      const { status, body } = toHttpError(error);
      void reply.status(status).send(body);
    });
    const ctx = { config: {}, services: { basemap: tiles } } as unknown as ServerContext;
    basemapRoutes(app, ctx);
    await app.ready();
  });
  afterAll(() => app.close());

  it('serves a tile as MVT with caching headers, and 304 on a matching ETag', async () => {
    const response = await app.inject({ url: `/api/v1/tiles/${CENTRE.join('/')}.pbf` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
    expect(response.headers['cache-control']).toContain('max-age');
    expect(Object.keys(decode(response.rawPayload).layers)).toContain('roads');
    const again = await app.inject({
      url: `/api/v1/tiles/${CENTRE.join('/')}.pbf`,
      headers: { 'if-none-match': response.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
  });

  it('answers 204 for an empty tile and 400 naming the field for a bad one', async () => {
    const empty = await app.inject({ url: `/api/v1/tiles/${tileOf(-74, 40.7, 14).join('/')}.pbf` });
    expect(empty.statusCode).toBe(204);
    for (const [url, field] of [
      ['/api/v1/tiles/25/0/0.pbf', 'z'],
      ['/api/v1/tiles/3/8/0.pbf', 'x'],
      ['/api/v1/tiles/3/0/-1.pbf', 'y'],
    ]) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.field).toBe(field);
    }
  });

  it('serves the style with tile URLs pointing back at the requested host', async () => {
    const response = await app.inject({
      url: '/api/v1/basemap/style.json',
      headers: { host: 'dispatch.example:8443' },
    });
    expect(response.statusCode).toBe(200);
    const style = response.json();
    expect(style.sources.city.tiles).toEqual([
      'http://dispatch.example:8443/api/v1/tiles/{z}/{x}/{y}.pbf',
    ]);
    expect(validateStyleMin(style)).toEqual([]);
  });

  it('labels in the asked language: Chinese names only in zh-CN, English or pinyin in en', async () => {
    const fields = async (query: string) => {
      const style = (await app.inject({ url: `/api/v1/basemap/style.json${query}` })).json();
      return (style.layers as { type: string; layout?: Record<string, unknown> }[])
        .filter((l) => l.type === 'symbol')
        .map((l) => JSON.stringify(l.layout!['text-field']));
    };
    for (const field of await fields('')) expect(field).toBe('["get","name_zh"]');
    for (const field of await fields('?lang=zh-CN')) expect(field).toBe('["get","name_zh"]');
    for (const field of await fields('?lang=en')) expect(field).toContain('name_en');
    const places = decode(tiles.getTile(...CENTRE)!).layers.places;
    const names = Array.from({ length: places.length }, (_, i) => places.feature(i).properties);
    expect(names.some((p) => p.name_zh === '德基广场' && p.name_en === 'Deji Plaza')).toBe(true);
  });

  it('says so when the server has no basemap', async () => {
    const bare = Fastify();
    bare.setErrorHandler((error, _request, reply) => {
      const { status, body } = toHttpError(error);
      void reply.status(status).send(body);
    });
    basemapRoutes(bare, { config: {}, services: {} } as unknown as ServerContext);
    const response = await bare.inject({ url: '/api/v1/basemap/style.json' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toContain('no basemap');
    await bare.close();
  });
});
