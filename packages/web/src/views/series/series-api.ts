import type {
  CaseSeriesDetailView,
  CaseSeriesView,
  IncidentView,
  SeriesSuggestionsView,
} from '@jiefang/contract';
import type { ApiClient } from '../../api/api-client.ts';

const enc = encodeURIComponent;

/** The series routes of /api/v1 (串并), and the incidents a series starts from. */
export const seriesApi = {
  list: (api: ApiClient) => api.get<CaseSeriesView[]>('/api/v1/series'),
  detail: (api: ApiClient, id: string) =>
    api.get<CaseSeriesDetailView>(`/api/v1/series/${enc(id)}`),
  start: (api: ApiClient, incidentId: string, title: string) =>
    api.post<CaseSeriesView>('/api/v1/series', { incidentId, title }),
  suggestions: (api: ApiClient, incidentId: string) =>
    api.get<SeriesSuggestionsView>(`/api/v1/incidents/${enc(incidentId)}/series`, {
      query: { limit: 20 },
    }),
  accept: (api: ApiClient, id: string, incidentId: string) =>
    api.post<CaseSeriesView>(`/api/v1/series/${enc(id)}/links`, { incidentId }),
  reject: (api: ApiClient, id: string, incidentId: string) =>
    api.post<CaseSeriesView>(`/api/v1/series/${enc(id)}/rejections`, { incidentId }),
  unlink: (api: ApiClient, id: string, incidentId: string) =>
    api.delete<CaseSeriesView>(`/api/v1/series/${enc(id)}/links/${enc(incidentId)}`),
  incidents: (api: ApiClient) =>
    api.get<IncidentView[]>('/api/v1/incidents', { query: { limit: 200 } }),
};
