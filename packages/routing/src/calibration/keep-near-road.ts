import { RoutingError } from '../errors.ts';
import type { CityRouter } from '../query/city-router.ts';
import type { ObservedDrive } from './observed-drive.ts';

/** Beyond this a recorded point is too far from any road to say where the drive began or ended. */
export const MAX_SNAP_METRES = 100;

/**
 * The drives whose start and end both lie within `maxMetres` of a road of the profile; the rest
 * are counted, not fitted: a far snap means the route would start somewhere the unit was not.
 */
export function keepNearRoad(
  router: CityRouter,
  profile: string,
  drives: readonly ObservedDrive[],
  maxMetres = MAX_SNAP_METRES,
): { kept: ObservedDrive[]; farFromRoad: number } {
  const kept: ObservedDrive[] = [];
  let farFromRoad = 0;
  for (const drive of drives) {
    try {
      const a = router.snap(profile, drive.from, 'from');
      const b = router.snap(profile, drive.to, 'to');
      if (a.offRoadMetres <= maxMetres && b.offRoadMetres <= maxMetres) {
        kept.push(drive);
        continue;
      }
    } catch (error) {
      if (!(error instanceof RoutingError)) throw error;
    }
    farFromRoad++;
  }
  return { kept, farFromRoad };
}
