import { haversineMetres } from '@jiefang/core';

export type Coord = readonly [number, number];

/**
 * One trip along a routed path. The engine gives the trip's total seconds, not a time per
 * vertex, so the position within the trip assumes an even pace along the line: exact at both
 * ends (which is what arrivals and dispatch times use), approximate in between (what the map
 * shows and where a unit re-tasked mid-trip starts from).
 */
export interface Leg {
  coords: Coord[];
  /** Metres from the first coordinate to each coordinate. */
  along: Float64Array;
  metres: number;
  startAt: number;
  seconds: number;
}

export function makeLeg(coords: readonly Coord[], startAt: number, seconds: number): Leg {
  const along = new Float64Array(coords.length);
  for (let i = 1; i < coords.length; i++) {
    const [lon0, lat0] = coords[i - 1];
    const [lon1, lat1] = coords[i];
    along[i] = along[i - 1] + haversineMetres(lon0, lat0, lon1, lat1);
  }
  return {
    coords: coords.slice(),
    along,
    metres: along[along.length - 1] ?? 0,
    startAt,
    seconds: Math.max(0, seconds),
  };
}

export function legEndsAt(leg: Leg): number {
  return leg.startAt + leg.seconds;
}

/** Where a unit on the leg is at time `t` (clamped to the leg's ends). */
export function positionOnLeg(leg: Leg, t: number): Coord {
  const { coords, along } = leg;
  if (coords.length === 1 || leg.metres === 0) return coords[coords.length - 1];
  const share = leg.seconds > 0 ? Math.min(1, Math.max(0, (t - leg.startAt) / leg.seconds)) : 1;
  const target = share * leg.metres;
  let lo = 0;
  let hi = along.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (along[mid] <= target) lo = mid;
    else hi = mid;
  }
  const span = along[hi] - along[lo];
  const f = span > 0 ? (target - along[lo]) / span : 1;
  const [lon0, lat0] = coords[lo];
  const [lon1, lat1] = coords[hi];
  return [lon0 + (lon1 - lon0) * f, lat0 + (lat1 - lat0) * f];
}
