import type { ProfileGraph } from '../graph/profile-graph.ts';
import type { CityRouter } from '../query/city-router.ts';
import type { ObservedDrive } from './observed-drive.ts';
import { dayPeriodOf, GROUP_OF_CLASS_INDEX, ROAD_GROUPS } from './road-groups.ts';
import type { DriveFeatures } from './travel-time-model.ts';

export interface MeasuredDrive {
  drive: ObservedDrive;
  features: DriveFeatures;
  fromSnapMetres: number;
  toSnapMetres: number;
}

/**
 * Routes a drive with `router` (raw or calibrated times: that decides which way it goes) and
 * prices what it drove with the profile's own, uncalibrated seconds of `rawGraph`, by road
 * group: the features a fit needs. Throws the router's coded error for a point off the network.
 */
export function measureDrive(
  router: CityRouter,
  rawGraph: ProfileGraph,
  drive: ObservedDrive,
): MeasuredDrive {
  const route = router.routeLegs(drive.from, drive.to, rawGraph.profile);
  const groupSeconds = new Float64Array(ROAD_GROUPS.length);
  let edges = 0;
  for (const leg of route.legs) {
    const share = Math.abs(leg.toFraction - leg.fromFraction);
    if (share === 0) continue;
    const seconds =
      leg.toFraction > leg.fromFraction
        ? rawGraph.edgeForwardSeconds[leg.edge]
        : rawGraph.edgeBackwardSeconds[leg.edge];
    groupSeconds[GROUP_OF_CLASS_INDEX[rawGraph.edgeClass[leg.edge]]] += share * seconds;
    edges += share;
  }
  return {
    drive,
    features: {
      groupSeconds,
      edges,
      offRoadMetres: route.from.offRoadMetres + route.to.offRoadMetres,
      kind: drive.kind,
      period: dayPeriodOf(drive.hour),
      emergency: drive.emergency,
    },
    fromSnapMetres: route.from.offRoadMetres,
    toSnapMetres: route.to.offRoadMetres,
  };
}
