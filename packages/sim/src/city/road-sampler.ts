import type { TravelProfile } from '@jiefang/core';
import { RoutingError, type CityRouter, type RoadPoint } from '@jiefang/routing';
import type { Coord } from '../model/motion.ts';
import type { Rng } from '../model/rng.ts';

const METRES_PER_DEG_LAT = 111_320;

/** router.snap, or undefined off the network (instead of an error). */
export function trySnap(router: CityRouter, profile: string, at: Coord): RoadPoint | undefined {
  try {
    return router.snap(profile, at);
  } catch (error) {
    if (error instanceof RoutingError) return undefined;
    throw error;
  }
}

/** The name of the street nearest to `at` on the profile's network, if it has one. */
export function streetAt(router: CityRouter, profile: string, at: Coord): string | undefined {
  const point = trySnap(router, profile, at);
  if (!point) return undefined;
  const name = router.graph(profile).edgeName[point.edge];
  return name >= 0 ? router.city.names[name] : undefined;
}

/** A point `metres` east and north of `centre`. */
export function offset(centre: Coord, east: number, north: number): Coord {
  const [lon, lat] = centre;
  const perLon = METRES_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180);
  return [lon + east / perLon, lat + north / METRES_PER_DEG_LAT];
}

/**
 * Random points on the road network: uniform in a disc, snapped to the profile's roads, kept
 * only when the road is close (so points follow the streets rather than piling up on the edge
 * of a park). Falls back to the centre snapped.
 */
export class RoadSampler {
  constructor(private readonly router: CityRouter) {}

  near(profile: TravelProfile, centre: Coord, radiusMetres: number, rng: Rng): Coord {
    for (let attempt = 0; attempt < 20; attempt++) {
      const r = radiusMetres * Math.sqrt(rng.next());
      const angle = rng.next() * 2 * Math.PI;
      const point = trySnap(
        this.router,
        profile,
        offset(centre, r * Math.cos(angle), r * Math.sin(angle)),
      );
      if (point && point.offRoadMetres <= 30) return [point.lon, point.lat];
    }
    const home = trySnap(this.router, profile, centre);
    return home ? [home.lon, home.lat] : centre;
  }

  /** A point anywhere on the city's streets (uniform in the bounding box, near a road). */
  street(profile: TravelProfile, rng: Rng): Coord {
    const [west, south, east, north] = this.router.city.meta.bbox;
    for (let attempt = 0; attempt < 200; attempt++) {
      const at: Coord = [rng.uniform(west, east), rng.uniform(south, north)];
      const point = trySnap(this.router, profile, at);
      if (point && point.offRoadMetres <= 25) return at;
    }
    return [(west + east) / 2, (south + north) / 2];
  }
}
