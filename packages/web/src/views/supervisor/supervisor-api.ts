import type { ApiClient } from '../../api/api-client.ts';
import type { TodayStats } from '@jiefang/contract';

/** GET /api/v1/stats/today: since local midnight (the city's time zone), the caller's scope. */
export type { TodayStats };
export type TierFigures = TodayStats['tiers'][number];
export type StageFigures = TodayStats['open']['stages'][number];

export function fetchTodayStats(api: ApiClient, signal?: AbortSignal): Promise<TodayStats> {
  return api.get<TodayStats>('/api/v1/stats/today', { signal });
}
