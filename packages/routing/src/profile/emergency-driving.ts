import type { RoadGroup } from '../calibration/road-groups.ts';
import { identityModel, type TravelTimeModel } from '../calibration/travel-time-model.ts';

/** How a unit under lights and sirens drives compared with its profile's ordinary speeds. */
export interface EmergencyDrivingSpec {
  /**
   * Oneway rules under lights and sirens. Only 'obey' is supported: the drives we calibrate on
   * give no evidence of how often or how fast engines run against a oneway.
   */
  oneway: 'obey';
  /** Multiplies the profile's seconds on each road group (below 1: faster than ordinary). */
  classFactors: Record<RoadGroup, number>;
  /** Seconds added per edge driven: each edge ends at a junction to clear. */
  intersectionSeconds: number;
  /** Where the numbers come from. */
  evidence: string;
}

/**
 * Defaults from evidence, not guesses: the road part of the calibration fitted on 698 drives of
 * SFFD engines and trucks (one week, 2016-12-31 … 2017-01-07, ../shared/data/sf-fire-responses),
 * `jiefang calibrate sf.graph --drives cases-2016.csv --folds 8`, whose leave-one-day-out
 * cross-validation took the drive profile from 43.9 % to 22.5 % median absolute error. A city's
 * own accepted calibration replaces these.
 */
export const EMERGENCY_DRIVING: Record<string, EmergencyDrivingSpec> = {
  drive: {
    oneway: 'obey',
    classFactors: { major: 0.453, secondary: 0.467, tertiary: 0.406, local: 0.456, service: 0.25 },
    intersectionSeconds: 3.46,
    evidence:
      'calibration 827b88f2… on sf-fire-responses cases-2016.csv (698 drives, 8-fold CV 43.9 % → 22.5 %)',
  },
};

/** The emergency-driving option of a profile as a model calibrateGraph applies; null if none. */
export function emergencyDrivingModel(profile: string): TravelTimeModel | null {
  const spec = EMERGENCY_DRIVING[profile];
  if (spec === undefined) return null;
  return {
    ...identityModel(profile),
    classFactors: { ...spec.classFactors },
    secondsPerEdge: spec.intersectionSeconds,
  };
}
