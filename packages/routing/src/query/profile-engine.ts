import type { ProfileGraph } from '../graph/profile-graph.ts';
import { IndexedHeap } from './indexed-heap.ts';
import type { RoadPoint } from './road-point.ts';

/** Seed markers in `parentArc`: how a search left its start point. */
const SEEDED_FORWARD = -2;
const SEEDED_BACKWARD = -3;

/**
 * Seconds to cover `fraction` of an edge that takes `seconds` in full. A point exactly at a
 * vertex is there already, even when the edge forbids the direction (0 × Infinity is NaN).
 */
export function along(fraction: number, seconds: number): number {
  return fraction === 0 ? 0 : fraction * seconds;
}

export interface PathResult {
  seconds: number;
  /** Arcs (indices into the out-CSR) from the first to the last vertex; empty on one edge. */
  arcs: number[];
  /** Whether the path leaves the start point towards the edge's last vertex (v) or first (u). */
  startTowards: 'u' | 'v' | 'direct';
  endFrom: 'u' | 'v' | 'direct';
}

/**
 * Dijkstra searches over one profile's graph. Working arrays are allocated once and reused:
 * a generation stamp says which distances belong to the current query, so a query costs only
 * what it touches, never a sweep over the whole graph. Queries are synchronous, so one engine
 * per graph per thread is safe.
 */
export class ProfileEngine {
  readonly dist: Float64Array;
  private readonly stamp: Uint32Array;
  private readonly parentArc: Int32Array;
  private readonly parentVertex: Int32Array;
  private generation = 0;
  private readonly heap: IndexedHeap;

  constructor(readonly graph: ProfileGraph) {
    const n = graph.nodeCount;
    this.dist = new Float64Array(n);
    this.stamp = new Uint32Array(n);
    this.parentArc = new Int32Array(n);
    this.parentVertex = new Int32Array(n);
    this.heap = new IndexedHeap(n);
  }

  /** Whether the last search reached vertex v, and so dist[v] is valid. */
  reached(v: number): boolean {
    return this.stamp[v] === this.generation;
  }

  private begin(): void {
    this.heap.clear();
    this.generation++;
    if (this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
  }

  private seed(v: number, seconds: number, marker: number): void {
    if (this.stamp[v] === this.generation && this.dist[v] <= seconds) return;
    this.stamp[v] = this.generation;
    this.dist[v] = seconds;
    this.parentArc[v] = marker;
    this.parentVertex[v] = -1;
    this.heap.push(v, seconds);
  }

  /** Seeds the vertices a traveller at `point` reaches by leaving along its edge. */
  private seedFrom(point: RoadPoint, offset: number, limit: number): void {
    const g = this.graph;
    const forward = g.edgeForwardSeconds[point.edge];
    const backward = g.edgeBackwardSeconds[point.edge];
    const toV = offset + along(1 - point.fraction, forward);
    const toU = offset + along(point.fraction, backward);
    if (toV <= limit) this.seed(g.edgeV[point.edge], toV, SEEDED_FORWARD);
    if (toU <= limit) this.seed(g.edgeU[point.edge], toU, SEEDED_BACKWARD);
  }

  /** Seeds the vertices from which `point` is reached by entering its edge (backward search). */
  private seedInto(point: RoadPoint, limit: number): void {
    const g = this.graph;
    const fromU = along(point.fraction, g.edgeForwardSeconds[point.edge]);
    const fromV = along(1 - point.fraction, g.edgeBackwardSeconds[point.edge]);
    if (fromU <= limit) this.seed(g.edgeU[point.edge], fromU, SEEDED_FORWARD);
    if (fromV <= limit) this.seed(g.edgeV[point.edge], fromV, SEEDED_BACKWARD);
  }

  /** Forward search from several points (each with a start offset) up to `limit` seconds. */
  searchFrom(points: readonly RoadPoint[], limit: number, offsets?: ArrayLike<number>): void {
    this.begin();
    for (let i = 0; i < points.length; i++) this.seedFrom(points[i], offsets?.[i] ?? 0, limit);
    this.settleForward(limit, -1, -1, Infinity);
  }

  /** Backward search: afterwards dist[v] is the travel time from v to `target`, within limit. */
  searchInto(target: RoadPoint, limit: number): void {
    this.begin();
    this.seedInto(target, limit);
    const g = this.graph;
    const { firstIn, inTail, inSeconds } = g;
    const dist = this.dist;
    const stamp = this.stamp;
    const heap = this.heap;
    const generation = this.generation;
    while (heap.size > 0) {
      const x = heap.pop();
      const d = dist[x];
      for (let a = firstIn[x], end = firstIn[x + 1]; a < end; a++) {
        const y = inTail[a];
        const candidate = d + inSeconds[a];
        if (candidate > limit) continue;
        if (stamp[y] !== generation) {
          stamp[y] = generation;
          dist[y] = candidate;
          heap.push(y, candidate);
        } else if (candidate < dist[y]) {
          dist[y] = candidate;
          heap.push(y, candidate);
        }
      }
    }
  }

  /**
   * Settles vertices in time order up to `limit`. With a target (vertices tu/tv plus the
   * remaining seconds to the target point), it stops as soon as nothing queued can improve
   * the best arrival found so far, and returns that arrival.
   */
  private settleForward(limit: number, tu: number, tv: number, bestSoFar: number): number {
    const g = this.graph;
    const { firstOut, outHead, outSeconds } = g;
    const dist = this.dist;
    const stamp = this.stamp;
    const parentArc = this.parentArc;
    const parentVertex = this.parentVertex;
    const heap = this.heap;
    const generation = this.generation;
    let best = bestSoFar;
    const tuRest = this.targetRestU;
    const tvRest = this.targetRestV;
    while (heap.size > 0) {
      if (heap.peekKey() >= best) break;
      const x = heap.pop();
      const d = dist[x];
      if (x === tu && d + tuRest < best) {
        best = d + tuRest;
        this.bestEnd = 'u';
      }
      if (x === tv && d + tvRest < best) {
        best = d + tvRest;
        this.bestEnd = 'v';
      }
      const bound = Math.min(limit, best);
      for (let a = firstOut[x], end = firstOut[x + 1]; a < end; a++) {
        const y = outHead[a];
        const candidate = d + outSeconds[a];
        if (candidate > bound) continue;
        if (stamp[y] !== generation || candidate < dist[y]) {
          stamp[y] = generation;
          dist[y] = candidate;
          parentArc[y] = a;
          parentVertex[y] = x;
          heap.push(y, candidate);
        }
      }
    }
    return best;
  }

  private targetRestU = Infinity;
  private targetRestV = Infinity;
  private bestEnd: 'u' | 'v' | 'direct' = 'direct';

  /** Fastest path between two road points; Infinity seconds when none exists. */
  path(from: RoadPoint, to: RoadPoint): PathResult {
    const g = this.graph;
    this.begin();
    this.seedFrom(from, 0, Infinity);
    let direct = Infinity;
    if (from.edge === to.edge) {
      const delta = to.fraction - from.fraction;
      if (delta >= 0) direct = along(delta, g.edgeForwardSeconds[to.edge]);
      else direct = along(-delta, g.edgeBackwardSeconds[to.edge]);
    }
    this.targetRestU = along(to.fraction, g.edgeForwardSeconds[to.edge]);
    this.targetRestV = along(1 - to.fraction, g.edgeBackwardSeconds[to.edge]);
    this.bestEnd = 'direct';
    const seconds = this.settleForward(Infinity, g.edgeU[to.edge], g.edgeV[to.edge], direct);
    this.targetRestU = Infinity;
    this.targetRestV = Infinity;
    if (!Number.isFinite(seconds)) {
      return { seconds: Infinity, arcs: [], startTowards: 'direct', endFrom: 'direct' };
    }
    if (this.bestEnd === 'direct') {
      return { seconds, arcs: [], startTowards: 'direct', endFrom: 'direct' };
    }
    const endVertex = this.bestEnd === 'u' ? g.edgeU[to.edge] : g.edgeV[to.edge];
    const arcs: number[] = [];
    let v = endVertex;
    while (this.parentArc[v] >= 0) {
      arcs.push(this.parentArc[v]);
      v = this.parentVertex[v];
    }
    arcs.reverse();
    return {
      seconds,
      arcs,
      startTowards: this.parentArc[v] === SEEDED_FORWARD ? 'v' : 'u',
      endFrom: this.bestEnd,
    };
  }

  /**
   * Seconds from each source to the target, Infinity beyond `limit`. One backward search from
   * the target bounded by the limit answers every source at once, however many there are.
   */
  reach(target: RoadPoint, sources: readonly RoadPoint[], limit: number): Float64Array {
    this.searchInto(target, limit);
    const g = this.graph;
    const out = new Float64Array(sources.length);
    const dist = this.dist;
    const stamp = this.stamp;
    const generation = this.generation;
    for (let i = 0; i < sources.length; i++) {
      const s = sources[i];
      const e = s.edge;
      let best = Infinity;
      const v = g.edgeV[e];
      const u = g.edgeU[e];
      if (stamp[v] === generation) best = along(1 - s.fraction, g.edgeForwardSeconds[e]) + dist[v];
      if (stamp[u] === generation) {
        const viaU = along(s.fraction, g.edgeBackwardSeconds[e]) + dist[u];
        if (viaU < best) best = viaU;
      }
      if (e === target.edge) {
        const delta = target.fraction - s.fraction;
        const direct =
          delta >= 0
            ? along(delta, g.edgeForwardSeconds[e])
            : along(-delta, g.edgeBackwardSeconds[e]);
        if (direct < best) best = direct;
      }
      out[i] = best <= limit ? best : Infinity;
    }
    return out;
  }
}
