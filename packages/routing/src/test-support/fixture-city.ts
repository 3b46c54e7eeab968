import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importOsm } from '../build/import-osm.ts';
import { osmXml, writeOsmFixture } from '../build/osm-fixture.ts';
import type { CityGraphData } from '../graph/profile-graph.ts';
import type { ProfileSpec } from '../profile/profile-spec.ts';
import { CityRouter } from '../query/city-router.ts';

/** Imports a city written in the compact OSM text of osm-fixture.ts, through a real file. */
export async function fixtureCity(
  text: string,
  options: { profiles?: ProfileSpec[]; gzip?: boolean } = {},
): Promise<{ city: CityGraphData; router: CityRouter; path: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'jiefang-fixture-'));
  const path = await writeOsmFixture(dir, 'city', osmXml(text), { gzip: options.gzip });
  const city = await importOsm(path, { profiles: options.profiles });
  return { city, router: new CityRouter(city), path };
}

/** shared/data beside the repository (CI clones the repo next to a copy of it). */
export const SHARED_DATA = resolve(
  fileURLToPath(new URL('.', import.meta.url)),
  '../../../../../shared/data',
);

/** Metres per 0.001° of longitude at the equator, by the haversine the engine uses. */
export const METRES_PER_MILLIDEGREE = (6371008.8 * Math.PI) / 180 / 1000;

/** Seconds to cover `metres` at `kmh`. */
export function secondsAt(metres: number, kmh: number): number {
  return metres / (kmh / 3.6);
}
