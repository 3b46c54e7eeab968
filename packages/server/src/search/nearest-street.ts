import type { CityRouter, RoadPoint } from '@jiefang/routing';

/** The name of the road a snapped point lies on, when the road has one. */
export function streetOf(router: CityRouter, point: RoadPoint | undefined): string | undefined {
  if (!point) return undefined;
  const graph = router.graph(point.profile);
  const name = graph.edgeName[point.edge];
  return name >= 0 ? router.city.names[name] : undefined;
}

/**
 * The named street nearest a point, looked for on the walking network (which reaches courtyards
 * and malls' doors) then the driving one; undefined off the network or beside unnamed ways only.
 */
export function nearestStreet(
  router: CityRouter,
  at: { lon: number; lat: number },
): string | undefined {
  for (const profile of ['walk', 'drive']) {
    try {
      const name = streetOf(router, router.snap(profile, [at.lon, at.lat]));
      if (name) return name;
    } catch {
      // Not on this profile's network (or no such profile in this city): try the next.
    }
  }
  return undefined;
}
