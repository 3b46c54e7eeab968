import { DAY_PERIODS, ROAD_GROUPS, type DayPeriod, type RoadGroup } from './road-groups.ts';

/**
 * A fitted correction of one profile's travel times, as data. A drive's predicted seconds are
 *
 *   overhead + kind offset + period offset
 *   + Σ over road groups (factor × the profile's own seconds on that group)
 *   + secondsPerEdge × edges driven (each edge ends at a junction: intersection delay)
 *   + offRoadSecondsPerMetre × metres between the given points and the road
 *   + for non-emergency drives: nonEmergency.offsetSeconds + nonEmergency.roadFactor × road seconds
 *
 * The road part (factors and secondsPerEdge) is what `calibrateGraph` bakes into edge times, so
 * the engine's searches already choose routes by calibrated times; the rest is added per query.
 */
export interface TravelTimeModel {
  profile: string;
  overheadSeconds: number;
  classFactors: Record<RoadGroup, number>;
  secondsPerEdge: number;
  offRoadSecondsPerMetre: number;
  kindOffsetSeconds: Record<string, number>;
  periodOffsetSeconds: Record<DayPeriod, number>;
  nonEmergency: { offsetSeconds: number; roadFactor: number };
}

/** What the model needs to know about one drive, measured along its route. */
export interface DriveFeatures {
  /** The profile's uncalibrated seconds on each road group, in ROAD_GROUPS order. */
  groupSeconds: Float64Array;
  /** Edges driven, counting a partly driven edge by its share. */
  edges: number;
  /** Metres from the start and end coordinates to the road, added. */
  offRoadMetres: number;
  kind: string;
  period: DayPeriod;
  emergency: boolean;
}

/** The model that changes nothing: the profile's own times. */
export function identityModel(profile: string): TravelTimeModel {
  return {
    profile,
    overheadSeconds: 0,
    classFactors: Object.fromEntries(ROAD_GROUPS.map((g) => [g, 1])) as Record<RoadGroup, number>,
    secondsPerEdge: 0,
    offRoadSecondsPerMetre: 0,
    kindOffsetSeconds: {},
    periodOffsetSeconds: Object.fromEntries(DAY_PERIODS.map((p) => [p, 0])) as Record<
      DayPeriod,
      number
    >,
    nonEmergency: { offsetSeconds: 0, roadFactor: 0 },
  };
}

/** Seconds on the road alone, as the calibrated graph prices them. */
export function roadSeconds(model: TravelTimeModel, features: DriveFeatures): number {
  let seconds = model.secondsPerEdge * features.edges;
  ROAD_GROUPS.forEach((group, g) => {
    seconds += model.classFactors[group] * features.groupSeconds[g];
  });
  return seconds;
}

/** Seconds added to the calibrated road time of a drive: overheads and offsets. */
export function fixedSeconds(
  model: TravelTimeModel,
  kind: string,
  period: DayPeriod,
  offRoadMetres: number,
): number {
  return (
    model.overheadSeconds +
    (model.kindOffsetSeconds[kind] ?? 0) +
    model.periodOffsetSeconds[period] +
    model.offRoadSecondsPerMetre * offRoadMetres
  );
}

export function predictSeconds(model: TravelTimeModel, features: DriveFeatures): number {
  let seconds =
    fixedSeconds(model, features.kind, features.period, features.offRoadMetres) +
    roadSeconds(model, features);
  if (!features.emergency) {
    let raw = 0;
    for (const s of features.groupSeconds) raw += s;
    seconds += model.nonEmergency.offsetSeconds + model.nonEmergency.roadFactor * raw;
  }
  return seconds;
}
