/** How a class of responder moves over the road network. See README "Profiles". */
export interface ProfileSpec {
  name: string;
  description: string;
  /** km/h by OSM `highway` value; a class missing here is not usable by the profile. */
  speeds: Record<string, number>;
  /** km/h by `service` value, overriding `speeds.service`. */
  serviceSpeeds: Record<string, number>;
  /** Allowed `tracktype` values for highway=track, or null for any. */
  trackGradesAllowed: string[] | null;
  /**
   * When set, a tagged `maxspeed` replaces the class speed, multiplied by this factor (traffic
   * seldom flows at the limit). Null ignores maxspeed (walkers and cyclists are not bound by it).
   */
  maxspeedFactor: number | null;
  /**
   * Which oneway rules apply: 'vehicle' obeys oneway and implied oneway (roundabouts,
   * motorways); 'bicycle' obeys them unless `oneway:bicycle=no` or a contraflow cycleway; 'foot'
   * ignores them except `oneway:foot`.
   */
  oneway: 'vehicle' | 'bicycle' | 'foot';
  /** Access tags from general to specific; the most specific tag present decides. */
  accessKeys: string[];
}
