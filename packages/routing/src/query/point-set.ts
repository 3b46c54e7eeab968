import { RoutingError, RoutingErrorCode } from '../errors.ts';
import type { RoadPoint } from './road-point.ts';

/** Sources of a CityRouter.reachSet query that reach the target within the limit (any order). */
export interface ReachHits {
  count: number;
  /** Slots of the sources that arrive in time, in no particular order. */
  slots: Int32Array;
  /** Seconds to the target, one per entry of `slots`. */
  seconds: Float64Array;
}

/**
 * Road points of one profile kept between queries, by small integer slot (e.g. one slot per
 * live unit, moved whenever its position is re-snapped), listed per edge. A reach query over a
 * set looks only at the sources on edges its search reached, so it costs what the area within
 * the limit holds, not what the city holds, and the caller never rebuilds a source array.
 * Create one with CityRouter.pointSet(profile).
 */
export class PointSet {
  /** @internal Edge per slot, -1 where the slot is empty. */
  edge: Int32Array;
  /** @internal Position along the edge per slot. */
  fraction: Float64Array;
  /** @internal One past the highest slot ever set. */
  end = 0;
  /** @internal Per edge, the first slot on it (-1: none); slots on an edge form a list. */
  readonly head: Int32Array;
  /** @internal Next and previous slot on the same edge (-1: none). */
  next: Int32Array;
  prev: Int32Array;
  private members = 0;

  constructor(
    readonly profile: string,
    /** @internal Edges of the graph the set belongs to. */
    readonly edgeCount: number,
    capacity = 1024,
  ) {
    this.edge = new Int32Array(Math.max(1, capacity)).fill(-1);
    this.fraction = new Float64Array(Math.max(1, capacity));
    this.next = new Int32Array(Math.max(1, capacity)).fill(-1);
    this.prev = new Int32Array(Math.max(1, capacity)).fill(-1);
    this.head = new Int32Array(edgeCount).fill(-1);
  }

  /** How many slots hold a point. */
  get size(): number {
    return this.members;
  }

  /** Places slot `slot` at `point` (snapped for this set's profile), or empties it (undefined). */
  set(slot: number, point: RoadPoint | undefined): void {
    if (!Number.isInteger(slot) || slot < 0 || slot > 0x3fffffff) {
      throw new RoutingError(
        RoutingErrorCode.INVALID_ARGUMENT,
        `slot must be a non-negative integer, got ${slot}`,
        'slot',
      );
    }
    if (point === undefined) {
      if (slot < this.end && this.edge[slot] >= 0) {
        this.unlink(slot);
        this.members--;
      }
      return;
    }
    if (point.profile !== this.profile) {
      throw new RoutingError(
        RoutingErrorCode.INVALID_ARGUMENT,
        `point was snapped for profile '${point.profile}', not '${this.profile}'`,
        'point',
      );
    }
    const { edge, fraction } = point;
    if (!(
      Number.isInteger(edge) &&
      edge >= 0 &&
      edge < this.edgeCount &&
      fraction >= 0 &&
      fraction <= 1
    )) {
      throw new RoutingError(
        RoutingErrorCode.INVALID_ARGUMENT,
        `point is not on this graph (edge ${edge}, fraction ${fraction})`,
        'point',
      );
    }
    if (slot >= this.edge.length) this.grow(slot + 1);
    if (slot >= this.end) this.end = slot + 1;
    if (this.edge[slot] < 0) this.members++;
    else if (this.edge[slot] !== edge) this.unlink(slot);
    if (this.edge[slot] !== edge) {
      const first = this.head[edge];
      this.next[slot] = first;
      this.prev[slot] = -1;
      if (first >= 0) this.prev[first] = slot;
      this.head[edge] = slot;
      this.edge[slot] = edge;
    }
    this.fraction[slot] = fraction;
  }

  /** Takes a slot off its edge's list and empties it. */
  private unlink(slot: number): void {
    const before = this.prev[slot];
    const after = this.next[slot];
    if (before >= 0) this.next[before] = after;
    else this.head[this.edge[slot]] = after;
    if (after >= 0) this.prev[after] = before;
    this.edge[slot] = -1;
    this.next[slot] = -1;
    this.prev[slot] = -1;
  }

  /** Whether slot `slot` holds a point. */
  has(slot: number): boolean {
    return slot >= 0 && slot < this.end && this.edge[slot] >= 0;
  }

  private grow(needed: number): void {
    let capacity = this.edge.length;
    while (capacity < needed) capacity *= 2;
    const edge = new Int32Array(capacity).fill(-1);
    edge.set(this.edge);
    const fraction = new Float64Array(capacity);
    fraction.set(this.fraction);
    const next = new Int32Array(capacity).fill(-1);
    next.set(this.next);
    const prev = new Int32Array(capacity).fill(-1);
    prev.set(this.prev);
    this.edge = edge;
    this.fraction = fraction;
    this.next = next;
    this.prev = prev;
  }
}
