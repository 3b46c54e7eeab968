import type { ApiClient } from '../../api/api-client.ts';
import type { CaseRouting } from '@jiefang/core';
import type { CaseKind, Incident } from '@jiefang/contract';

export type { CaseKind };

/** A case as GET /api/v1/cases shows it (contacts removed by the server). */
export interface CaseSummary {
  id: string;
  kind: CaseKind;
  orgId: string;
  categoryCode: string;
  title: string;
  description: string;
  status: 'open' | 'closed';
  workflow: { stage: string; enteredAt: string };
  departmentId?: string;
  routing?: CaseRouting;
  notes: { at: string; text: string }[];
  result?: string;
  overdue?: boolean;
  dueAt?: string | null;
  version: number;
}

export interface CaseCategory {
  code: string;
  names: { zh: string; en: string };
  kind: CaseKind;
}

export interface CaseFigures {
  count: number;
  yearOnYear: number | null;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  closed: number;
}

export type CaseStep = 'accept' | 'return' | 'notes' | 'resolve' | 'close';

export const casesApi = {
  list: (api: ApiClient) => api.get<CaseSummary[]>('/api/v1/cases?status=open'),
  catalogue: (api: ApiClient) => api.get<{ categories: CaseCategory[] }>('/api/v1/case-catalogue'),
  step: (api: ApiClient, id: string, step: CaseStep, body: object = {}) =>
    api.post<CaseSummary>(`/api/v1/cases/${encodeURIComponent(id)}/${step}`, body),
  handOver: (api: ApiClient, incidentId: string, categoryCode: string) =>
    api.post<CaseSummary>(`/api/v1/incidents/${encodeURIComponent(incidentId)}/work-order`, {
      categoryCode,
    }),
  openIncidents: (api: ApiClient) => api.get<Incident[]>('/api/v1/incidents?status=open'),
  /** This calendar month (the browser's time zone) in the caller's scope. */
  monthFigures: (api: ApiClient, now = new Date()) => {
    const from = new Date(now.getFullYear(), now.getMonth(), 1).toISOString();
    const to = new Date(now.getFullYear(), now.getMonth() + 1, 1).toISOString();
    return api.get<{ total: CaseFigures }>(
      `/api/v1/case-stats?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    );
  },
};
