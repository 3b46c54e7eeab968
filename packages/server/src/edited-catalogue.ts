import { CATALOGUE_ID, IncidentCatalogue } from '@jiefang/core';
import type { World } from './world/world.ts';

/**
 * The catalogue in force: the one an admin edited (stored, so every process and a restart
 * agree), else the city's file. Rebuilt only when the stored version moves.
 */
export function editedCatalogue(
  world: World,
  fromFile: IncidentCatalogue,
): () => IncidentCatalogue {
  let cached: { version: number; catalogue: IncidentCatalogue } | undefined;
  return () => {
    const stored = world.catalogues.get(CATALOGUE_ID);
    if (!stored) return fromFile;
    if (cached?.version !== stored.version) {
      cached = {
        version: stored.version,
        catalogue: new IncidentCatalogue(stored.value.categories),
      };
    }
    return cached.catalogue;
  };
}
