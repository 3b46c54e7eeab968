/**
 * The shapes the server's `/api/v1` answers with (see the OpenAPI document at /api/v1/docs).
 * Written out here rather than imported from @jiefang/core so that the browser bundle depends on
 * nothing but the wire format; fields the console does not read yet are left out.
 */

export type Role =
  | 'admin'
  | 'supervisor'
  | 'dispatcher'
  | 'responder'
  | 'grid_worker'
  | 'department'
  | 'analyst'
  | 'integration';

export type UnitKind = 'police' | 'community' | 'grid' | 'special' | 'department';

export type UnitStatus =
  'available' | 'notified' | 'en_route' | 'on_scene' | 'off_duty' | 'out_of_service';

/** 1 most urgent (life in danger) … 4 can wait. */
export type Priority = 1 | 2 | 3 | 4;

/** 1-3-5: tier 1 self-rescue (60 s), 2 mutual aid (180 s), 3 reinforcement (300 s). */
export type Tier = 1 | 2 | 3;

export type DispatchStatus =
  | 'notified'
  | 'delivered'
  | 'accepted'
  | 'declined'
  | 'timed_out'
  | 'en_route'
  | 'on_scene'
  | 'cleared'
  | 'cancelled';

/** GET /api/v1/auth/me; `account` of POST /api/v1/auth/login. */
export interface Account {
  id: string;
  username: string;
  displayName: string;
  orgId: string;
  roles: Role[];
  unitIds: string[];
  disabled: boolean;
}

export interface LoginResult {
  account: Account;
  expiresAt: string;
}

export interface LonLat {
  lon: number;
  lat: number;
}

export interface UnitPosition extends LonLat {
  /** Epoch milliseconds of the fix. */
  at: number;
  accuracyM: number;
  /** The fix snapped to the unit's road network; null when off the network. */
  road: LonLat | null;
}

/** GET /api/v1/units (and the `units` of a live snapshot). */
export interface UnitView {
  id: string;
  name: string;
  kind: UnitKind;
  orgId: string;
  profile: 'drive' | 'walk' | 'bike';
  turnoutSeconds: number;
  status: UnitStatus;
  /** ISO time the unit entered its current status, when the server knows it. */
  since?: string;
  assignment?: { incidentId: string; dispatchId: string; priority: Priority };
  talkGroupIds: string[];
  siteId?: string;
  mode?: string;
  members?: { personId: string; name: string; phone?: string; role?: string }[];
  equipment?: string[];
  speciality?: string;
  departmentOrgId?: string;
  position: UnitPosition | null;
  version: number;
}

/** GET /api/v1/units/{id}/track. */
export interface UnitTrack {
  unitId: string;
  points: { at: string; lon: number; lat: number; accuracyM: number | null }[];
}

export interface IncidentLocation extends LonLat {
  address?: string;
  placeName?: string;
}

/** GET /api/v1/incidents/{id} (and the `incidents` of a live snapshot). */
export interface Incident {
  id: string;
  orgId: string;
  source: string;
  categoryCode: string;
  priority: Priority;
  policeMatter: boolean;
  location: IncidentLocation;
  reporter?: { name?: string; phone?: string };
  /** The contact exists but this role may not read it. */
  reporterWithheld?: boolean;
  description: string;
  receivedAt: string;
  createdAt: string;
  status: 'open' | 'closed' | 'cancelled';
  workflow: {
    definitionId: string;
    stage: string;
    enteredAt: string;
    escalationLevel: number;
    history: { stage: string; enteredAt: string; leftAt?: string }[];
  };
  probableDuplicateOf?: string;
  externalRef?: string;
  closedAt?: string;
  cancelReason?: string;
  /** Present on REST answers; send back as If-Match. */
  version?: number;
}

/** A dispatch of one unit to one incident (live snapshot, GET /api/v1/dispatches). */
export interface Dispatch {
  id: string;
  incidentId: string;
  unitId: string;
  orgId: string;
  tier: Tier;
  status: DispatchStatus;
  /** When each status was reached (ISO). */
  times: Partial<Record<DispatchStatus, string>>;
  acceptTimeoutSeconds: number;
  etaSeconds?: number;
  arrivalSource?: 'manual' | 'position';
  /** Metres between the unit's last position and the incident when on scene was reported. */
  arrivalDistanceMetres?: number;
  version?: number;
}

/** One committed event as the live socket delivers it. */
export interface StoredEvent<P = Record<string, unknown>> {
  seq: number;
  type: string;
  aggregateType: string;
  aggregateId: string;
  version: number;
  orgId: string;
  actorId: string;
  at: string;
  payload: P;
}
