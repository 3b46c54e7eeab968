import type { ApiClient } from './api-client.ts';
import type { UnitKind, UnitTrack, UnitView } from '@jiefang/contract';

export interface UnitFilter {
  status?: string;
  kind?: UnitKind;
  orgId?: string;
}

/** Units of the caller's org subtree with status, time in status and live position. */
export function fetchUnits(api: ApiClient, filter: UnitFilter = {}): Promise<UnitView[]> {
  return api.get<UnitView[]>('/api/v1/units', { query: { ...filter } });
}

/**
 * Where a unit went (the last hour by default, at most 24 h). Every read is audited by the
 * server: call it for a deliberate look (hover that rests, a click), never in a loop.
 */
export function fetchUnitTrack(
  api: ApiClient,
  unitId: string,
  range: { from?: string; to?: string } = {},
  signal?: AbortSignal,
): Promise<UnitTrack> {
  return api.get<UnitTrack>(`/api/v1/units/${encodeURIComponent(unitId)}/track`, {
    query: range,
    signal,
  });
}
