import type {
  SnappedPoint,
  SourceHits,
  SourceSet,
  TravelProfile,
  TravelTimes,
} from '@jiefang/core';
import {
  RoutingError,
  RoutingErrorCode,
  type CityRouter,
  type PointSet,
  type RoadPoint,
} from '@jiefang/routing';

/** A source set held in the routing engine's typed arrays. */
class RoutingSourceSet implements SourceSet {
  constructor(
    readonly profile: TravelProfile,
    readonly points: PointSet,
  ) {}

  set(slot: number, point: SnappedPoint | undefined): void {
    this.points.set(slot, point as RoadPoint | undefined);
  }
}

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

  createSourceSet(profile: TravelProfile): SourceSet {
    return new RoutingSourceSet(profile, this.router.pointSet(profile));
  }

  reachSet(target: SnappedPoint, sources: SourceSet, limitSeconds: number): SourceHits {
    if (!(sources instanceof RoutingSourceSet)) {
      throw new TypeError('reachSet takes a source set made by this engine (createSourceSet)');
    }
    return this.router.reachSet(target as unknown as RoadPoint, sources.points, limitSeconds);
  }

  distanceMetres(profile: TravelProfile, from: SnappedPoint, to: SnappedPoint): number | undefined {
    return this.router.route(from as unknown as RoadPoint, to as unknown as RoadPoint, profile)
      .metres;
  }
}
