import type { SnappedPoint, SourceHits, SourceSet, TravelProfile, TravelTimes } from '../ports.ts';
import type { Unit } from '../unit/unit.ts';
import {
  KIND_INDEX,
  PROFILE_INDEX,
  positionOf,
  type PositionLookup,
  type TrackedPosition,
} from './measure-reach.ts';

/** Unit status as a small integer (the fleet scan reads typed arrays, not unit objects). */
export const STATUS_AVAILABLE = 0;
export const STATUS_OFF_DUTY = 1;
export const STATUS_OUT_OF_SERVICE = 2;
export const STATUS_BUSY = 3;
/** Located column: no position, snapped onto the unit's network, or off it. */
export const LOCATED_NONE = 0;
export const LOCATED_ON_NETWORK = 1;
export const LOCATED_OFF_NETWORK = 2;
/** Kind column value of an empty slot (unit removed, or only a position known so far). */
export const NO_UNIT = 255;

/**
 * The live fleet kept ready for recommendation: units and their last positions by slot, in
 * typed columns, with each position snapped once and kept in the routing engine's own source
 * set per profile. Feed it as things change (setUnit on every unit change, setPosition on every
 * accepted fix); a recommendation then reads typed arrays and asks the engine one question per
 * profile, instead of looking up and reading 50,000 position objects per call.
 *
 * Slots are given in the order units (or their positions) are first seen and are never reused;
 * ties in ETA go to the lower slot, as ties in `recommend` go to the earlier unit in the array.
 */
export class FleetIndex {
  /** @internal Unit by slot (undefined where removed or not yet known). */
  readonly units: (Unit | undefined)[] = [];
  /** @internal Columns by slot; see the constants above. */
  kind = new Uint8Array(0);
  status = new Uint8Array(0);
  located = new Uint8Array(0);
  /** @internal PROFILE_INDEX of the unit's profile. */
  profile = new Uint8Array(0);
  /** @internal The unit's turnout seconds. */
  turnout = new Float64Array(0);
  /** @internal Position time (ms), NaN without a position. */
  at = new Float64Array(0);
  private readonly positions: (TrackedPosition | undefined)[] = [];
  private readonly points: (SnappedPoint | undefined)[] = [];
  private readonly slots = new Map<string, number>();
  private readonly sets: (FleetSourceSet | undefined)[] = [undefined, undefined, undefined];

  constructor(readonly travelTimes: TravelTimes) {}

  /** An index of `units` at `positions` (either lookup form of `recommend`). */
  static of(
    units: readonly Unit[],
    positions: PositionLookup,
    travelTimes: TravelTimes,
  ): FleetIndex {
    const fleet = new FleetIndex(travelTimes);
    for (let i = 0; i < units.length; i++) {
      fleet.setUnit(units[i]);
      const position = positionOf(positions, units, i);
      if (position !== undefined) fleet.setPosition(units[i].id, position);
    }
    return fleet;
  }

  /** Slots in use (one past the highest). */
  get slotCount(): number {
    return this.units.length;
  }

  /** The slot of a unit (or of a position reported for it), undefined when never seen. */
  slotOf(unitId: string): number | undefined {
    return this.slots.get(unitId);
  }

  /** @internal The road point a slot's unit is at, for its own profile. */
  pointOf(slot: number): SnappedPoint | undefined {
    return this.points[slot];
  }

  /** Adds a unit or records its change (status, assignment, kind, profile, turnout, name). */
  setUnit(unit: Unit): void {
    const slot = this.slotFor(unit.id);
    const before = this.units[slot];
    this.units[slot] = unit;
    this.kind[slot] = KIND_INDEX[unit.kind] ?? NO_UNIT - 1;
    this.profile[slot] = PROFILE_INDEX[unit.profile];
    this.turnout[slot] = unit.turnoutSeconds;
    this.status[slot] =
      unit.status === 'available'
        ? STATUS_AVAILABLE
        : unit.status === 'off_duty'
          ? STATUS_OFF_DUTY
          : unit.status === 'out_of_service'
            ? STATUS_OUT_OF_SERVICE
            : STATUS_BUSY;
    if (before === undefined || before.profile !== unit.profile) this.place(slot);
  }

  /** Forgets a unit and its position. */
  removeUnit(unitId: string): void {
    const slot = this.slots.get(unitId);
    if (slot === undefined) return;
    this.units[slot] = undefined;
    this.kind[slot] = NO_UNIT;
    this.positions[slot] = undefined;
    this.at[slot] = NaN;
    this.place(slot);
  }

  /**
   * Records a unit's latest position (the caller decides which fix is latest). A point snapped
   * for the unit's profile is used as it is; otherwise the position is snapped here, once.
   * A position may arrive before its unit; it is placed when setUnit follows.
   */
  setPosition(unitId: string, position: TrackedPosition | undefined): void {
    const slot = this.slotFor(unitId);
    this.positions[slot] = position;
    this.at[slot] = position === undefined ? NaN : position.at;
    this.place(slot);
  }

  /** Puts the slot's point into the source set of its unit's profile (and out of any other). */
  private place(slot: number): void {
    const unit = this.units[slot];
    const position = this.positions[slot];
    const previous = this.points[slot];
    let point: SnappedPoint | undefined;
    if (unit !== undefined && position !== undefined) {
      point =
        position.snapped !== undefined && position.snapped.profile === unit.profile
          ? position.snapped
          : this.travelTimes.snap(unit.profile, position.lon, position.lat);
    }
    if (previous !== undefined && previous.profile !== point?.profile) {
      this.setFor(previous.profile).set(slot, undefined);
    }
    if (point !== undefined) this.setFor(point.profile).set(slot, point);
    this.points[slot] = point;
    this.located[slot] =
      position === undefined || unit === undefined
        ? LOCATED_NONE
        : point === undefined
          ? LOCATED_OFF_NETWORK
          : LOCATED_ON_NETWORK;
  }

  /** @internal Sources of a profile within `limitSeconds` of a target snapped for it. */
  reachFrom(profile: TravelProfile, target: SnappedPoint, limitSeconds: number): SourceHits {
    const set = this.sets[PROFILE_INDEX[profile]];
    if (set === undefined) return NO_HITS;
    return set.reach(target, limitSeconds);
  }

  private setFor(profile: TravelProfile): FleetSourceSet {
    const p = PROFILE_INDEX[profile];
    let set = this.sets[p];
    if (set === undefined) {
      const tt = this.travelTimes;
      set =
        tt.createSourceSet && tt.reachSet
          ? new EngineSourceSet(tt, tt.createSourceSet(profile))
          : new ArraySourceSet(tt, profile);
      this.sets[p] = set;
    }
    return set;
  }

  private slotFor(unitId: string): number {
    let slot = this.slots.get(unitId);
    if (slot !== undefined) return slot;
    slot = this.units.length;
    this.slots.set(unitId, slot);
    this.units.push(undefined);
    this.positions.push(undefined);
    this.points.push(undefined);
    if (slot >= this.kind.length) this.grow(Math.max(64, this.kind.length * 2));
    this.kind[slot] = NO_UNIT;
    this.at[slot] = NaN;
    return slot;
  }

  private grow(capacity: number): void {
    const grown = <T extends Uint8Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.kind = grown(this.kind, (n) => new Uint8Array(n));
    this.status = grown(this.status, (n) => new Uint8Array(n));
    this.located = grown(this.located, (n) => new Uint8Array(n));
    this.profile = grown(this.profile, (n) => new Uint8Array(n));
    this.turnout = grown(this.turnout, (n) => new Float64Array(n));
    this.at = grown(this.at, (n) => new Float64Array(n));
  }
}

const NO_HITS: SourceHits = { count: 0, slots: new Int32Array(0), seconds: new Float64Array(0) };

interface FleetSourceSet {
  set(slot: number, point: SnappedPoint | undefined): void;
  reach(target: SnappedPoint, limitSeconds: number): SourceHits;
}

/** The engine's own set (TravelTimes.createSourceSet / reachSet). */
class EngineSourceSet implements FleetSourceSet {
  constructor(
    private readonly travelTimes: TravelTimes,
    private readonly inner: SourceSet,
  ) {}
  set(slot: number, point: SnappedPoint | undefined): void {
    this.inner.set(slot, point);
  }
  reach(target: SnappedPoint, limitSeconds: number): SourceHits {
    return this.travelTimes.reachSet!(target, this.inner, limitSeconds);
  }
}

/** For engines with only `reach`: the points by slot, passed as one array per query. */
class ArraySourceSet implements FleetSourceSet {
  private readonly points: (SnappedPoint | undefined)[] = [];
  constructor(
    private readonly travelTimes: TravelTimes,
    private readonly profile: TravelProfile,
  ) {}
  set(slot: number, point: SnappedPoint | undefined): void {
    while (this.points.length <= slot) this.points.push(undefined);
    this.points[slot] = point;
  }
  reach(target: SnappedPoint, limitSeconds: number): SourceHits {
    const dense: SnappedPoint[] = [];
    const denseSlots: number[] = [];
    for (let slot = 0; slot < this.points.length; slot++) {
      const point = this.points[slot];
      if (point === undefined) continue;
      dense.push(point);
      denseSlots.push(slot);
    }
    const seconds = this.travelTimes.reach(this.profile, target, dense, limitSeconds);
    const hits: SourceHits = {
      count: 0,
      slots: new Int32Array(dense.length),
      seconds: new Float64Array(dense.length),
    };
    for (let j = 0; j < dense.length; j++) {
      if (!(seconds[j] <= limitSeconds)) continue;
      hits.slots[hits.count] = denseSlots[j];
      hits.seconds[hits.count++] = seconds[j];
    }
    return hits;
  }
}
