import type { RoadNetwork } from '@jiefang/forecast';
import { RoutingError, type CityRouter } from '@jiefang/routing';

/** The routing engine behind patrol planning's road-network port (drive profile). */
export function routerNetwork(router: CityRouter): RoadNetwork {
  return {
    route(from, to) {
      try {
        const r = router.route(from, to, 'drive');
        return { seconds: r.seconds, metres: r.metres, path: r.geometry.coordinates };
      } catch (error) {
        if (error instanceof RoutingError) return undefined;
        throw error;
      }
    },
    coverageShare(positions, seconds) {
      return router.coverage(positions, 'drive', [seconds]).thresholds[0].share;
    },
  };
}
