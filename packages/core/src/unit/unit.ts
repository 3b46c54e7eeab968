import type { TravelProfile } from '../ports.ts';
import type { Priority } from '../incident/priority.ts';
import type { LocalNames } from '../shared/local-names.ts';

/**
 * police: patrol car or foot patrol. community: 最小应急单元 (EmergencyUnit), 2–3 guards or
 * volunteers at a site. grid: a grid worker, usually on an e-bike. special: SWAT, K9, EOD...
 * department: a non-police team that takes work orders, never emergency dispatches.
 */
export type UnitKind = 'police' | 'community' | 'grid' | 'special' | 'department';

export const UNIT_KINDS: readonly UnitKind[] = [
  'police',
  'community',
  'grid',
  'special',
  'department',
];

/** available → notified → en_route → on_scene → available; off duty and out of service aside. */
export type UnitStatus =
  'available' | 'notified' | 'en_route' | 'on_scene' | 'off_duty' | 'out_of_service';

export const UNIT_STATUSES: readonly UnitStatus[] = [
  'available',
  'notified',
  'en_route',
  'on_scene',
  'off_duty',
  'out_of_service',
];

/** Statuses in which a unit is working an incident (and may only be pre-empted). */
export const BUSY_STATUSES: readonly UnitStatus[] = ['notified', 'en_route', 'on_scene'];

/** Where a unit was last seen. A stream, not an event: kept in memory, tracked in batches. */
export interface LastKnownPosition {
  lon: number;
  lat: number;
  /** Epoch milliseconds of the fix. */
  at: number;
  accuracyM: number;
}

/** What a busy unit is busy with, so recommendation can weigh pre-emption by priority. */
export interface UnitAssignment {
  incidentId: string;
  dispatchId: string;
  priority: Priority;
}

export interface UnitMember {
  personId: string;
  name: string;
  /** Personal data: shown to the command room only. */
  phone?: string;
  role?: 'leader' | 'member';
}

interface UnitBase {
  id: string;
  /** Call sign shown on the map and read out on the radio, e.g. '新街口-巡1'. */
  name: string;
  /** The call sign in each console language, when it was given in both (the demo's are). */
  localNames?: LocalNames;
  orgId: string;
  profile: TravelProfile;
  /** Seconds from alert to moving: added to travel time for every ETA. */
  turnoutSeconds: number;
  status: UnitStatus;
  assignment?: UnitAssignment;
  talkGroupIds: string[];
  /** Site the unit is stationed at (always set for community units). */
  siteId?: string;
}

export interface PoliceUnit extends UnitBase {
  kind: 'police';
  mode: 'car' | 'foot';
}

/** 最小应急单元: a team at a mall, school, market... responding on foot within the first minute. */
export interface EmergencyUnit extends UnitBase {
  kind: 'community';
  members: UnitMember[];
  /** e.g. shield, restraint fork, baton, stab vest, radio */
  equipment: string[];
  siteId: string;
}

export interface GridUnit extends UnitBase {
  kind: 'grid';
  members: UnitMember[];
}

export interface SpecialUnit extends UnitBase {
  kind: 'special';
  /** e.g. 'swat', 'k9', 'eod', 'medical' */
  speciality: string;
}

export interface DepartmentUnit extends UnitBase {
  kind: 'department';
  /** The department org whose work orders this team takes. */
  departmentOrgId: string;
}

export type Unit = PoliceUnit | EmergencyUnit | GridUnit | SpecialUnit | DepartmentUnit;

/** Typical profile per kind; a unit may override it (a police bicycle patrol rides). */
export function defaultProfile(kind: UnitKind, mode?: 'car' | 'foot'): TravelProfile {
  switch (kind) {
    case 'police':
      return mode === 'foot' ? 'walk' : 'drive';
    case 'community':
      return 'walk';
    case 'grid':
      return 'bike';
    case 'special':
    case 'department':
      return 'drive';
  }
}

/**
 * Typical turnout: a team already standing at its post moves in seconds, a car crew needs to
 * get in and pull out, a special unit has to kit up.
 */
export function defaultTurnoutSeconds(kind: UnitKind, mode?: 'car' | 'foot'): number {
  switch (kind) {
    case 'police':
      return mode === 'foot' ? 10 : 30;
    case 'community':
      return 10;
    case 'grid':
      return 20;
    case 'special':
      return 120;
    case 'department':
      return 300;
  }
}

export function isBusy(status: UnitStatus): boolean {
  return status === 'notified' || status === 'en_route' || status === 'on_scene';
}

/** How a profile reads in a recommendation reason: "45 s on foot". */
export function profileWords(profile: TravelProfile): string {
  return profile === 'drive' ? 'by car' : profile === 'walk' ? 'on foot' : 'by bike';
}
