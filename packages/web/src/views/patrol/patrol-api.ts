import type {
  ForecastView,
  PatrolAssignment,
  PatrolComplianceView,
  PatrolPlanView,
} from '@jiefang/contract';
import type { ApiClient } from '../../api/api-client.ts';

export interface ComplianceBoard {
  planId: string;
  shiftStart: string;
  shiftMinutes: number;
  units: PatrolComplianceView[];
}

const enc = encodeURIComponent;

/** The patrol routes of /api/v1 (forecasts, plans, compliance, a unit's own part). */
export const patrolApi = {
  forecasts: (api: ApiClient) => api.get<ForecastView[]>('/api/v1/forecasts'),
  requestForecast: (api: ApiClient, orgId: string, horizonDays: number) =>
    api.post<ForecastView>('/api/v1/forecasts', { orgId, categoryCode: '*', horizonDays }),
  plans: (api: ApiClient) => api.get<PatrolPlanView[]>('/api/v1/patrol-plans'),
  createPlan: (
    api: ApiClient,
    body: { forecastId: string; shiftStart: string; shiftMinutes: number; unitIds: string[] },
  ) => api.post<PatrolPlanView>('/api/v1/patrol-plans', body),
  assign: (api: ApiClient, planId: string) =>
    api.post<PatrolPlanView>(`/api/v1/patrol-plans/${enc(planId)}/assign`),
  dropStop: (api: ApiClient, planId: string, unitId: string, startMin: number) =>
    api.post<PatrolPlanView>(`/api/v1/patrol-plans/${enc(planId)}/drop-stop`, { unitId, startMin }),
  close: (api: ApiClient, planId: string) =>
    api.post<PatrolPlanView>(`/api/v1/patrol-plans/${enc(planId)}/close`),
  compliance: (api: ApiClient, planId: string) =>
    api.get<ComplianceBoard>(`/api/v1/patrol-plans/${enc(planId)}/compliance`),
  exportUrl: (planId: string, format: 'csv' | 'xlsx') =>
    `/api/v1/patrol-plans/${enc(planId)}/compliance.${format}`,
  unitPatrol: (api: ApiClient, unitId: string) =>
    api.get<PatrolAssignment | null>(`/api/v1/units/${enc(unitId)}/patrol`),
};
