import type { LonLat } from '../geo/coordinates.ts';
import type { TravelTimes } from '../ports.ts';
import {
  emptyExclusions,
  measureReach,
  orderByEta,
  type PositionLookup,
} from '../recommend/measure-reach.ts';
import type { Unit } from '../unit/unit.ts';

export interface NearestOptions {
  staleAfterSeconds?: number;
  limitSeconds: number;
}

/** Units chosen by `eligible` that reach `place` within the limit, nearest first (ETA with turnout). */
export function nearestUnits(
  place: LonLat,
  units: readonly Unit[],
  eligible: (unit: Unit) => boolean,
  positions: PositionLookup,
  travelTimes: TravelTimes,
  now: number,
  options: NearestOptions,
): { unit: Unit; etaSeconds: number }[] {
  const include = new Uint8Array(units.length);
  for (let i = 0; i < units.length; i++) if (eligible(units[i])) include[i] = 1;
  const reach = measureReach(
    place,
    units,
    include,
    positions,
    travelTimes,
    now,
    (options.staleAfterSeconds ?? 120) * 1000,
    options.limitSeconds,
    emptyExclusions(),
  );
  return [...orderByEta(reach)].map((k) => ({
    unit: units[reach.unit[k]],
    etaSeconds: Math.round(reach.etaSeconds[k]),
  }));
}
