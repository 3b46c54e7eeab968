import type { Unit, UnitKind } from '../unit/unit.ts';
import type { Mobilisation } from './mobilise.ts';

/** Police units each area keeps available through a mobilisation unless overridden with a reason. */
export const DEFAULT_POLICE_FLOOR = 2;

/** The reason a unit held back by the floor is listed with among the skipped. */
export const POLICE_FLOOR_REASON = 'police floor';

/** One area (the units' org) before and after a mobilisation. */
export interface AreaDeparture {
  orgId: string;
  /** Units leaving the area, by kind. */
  leaving: Partial<Record<UnitKind, number>>;
  policeAvailableBefore: number;
  policeAvailableAfter: number;
  /** Police units kept back so the area stays at the floor. */
  held: number;
}

export interface MobilisationSummary {
  total: number;
  floor: number;
  areas: AreaDeparture[];
}

/**
 * Holds back police units so that no area is left with fewer than `floor` available police:
 * units are kept in the plan's order (nearest first for an area mobilisation), and each police
 * unit that would take its area below the floor is skipped with POLICE_FLOOR_REASON instead.
 * An area already at or below the floor sends no police at all. Other kinds are not limited.
 */
export function applyPoliceFloor(
  plan: Mobilisation,
  units: readonly Unit[],
  floor: number,
): Mobilisation {
  const byId = new Map(units.map((u) => [u.id, u]));
  const available = availablePoliceByArea(units);
  const leaving = new Map<string, number>();
  const kept: Mobilisation = { ...plan, dispatches: [], skipped: [...plan.skipped] };
  for (const command of plan.dispatches) {
    const unit = byId.get(command.unitId);
    if (unit?.kind === 'police') {
      const gone = leaving.get(unit.orgId) ?? 0;
      if ((available.get(unit.orgId) ?? 0) - gone - 1 < floor) {
        kept.skipped.push({ unitId: unit.id, reason: POLICE_FLOOR_REASON });
        continue;
      }
      leaving.set(unit.orgId, gone + 1);
    }
    kept.dispatches.push(command);
  }
  return kept;
}

/** How many units of which kinds leave which areas, and the police each area keeps. */
export function summariseMobilisation(
  plan: Mobilisation,
  units: readonly Unit[],
  floor: number,
): MobilisationSummary {
  const byId = new Map(units.map((u) => [u.id, u]));
  const available = availablePoliceByArea(units);
  const areas = new Map<string, AreaDeparture>();
  const area = (orgId: string): AreaDeparture => {
    let found = areas.get(orgId);
    if (!found) {
      const before = available.get(orgId) ?? 0;
      found = {
        orgId,
        leaving: {},
        policeAvailableBefore: before,
        policeAvailableAfter: before,
        held: 0,
      };
      areas.set(orgId, found);
    }
    return found;
  };
  for (const command of plan.dispatches) {
    const unit = byId.get(command.unitId);
    if (!unit) continue;
    const entry = area(unit.orgId);
    entry.leaving[unit.kind] = (entry.leaving[unit.kind] ?? 0) + 1;
    if (unit.kind === 'police') entry.policeAvailableAfter--;
  }
  for (const skip of plan.skipped) {
    const unit = byId.get(skip.unitId);
    if (unit && skip.reason === POLICE_FLOOR_REASON) area(unit.orgId).held++;
  }
  return {
    total: plan.dispatches.length,
    floor,
    areas: [...areas.values()].sort((a, b) => a.orgId.localeCompare(b.orgId)),
  };
}

function availablePoliceByArea(units: readonly Unit[]): Map<string, number> {
  const available = new Map<string, number>();
  for (const unit of units) {
    if (unit.kind === 'police' && unit.status === 'available') {
      available.set(unit.orgId, (available.get(unit.orgId) ?? 0) + 1);
    }
  }
  return available;
}
