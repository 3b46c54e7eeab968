import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BasemapError, buildBasemapFile, readBasemapFile } from '@jiefang/basemap';
import {
  importOsm,
  readGraphFile,
  RoutingError,
  RoutingErrorCode,
  writeGraphFile,
  type CityGraphData,
} from '@jiefang/routing';
import { portlandCalls, portlandOsm } from '@jiefang/sim';
import { basemapPathOf } from './commands/import-command.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export type DemoCityKey = 'nanjing' | 'portland';

/** A demo city's source files are not there (Portland's shared data): one line, exit 1. */
export class MissingCityDataError extends Error {
  override readonly name = 'MissingCityDataError';
}

export interface DemoCitySource {
  key: DemoCityKey;
  name: string;
  /** The OSM extract the graph and basemap are built from. */
  osm: string;
  /** File name of the graph in the data directory (the basemap goes beside it). */
  graphName: string;
  /** Other files the demo reads (Portland: the calls for service). */
  needs: string[];
  /** The city's time zone: the server counts its days and the console shows its times in it. */
  timeZone: string;
}

/** The bundled demo city: Xinjiekou, Nanjing (see cities/nanjing-xinjiekou/SOURCE.md). */
export const DEMO_CITY: DemoCitySource = {
  key: 'nanjing',
  name: 'Xinjiekou, Nanjing',
  osm: join(repoRoot, 'cities/nanjing-xinjiekou/nanjing_xuanwu.osm'),
  graphName: 'nanjing-xinjiekou.graph',
  needs: [],
  timeZone: 'Asia/Shanghai',
};

/**
 * The demo cities: Nanjing ships with the repository; Portland is read from the shared data
 * beside it (`<repo>/../shared/data`, or JIEFANG_SHARED_DATA).
 */
export function demoCitySource(key: DemoCityKey): DemoCitySource {
  if (key === 'nanjing') return DEMO_CITY;
  return {
    key: 'portland',
    name: 'central Portland, Oregon',
    osm: portlandOsm(),
    graphName: 'portland-central.graph',
    needs: [portlandCalls()],
    timeZone: 'America/Los_Angeles',
  };
}

export function dataDirectory(): string {
  return resolve(process.env.JIEFANG_DATA_DIR ?? join(repoRoot, 'data'));
}

/**
 * A demo city's graph and basemap in the data directory, imported on first use and re-imported
 * whenever the OSM file, the graph format or the basemap format changed, so `npm start` on a fresh checkout needs
 * no preparation. A city whose source files are missing is a clear error naming them.
 */
export async function loadDemoCity(key: DemoCityKey = 'nanjing'): Promise<{
  city: CityGraphData;
  imported: boolean;
  path: string;
  basemap: string;
}> {
  const source = demoCitySource(key);
  const missing = [source.osm, ...source.needs].filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new MissingCityDataError(
      `the ${source.name} demo needs ${missing.join(' and ')}, which ${missing.length > 1 ? 'are' : 'is'} missing: ` +
        'the shared data are read from <repo>/../shared/data (set JIEFANG_SHARED_DATA to point elsewhere)',
    );
  }
  const directory = dataDirectory();
  mkdirSync(directory, { recursive: true });
  const path = join(directory, source.graphName);
  const basemap = basemapPathOf(path);
  const sourceSha = createHash('sha256').update(readFileSync(source.osm)).digest('hex');
  if (existsSync(path)) {
    try {
      const city = readGraphFile(path);
      if (city.meta.sourceSha256 === sourceSha && (await basemapCurrent(basemap))) {
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
  const city = await importOsm(source.osm);
  writeGraphFile(path, city);
  await buildBasemapFile(source.osm, basemap);
  return { city, imported: true, path, basemap };
}

/** A basemap of an older format (or a damaged one) is rebuilt with the graph, not served. */
async function basemapCurrent(path: string): Promise<boolean> {
  if (!existsSync(path)) return false;
  try {
    await readBasemapFile(path);
    return true;
  } catch (error) {
    if (error instanceof BasemapError) return false;
    throw error;
  }
}
