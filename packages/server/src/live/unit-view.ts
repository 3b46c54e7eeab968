import { can, type Unit } from '@jiefang/core';
import type { UnitView } from '@jiefang/contract';
import type { Account } from '../auth/account.ts';
import type { ServerContext } from '../context.ts';
import type { PositionTracker } from '../positions/position-tracker.ts';
import { AggregateType } from '../world/aggregate-types.ts';

export function trackerOf(ctx: ServerContext): PositionTracker {
  const tracker = ctx.positions;
  if (!tracker) throw new Error('no PositionTracker registered as ctx.services.positions');
  return tracker;
}

/**
 * A unit as the API shows it: its definition, live position and time in status. Member phone
 * numbers are personal data and stay with those who manage the unit.
 */
export function toUnitView(
  ctx: ServerContext,
  account: Account,
  unit: Unit,
  since: string | undefined,
): UnitView {
  const fix = ctx.positions?.positions.get(unit.id);
  const view = {
    ...unit,
    version: ctx.world.version(AggregateType.unit, unit.id),
    position: fix
      ? {
          lon: fix.lon,
          lat: fix.lat,
          at: fix.at,
          accuracyM: fix.accuracyM,
          road: fix.snapped ? { lon: fix.snapped.lon, lat: fix.snapped.lat } : null,
        }
      : null,
    ...(since ? { since } : {}),
  } as UnitView;
  if (view.members && !can(account, 'unit.manage', unit.orgId, ctx.world.orgTree)) {
    view.members = view.members.map(({ phone: _phone, ...member }) => member);
  }
  return view;
}
