import type { LonLat, Org, Role, Site, TalkGroup, Unit } from '@jiefang/core';

/** Where a demo login lives: its home org and the units it plays. */
export interface DemoHome {
  orgId: string;
  unitIds: string[];
}

/**
 * A demo city's organisation and fleet, city-neutral: what `seedDemoCity` writes. Nanjing's is
 * built from the city's OSM places (`nanjingDemoCity`); Portland's from the calls for service
 * before the replayed days (`portlandDemo` in @jiefang/sim).
 */
export interface DemoCity {
  /** Short name, e.g. `nanjing`, `portland`. */
  key: string;
  /** Parents before children; the first is the root (its id tells a seeded database). */
  orgs: Org[];
  /** Registered in this order. */
  units: Unit[];
  sites: Site[];
  talkGroups: TalkGroup[];
  /** Where each unit starts: its station, site or patrol base. */
  startPositions: Map<string, LonLat>;
  /** Home org and units of the demo login of each role. */
  homes: Record<Role, DemoHome>;
}
