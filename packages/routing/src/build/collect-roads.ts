import type { ProfileSpec } from '../profile/profile-spec.ts';
import { roadClassIndex } from '../profile/road-classes.ts';
import { evaluateWay } from '../profile/way-access.ts';
import { Growable } from './growable.ts';
import type { OsmEntity, OsmTags } from './osm-entities.ts';
import { roadLocalNames, type LocalNames } from './local-names.ts';
import { completeChineseNames, placeOf, type Place } from './place.ts';

/**
 * Everything the graph builder needs from an OSM file, gathered in one streaming pass. Files
 * may be unsorted (ways before their nodes), so every node's coordinate is kept until the end
 * of the stream and ways keep raw OSM node ids; `resolveNodeRefs` joins them afterwards.
 */
export interface RoadData {
  /** Node ids, ascending, with coordinates aligned to them. */
  nodeIds: Float64Array;
  nodeLon: Float64Array;
  nodeLat: Float64Array;
  /** Road ways: refs of way i are refs[wayRefStart[i] .. wayRefStart[i+1]). */
  wayIds: Float64Array;
  wayRefStart: Uint32Array;
  /** Index into `nodeIds` of each ref, -1 where the file lacks the node. */
  wayRefNode: Int32Array;
  /** km/h per way, profile and direction: [(way * profiles + p) * 2 + (0 forward | 1 backward)]. */
  waySpeeds: Float32Array;
  /** Index into `names`, -1 when unnamed. */
  wayName: Int32Array;
  /** Index into ROAD_CLASSES of each way's `highway` value. */
  wayClass: Uint8Array;
  names: string[];
  /** Each of `names` in the console's languages (roadLocalNames of its first way). */
  nameLocalNames: LocalNames[];
  /** Named places (POIs) and police stations, for place search and demo sites. */
  places: Place[];
  profiles: ProfileSpec[];
  stats: { nodes: number; ways: number; roadWays: number; relations: number; missingRefs: number };
}

export async function collectRoads(
  stream: AsyncIterable<OsmEntity[]>,
  profiles: ProfileSpec[],
): Promise<RoadData> {
  const nodeIds = new Growable(Float64Array, 1 << 16);
  const nodeLon = new Growable(Float64Array, 1 << 16);
  const nodeLat = new Growable(Float64Array, 1 << 16);
  const wayIds = new Growable(Float64Array);
  const wayRefStart = new Growable(Uint32Array);
  const refs = new Growable(Float64Array, 1 << 16);
  const speeds = new Growable(Float32Array);
  const wayName = new Growable(Int32Array);
  const wayClass = new Growable(Uint8Array);
  const names: string[] = [];
  const nameLocalNames: LocalNames[] = [];
  const nameIndex = new Map<string, number>();
  let ways = 0;
  let relations = 0;
  const places: Place[] = [];
  // Area places (a mall drawn as a polygon) get their position once all nodes are known.
  const pendingAreas: { place: Place; refs: number[] }[] = [];

  wayRefStart.push(0);
  for await (const batch of stream) {
    for (const entity of batch) {
      if (entity.type === 'node') {
        nodeIds.push(entity.id);
        nodeLon.push(entity.lon);
        nodeLat.push(entity.lat);
        const place = entity.tags && placeOf('node', entity.id, entity.tags);
        if (place) {
          place.lon = entity.lon;
          place.lat = entity.lat;
          places.push(place);
        }
      } else if (entity.type === 'way') {
        ways++;
        const tags = entity.tags;
        const place = tags && placeOf('way', entity.id, tags as OsmTags);
        if (place) pendingAreas.push({ place, refs: entity.refs });
        if (tags === undefined || tags.highway === undefined || entity.refs.length < 2) continue;
        let usable = false;
        const wayValues: number[] = [];
        for (const profile of profiles) {
          const result = evaluateWay(tags, profile);
          wayValues.push(result?.forwardKmh ?? 0, result?.backwardKmh ?? 0);
          if (result !== null) usable = true;
        }
        if (!usable) continue;
        for (const value of wayValues) speeds.push(value);
        wayIds.push(entity.id);
        wayClass.push(roadClassIndex(tags.highway));
        for (const ref of entity.refs) refs.push(ref);
        wayRefStart.push(refs.length);
        const name = tags.name ?? tags['name:en'] ?? tags.ref;
        if (name === undefined) {
          wayName.push(-1);
        } else {
          let index = nameIndex.get(name);
          if (index === undefined) {
            index = names.length;
            names.push(name);
            nameLocalNames.push(roadLocalNames(tags, name));
            nameIndex.set(name, index);
          } else if (tags['name:en'] !== undefined || tags['name:zh'] !== undefined) {
            // Mappers tag a street's translations on some of its ways: any of them tells.
            nameLocalNames[index] = roadLocalNames(tags, name);
          }
          wayName.push(index);
        }
      } else {
        relations++;
      }
    }
  }

  const sorted = sortNodes(nodeIds.toArray(), nodeLon.toArray(), nodeLat.toArray());
  const wayRefs = refs.toArray();
  const { refNode, missing } = resolveNodeRefs(sorted.ids, wayRefs);
  for (const { place, refs: areaRefs } of pendingAreas) {
    const at = centroid(sorted, areaRefs);
    if (at === null) continue;
    place.lon = at[0];
    place.lat = at[1];
    places.push(place);
  }
  completeChineseNames(places, [
    ...nameLocalNames.map((n) => n.zh),
    ...places.flatMap((p) => [p.name, ...p.altNames]),
  ]);
  return {
    nodeIds: sorted.ids,
    nodeLon: sorted.lon,
    nodeLat: sorted.lat,
    wayIds: wayIds.toArray(),
    wayRefStart: wayRefStart.toArray(),
    wayRefNode: refNode,
    waySpeeds: speeds.toArray(),
    wayName: wayName.toArray(),
    wayClass: wayClass.toArray(),
    names,
    nameLocalNames,
    places,
    profiles,
    stats: {
      nodes: nodeIds.length,
      ways,
      roadWays: wayIds.length,
      relations,
      missingRefs: missing,
    },
  };
}

/**
 * Sorts node ids natively and moves coordinates along by binary search: cheaper in memory and
 * time than sorting an index array with a comparator, which matters for city-sized files.
 */
function sortNodes(ids: Float64Array, lon: Float64Array, lat: Float64Array) {
  const sortedIds = ids.slice().sort();
  const sortedLon = new Float64Array(ids.length);
  const sortedLat = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const at = lowerBound(sortedIds, ids[i]);
    sortedLon[at] = lon[i];
    sortedLat[at] = lat[i];
  }
  return { ids: sortedIds, lon: sortedLon, lat: sortedLat };
}

/** Mean of a way's distinct node positions: good enough to put a label or a site on a map. */
function centroid(
  nodes: { ids: Float64Array; lon: Float64Array; lat: Float64Array },
  refs: number[],
) {
  let lon = 0;
  let lat = 0;
  let count = 0;
  const distinct = refs.length > 1 && refs[0] === refs[refs.length - 1] ? refs.slice(1) : refs;
  for (const ref of distinct) {
    const at = lowerBound(nodes.ids, ref);
    if (at >= nodes.ids.length || nodes.ids[at] !== ref) continue;
    lon += nodes.lon[at];
    lat += nodes.lat[at];
    count++;
  }
  return count === 0 ? null : [lon / count, lat / count];
}

function resolveNodeRefs(sortedIds: Float64Array, refs: Float64Array) {
  const refNode = new Int32Array(refs.length);
  let missing = 0;
  for (let i = 0; i < refs.length; i++) {
    const at = lowerBound(sortedIds, refs[i]);
    if (at < sortedIds.length && sortedIds[at] === refs[i]) refNode[i] = at;
    else {
      refNode[i] = -1;
      missing++;
    }
  }
  return { refNode, missing };
}

function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
