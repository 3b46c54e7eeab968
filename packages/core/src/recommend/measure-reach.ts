import type { LonLat } from '../geo/coordinates.ts';
import type { SnappedPoint, TravelProfile, TravelTimes } from '../ports.ts';
import { TRAVEL_PROFILES } from '../ports.ts';
import type { LastKnownPosition, Unit } from '../unit/unit.ts';
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
  const sources: SnappedPoint[][] = [[], [], []];
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
    sources[p].push(snapped);
    unitIndex[p].push(i);
  }

  const total = sources[0].length + sources[1].length + sources[2].length;
  const reach: Reach = {
    count: 0,
    unit: new Int32Array(total),
    travelSeconds: new Float64Array(total),
    etaSeconds: new Float64Array(total),
    targets: [undefined, undefined, undefined],
    offNetworkProfiles: [],
  };
  for (const profile of TRAVEL_PROFILES) {
    const p = PROFILE_INDEX[profile];
    if (sources[p].length === 0) continue;
    const target = travelTimes.snap(profile, location.lon, location.lat);
    reach.targets[p] = target;
    if (target === undefined) {
      reach.offNetworkProfiles.push(profile);
      excluded.unreachable += sources[p].length;
      continue;
    }
    const seconds = travelTimes.reach(profile, target, sources[p], limitSeconds);
    const indices = unitIndex[p];
    for (let j = 0; j < indices.length; j++) {
      const travel = seconds[j];
      // NaN fails this test too: an engine error never becomes a recommendation.
      if (!(travel <= limitSeconds)) {
        excluded.unreachable++;
        continue;
      }
      const i = indices[j];
      const k = reach.count++;
      reach.unit[k] = i;
      reach.travelSeconds[k] = travel;
      reach.etaSeconds[k] = travel + units[i].turnoutSeconds;
    }
  }
  return reach;
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
