/**
 * The basemap on disk: gzipped JSON, written by `jiefang import` next to the graph and read
 * once by the server. JSON keeps it inspectable (`zcat city.basemap.json.gz | jq`); gzip makes
 * GeoJSON's repetition cheap (the Nanjing demo is a few hundred kB).
 *
 *   { "format": "jiefang-basemap", "version": 1, "attribution": "© OpenStreetMap contributors",
 *     "source": "nanjing_xuanwu.osm", "bounds": [w, s, e, n], "stats": {…},
 *     "layers": { "roads": FeatureCollection, "water": …, … } }
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { BasemapError, BasemapErrorCode } from './errors.ts';
import { extractBasemap, type ExtractOptions } from './extract.ts';
import {
  BASEMAP_LAYER_NAMES,
  OSM_ATTRIBUTION,
  type Basemap,
  type BasemapLayers,
  type BasemapStats,
} from './layers.ts';

export const BASEMAP_FORMAT = 'jiefang-basemap';
// 2: labels carry name_zh / name_en, so the map speaks the console's language.
export const BASEMAP_FORMAT_VERSION = 2;

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);

export interface BasemapFile extends Basemap {
  format: typeof BASEMAP_FORMAT;
  version: number;
  attribution: string;
  /** File name of the OSM extract it was made from. */
  source?: string;
}

/** Writes atomically (temp file, then rename), so a server never reads half a basemap. */
export async function writeBasemapFile(
  path: string,
  basemap: Basemap,
  options: { source?: string } = {},
): Promise<void> {
  const file: BasemapFile = {
    format: BASEMAP_FORMAT,
    version: BASEMAP_FORMAT_VERSION,
    attribution: OSM_ATTRIBUTION,
    ...(options.source === undefined ? {} : { source: options.source }),
    bounds: basemap.bounds,
    stats: basemap.stats,
    layers: basemap.layers,
  };
  const bytes = await gzip(Buffer.from(JSON.stringify(file), 'utf8'), { level: 9 });
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temp, bytes);
    await rename(temp, path);
  } catch (err) {
    throw new BasemapError(
      BasemapErrorCode.FILE_UNREADABLE,
      `Cannot write basemap file ${path}: ${(err as Error).message}`,
      path,
    );
  }
}

export async function readBasemapFile(path: string): Promise<BasemapFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const reason =
      e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'it is a directory' : e.message;
    throw new BasemapError(
      BasemapErrorCode.FILE_UNREADABLE,
      `Cannot read basemap file ${path}: ${reason}`,
      path,
    );
  }
  return decodeBasemap(bytes, path);
}

/** Parses the bytes of a basemap file; `path` only names it in errors. */
export async function decodeBasemap(bytes: Buffer, path = 'basemap'): Promise<BasemapFile> {
  const fail = (code: BasemapErrorCode, what: string) =>
    new BasemapError(code, `${path} ${what}`, path);
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    throw fail(
      BasemapErrorCode.NOT_A_BASEMAP,
      'is not a Jiefang basemap file (not gzip-compressed; make one with `jiefang import`)',
    );
  }
  let text: string;
  try {
    text = (await gunzip(bytes)).toString('utf8');
  } catch (err) {
    throw fail(
      BasemapErrorCode.CORRUPT,
      `is a damaged basemap file: the gzip stream does not inflate (${(err as Error).message})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw fail(BasemapErrorCode.NOT_A_BASEMAP, 'is not a Jiefang basemap file (not JSON)');
  }
  const file = parsed as Partial<BasemapFile> | null;
  if (typeof file !== 'object' || file === null || file.format !== BASEMAP_FORMAT) {
    throw fail(
      BasemapErrorCode.NOT_A_BASEMAP,
      `is not a Jiefang basemap file (no "format": "${BASEMAP_FORMAT}")`,
    );
  }
  if (file.version !== BASEMAP_FORMAT_VERSION) {
    throw fail(
      BasemapErrorCode.VERSION_MISMATCH,
      `is basemap format version ${String(file.version)}, this build reads version ${BASEMAP_FORMAT_VERSION}: run \`jiefang import\` again`,
    );
  }
  const layers = file.layers as Partial<BasemapLayers> | undefined;
  for (const name of BASEMAP_LAYER_NAMES) {
    const layer = layers?.[name];
    if (layer?.type !== 'FeatureCollection' || !Array.isArray(layer.features)) {
      throw fail(BasemapErrorCode.CORRUPT, `is a damaged basemap file: layer "${name}" is missing`);
    }
  }
  const bounds = file.bounds;
  if (!Array.isArray(bounds) || bounds.length !== 4 || !bounds.every(Number.isFinite)) {
    throw fail(BasemapErrorCode.CORRUPT, 'is a damaged basemap file: "bounds" is not [w, s, e, n]');
  }
  return {
    ...(file as BasemapFile),
    attribution: file.attribution ?? OSM_ATTRIBUTION,
    stats: file.stats ?? ({} as BasemapStats),
  };
}

/**
 * What `jiefang import` calls: reads the OSM file once and writes `outPath` (by convention
 * `<graph>.basemap.json.gz`). Returns the basemap's stats for the import log.
 */
export async function buildBasemapFile(
  osmPath: string,
  outPath: string,
  options: ExtractOptions = {},
): Promise<BasemapStats> {
  const basemap = await extractBasemap(osmPath, options);
  await writeBasemapFile(outPath, basemap, { source: basename(osmPath) });
  return basemap.stats;
}
