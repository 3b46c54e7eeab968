import type { SnappedPoint, TravelProfile, TravelTimes } from '@jiefang/core';
import type { CityRouter, RoadPoint } from '@jiefang/routing';
import { trySnap } from '../city/road-sampler.ts';

/**
 * Core's TravelTimes port over a CityRouter, for the simulation (the server has its own
 * adapter; this one needs no server). Snapped points are the router's RoadPoints.
 */
export class RouterTravelTimes implements TravelTimes {
  constructor(private readonly router: CityRouter) {}

  snap(profile: TravelProfile, lon: number, lat: number): SnappedPoint | undefined {
    return trySnap(this.router, profile, [lon, lat]) as (RoadPoint & SnappedPoint) | undefined;
  }

  reach(
    profile: TravelProfile,
    target: SnappedPoint,
    sources: readonly SnappedPoint[],
    limitSeconds: number,
  ): Float64Array {
    return this.router.reach(
      target as unknown as RoadPoint,
      sources as unknown as RoadPoint[],
      profile,
      limitSeconds,
    );
  }
}
