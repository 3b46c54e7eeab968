import type { ApiClient } from '../../api/api-client.ts';
import type {
  Catalogue,
  CreateIncidentInput,
  Dispatch,
  DispatchRoute,
  Incident,
  RecommendationView,
  TalkGroupView,
  Tier,
  Timeline,
  UnitKind,
} from '@jiefang/contract';

/**
 * The dispatcher view's endpoints (packages/server/src/routes: incident-, dispatch-, place-,
 * talk-group- and coverage-routes). Every shape is the contract's (re-exported under the names
 * the view uses).
 */
export type {
  Candidate,
  RecommendationView as Recommendation,
  TierRecommendationView as TierRecommendation,
  TimelineEntry as TimelineEvent,
  TalkGroupView as TalkGroup,
  DispatchRoute,
} from '@jiefang/contract';
export type Category = Catalogue['categories'][number];
/** What the new-incident form sends: the contract's body as a call taker files it. */
export type NewIncident = CreateIncidentInput & { source: 'call' };

export type {
  BandShare,
  CoverageAnswer,
  IsochroneAnswer,
  MobilisationPreview,
  MobilisationResult,
  PlaceHit,
  RoadFeature,
  Whereabouts,
} from '@jiefang/contract';
import type {
  CoverageAnswer,
  IsochroneAnswer,
  MobilisationPreview,
  MobilisationResult,
  PlaceHit,
  Whereabouts,
} from '@jiefang/contract';

export type CoverageBand = 60 | 180 | 300;

const incidentPath = (id: string, rest = '') =>
  `/api/v1/incidents/${encodeURIComponent(id)}${rest}`;

export const dispatcherApi = {
  catalogue: (api: ApiClient) => api.get<Catalogue>('/api/v1/catalogue'),

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
    api.get<RecommendationView>(incidentPath(id, '/recommendation'), { signal }),

  /** One key: every recommended unit of every tier; one Idempotency-Key per press. */
  dispatchRecommended: (api: ApiClient, id: string, idempotencyKey?: string) =>
    api.create<{ recommendation: RecommendationView; dispatches: Dispatch[] }>(
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
    api.get<Timeline>(incidentPath(id, '/timeline'), {
      signal,
    }),

  advanceStage: (api: ApiClient, id: string, to: string, version?: number) =>
    api.post<Incident>(incidentPath(id, '/stage'), { to }, { ifMatch: version }),

  talkGroups: (api: ApiClient) => api.get<TalkGroupView[]>('/api/v1/talk-groups'),

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
