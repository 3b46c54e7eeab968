import { RoutingError, RoutingErrorCode } from '../errors.ts';
import { LocalProjection } from '../geo/geodesy.ts';
import type { CityGraphData, ProfileGraph } from '../graph/profile-graph.ts';
import { coveredFraction, mergeIntervals } from './edge-coverage.ts';
import { edgeSlice } from './edge-geometry.ts';
import { PointSet, type ReachHits } from './point-set.ts';
import { ProfileEngine } from './profile-engine.ts';
import type { RoadPoint } from './road-point.ts';
import { Snapper } from './snapper.ts';

/** [longitude, latitude] in WGS84, GeoJSON order. */
export type LonLat = readonly [number, number];
/** A coordinate to snap, or a point already snapped (live unit positions are kept snapped). */
export type Waypoint = LonLat | RoadPoint;

export interface RouteResult {
  seconds: number;
  metres: number;
  from: RoadPoint;
  to: RoadPoint;
  geometry: { type: 'LineString'; coordinates: [number, number][] };
}

/** A stretch of one edge, by fractions of its length (toFraction < fromFraction: against it). */
export interface RouteLeg {
  edge: number;
  fromFraction: number;
  toFraction: number;
}

export interface RouteLegs {
  seconds: number;
  from: RoadPoint;
  to: RoadPoint;
  legs: RouteLeg[];
}

export interface CoverageResult {
  profile: string;
  /** Best seconds from the nearest source to each vertex (Infinity where none reaches). */
  nodeSeconds: Float64Array;
  totalMetres: number;
  thresholds: { seconds: number; metres: number; share: number }[];
}

export interface IsochroneResult {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    properties: { edge: number; name: string | null };
    geometry: { type: 'LineString'; coordinates: [number, number][] };
  }[];
}

export interface RouterOptions {
  /** A coordinate farther than this from every road of the profile is refused. */
  maxSnapMetres?: number;
}

/**
 * The one facade over a loaded city: snapping and the four questions dispatch asks of the
 * road network. Each profile has its own graph, index and search engine.
 */
export class CityRouter {
  readonly profiles: readonly string[];
  private readonly graphs = new Map<string, ProfileGraph>();
  private readonly engines = new Map<string, ProfileEngine>();
  private readonly snappers = new Map<string, Snapper>();
  private readonly maxSnapMetres: number;

  constructor(
    readonly city: CityGraphData,
    options: RouterOptions = {},
  ) {
    this.maxSnapMetres = options.maxSnapMetres ?? 1000;
    const [lon0, lat0] = city.meta.projectionOrigin;
    const projection = new LocalProjection(lon0, lat0);
    for (const graph of city.profiles) {
      this.graphs.set(graph.profile, graph);
      this.engines.set(graph.profile, new ProfileEngine(graph));
      this.snappers.set(graph.profile, new Snapper(graph, projection));
    }
    this.profiles = city.profiles.map((p) => p.profile);
  }

  graph(profile: string): ProfileGraph {
    const graph = this.graphs.get(profile);
    if (graph === undefined) {
      throw new RoutingError(
        RoutingErrorCode.PROFILE_UNKNOWN,
        `unknown profile '${profile}'; this graph has ${this.profiles.join(', ')}`,
        'profile',
      );
    }
    return graph;
  }

  /** The nearest point on a road of the profile, or an error naming the field. */
  snap(profile: string, place: LonLat, field = 'coordinate'): RoadPoint {
    this.graph(profile);
    const [lon, lat] = place;
    if (
      !Number.isFinite(lon) ||
      !Number.isFinite(lat) ||
      Math.abs(lon) > 180 ||
      Math.abs(lat) > 90
    ) {
      throw new RoutingError(
        RoutingErrorCode.INVALID_COORDINATE,
        `${field} must be [longitude, latitude] in degrees, got [${lon}, ${lat}]`,
        field,
      );
    }
    const point = this.snappers.get(profile)!.snap(lon, lat, this.maxSnapMetres);
    if (point === undefined) {
      throw new RoutingError(
        RoutingErrorCode.POINT_NOT_ON_NETWORK,
        `${field} [${lon}, ${lat}] is more than ${this.maxSnapMetres} m from any ${profile} road of this city`,
        field,
      );
    }
    return point;
  }

  private resolve(profile: string, place: Waypoint, field: string): RoadPoint {
    if (!Array.isArray(place)) {
      const point = place as RoadPoint;
      if (point.profile !== profile) {
        throw new RoutingError(
          RoutingErrorCode.INVALID_ARGUMENT,
          `${field} was snapped for profile '${point.profile}', not '${profile}'`,
          field,
        );
      }
      return point;
    }
    return this.snap(profile, place as LonLat, field);
  }

  route(from: Waypoint, to: Waypoint, profile: string): RouteResult {
    const graph = this.graph(profile);
    const legs = this.routeLegs(from, to, profile);
    const coordinates: [number, number][] = [];
    let metres = 0;
    for (const leg of legs.legs) {
      for (const c of edgeSlice(graph, leg.edge, leg.fromFraction, leg.toFraction)) {
        const last = coordinates[coordinates.length - 1];
        if (last === undefined || last[0] !== c[0] || last[1] !== c[1]) coordinates.push(c);
      }
      metres += Math.abs(leg.toFraction - leg.fromFraction) * graph.edgeMetres[leg.edge];
    }
    if (coordinates.length === 1) coordinates.push(coordinates[0]);
    return {
      seconds: legs.seconds,
      metres,
      from: legs.from,
      to: legs.to,
      geometry: { type: 'LineString', coordinates },
    };
  }

  /**
   * The fastest route as the stretches of edges it runs along, in order: what a calibration
   * needs to price each class of road it used.
   */
  routeLegs(from: Waypoint, to: Waypoint, profile: string): RouteLegs {
    const graph = this.graph(profile);
    const a = this.resolve(profile, from, 'from');
    const b = this.resolve(profile, to, 'to');
    const path = this.engines.get(profile)!.path(a, b);
    const legs: RouteLeg[] = [];
    if (path.startTowards === 'direct') {
      legs.push({ edge: a.edge, fromFraction: a.fraction, toFraction: b.fraction });
    } else {
      legs.push({
        edge: a.edge,
        fromFraction: a.fraction,
        toFraction: path.startTowards === 'v' ? 1 : 0,
      });
      for (const arc of path.arcs) {
        const ref = graph.outEdge[arc];
        const reversed = (ref & 1) === 1;
        legs.push({ edge: ref >> 1, fromFraction: reversed ? 1 : 0, toFraction: reversed ? 0 : 1 });
      }
      legs.push({
        edge: b.edge,
        fromFraction: path.endFrom === 'u' ? 0 : 1,
        toFraction: b.fraction,
      });
    }
    return { seconds: path.seconds, from: a, to: b, legs };
  }

  /**
   * The dispatch question: seconds for each source to reach the target, Infinity for those
   * that cannot within `limitSeconds`. Touches only the network within the limit.
   */
  reach(
    target: Waypoint,
    sources: readonly Waypoint[],
    profile: string,
    limitSeconds: number,
  ): Float64Array {
    checkSeconds(limitSeconds, 'limitSeconds');
    const t = this.resolve(profile, target, 'target');
    // Live positions arrive snapped: pass them on as they are, and build a field name (and a
    // new array) only when a source needs snapping or is wrong.
    let points = sources as readonly RoadPoint[];
    for (let i = 0; i < sources.length; i++) {
      const s = sources[i];
      if (Array.isArray(s) || (s as RoadPoint).profile !== profile) {
        points = sources.map((w, j) => this.resolve(profile, w, `sources[${j}]`));
        break;
      }
    }
    return this.engines.get(profile)!.reach(t, points, limitSeconds);
  }

  /**
   * reach for sources the caller snapped with this router for `profile` (live positions kept
   * snapped): no per-source check at all. A point of another profile or graph gives wrong
   * times rather than an error, so use reach for anything from outside.
   */
  reachPoints(
    target: RoadPoint,
    sources: readonly RoadPoint[],
    profile: string,
    limitSeconds: number,
  ): Float64Array {
    checkSeconds(limitSeconds, 'limitSeconds');
    const t = this.resolve(profile, target, 'target');
    return this.engine(profile).reach(t, sources, limitSeconds);
  }

  /** An empty PointSet for reachSet: road points of `profile` kept by slot between queries. */
  pointSet(profile: string, capacity?: number): PointSet {
    return new PointSet(profile, this.graph(profile).edgeCount, capacity);
  }

  /**
   * reach over a PointSet: the slots (in no particular order) whose point reaches the target
   * within `limitSeconds`, with their seconds. Costs one bounded search plus the sources on
   * the edges it reached, however many the set holds elsewhere.
   */
  reachSet(target: Waypoint, sources: PointSet, limitSeconds: number): ReachHits {
    checkSeconds(limitSeconds, 'limitSeconds');
    const engine = this.engine(sources.profile);
    if (sources.edgeCount !== engine.graph.edgeCount) {
      throw new RoutingError(
        RoutingErrorCode.INVALID_ARGUMENT,
        'sources is a point set of another graph',
        'sources',
      );
    }
    const t = this.resolve(sources.profile, target, 'target');
    return engine.reachSet(t, sources, limitSeconds);
  }

  private engine(profile: string): ProfileEngine {
    this.graph(profile);
    return this.engines.get(profile)!;
  }

  /** Road stretches reachable from `place` within `seconds`, partial edges cut at the limit. */
  isochrone(place: Waypoint, profile: string, seconds: number): IsochroneResult {
    checkSeconds(seconds, 'seconds');
    const graph = this.graph(profile);
    const start = this.resolve(profile, place, 'point');
    const engine = this.engines.get(profile)!;
    engine.searchFrom([start], seconds);
    const features: IsochroneResult['features'] = [];
    const onEdge = new Map<number, { fraction: number; offset: number }[]>([
      [start.edge, [{ fraction: start.fraction, offset: 0 }]],
    ]);
    for (let e = 0; e < graph.edgeCount; e++) {
      const intervals = this.edgeIntervals(engine, e, seconds, onEdge.get(e));
      if (intervals.length === 0) continue;
      for (const [a, b] of mergeIntervals(intervals)) {
        const name = graph.edgeName[e] >= 0 ? this.city.names[graph.edgeName[e]] : null;
        features.push({
          type: 'Feature',
          properties: { edge: e, name },
          geometry: { type: 'LineString', coordinates: edgeSlice(graph, e, a, b) },
        });
      }
    }
    return { type: 'FeatureCollection', features };
  }

  /**
   * Multi-source coverage in one search: each vertex's time from its nearest source, and the
   * share of road length within each threshold. `startSeconds` delays a source (turnout).
   */
  coverage(
    sources: readonly Waypoint[],
    profile: string,
    thresholds: readonly number[] = [60, 180, 300],
    startSeconds?: ArrayLike<number>,
  ): CoverageResult {
    thresholds.forEach((t, i) => checkSeconds(t, `thresholds[${i}]`));
    const graph = this.graph(profile);
    const points = sources.map((s, i) => this.resolve(profile, s, `sources[${i}]`));
    const engine = this.engines.get(profile)!;
    const limit = thresholds.length > 0 ? Math.max(...thresholds) : 0;
    engine.searchFrom(points, limit, startSeconds);
    const onEdge = new Map<number, { fraction: number; offset: number }[]>();
    points.forEach((p, i) => {
      const list = onEdge.get(p.edge) ?? [];
      list.push({ fraction: p.fraction, offset: startSeconds?.[i] ?? 0 });
      onEdge.set(p.edge, list);
    });
    const nodeSeconds = new Float64Array(graph.nodeCount);
    for (let v = 0; v < graph.nodeCount; v++) {
      nodeSeconds[v] = engine.reached(v) ? engine.dist[v] : Infinity;
    }
    let totalMetres = 0;
    const covered = new Float64Array(thresholds.length);
    const { edgeU, edgeV, edgeMetres, edgeForwardSeconds, edgeBackwardSeconds } = graph;
    for (let e = 0; e < graph.edgeCount; e++) {
      const length = edgeMetres[e];
      totalMetres += length;
      const du = nodeSeconds[edgeU[e]];
      const dv = nodeSeconds[edgeV[e]];
      const sourcesHere = onEdge.get(e);
      if (sourcesHere !== undefined) {
        for (let t = 0; t < thresholds.length; t++) {
          const intervals = this.edgeIntervals(engine, e, thresholds[t], sourcesHere);
          covered[t] += length * coveredFraction(intervals);
        }
        continue;
      }
      if (du === Infinity && dv === Infinity) continue;
      // Without a source on the edge, reach comes in from its two ends: [0, a] ∪ [1 - b, 1].
      const forward = edgeForwardSeconds[e];
      const backward = edgeBackwardSeconds[e];
      for (let t = 0; t < thresholds.length; t++) {
        const limit = thresholds[t];
        const a = du <= limit ? (forward > 0 ? (limit - du) / forward : 1) : 0;
        const b = dv <= limit ? (backward > 0 ? (limit - dv) / backward : 1) : 0;
        covered[t] += length * Math.min(1, a + b);
      }
    }
    return {
      profile,
      nodeSeconds,
      totalMetres,
      thresholds: thresholds.map((seconds, t) => ({
        seconds,
        metres: covered[t],
        share: totalMetres > 0 ? covered[t] / totalMetres : 0,
      })),
    };
  }

  /** Parts of edge e (as fraction intervals) reachable within `limit` after the last search. */
  private edgeIntervals(
    engine: ProfileEngine,
    e: number,
    limit: number,
    sourcesOnEdge?: { fraction: number; offset: number }[],
  ): number[] {
    const g = engine.graph;
    const forward = g.edgeForwardSeconds[e];
    const backward = g.edgeBackwardSeconds[e];
    const u = g.edgeU[e];
    const v = g.edgeV[e];
    const out: number[] = [];
    if (engine.reached(u) && Number.isFinite(forward) && engine.dist[u] <= limit) {
      out.push(0, forward > 0 ? Math.min(1, (limit - engine.dist[u]) / forward) : 1);
    }
    if (engine.reached(v) && Number.isFinite(backward) && engine.dist[v] <= limit) {
      out.push(backward > 0 ? Math.max(0, 1 - (limit - engine.dist[v]) / backward) : 0, 1);
    }
    for (const s of sourcesOnEdge ?? []) {
      const rest = limit - s.offset;
      if (rest < 0) continue;
      if (Number.isFinite(forward)) {
        out.push(s.fraction, forward > 0 ? Math.min(1, s.fraction + rest / forward) : 1);
      }
      if (Number.isFinite(backward)) {
        out.push(backward > 0 ? Math.max(0, s.fraction - rest / backward) : 0, s.fraction);
      }
    }
    return out;
  }
}

function checkSeconds(value: number, field: string): void {
  if (!(typeof value === 'number' && value >= 0 && value <= 86400)) {
    throw new RoutingError(
      RoutingErrorCode.INVALID_ARGUMENT,
      `${field} must be a number of seconds between 0 and 86400, got ${value}`,
      field,
    );
  }
}
