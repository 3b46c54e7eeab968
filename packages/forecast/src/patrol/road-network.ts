export type LonLatPair = readonly [number, number];

export interface RoadLeg {
  seconds: number;
  metres: number;
  /** The road path, WGS84, from start to end. */
  path: [number, number][];
}

/**
 * What patrol planning asks of the road network (a port: the server and the evals wire the
 * routing engine's CityRouter behind it, tests a straight-line stand-in).
 */
export interface RoadNetwork {
  /** Driving route between two points, or undefined when one cannot be reached. */
  route(from: LonLatPair, to: LonLatPair): RoadLeg | undefined;
  /** Share (0–1) of the network's road length within `seconds` of driving of any position. */
  coverageShare(positions: readonly LonLatPair[], seconds: number): number;
}
