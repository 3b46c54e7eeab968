import type { SnappedPoint, TravelProfile, TravelTimes } from '@jiefang/core';
import { RoutingError, RoutingErrorCode, type CityRouter, type RoadPoint } from '@jiefang/routing';

/**
 * The routing engine behind core's TravelTimes port. Snapped points are the engine's own
 * RoadPoints (they carry the edge and fraction); core passes them back untouched.
 */
export class RoutingTravelTimes implements TravelTimes {
  constructor(private readonly router: CityRouter) {}

  snap(profile: TravelProfile, lon: number, lat: number): SnappedPoint | undefined {
    try {
      return this.router.snap(profile, [lon, lat]) as RoadPoint & SnappedPoint;
    } catch (error) {
      if (
        error instanceof RoutingError &&
        (error.code === RoutingErrorCode.POINT_NOT_ON_NETWORK ||
          error.code === RoutingErrorCode.INVALID_COORDINATE)
      ) {
        return undefined;
      }
      throw error;
    }
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

  distanceMetres(profile: TravelProfile, from: SnappedPoint, to: SnappedPoint): number | undefined {
    return this.router.route(from as unknown as RoadPoint, to as unknown as RoadPoint, profile)
      .metres;
  }
}
