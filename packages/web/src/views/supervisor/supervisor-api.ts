import type { ApiClient } from '../../api/api-client.ts';
import type { Tier } from '@jiefang/contract';

/** One tier's figures of GET /api/v1/stats/today. */
export interface TierFigures {
  tier: Tier;
  targetSeconds: number;
  /** Seconds from the call to the first arrival serving the tier, sorted. */
  arrivalSeconds: number[];
  met: number;
  missed: number;
  pending: number;
  /** met / (met + missed); null while nothing is decided. */
  metShare: number | null;
}

export interface StageFigures {
  stage: string;
  count: number;
  overdue: number;
}

/** GET /api/v1/stats/today: since local midnight (the server's time zone), the caller's scope. */
export interface TodayStats {
  generatedAt: string;
  from: string;
  timeZone: string;
  incidents: number;
  perHour: number[];
  tiers: TierFigures[];
  escalations: number;
  open: { total: number; escalated: number; overdue: number; stages: StageFigures[] };
}

export function fetchTodayStats(api: ApiClient, signal?: AbortSignal): Promise<TodayStats> {
  return api.get<TodayStats>('/api/v1/stats/today', { signal });
}
