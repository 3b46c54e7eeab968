import type { ProfileGraph } from '../graph/profile-graph.ts';
import { IndexedHeap } from './indexed-heap.ts';
import type { PointSet, ReachHits } from './point-set.ts';
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
    this.touched = new Int32Array(n);
  }

  /** Vertices the last backward search reached (dist within its limit), in reach order. */
  private readonly touched: Int32Array;
  private touchedCount = 0;

  /** Whether the last search reached vertex v, and so dist[v] is valid. */
  reached(v: number): boolean {
    return this.stamp[v] === this.generation;
  }

  private begin(): void {
    this.heap.clear();
    this.touchedCount = 0;
    this.generation++;
    if (this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
  }

  private seed(v: number, seconds: number, marker: number): void {
    if (this.stamp[v] === this.generation) {
      if (this.dist[v] <= seconds) return;
    } else {
      this.touched[this.touchedCount++] = v;
    }
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
    const touched = this.touched;
    let touchedCount = this.touchedCount;
    while (heap.size > 0) {
      const x = heap.pop();
      const d = dist[x];
      for (let a = firstIn[x], end = firstIn[x + 1]; a < end; a++) {
        const y = inTail[a];
        const candidate = d + inSeconds[a];
        if (candidate > limit) continue;
        if (stamp[y] !== generation) {
          stamp[y] = generation;
          touched[touchedCount++] = y;
          dist[y] = candidate;
          heap.push(y, candidate);
        } else if (candidate < dist[y]) {
          dist[y] = candidate;
          heap.push(y, candidate);
        }
      }
    }
    this.touchedCount = touchedCount;
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
    const out = new Float64Array(sources.length);
    for (let i = 0; i < sources.length; i++) {
      const s = sources[i];
      out[i] = this.secondsFrom(s.edge, s.fraction, target, limit);
    }
    return out;
  }

  /**
   * Like reach, over the points of a PointSet, driven by the search rather than by the set: a
   * source can arrive in time only from an edge with a reached end (or on the target's own
   * edge), so only the sources on the edges around the vertices reached are looked at. The cost
   * follows the area within `limit`, not the number of sources. Hits come in no set order.
   */
  reachSet(target: RoadPoint, set: PointSet, limit: number): ReachHits {
    this.searchInto(target, limit);
    const { start, edges } = this.vertexEdges();
    const head = set.head;
    const next = set.next;
    const fractionOf = set.fraction;
    const edgeStamp = this.edgeStamp!;
    let edgeGeneration = ++this.edgeGeneration;
    if (edgeGeneration === 0xffffffff) {
      edgeStamp.fill(0);
      this.edgeGeneration = edgeGeneration = 1;
    }
    let slots = this.hitSlots;
    let seconds = this.hitSeconds;
    let count = 0;
    const touched = this.touched;
    // Index -1 stands for the target's own edge, whose sources may go straight to it.
    for (let t = -1, end = this.touchedCount; t < end; t++) {
      let from: number;
      let to: number;
      if (t < 0) {
        from = 0;
        to = 1;
      } else {
        const x = touched[t];
        from = start[x];
        to = start[x + 1];
      }
      for (let j = from; j < to; j++) {
        const e = t < 0 ? target.edge : edges[j];
        if (edgeStamp[e] === edgeGeneration) continue;
        edgeStamp[e] = edgeGeneration;
        for (let slot = head[e]; slot >= 0; slot = next[slot]) {
          const best = this.secondsFrom(e, fractionOf[slot], target, limit);
          if (best === Infinity) continue;
          if (count === slots.length) {
            const grownSlots = new Int32Array(slots.length * 2);
            grownSlots.set(slots);
            const grownSeconds = new Float64Array(seconds.length * 2);
            grownSeconds.set(seconds);
            this.hitSlots = slots = grownSlots;
            this.hitSeconds = seconds = grownSeconds;
          }
          slots[count] = slot;
          seconds[count] = best;
          count++;
        }
      }
    }
    return { count, slots: slots.slice(0, count), seconds: seconds.slice(0, count) };
  }

  private hitSlots = new Int32Array(1024);
  private hitSeconds = new Float64Array(1024);
  private edgeStamp: Uint32Array | undefined;
  private edgeGeneration = 0;
  private incident: { start: Int32Array; edges: Int32Array } | undefined;

  /** Edges at each vertex (CSR over both ends, whatever the travel directions), built once. */
  private vertexEdges(): { start: Int32Array; edges: Int32Array } {
    if (this.incident) return this.incident;
    const g = this.graph;
    const start = new Int32Array(g.nodeCount + 1);
    for (let e = 0; e < g.edgeCount; e++) {
      start[g.edgeU[e] + 1]++;
      start[g.edgeV[e] + 1]++;
    }
    for (let v = 0; v < g.nodeCount; v++) start[v + 1] += start[v];
    const fill = start.slice(0, g.nodeCount);
    const edges = new Int32Array(2 * g.edgeCount);
    for (let e = 0; e < g.edgeCount; e++) {
      edges[fill[g.edgeU[e]]++] = e;
      edges[fill[g.edgeV[e]]++] = e;
    }
    this.edgeStamp = new Uint32Array(g.edgeCount);
    this.incident = { start, edges };
    return this.incident;
  }

  /** After searchInto(target, limit): seconds from a point of edge e to the target, or Infinity. */
  private secondsFrom(e: number, fraction: number, target: RoadPoint, limit: number): number {
    const g = this.graph;
    const dist = this.dist;
    const stamp = this.stamp;
    const generation = this.generation;
    let best = Infinity;
    const v = g.edgeV[e];
    const u = g.edgeU[e];
    if (stamp[v] === generation) best = along(1 - fraction, g.edgeForwardSeconds[e]) + dist[v];
    if (stamp[u] === generation) {
      const viaU = along(fraction, g.edgeBackwardSeconds[e]) + dist[u];
      if (viaU < best) best = viaU;
    }
    if (e === target.edge) {
      const delta = target.fraction - fraction;
      const direct =
        delta >= 0
          ? along(delta, g.edgeForwardSeconds[e])
          : along(-delta, g.edgeBackwardSeconds[e]);
      if (direct < best) best = direct;
    }
    return best <= limit ? best : Infinity;
  }
}
