/**
 * A position snapped onto the road network of one profile: a point on an edge, not the nearest
 * vertex, so a unit standing mid-block starts mid-block.
 */
export interface RoadPoint {
  profile: string;
  edge: number;
  /** Position along the edge by length: 0 at its first vertex, 1 at its last. */
  fraction: number;
  /** The point on the road. */
  lon: number;
  lat: number;
  /** Straight-line distance from the given coordinate to the road. */
  offRoadMetres: number;
}
