import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (packages/sim/src → ../../..). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The shared data sets live beside the repository (`<repo>/../shared/data`), as on the
 * development machines and in CI, which clones the repository next to a copy of shared/.
 * JIEFANG_SHARED_DATA points elsewhere.
 */
export function sharedDataDir(): string {
  return resolve(process.env.JIEFANG_SHARED_DATA ?? join(REPO_ROOT, '..', 'shared', 'data'));
}

export const NANJING_OSM = join(REPO_ROOT, 'cities/nanjing-xinjiekou/nanjing_xuanwu.osm');

export function portlandOsm(): string {
  return join(sharedDataDir(), 'osm-portland-central/portland-central-filtered.osm.pbf');
}

export function portlandCalls(): string {
  return join(sharedDataDir(), 'portland-nij-cfs/NIJ2016_AUG01_AUG31_USE.csv');
}
