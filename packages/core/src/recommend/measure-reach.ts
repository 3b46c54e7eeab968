import type { LonLat } from '../geo/coordinates.ts';
import type { SnappedPoint, TravelProfile, TravelTimes } from '../ports.ts';
import { TRAVEL_PROFILES } from '../ports.ts';
import { UNIT_KINDS, type LastKnownPosition, type Unit, type UnitKind } from '../unit/unit.ts';
import type { ExclusionCounts } from './recommendation.ts';

/** A last known position with the road point it was snapped to when reported (for the unit's profile). */
export interface TrackedPosition extends LastKnownPosition {
  snapped?: SnappedPoint;
}

/**
 * Where units are: by unit id, or an array aligned with the units array (index i = units[i]).
 * The aligned form skips a hash lookup per unit, which is most of the cost at city scale; a
 * position tracker that keeps its own unit array can hand it over as it is.
 */
export type PositionLookup =
  ReadonlyMap<string, TrackedPosition> | readonly (TrackedPosition | undefined)[];

/** Small integer per profile, so per-unit bookkeeping is typed arrays rather than objects. */
export const PROFILE_INDEX: Readonly<Record<TravelProfile, number>> = {
  drive: 0,
  walk: 1,
  bike: 2,
};

/** Units that can reach a place, as parallel typed arrays (index k = one reachable unit). */
export interface Reach {
  count: number;
  /** Index into the units array. */
  unit: Int32Array;
  travelSeconds: Float64Array;
  /** travel + turnout */
  etaSeconds: Float64Array;
  /** The place snapped per profile (by PROFILE_INDEX); undefined where it is off that network. */
  targets: (SnappedPoint | undefined)[];
  offNetworkProfiles: TravelProfile[];
}

/**
 * Road ETA to `location` for every unit with `include[i] = 1` and a fresh position: one
 * TravelTimes.reach per profile, nothing allocated per unit except a snap for positions that
 * arrived without one. Shared by recommendation and mobilisation so both see the same times.
 */
export function measureReach(
  location: LonLat,
  units: readonly Unit[],
  include: Uint8Array,
  positions: PositionLookup,
  travelTimes: TravelTimes,
  now: number,
  staleAfterMs: number,
  limitSeconds: number,
  excluded: ExclusionCounts,
): Reach {
  const sources = gatherSources(
    units,
    include,
    positions,
    travelTimes,
    now,
    staleAfterMs,
    excluded,
  );
  const reach = reachSources(sources, location, units, travelTimes, limitSeconds);
  excluded.unreachable += sources.total - reach.count;
  return reach;
}

/** Eligible units grouped by profile with their snapped points (index p = PROFILE_INDEX). */
export interface Sources {
  points: SnappedPoint[][];
  /** Index into the units array, parallel to `points`. */
  unitIndex: number[][];
  total: number;
  /** Incident snaps per profile, made on first use and kept for a wider search. */
  targets: (SnappedPoint | undefined | null)[];
}

/** Optional per-call tallies of the eligible units, by kindClass(kind, profile). */
export interface ClassTally {
  eligible: Int32Array;
  minTurnout: Float64Array;
}

/** Kinds in a fixed order, so per-kind bookkeeping is typed arrays. */
export const KIND_INDEX: Readonly<Record<UnitKind, number>> = Object.fromEntries(
  UNIT_KINDS.map((k, i) => [k, i]),
) as Record<UnitKind, number>;

export const KIND_COUNT = UNIT_KINDS.length;
export const CLASS_COUNT = KIND_COUNT * 3;

/** One small integer per (kind, profile); -1 for a kind core does not know. */
export function kindClass(kind: UnitKind, profile: TravelProfile): number {
  const k = KIND_INDEX[kind];
  const p = PROFILE_INDEX[profile];
  return k === undefined || p === undefined ? -1 : k * 3 + p;
}

export function emptyTally(): ClassTally {
  return {
    eligible: new Int32Array(CLASS_COUNT),
    minTurnout: new Float64Array(CLASS_COUNT).fill(Infinity),
  };
}

/** Pass over the units: who has a fresh, snapped position (counting who does not). */
export function gatherSources(
  units: readonly Unit[],
  include: Uint8Array,
  positions: PositionLookup,
  travelTimes: TravelTimes,
  now: number,
  staleAfterMs: number,
  excluded: ExclusionCounts,
  tally?: ClassTally,
): Sources {
  const points: SnappedPoint[][] = [[], [], []];
  const unitIndex: number[][] = [[], [], []];
  const aligned = Array.isArray(positions)
    ? (positions as readonly (TrackedPosition | undefined)[])
    : undefined;
  const byId = aligned ? undefined : (positions as ReadonlyMap<string, TrackedPosition>);
  if (aligned && aligned.length !== units.length) {
    throw new RangeError(`positions array has ${aligned.length} entries for ${units.length} units`);
  }
  for (let i = 0; i < units.length; i++) {
    if (include[i] === 0) continue;
    const unit = units[i];
    const position = aligned ? aligned[i] : byId!.get(unit.id);
    if (position === undefined) {
      excluded.noPosition++;
      continue;
    }
    if (now - position.at > staleAfterMs) {
      excluded.stalePosition++;
      continue;
    }
    const snapped =
      position.snapped !== undefined && position.snapped.profile === unit.profile
        ? position.snapped
        : travelTimes.snap(unit.profile, position.lon, position.lat);
    if (snapped === undefined) {
      excluded.offNetwork++;
      continue;
    }
    const p = PROFILE_INDEX[unit.profile];
    points[p].push(snapped);
    unitIndex[p].push(i);
    if (tally) {
      const c = kindClass(unit.kind, unit.profile);
      if (c >= 0) {
        tally.eligible[c]++;
        if (unit.turnoutSeconds < tally.minTurnout[c]) tally.minTurnout[c] = unit.turnoutSeconds;
      }
    }
  }
  return {
    points,
    unitIndex,
    total: points[0].length + points[1].length + points[2].length,
    targets: [null, null, null],
  };
}

/** The incident snapped for a profile, once per call (null = not snapped yet). */
export function targetFor(
  targets: (SnappedPoint | undefined | null)[],
  profile: TravelProfile,
  location: LonLat,
  travelTimes: TravelTimes,
): SnappedPoint | undefined {
  const p = PROFILE_INDEX[profile];
  let target = targets[p];
  if (target === null) {
    target = travelTimes.snap(profile, location.lon, location.lat);
    targets[p] = target;
  }
  return target;
}

/** One TravelTimes.reach per profile over gathered sources: who arrives within `limitSeconds`. */
export function reachSources(
  sources: Sources,
  location: LonLat,
  units: readonly Unit[],
  travelTimes: TravelTimes,
  limitSeconds: number,
): Reach {
  const reach = emptyReach(sources.total);
  for (const profile of TRAVEL_PROFILES) {
    const p = PROFILE_INDEX[profile];
    if (sources.points[p].length === 0) continue;
    const target = targetFor(sources.targets, profile, location, travelTimes);
    reach.targets[p] = target;
    if (target === undefined) {
      reach.offNetworkProfiles.push(profile);
      continue;
    }
    const seconds = travelTimes.reach(profile, target, sources.points[p], limitSeconds);
    const indices = sources.unitIndex[p];
    for (let j = 0; j < indices.length; j++) {
      const travel = seconds[j];
      // NaN fails this test too: an engine error never becomes a recommendation.
      if (!(travel <= limitSeconds)) continue;
      const i = indices[j];
      const k = reach.count++;
      reach.unit[k] = i;
      reach.travelSeconds[k] = travel;
      reach.etaSeconds[k] = travel + units[i].turnoutSeconds;
    }
  }
  return reach;
}

export function emptyReach(capacity: number): Reach {
  return {
    count: 0,
    unit: new Int32Array(capacity),
    travelSeconds: new Float64Array(capacity),
    etaSeconds: new Float64Array(capacity),
    targets: [undefined, undefined, undefined],
    offNetworkProfiles: [],
  };
}

/** Indices 0..count-1 ordered by ETA, ties by input order (same inputs, same proposal). */
export function orderByEta(reach: Reach): Uint32Array {
  const order = new Uint32Array(reach.count);
  for (let k = 0; k < reach.count; k++) order[k] = k;
  const eta = reach.etaSeconds;
  const unit = reach.unit;
  order.sort((a, b) => eta[a] - eta[b] || unit[a] - unit[b]);
  return order;
}

export function emptyExclusions(): ExclusionCounts {
  return {
    offDuty: 0,
    outOfService: 0,
    busy: 0,
    alreadyAssigned: 0,
    noPosition: 0,
    stalePosition: 0,
    offNetwork: 0,
    unreachable: 0,
  };
}

/** The position of one unit from either lookup form (for the few units shown, not the hot loop). */
export function positionOf(
  positions: PositionLookup,
  units: readonly Unit[],
  index: number,
): TrackedPosition | undefined {
  return Array.isArray(positions)
    ? (positions as readonly (TrackedPosition | undefined)[])[index]
    : (positions as ReadonlyMap<string, TrackedPosition>).get(units[index].id);
}
