import type { Place } from '../build/place.ts';
import type { LocalNames } from '../build/local-names.ts';

/**
 * The routing graph of one profile: the contract between the build, format and query stages.
 * Everything is a typed array so a graph file loads by mapping sections, without parsing.
 *
 * Vertices are road junctions and dead ends; chains of degree-2 OSM nodes are contracted into
 * one edge whose full geometry is kept for snapping and drawing. Only the largest strongly
 * connected component of the profile survives, so every vertex can reach every other.
 */
export interface ProfileGraph {
  profile: string;
  nodeCount: number;
  edgeCount: number;
  nodeLon: Float64Array;
  nodeLat: Float64Array;
  /** The OSM node id each vertex came from (float64: OSM ids pass 2^32). */
  nodeOsmId: Float64Array;

  /** Edge e runs from edgeU[e] to edgeV[e] along its geometry. */
  edgeU: Uint32Array;
  edgeV: Uint32Array;
  /** Seconds u→v and v→u; Infinity where travel in that direction is not allowed. */
  edgeForwardSeconds: Float32Array;
  edgeBackwardSeconds: Float32Array;
  edgeMetres: Float32Array;
  /** Index into the city's name table, -1 when unnamed. */
  edgeName: Int32Array;
  /** Index into ROAD_CLASSES of the edge's OSM `highway` value (255: another value). */
  edgeClass: Uint8Array;
  /** Geometry of edge e: geomLon/geomLat[edgeGeomStart[e] .. edgeGeomStart[e+1]). */
  edgeGeomStart: Uint32Array;
  geomLon: Float64Array;
  geomLat: Float64Array;

  /** Outgoing arcs (CSR): arcs of vertex v are firstOut[v] .. firstOut[v+1]. */
  firstOut: Uint32Array;
  outHead: Uint32Array;
  outSeconds: Float32Array;
  /** edge * 2 + (0 when the arc runs u→v, 1 when v→u). */
  outEdge: Uint32Array;
  /** Incoming arcs (reverse CSR), for searches that run backwards from a target. */
  firstIn: Uint32Array;
  inTail: Uint32Array;
  inSeconds: Float32Array;

  /** Flatbush index over geometry segments in the city's local projection (metres). */
  segmentIndex: ArrayBuffer;
}

/** Which profile graphs a city holds, plus what they share. */
export interface CityGraphData {
  meta: CityGraphMeta;
  names: string[];
  /** Each road name of `names` in the console's languages (Chinese, English or pinyin). */
  nameLocalNames: LocalNames[];
  /** Named places of the city (POIs, police stations), for search and site placement. */
  places: Place[];
  profiles: ProfileGraph[];
}

export interface CityGraphMeta {
  /** Base name of the OSM file the graph was built from. */
  source: string;
  /** sha256 of the OSM file, so a graph can be traced to its data. */
  sourceSha256: string;
  /** sha256 of the profile specs used, so graphs built with other speeds are told apart. */
  profilesSha256: string;
  profileSpecs: unknown[];
  builtAt: string;
  /** [west, south, east, north] of the road vertices. */
  bbox: [number, number, number, number];
  /** Centre of the local projection used by the segment index. */
  projectionOrigin: [number, number];
  osmStats: Record<string, number>;
}
