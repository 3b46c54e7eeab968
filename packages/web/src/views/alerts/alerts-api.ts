import type {
  AlertTimelineEntry,
  AssistAnswerInput,
  AssistRequestView,
  BroadcastPreviewView,
  CreateAssistInput,
  DefineAreaRuleInput,
  IncidentView,
  PartnerKeyIssuedView,
  PartnerListItem,
  RegisterPartnerInput,
  ReviseAreaRuleInput,
} from '@jiefang/contract';
import type { Alert, AlertStatus, AreaRule, LonLat, MissingPersonCase } from '@jiefang/core';
import type { ApiClient } from '../../api/api-client.ts';

/** An alert as the API lists it: personal data withheld (read through /personal, audited). */
export type AlertRow = Omit<Alert, 'personal'> & { version: number; personalWithheld?: boolean };
export type AreaRuleRow = AreaRule & { version: number };
export type MissingCaseRow = MissingPersonCase & { version: number };

const path = (id: string) => encodeURIComponent(id);

/**
 * The endpoints of the alerts view (server routes: alert-, area-rule-, partner-,
 * missing-person- and assist-routes), typed with the contract's and core's shapes.
 */
export const alertsApi = {
  alerts: (api: ApiClient, status?: AlertStatus) =>
    api.get<AlertRow[]>(status ? `/api/v1/alerts?status=${status}` : '/api/v1/alerts'),
  timeline: (api: ApiClient, id: string) =>
    api.get<AlertTimelineEntry[]>(`/api/v1/alerts/${path(id)}/timeline`),
  clear: (api: ApiClient, id: string, reason: string) =>
    api.post<AlertRow>(`/api/v1/alerts/${path(id)}/clear`, { reason }),
  incident: (api: ApiClient, id: string) => api.get<IncidentView>(`/api/v1/incidents/${path(id)}`),

  rules: (api: ApiClient) => api.get<AreaRuleRow[]>('/api/v1/area-rules'),
  defineRule: (api: ApiClient, body: DefineAreaRuleInput, idempotencyKey: string) =>
    api.create<AreaRuleRow>('/api/v1/area-rules', body, { idempotencyKey }),
  reviseRule: (api: ApiClient, id: string, body: ReviseAreaRuleInput) =>
    api.request<AreaRuleRow>('PUT', `/api/v1/area-rules/${path(id)}`, { body }),
  retireRule: (api: ApiClient, id: string) =>
    api.post<AreaRuleRow>(`/api/v1/area-rules/${path(id)}/retire`),

  partners: (api: ApiClient) => api.get<PartnerListItem[]>('/api/v1/partners'),
  registerPartner: (api: ApiClient, body: RegisterPartnerInput, idempotencyKey: string) =>
    api.create<PartnerKeyIssuedView>('/api/v1/partners', body, { idempotencyKey }),
  rotateKey: (api: ApiClient, id: string, overlapSeconds: number) =>
    api.post<PartnerKeyIssuedView>(`/api/v1/partners/${path(id)}/keys`, { overlapSeconds }),

  missingCases: (api: ApiClient) => api.get<MissingCaseRow[]>('/api/v1/missing-persons'),
  missingCase: (api: ApiClient, id: string) =>
    api.get<MissingCaseRow>(`/api/v1/missing-persons/${path(id)}`),
  openMissing: (
    api: ApiClient,
    body: {
      id: string;
      orgId: string;
      description: string;
      photoRef?: string;
      lastSeen: { location: LonLat; at: string };
      walkingSpeedMps: number;
    },
    idempotencyKey: string,
  ) => api.create<MissingCaseRow>('/api/v1/missing-persons', body, { idempotencyKey }),
  broadcastPreview: (api: ApiClient, id: string) =>
    api.get<BroadcastPreviewView>(`/api/v1/missing-persons/${path(id)}/broadcast-preview`),
  broadcast: (api: ApiClient, id: string) =>
    api.post<MissingCaseRow>(`/api/v1/missing-persons/${path(id)}/broadcast`),
  sighting: (
    api: ApiClient,
    id: string,
    body: { location: LonLat; unitId?: string; note?: string },
  ) => api.post<MissingCaseRow>(`/api/v1/missing-persons/${path(id)}/sightings`, body),
  found: (api: ApiClient, id: string, location: LonLat) =>
    api.post<MissingCaseRow>(`/api/v1/missing-persons/${path(id)}/found`, { location }),

  assistRequests: (api: ApiClient) => api.get<AssistRequestView[]>('/api/v1/assist-requests'),
  askForHelp: (api: ApiClient, body: CreateAssistInput, idempotencyKey: string) =>
    api.create<AssistRequestView>('/api/v1/assist-requests', body, { idempotencyKey }),
  acknowledge: (api: ApiClient, id: string, orgId: string) =>
    api.post<AssistRequestView>(`/api/v1/assist-requests/${path(id)}/acknowledge`, { orgId }),
  answer: (api: ApiClient, id: string, body: AssistAnswerInput) =>
    api.post<AssistRequestView>(`/api/v1/assist-requests/${path(id)}/answer`, body),
  closeAssist: (api: ApiClient, id: string) =>
    api.post<AssistRequestView>(`/api/v1/assist-requests/${path(id)}/close`),
};
