import { ROAD_CLASSES } from '../profile/road-classes.ts';

/**
 * Road classes pooled into groups that each get one speed factor: a week of drives holds too few
 * metres on a motorway link to price it alone, and pooled neighbours share how traffic behaves.
 */
export const ROAD_GROUPS = ['major', 'secondary', 'tertiary', 'local', 'service'] as const;
export type RoadGroup = (typeof ROAD_GROUPS)[number];

const GROUP_OF_CLASS: Record<string, RoadGroup> = {
  motorway: 'major',
  motorway_link: 'major',
  trunk: 'major',
  trunk_link: 'major',
  primary: 'major',
  primary_link: 'major',
  secondary: 'secondary',
  secondary_link: 'secondary',
  tertiary: 'tertiary',
  tertiary_link: 'tertiary',
  unclassified: 'local',
  residential: 'local',
  living_street: 'local',
  road: 'local',
};

/** Group index of each ROAD_CLASSES index (plus 255, "another value": service). */
export const GROUP_OF_CLASS_INDEX: Uint8Array = (() => {
  const table = new Uint8Array(256).fill(ROAD_GROUPS.indexOf('service'));
  ROAD_CLASSES.forEach((name, i) => {
    table[i] = ROAD_GROUPS.indexOf(GROUP_OF_CLASS[name] ?? 'service');
  });
  return table;
})();

/** Hours of the day pooled into periods with their own fixed overhead. */
export const DAY_PERIODS = ['night', 'morning', 'day', 'evening', 'late'] as const;
export type DayPeriod = (typeof DAY_PERIODS)[number];

export function dayPeriodOf(hour: number): DayPeriod {
  if (hour < 7) return 'night';
  if (hour < 10) return 'morning';
  if (hour < 16) return 'day';
  if (hour < 20) return 'evening';
  return 'late';
}
