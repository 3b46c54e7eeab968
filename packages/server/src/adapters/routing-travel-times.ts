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

/**
 * The engine's road point (edge and fraction) as core's SnappedPoint: the one type both sides
 * see. Core hands back only points this adapter's snap made (TravelTimes' contract), so the
 * methods below take EnginePoint where the port says SnappedPoint (method parameters are
 * bivariant in TypeScript, which is exactly that contract, with no cast).
 */
export type EnginePoint = RoadPoint & SnappedPoint;

/** A source set held in the routing engine's typed arrays. */
class RoutingSourceSet implements SourceSet {
  constructor(
    readonly profile: TravelProfile,
    readonly points: PointSet,
  ) {}

  set(slot: number, point: EnginePoint | undefined): void {
    this.points.set(slot, point);
  }
}

/**
 * The routing engine behind core's TravelTimes port. Snapped points are the engine's own
 * RoadPoints (they carry the edge and fraction); core passes them back untouched.
 */
export class RoutingTravelTimes implements TravelTimes {
  constructor(private readonly router: CityRouter) {}

  snap(profile: TravelProfile, lon: number, lat: number): EnginePoint | undefined {
    try {
      // The router keeps profiles as plain strings; the point is of the profile asked for.
      return { ...this.router.snap(profile, [lon, lat]), profile };
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
    target: EnginePoint,
    sources: readonly EnginePoint[],
    limitSeconds: number,
  ): Float64Array {
    return this.router.reach(target, sources, profile, limitSeconds);
  }

  createSourceSet(profile: TravelProfile): SourceSet {
    return new RoutingSourceSet(profile, this.router.pointSet(profile));
  }

  reachSet(target: EnginePoint, sources: SourceSet, limitSeconds: number): SourceHits {
    if (!(sources instanceof RoutingSourceSet)) {
      throw new TypeError('reachSet takes a source set made by this engine (createSourceSet)');
    }
    return this.router.reachSet(target, sources.points, limitSeconds);
  }

  distanceMetres(profile: TravelProfile, from: EnginePoint, to: EnginePoint): number | undefined {
    return this.router.route(from, to, profile).metres;
  }
}
