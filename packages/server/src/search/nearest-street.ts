import type { CityRouter, LocalNames, RoadPoint } from '@jiefang/routing';

/** The name of the road a snapped point lies on, when the road has one. */
export function streetOf(router: CityRouter, point: RoadPoint | undefined): string | undefined {
  return streetNamesOf(router, point)?.name;
}

/** The street of a snapped point, with its name in each console language. */
export function streetNamesOf(
  router: CityRouter,
  point: RoadPoint | undefined,
): { name: string; localNames: LocalNames } | undefined {
  if (!point) return undefined;
  const index = router.graph(point.profile).edgeName[point.edge];
  if (index < 0) return undefined;
  const name = router.city.names[index];
  return { name, localNames: router.city.nameLocalNames[index] ?? { zh: name, en: name } };
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
