/**
 * One streaming pass over an OSM file into the basemap's layers.
 *
 * Files may be unsorted (ways before their nodes, relations before their ways), so every node's
 * coordinate and every way's node list is kept until the stream ends, and geometry is resolved
 * only then, as routing's collect-roads does.
 *
 * Multipolygon relations (type=multipolygon) tagged as water, building or a drawn land use are
 * assembled from their member ways: ways are joined end to end into rings, inner rings are put
 * into the outer ring that holds them. Skipped (and counted in stats.multipolygons.skipped): a
 * relation whose rings do not close (a member way outside the extract, a broken relation), and
 * members that are nodes or relations (nested relations are not followed). An outer way that
 * carries the relation's own tag (old-style tagging) is drawn once, through the relation.
 * Other relation types (routes, boundaries, restrictions) are not drawn.
 */
import { readOsm, type OsmEntity, type ProgressListener } from '@jiefang/routing';
import {
  brunnelOf,
  isBuilding,
  isWaterArea,
  landuseClassOf,
  namedOf,
  onewayOf,
  placeLabelOf,
  railClassOf,
  roadClassOf,
  waterLineOf,
} from './classify.ts';
import { centroidOf, joinRings, orient, pointInRing, round } from './geometry.ts';
import {
  BASEMAP_LAYER_NAMES,
  type Basemap,
  type BasemapLayerName,
  type BasemapLayers,
  type LabelNames,
  type MultiPolygonGeometry,
  type PolygonGeometry,
  type Position,
} from './layers.ts';

export interface ExtractOptions {
  /** Bytes of the OSM file read so far, out of its size (from readOsm). */
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

type Tags = Record<string, string>;
type AreaLayer = 'water' | 'buildings' | 'landuse';

/** A way's or relation's area features, kept by layer so a relation can replace its outer way. */
interface AreaTarget {
  layer: AreaLayer;
  properties: { class?: string; name?: string } & LabelNames;
}

/** Which area layers a closed way or a multipolygon relation draws into. */
function areaTargetsOf(tags: Tags): AreaTarget[] {
  const targets: AreaTarget[] = [];
  const named = namedOf(tags);
  if (isWaterArea(tags)) targets.push({ layer: 'water', properties: { class: 'water', ...named } });
  if (isBuilding(tags)) targets.push({ layer: 'buildings', properties: { ...named } });
  const landuse = landuseClassOf(tags);
  if (landuse !== null)
    targets.push({ layer: 'landuse', properties: { class: landuse, ...named } });
  return targets;
}

class Float64Growable {
  private data = new Float64Array(1 << 14);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
  get(i: number): number {
    return this.data[i];
  }
}

interface PendingRelation {
  id: number;
  tags: Tags;
  targets: AreaTarget[];
  outer: number[];
  inner: number[];
}

export async function extractBasemap(
  osmPath: string,
  options: ExtractOptions = {},
): Promise<Basemap> {
  const collector = new Collector();
  for await (const batch of readOsm(osmPath, options)) collector.add(batch);
  return collector.finish();
}

/** Exported for tests that feed entities without a file. */
export class Collector {
  private nodeIds = new Float64Growable();
  private nodeLon = new Float64Growable();
  private nodeLat = new Float64Growable();
  /** Every way's refs (any way may be a relation member): refs[wayStart[i] .. wayStart[i+1]). */
  private wayIndex = new Map<number, number>();
  private wayStart: number[] = [0];
  private refs = new Float64Growable();
  /** Tagged ways, resolved into features at the end. */
  private tagged = new Map<number, Tags>();
  private relations: PendingRelation[] = [];
  private counts = { nodes: 0, ways: 0, relations: 0 };
  private layers: BasemapLayers = {
    roads: { type: 'FeatureCollection', features: [] },
    water: { type: 'FeatureCollection', features: [] },
    buildings: { type: 'FeatureCollection', features: [] },
    landuse: { type: 'FeatureCollection', features: [] },
    rail: { type: 'FeatureCollection', features: [] },
    places: { type: 'FeatureCollection', features: [] },
  };

  add(batch: readonly OsmEntity[]): void {
    for (const entity of batch) {
      if (entity.type === 'node') {
        this.counts.nodes++;
        this.nodeIds.push(entity.id);
        this.nodeLon.push(entity.lon);
        this.nodeLat.push(entity.lat);
        const label = entity.tags && placeLabelOf(entity.tags);
        if (label) this.addPlace([round(entity.lon), round(entity.lat)], label);
      } else if (entity.type === 'way') {
        this.counts.ways++;
        if (this.wayIndex.has(entity.id)) continue;
        this.wayIndex.set(entity.id, this.wayStart.length - 1);
        for (const ref of entity.refs) this.refs.push(ref);
        this.wayStart.push(this.refs.length);
        if (entity.tags !== undefined) this.tagged.set(entity.id, entity.tags);
      } else {
        this.counts.relations++;
        const tags = entity.tags;
        if (tags?.type !== 'multipolygon') continue;
        const targets = areaTargetsOf(tags);
        if (targets.length === 0) continue;
        const outer: number[] = [];
        const inner: number[] = [];
        for (const member of entity.members) {
          if (member.type !== 'way') continue;
          (member.role === 'inner' ? inner : outer).push(member.ref);
        }
        this.relations.push({ id: entity.id, tags, targets, outer, inner });
      }
    }
  }

  finish(): Basemap {
    const nodes = sortNodes(this.nodeIds.toArray(), this.nodeLon.toArray(), this.nodeLat.toArray());
    let missingRefs = 0;
    const coordOf = (ref: number): Position | null => {
      const at = lowerBound(nodes.ids, ref);
      if (at < nodes.ids.length && nodes.ids[at] === ref) {
        return [round(nodes.lon[at]), round(nodes.lat[at])];
      }
      missingRefs++;
      return null;
    };
    const refsOf = (wayId: number): number[] | null => {
      const index = this.wayIndex.get(wayId);
      if (index === undefined) return null;
      const out: number[] = [];
      for (let i = this.wayStart[index]; i < this.wayStart[index + 1]; i++) {
        out.push(this.refs.get(i));
      }
      return out;
    };
    const lineOf = (refs: readonly number[]): Position[] => {
      const line: Position[] = [];
      for (const ref of refs) {
        const at = coordOf(ref);
        const last = line[line.length - 1];
        if (at !== null && (last === undefined || last[0] !== at[0] || last[1] !== at[1])) {
          line.push(at);
        }
      }
      return line;
    };
    const ringOf = (refs: readonly number[]): Position[] | null => {
      const ring = lineOf(refs);
      if (ring.length < 3) return null;
      const [first, last] = [ring[0], ring[ring.length - 1]];
      if (first[0] !== last[0] || first[1] !== last[1]) ring.push([first[0], first[1]]);
      return ring.length >= 4 ? ring : null;
    };

    // Relations first: their outer ways drawn as the same kind of area are then left out.
    const replaced = new Map<number, Set<AreaLayer>>();
    let drawn = 0;
    let skipped = 0;
    for (const relation of this.relations) {
      const geometry = this.multipolygonOf(relation, refsOf, ringOf);
      if (geometry === null) {
        skipped++;
        continue;
      }
      drawn++;
      for (const target of relation.targets) {
        this.layers[target.layer].features.push({
          type: 'Feature',
          geometry,
          properties: { ...target.properties } as never,
        });
      }
      for (const wayId of relation.outer) {
        const wayTags = this.tagged.get(wayId);
        if (wayTags === undefined) continue;
        for (const target of areaTargetsOf(wayTags)) {
          if (!relation.targets.some((t) => t.layer === target.layer)) continue;
          const layers = replaced.get(wayId) ?? new Set<AreaLayer>();
          layers.add(target.layer);
          replaced.set(wayId, layers);
        }
      }
      const label = placeLabelOf(relation.tags);
      const at = centroidOf(
        geometry.type === 'Polygon' ? geometry.coordinates[0] : geometry.coordinates[0][0],
      );
      if (label && at) this.addPlace(at, label);
    }

    for (const [id, tags] of this.tagged) {
      this.addWay(tags, refsOf(id)!, lineOf, ringOf, replaced.get(id));
    }

    const features = Object.fromEntries(
      BASEMAP_LAYER_NAMES.map((name) => [name, this.layers[name].features.length]),
    ) as Record<BasemapLayerName, number>;
    return {
      layers: this.layers,
      bounds: boundsOf(this.layers),
      stats: {
        ...this.counts,
        features,
        multipolygons: { drawn, skipped },
        missingRefs,
      },
    };
  }

  private addPlace(at: Position, label: NonNullable<ReturnType<typeof placeLabelOf>>): void {
    this.layers.places.features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: at },
      properties: label,
    });
  }

  private addWay(
    tags: Tags,
    refs: number[],
    lineOf: (refs: readonly number[]) => Position[],
    ringOf: (refs: readonly number[]) => Position[] | null,
    replaced: Set<AreaLayer> | undefined,
  ): void {
    const named = namedOf(tags);
    const brunnel = brunnelOf(tags);
    const withBrunnel = brunnel === undefined ? {} : { brunnel };

    const roadClass = roadClassOf(tags);
    if (roadClass !== null) {
      const line = lineOf(refs);
      const oneway = onewayOf(tags);
      if (oneway === -1) line.reverse();
      if (line.length >= 2) {
        this.layers.roads.features.push({
          type: 'Feature',
          geometry: { type: 'LineString', coordinates: line },
          properties: {
            class: roadClass,
            highway: tags.highway,
            ...named,
            ...(oneway !== 0 ? { oneway: true } : {}),
            ...withBrunnel,
          },
        });
      }
    }

    const railClass = railClassOf(tags);
    if (railClass !== null) {
      const line = lineOf(refs);
      if (line.length >= 2) {
        this.layers.rail.features.push({
          type: 'Feature',
          geometry: { type: 'LineString', coordinates: line },
          properties: { class: railClass, ...named, ...withBrunnel },
        });
      }
    }

    const waterLine = waterLineOf(tags);
    if (waterLine !== null) {
      const line = lineOf(refs);
      if (line.length >= 2) {
        this.layers.water.features.push({
          type: 'Feature',
          geometry: { type: 'LineString', coordinates: line },
          properties: { class: waterLine, ...named },
        });
      }
    }

    const closed = refs.length >= 4 && refs[0] === refs[refs.length - 1];
    if (!closed) return;
    const targets = areaTargetsOf(tags).filter((t) => !replaced?.has(t.layer));
    let ring: Position[] | null = null;
    if (targets.length > 0) {
      ring = ringOf(refs);
      if (ring === null) return;
      orient(ring, true);
      for (const target of targets) {
        this.layers[target.layer].features.push({
          type: 'Feature',
          geometry: { type: 'Polygon', coordinates: [ring] },
          properties: { ...target.properties } as never,
        });
      }
    }
    // A named area (a mall, a school, a park) is also labelled at its middle.
    const label = roadClass === null && replaced === undefined ? placeLabelOf(tags) : null;
    if (label) {
      const at = centroidOf(ring ?? lineOf(refs));
      if (at) this.addPlace(at, label);
    }
  }

  private multipolygonOf(
    relation: PendingRelation,
    refsOf: (wayId: number) => number[] | null,
    ringOf: (refs: readonly number[]) => Position[] | null,
  ): PolygonGeometry | MultiPolygonGeometry | null {
    const members = (ids: number[]): number[][] | null => {
      const out: number[][] = [];
      for (const id of ids) {
        const refs = refsOf(id);
        if (refs === null) return null; // member outside the extract
        out.push(refs);
      }
      return out;
    };
    const outerWays = members(relation.outer);
    const innerWays = members(relation.inner);
    if (outerWays === null || innerWays === null || outerWays.length === 0) return null;
    const outerRefRings = joinRings(outerWays);
    const innerRefRings = joinRings(innerWays);
    if (outerRefRings === null || innerRefRings === null) return null;
    const outers: Position[][] = [];
    for (const refs of outerRefRings) {
      const ring = ringOf(refs);
      if (ring === null) return null;
      outers.push(orient(ring, true));
    }
    const polygons: Position[][][] = outers.map((outer) => [outer]);
    for (const refs of innerRefRings) {
      const ring = ringOf(refs);
      if (ring === null) continue;
      const holder = polygons.find((polygon) => pointInRing(ring[0], polygon[0]));
      if (holder !== undefined) holder.push(orient(ring, false));
    }
    return polygons.length === 1
      ? { type: 'Polygon', coordinates: polygons[0] }
      : { type: 'MultiPolygon', coordinates: polygons };
  }
}

function boundsOf(layers: BasemapLayers): [number, number, number, number] {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  const visit = (value: unknown): void => {
    if (!Array.isArray(value)) return;
    if (typeof value[0] === 'number') {
      west = Math.min(west, value[0]);
      east = Math.max(east, value[0]);
      south = Math.min(south, value[1] as number);
      north = Math.max(north, value[1] as number);
      return;
    }
    for (const item of value) visit(item);
  };
  for (const name of BASEMAP_LAYER_NAMES) {
    for (const feature of layers[name].features) visit(feature.geometry.coordinates);
  }
  return west === Infinity ? [0, 0, 0, 0] : [west, south, east, north];
}

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
