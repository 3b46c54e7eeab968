import type { Priority, UnitKind, UnitStatus } from '@jiefang/contract';

/**
 * The colours the console draws forces and incidents with, shared by the map layers and the
 * legend so that a colour means the same thing everywhere. Kind is the fill of a unit's dot;
 * status is its ring (a dispatched unit stands out by a warm ring; units off duty fade).
 */
export const UNIT_KIND_COLOURS: Readonly<Record<UnitKind, string>> = {
  police: '#2f7bf5',
  community: '#19a974',
  grid: '#14b8c4',
  special: '#9b6cff',
  department: '#8a94a6',
};

export const UNIT_STATUS_COLOURS: Readonly<Record<UnitStatus, string>> = {
  available: '#f4f7fb',
  notified: '#ffd23f',
  en_route: '#ff9f1c',
  on_scene: '#ff4d4d',
  off_duty: '#5b6778',
  out_of_service: '#2b3440',
};

/** Priority 1 is the most urgent. */
export const PRIORITY_COLOURS: Readonly<Record<Priority, string>> = {
  1: '#ff3b3b',
  2: '#ff8a1f',
  3: '#f5c518',
  4: '#5aa9ff',
};

/** Drawn for a kind or status a newer server sends that this console does not know. */
export const UNKNOWN_COLOUR = '#9aa4b2';

export const TRAIL_COLOUR = '#ffd23f';
