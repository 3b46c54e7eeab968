import type { LonLat } from '../geo/coordinates.ts';
import type { OrgTree } from '../org/org-tree.ts';
import type { TravelTimes } from '../ports.ts';
import type { PositionLookup } from '../recommend/measure-reach.ts';
import type { Unit } from '../unit/unit.ts';
import { nearestUnits } from './nearest-units.ts';

export interface ZoneGridWorker {
  unitId: string;
  etaSeconds: number;
  /** 'zone': a grid worker of the zone's own org; 'nearest': the nearest one elsewhere by road time. */
  reason: 'zone' | 'nearest';
}

/**
 * The zone's grid worker: among available grid-worker units with a fresh position, the zone
 * org's own (its subtree) nearest by road time; when it has none that can come, the nearest
 * grid worker of any org by road time. Undefined when no grid worker can reach the place
 * within `limitSeconds`.
 */
export function zoneGridWorker(
  place: LonLat,
  zoneOrgId: string,
  units: readonly Unit[],
  orgTree: OrgTree,
  positions: PositionLookup,
  travelTimes: TravelTimes,
  now: number,
  options: {
    staleAfterSeconds?: number;
    limitSeconds?: number;
    excludeUnitIds?: ReadonlySet<string>;
  } = {},
): ZoneGridWorker | undefined {
  const ranked = nearestUnits(
    place,
    units,
    (unit) =>
      unit.kind === 'grid' && unit.status === 'available' && !options.excludeUnitIds?.has(unit.id),
    positions,
    travelTimes,
    now,
    { staleAfterSeconds: options.staleAfterSeconds, limitSeconds: options.limitSeconds ?? 1800 },
  );
  let nearest: ZoneGridWorker | undefined;
  for (const { unit, etaSeconds } of ranked) {
    if (orgTree.has(unit.orgId) && orgTree.isWithin(unit.orgId, zoneOrgId))
      return { unitId: unit.id, etaSeconds, reason: 'zone' };
    nearest ??= { unitId: unit.id, etaSeconds, reason: 'nearest' };
  }
  return nearest;
}
