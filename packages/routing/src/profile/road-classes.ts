/**
 * The OSM `highway` values a graph remembers per edge, so that travel times can be corrected
 * per class of road after the fact (calibration) without re-importing. The position in this
 * list is what the graph stores; append only, never reorder (the graph format depends on it).
 */
export const ROAD_CLASSES = [
  'motorway',
  'motorway_link',
  'trunk',
  'trunk_link',
  'primary',
  'primary_link',
  'secondary',
  'secondary_link',
  'tertiary',
  'tertiary_link',
  'unclassified',
  'residential',
  'living_street',
  'road',
  'service',
  'track',
  'pedestrian',
  'footway',
  'path',
  'cycleway',
  'bridleway',
  'corridor',
  'steps',
] as const;

export type RoadClass = (typeof ROAD_CLASSES)[number];

/** Stored for a `highway` value missing from ROAD_CLASSES. */
export const OTHER_ROAD_CLASS = 255;

const INDEX = new Map<string, number>(ROAD_CLASSES.map((name, i) => [name, i]));

export function roadClassIndex(highway: string): number {
  return INDEX.get(highway) ?? OTHER_ROAD_CLASS;
}

export function roadClassName(index: number): string {
  return ROAD_CLASSES[index] ?? 'other';
}
