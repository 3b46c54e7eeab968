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
export class Snapper {
  private readonly index: Flatbush;
  /** segmentBase[e] = first index item of edge e (edgeGeomStart[e] - e). */
  private readonly segmentBase: Uint32Array;

  constructor(
    private readonly graph: ProfileGraph,
    private readonly projection: LocalProjection,
  ) {
    this.index = Flatbush.from(graph.segmentIndex);
    this.segmentBase = new Uint32Array(graph.edgeCount);
    for (let e = 0; e < graph.edgeCount; e++) this.segmentBase[e] = graph.edgeGeomStart[e] - e;
  }

  snap(lon: number, lat: number, maxDistanceMetres = Infinity): RoadPoint | undefined {
    const px = this.projection.x(lon);
    const py = this.projection.y(lat);
    let best = { distance: Infinity, segment: -1, t: 0 };
    const consider = (segment: number) => {
      const candidate = this.segmentDistance(segment, px, py);
      if (candidate.distance < best.distance) best = { ...candidate, segment };
    };
    for (const segment of this.index.neighbors(px, py, 4, maxDistanceMetres)) consider(segment);
    if (best.segment < 0) return undefined;
    for (const segment of this.index.neighbors(px, py, Infinity, best.distance)) consider(segment);
    if (best.distance > maxDistanceMetres) return undefined;
    return this.toRoadPoint(best.segment, best.t, lon, lat);
  }

  private segmentDistance(segment: number, px: number, py: number) {
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
    t = Math.max(0, Math.min(1, t));
    const cx = ax + dx * t - px;
    const cy = ay + dy * t - py;
    return { distance: Math.sqrt(cx * cx + cy * cy), t };
  }

  /** Edge that owns an index item, by binary search over segmentBase. */
  edgeOfSegment(segment: number): number {
    let lo = 0;
    let hi = this.segmentBase.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.segmentBase[mid] <= segment) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private coordinateOfSegment(segment: number): number {
    const edge = this.edgeOfSegment(segment);
    return this.graph.edgeGeomStart[edge] + (segment - this.segmentBase[edge]);
  }

  private toRoadPoint(segment: number, t: number, lon: number, lat: number): RoadPoint {
    const g = this.graph;
    const edge = this.edgeOfSegment(segment);
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
