import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  importOsm,
  readGraphFile,
  RoutingError,
  RoutingErrorCode,
  writeGraphFile,
  type CityGraphData,
} from '@jiefang/routing';
import { createHash } from 'node:crypto';
import { buildBasemapFile } from '@jiefang/basemap';
import { basemapPathOf } from './commands/import-command.ts';
import { readFileSync } from 'node:fs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The bundled demo city: Xinjiekou, Nanjing (see cities/nanjing-xinjiekou/SOURCE.md). */
export const DEMO_CITY = {
  name: 'Xinjiekou, Nanjing',
  osm: join(repoRoot, 'cities/nanjing-xinjiekou/nanjing_xuanwu.osm'),
  graphName: 'nanjing-xinjiekou.graph',
};

export function dataDirectory(): string {
  return resolve(process.env.JIEFANG_DATA_DIR ?? join(repoRoot, 'data'));
}

/**
 * The demo city's graph, imported on first use and re-imported whenever the OSM file or the
 * graph format changed, so `npm start` on a fresh checkout needs no preparation.
 */
export async function loadDemoCity(): Promise<{
  city: CityGraphData;
  imported: boolean;
  path: string;
  basemap: string;
}> {
  const directory = dataDirectory();
  mkdirSync(directory, { recursive: true });
  const path = join(directory, DEMO_CITY.graphName);
  const basemap = basemapPathOf(path);
  const sourceSha = createHash('sha256').update(readFileSync(DEMO_CITY.osm)).digest('hex');
  if (existsSync(path)) {
    try {
      const city = readGraphFile(path);
      if (city.meta.sourceSha256 === sourceSha && existsSync(basemap)) {
        return { city, imported: false, path, basemap };
      }
    } catch (error) {
      const stale =
        error instanceof RoutingError &&
        (error.code === RoutingErrorCode.GRAPH_VERSION_MISMATCH ||
          error.code === RoutingErrorCode.GRAPH_CORRUPT);
      if (!stale) throw error;
    }
  }
  const city = await importOsm(DEMO_CITY.osm);
  writeGraphFile(path, city);
  await buildBasemapFile(DEMO_CITY.osm, basemap);
  return { city, imported: true, path, basemap };
}
