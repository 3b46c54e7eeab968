/**
 * Vector tiles of the city's basemap, cut on demand from the layers `jiefang import` wrote.
 *
 * One geojson-vt index per layer is built once (at startup); a tile request cuts the tile from
 * the nearest indexed parent, encodes it with vt-pbf as a Mapbox Vector Tile (spec v2) and keeps
 * the bytes in a small LRU, so a panning console costs little after the first view.
 */
import { createHash } from 'node:crypto';
import { validationError } from '@jiefang/core';
import {
  BASEMAP_LAYER_NAMES,
  OSM_ATTRIBUTION,
  readBasemapFile,
  type Basemap,
  type BasemapLayerName,
} from '@jiefang/basemap';
import GeoJSONVT from 'geojson-vt';
import vtpbf from 'vt-pbf';

/** Tiles are cut up to this zoom; MapLibre overzooms them beyond it. */
export const TILE_MAX_ZOOM = 18;
/** Zoom up to which geojson-vt pre-cuts the whole city at startup. */
export const TILE_INDEX_MAX_ZOOM = 12;
export const TILE_EXTENT = 4096;
const CACHE_TILES = 4096;

export interface TileServiceOptions {
  /** Identifies this basemap's content in ETags; default: a hash of the layers. */
  revision?: string;
}

export class TileService {
  readonly layerNames: readonly BasemapLayerName[] = BASEMAP_LAYER_NAMES;
  readonly bounds: [number, number, number, number];
  readonly attribution = OSM_ATTRIBUTION;
  readonly maxZoom = TILE_MAX_ZOOM;
  /** Changes whenever the basemap's content does; part of every tile's ETag. */
  readonly revision: string;
  private readonly indexes: [BasemapLayerName, GeoJSONVT][];
  private readonly cache = new Map<string, Uint8Array | null>();

  constructor(basemap: Basemap, options: TileServiceOptions = {}) {
    this.bounds = basemap.bounds;
    this.revision =
      options.revision ??
      createHash('sha256').update(JSON.stringify(basemap.layers)).digest('base64url').slice(0, 16);
    this.center = centerOf(basemap);
    this.indexes = BASEMAP_LAYER_NAMES.map((name) => [
      name,
      new GeoJSONVT(basemap.layers[name] as never, {
        maxZoom: TILE_MAX_ZOOM,
        indexMaxZoom: TILE_INDEX_MAX_ZOOM,
        // Few features per tile in a city: cut everything up to indexMaxZoom at startup.
        indexMaxPoints: 0,
        tolerance: 3,
        extent: TILE_EXTENT,
        buffer: 64,
      }),
    ]);
  }

  /** Reads a basemap file (see @jiefang/basemap) and indexes it; throws its BasemapError. */
  static async load(path: string): Promise<TileService> {
    return new TileService(await readBasemapFile(path));
  }

  /**
   * [lon, lat] where a map opens: the middle of the road network (rail and rivers often run far
   * past the city's streets, so the middle of all data can sit outside them).
   */
  readonly center: [number, number];

  /**
   * The tile's MVT bytes, or null when no layer has anything there. z, x and y come as the URL
   * gave them; a value that is not a tile of the pyramid is a validation error naming the field.
   */
  getTile(z: string | number, x: string | number, y: string | number): Uint8Array | null {
    const tz = tileInteger('z', z, 0, this.maxZoom);
    const size = 2 ** tz;
    const tx = tileInteger('x', x, 0, size - 1, `at zoom ${tz}`);
    const ty = tileInteger('y', y, 0, size - 1, `at zoom ${tz}`);
    const key = `${tz}/${tx}/${ty}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      // Map keeps insertion order: re-inserting marks the tile most recently used.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const layers: Record<string, { features: unknown[] }> = {};
    let any = false;
    for (const [name, index] of this.indexes) {
      const tile = index.getTile(tz, tx, ty);
      if (tile === null || tile.features.length === 0) continue;
      layers[name] = tile;
      any = true;
    }
    const bytes = any ? vtpbf.fromGeojsonVt(layers, { version: 2, extent: TILE_EXTENT }) : null;
    this.cache.set(key, bytes);
    if (this.cache.size > CACHE_TILES) this.cache.delete(this.cache.keys().next().value!);
    return bytes;
  }
}

function centerOf(basemap: Basemap): [number, number] {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const road of basemap.layers.roads.features) {
    for (const [lon, lat] of road.geometry.coordinates) {
      west = Math.min(west, lon);
      east = Math.max(east, lon);
      south = Math.min(south, lat);
      north = Math.max(north, lat);
    }
  }
  if (west === Infinity) [west, south, east, north] = basemap.bounds;
  return [round6((west + east) / 2), round6((south + north) / 2)];
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function tileInteger(
  field: string,
  raw: string | number,
  min: number,
  max: number,
  context = '',
): number {
  const text = String(raw);
  const value = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) {
    const where = context === '' ? '' : ` ${context}`;
    throw validationError(
      field,
      `must be an integer from ${min} to ${max}${where} (got "${text.slice(0, 20)}")`,
    );
  }
  return value;
}
