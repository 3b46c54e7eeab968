import Flatbush from 'flatbush';
import { haversineMetres, type LocalProjection } from '../geo/geodesy.ts';
import type { ProfileGraph } from '../graph/profile-graph.ts';
import type { RoadPoint } from './road-point.ts';

/**
 * Snaps coordinates to the nearest point ON a road segment (orthogonal projection), using the
 * graph's stored Flatbush index of segments. The index orders candidates by bounding-box
 * distance, a lower bound of the true distance, so after a first best guess one more query
 * within that radius is enough to be exact.
 */
/** Half-side (m) of the first, cheap search: GPS fixes of units on the road fall within it. */
const NEAR_METRES = 40;

export class Snapper {
  private readonly index: Flatbush;
  /** segmentBase[e] = first index item of edge e (edgeGeomStart[e] - e). */
  private readonly segmentBase: Uint32Array;
  /** Edge of each index item, so the hot loop needs no search. */
  private readonly segmentEdge: Uint32Array;

  constructor(
    private readonly graph: ProfileGraph,
    private readonly projection: LocalProjection,
  ) {
    this.index = Flatbush.from(graph.segmentIndex);
    this.segmentBase = new Uint32Array(graph.edgeCount);
    for (let e = 0; e < graph.edgeCount; e++) this.segmentBase[e] = graph.edgeGeomStart[e] - e;
    this.segmentEdge = new Uint32Array(Math.max(1, graph.geomLon.length - graph.edgeCount));
    for (let e = 0; e < graph.edgeCount; e++) {
      const base = this.segmentBase[e];
      const count = graph.edgeGeomStart[e + 1] - graph.edgeGeomStart[e] - 1;
      for (let k = 0; k < count; k++) this.segmentEdge[base + k] = e;
    }
  }

  // Scratch results of segmentDistance: snapping runs for every position fix (tens of
  // thousands per second), so it allocates nothing until it builds the answer.
  private scratchDistance = 0;
  private scratchT = 0;

  snap(lon: number, lat: number, maxDistanceMetres = Infinity): RoadPoint | undefined {
    const px = this.projection.x(lon);
    const py = this.projection.y(lat);
    let bestDistance = Infinity;
    let bestSegment = -1;
    let bestT = 0;
    const consider = (segment: number) => {
      this.segmentDistance(segment, px, py);
      if (this.scratchDistance < bestDistance) {
        bestDistance = this.scratchDistance;
        bestSegment = segment;
        bestT = this.scratchT;
      }
      return false;
    };
    // Fast path: positions come from units on or near roads. Every segment closer than r has a
    // box that meets the square of half-side r, so a nearest found within r is the nearest.
    const r = Math.min(NEAR_METRES, maxDistanceMetres);
    this.index.search(px - r, py - r, px + r, py + r, consider);
    if (bestDistance > r) {
      // Farther out: the nearest box bounds the answer, then every box within it is measured.
      const first = this.index.neighbors(px, py, 1, maxDistanceMetres);
      if (first.length === 0) return undefined;
      consider(first[0]);
      this.index.neighbors(px, py, Infinity, bestDistance, consider);
    }
    if (bestSegment < 0 || bestDistance > maxDistanceMetres) return undefined;
    return this.toRoadPoint(bestSegment, bestT, lon, lat);
  }

  private segmentDistance(segment: number, px: number, py: number): void {
    const k = this.coordinateOfSegment(segment);
    const p = this.projection;
    const ax = p.x(this.graph.geomLon[k]);
    const ay = p.y(this.graph.geomLat[k]);
    const bx = p.x(this.graph.geomLon[k + 1]);
    const by = p.y(this.graph.geomLat[k + 1]);
    const dx = bx - ax;
    const dy = by - ay;
    const lengthSquared = dx * dx + dy * dy;
    let t = lengthSquared > 0 ? ((px - ax) * dx + (py - ay) * dy) / lengthSquared : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const cx = ax + dx * t - px;
    const cy = ay + dy * t - py;
    this.scratchDistance = Math.sqrt(cx * cx + cy * cy);
    this.scratchT = t;
  }

  private coordinateOfSegment(segment: number): number {
    const edge = this.segmentEdge[segment];
    return this.graph.edgeGeomStart[edge] + (segment - this.segmentBase[edge]);
  }

  private toRoadPoint(segment: number, t: number, lon: number, lat: number): RoadPoint {
    const g = this.graph;
    const edge = this.segmentEdge[segment];
    const k = g.edgeGeomStart[edge] + (segment - this.segmentBase[edge]);
    const roadLon = g.geomLon[k] + (g.geomLon[k + 1] - g.geomLon[k]) * t;
    const roadLat = g.geomLat[k] + (g.geomLat[k + 1] - g.geomLat[k]) * t;
    let before = 0;
    let total = 0;
    for (let j = g.edgeGeomStart[edge]; j + 1 < g.edgeGeomStart[edge + 1]; j++) {
      const length = haversineMetres(
        g.geomLon[j],
        g.geomLat[j],
        g.geomLon[j + 1],
        g.geomLat[j + 1],
      );
      if (j < k) before += length;
      else if (j === k) before += length * t;
      total += length;
    }
    return {
      profile: g.profile,
      edge,
      fraction: total > 0 ? Math.min(1, Math.max(0, before / total)) : 0,
      lon: roadLon,
      lat: roadLat,
      offRoadMetres: haversineMetres(lon, lat, roadLon, roadLat),
    };
  }
}
