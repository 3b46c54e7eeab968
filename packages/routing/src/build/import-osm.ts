import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { RoutingError, RoutingErrorCode } from '../errors.ts';
import { LocalProjection } from '../geo/geodesy.ts';
import type { CityGraphData, ProfileGraph } from '../graph/profile-graph.ts';
import { resolveProfiles } from '../profile/load-profiles.ts';
import type { ProfileSpec } from '../profile/profile-spec.ts';
import { buildProfileGraph } from './build-profile-graph.ts';
import { collectRoads } from './collect-roads.ts';
import type { ProgressListener } from './osm-entities.ts';
import { readOsm } from './osm-reader.ts';

export interface ImportOptions {
  /** Profiles to build; defaults to drive, walk and bike with the default speeds. */
  profiles?: ProfileSpec[];
  onProgress?: ProgressListener;
}

/** The build stage: one OSM file in, one city graph (all profiles) out. */
export async function importOsm(path: string, options: ImportOptions = {}): Promise<CityGraphData> {
  const profiles = options.profiles ?? resolveProfiles();
  const [roads, sourceSha256] = await Promise.all([
    collectRoads(readOsm(path, { onProgress: options.onProgress }), profiles),
    sha256File(path),
  ]);
  if (roads.wayIds.length === 0) {
    throw new RoutingError(
      RoutingErrorCode.OSM_NO_ROADS,
      `${path}: no road usable by any profile (${roads.stats.ways} ways read)`,
      path,
    );
  }
  const bbox = boundingBox(roads.nodeLon, roads.nodeLat, roads.wayRefNode);
  const origin: [number, number] = [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2];
  const projection = new LocalProjection(origin[0], origin[1]);
  const graphs: ProfileGraph[] = [];
  for (let p = 0; p < profiles.length; p++) {
    const graph = buildProfileGraph(roads, p, projection);
    if (graph.nodeCount === 0) {
      throw new RoutingError(
        RoutingErrorCode.OSM_NO_ROADS,
        `${path}: no connected road network for profile '${profiles[p].name}'`,
        path,
      );
    }
    graphs.push(graph);
  }
  return {
    meta: {
      source: basename(path),
      sourceSha256,
      profilesSha256: createHash('sha256').update(JSON.stringify(profiles)).digest('hex'),
      profileSpecs: profiles,
      builtAt: new Date().toISOString(),
      bbox,
      projectionOrigin: origin,
      osmStats: { ...roads.stats },
    },
    names: roads.names,
    nameLocalNames: roads.nameLocalNames,
    places: roads.places,
    profiles: graphs,
  };
}

/** Bounding box of the nodes that roads use (relations can pull in far-away nodes). */
function boundingBox(
  lon: Float64Array,
  lat: Float64Array,
  refs: Int32Array,
): [number, number, number, number] {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const n of refs) {
    if (n < 0) continue;
    west = Math.min(west, lon[n]);
    east = Math.max(east, lon[n]);
    south = Math.min(south, lat[n]);
    north = Math.max(north, lat[n]);
  }
  return [west, south, east, north];
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch {
    // The reader reports unreadable files with a proper error; the hash just stays unknown.
    return 'unknown';
  }
  return hash.digest('hex');
}
