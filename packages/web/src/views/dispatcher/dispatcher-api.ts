import type { ApiClient } from '../../api/api-client.ts';
import type { LocalNames } from '@jiefang/core';
import type {
  Dispatch,
  Incident,
  IncidentLocation,
  Priority,
  Tier,
  UnitKind,
} from '@jiefang/contract';

/**
 * The dispatcher view's endpoints (packages/server/src/routes: incident-, dispatch-, place-,
 * talk-group- and coverage-routes) and their wire shapes, as the view reads them.
 */

export interface Category {
  code: string;
  names: { zh: string; en: string };
  defaultPriority: Priority;
  policeMatter: boolean;
  departmentKind?: string;
}

export interface PlaceHit {
  type: 'poi' | 'street';
  name: string;
  localNames?: LocalNames;
  matchedName: string;
  kind: string;
  lon: number;
  lat: number;
  address?: string;
  altNames: string[];
  distanceM?: number;
  /** The named street nearest a POI without an address. */
  street?: string;
}

export interface Candidate {
  unitId: string;
  name: string;
  kind: UnitKind;
  profile: 'drive' | 'walk' | 'bike';
  etaSeconds: number;
  travelSeconds: number;
  turnoutSeconds: number;
  distanceMetres?: number;
  withinTarget: boolean;
  preempts?: { incidentId: string; dispatchId: string; priority: number };
  /** The server's own sentence (English), kept as a tooltip; the view words it itself. */
  reason: string;
}

export interface TierRecommendation {
  tier: Tier;
  targetSeconds: number;
  remainingSeconds: number;
  acceptTimeoutSeconds: number;
  met: boolean;
  shortfall?: string;
  candidates: Candidate[];
  requirements: {
    kinds: UnitKind[];
    count: number;
    profile?: string;
    met: boolean;
    picks: Candidate[];
    alternatives: Candidate[];
  }[];
}

export interface Recommendation {
  incidentId: string;
  incidentPriority: Priority;
  planId: string;
  computedAt: string;
  elapsedSeconds: number;
  tiers: TierRecommendation[];
  excluded: Record<string, number>;
}

export interface TimelineEvent {
  seq: number;
  at: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  version: number;
  actorId: string | null;
  payload: Record<string, unknown>;
}

export interface TalkGroup {
  id: string;
  name: string;
  orgId: string;
  unitIds: string[];
  channel?: string;
  version: number;
}

export interface MobilisationResult {
  incidentId: string;
  dispatched: { dispatchId: string; unitId: string; tier: number; etaSeconds?: number }[];
  skipped: { unitId: string; reason: string }[];
  broadcast?: { talkGroupId: string; seq: number };
}

/** GET /api/v1/talk-groups/{id}/mobilise-preview: who would leave which areas. */
export interface MobilisationPreview {
  incidentId: string;
  total: number;
  totalWithoutFloor: number;
  floor: number;
  areas: {
    orgId: string;
    orgName: string;
    orgLocalNames?: LocalNames;
    leaving: Partial<Record<UnitKind, number>>;
    policeAvailableBefore: number;
    policeAvailableAfter: number;
    held: number;
  }[];
}

export type CoverageBand = 60 | 180 | 300;

export interface BandShare {
  band: number;
  metres: number;
  share: number;
}

export interface RoadFeature {
  type: 'Feature';
  properties: { band: number; profile: string; name: string | null };
  geometry: { type: 'LineString'; coordinates: [number, number][] };
}

export interface CoverageAnswer {
  type: 'FeatureCollection';
  computedAt: string;
  bands: number[];
  kinds: UnitKind[];
  unitCount: number;
  shares: BandShare[];
  profiles: { profile: string; unitCount: number; totalMetres: number; shares: BandShare[] }[];
  features: RoadFeature[];
}

export interface IsochroneAnswer {
  type: 'FeatureCollection';
  unitId: string;
  profile: string;
  seconds: number;
  from: { lon: number; lat: number; at: number };
  bands: number[];
  shares: BandShare[];
  features: RoadFeature[];
}

export interface Whereabouts {
  unitId: string;
  place?: string;
  placeLocalNames?: LocalNames;
  placeMetres?: number;
  street?: string;
  streetLocalNames?: LocalNames;
}

/** GET /api/v1/dispatches/{id}/route: the unit's way from its live position. */
export interface DispatchRoute {
  dispatchId: string;
  unitId: string;
  seconds: number;
  metres: number;
  geometry: { type: 'LineString'; coordinates: [number, number][] };
}

export interface NewIncident {
  source: 'call';
  categoryCode: string;
  priority?: Priority;
  location: IncidentLocation;
  reporter?: { name?: string; phone?: string };
  description: string;
}

const incidentPath = (id: string, rest = '') =>
  `/api/v1/incidents/${encodeURIComponent(id)}${rest}`;

export const dispatcherApi = {
  catalogue: (api: ApiClient) => api.get<{ categories: Category[] }>('/api/v1/catalogue'),

  searchPlaces: (
    api: ApiClient,
    q: string,
    near: { lon: number; lat: number } | undefined,
    signal?: AbortSignal,
  ) =>
    api.get<PlaceHit[]>('/api/v1/places/search', {
      query: {
        q,
        limit: 8,
        near: near ? `${near.lon.toFixed(5)},${near.lat.toFixed(5)}` : undefined,
      },
      signal,
    }),

  createIncident: (api: ApiClient, body: NewIncident, idempotencyKey?: string) =>
    api.create<Incident>('/api/v1/incidents', body, { idempotencyKey }),

  incident: (api: ApiClient, id: string) => api.get<Incident>(incidentPath(id)),

  linkDuplicate: (api: ApiClient, id: string, of?: string) =>
    api.post<Incident>(incidentPath(id, '/link-duplicate'), of ? { of } : {}),

  dismissDuplicate: (api: ApiClient, id: string) =>
    api.post<Incident>(incidentPath(id, '/dismiss-duplicate')),

  recommendation: (api: ApiClient, id: string, signal?: AbortSignal) =>
    api.get<Recommendation>(incidentPath(id, '/recommendation'), { signal }),

  /** One key: every recommended unit of every tier; one Idempotency-Key per press. */
  dispatchRecommended: (api: ApiClient, id: string, idempotencyKey?: string) =>
    api.create<{ recommendation: Recommendation; dispatches: Dispatch[] }>(
      incidentPath(id, '/dispatch-recommended'),
      undefined,
      { idempotencyKey },
    ),

  dispatchUnit: (api: ApiClient, incidentId: string, unitId: string, tier: Tier) =>
    api.create<Dispatch>('/api/v1/dispatches', { incidentId, unitId, tier }),

  cancelDispatch: (api: ApiClient, dispatchId: string, reason: string) =>
    api.post<Dispatch>(`/api/v1/dispatches/${encodeURIComponent(dispatchId)}/cancel`, { reason }),

  dispatchesOf: (api: ApiClient, incidentId: string, signal?: AbortSignal) =>
    api.get<Dispatch[]>('/api/v1/dispatches', { query: { incidentId }, signal }),

  route: (api: ApiClient, dispatchId: string, signal?: AbortSignal) =>
    api.get<DispatchRoute>(`/api/v1/dispatches/${encodeURIComponent(dispatchId)}/route`, {
      signal,
    }),

  timeline: (api: ApiClient, id: string, signal?: AbortSignal) =>
    api.get<{ incidentId: string; events: TimelineEvent[] }>(incidentPath(id, '/timeline'), {
      signal,
    }),

  advanceStage: (api: ApiClient, id: string, to: string, version?: number) =>
    api.post<Incident>(incidentPath(id, '/stage'), { to }, { ifMatch: version }),

  talkGroups: (api: ApiClient) => api.get<TalkGroup[]>('/api/v1/talk-groups'),

  mobilisePreview: (
    api: ApiClient,
    talkGroupId: string,
    incidentId: string,
    signal?: AbortSignal,
  ) =>
    api.get<MobilisationPreview>(
      `/api/v1/talk-groups/${encodeURIComponent(talkGroupId)}/mobilise-preview`,
      { query: { incidentId }, signal },
    ),

  mobilise: (
    api: ApiClient,
    talkGroupId: string,
    incidentId: string,
    floorOverride?: { reason: string },
  ) =>
    api.post<MobilisationResult>(
      `/api/v1/talk-groups/${encodeURIComponent(talkGroupId)}/mobilise`,
      floorOverride ? { incidentId, floorOverride } : { incidentId },
    ),

  broadcast: (api: ApiClient, talkGroupId: string, message: string, incidentId?: string) =>
    api.post<{ talkGroupId: string; seq: number; unitIds: string[] }>(
      `/api/v1/talk-groups/${encodeURIComponent(talkGroupId)}/broadcast`,
      incidentId ? { message, incidentId } : { message },
    ),

  coverage: (api: ApiClient, kinds: UnitKind[], signal?: AbortSignal) =>
    api.get<CoverageAnswer>('/api/v1/coverage', { query: { kinds: kinds.join(',') }, signal }),

  isochrone: (api: ApiClient, unitId: string, seconds = 300, signal?: AbortSignal) =>
    api.get<IsochroneAnswer>(`/api/v1/units/${encodeURIComponent(unitId)}/isochrone`, {
      query: { seconds },
      signal,
    }),

  whereabouts: (api: ApiClient, signal?: AbortSignal) =>
    api.get<Whereabouts[]>('/api/v1/units/whereabouts', { signal }),
};
