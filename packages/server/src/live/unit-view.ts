import { can, type Unit } from '@jiefang/core';
import { Type, type Static } from 'typebox';
import type { Account } from '../auth/account.ts';
import type { ServerContext } from '../context.ts';
import type { PositionTracker } from '../positions/position-tracker.ts';
import { AggregateType } from '../world/aggregate-types.ts';

export const UnitPosition = Type.Object({
  lon: Type.Number(),
  lat: Type.Number(),
  /** Epoch milliseconds of the fix. */
  at: Type.Number(),
  accuracyM: Type.Number(),
  road: Type.Union([Type.Object({ lon: Type.Number(), lat: Type.Number() }), Type.Null()], {
    description: 'the fix snapped to the unit profile road network; null when off the network',
  }),
});

const Member = Type.Object({
  personId: Type.String(),
  name: Type.String(),
  phone: Type.Optional(Type.String({ description: 'only for callers who manage units' })),
  role: Type.Optional(Type.String()),
});

export const UnitView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  orgId: Type.String(),
  profile: Type.String(),
  turnoutSeconds: Type.Number(),
  status: Type.String(),
  /** ISO time the unit entered its current status, when the server knows it. */
  since: Type.Optional(Type.String()),
  assignment: Type.Optional(
    Type.Object({ incidentId: Type.String(), dispatchId: Type.String(), priority: Type.Number() }),
  ),
  talkGroupIds: Type.Array(Type.String()),
  siteId: Type.Optional(Type.String()),
  mode: Type.Optional(Type.String()),
  members: Type.Optional(Type.Array(Member)),
  equipment: Type.Optional(Type.Array(Type.String())),
  speciality: Type.Optional(Type.String()),
  departmentOrgId: Type.Optional(Type.String()),
  position: Type.Union([UnitPosition, Type.Null()]),
  version: Type.Integer({ description: 'send back as If-Match to update' }),
});

export type UnitView = Static<typeof UnitView>;

export function trackerOf(ctx: ServerContext): PositionTracker {
  const tracker = ctx.services.positions as PositionTracker | undefined;
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
  const fix = (ctx.services.positions as PositionTracker | undefined)?.positions.get(unit.id);
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
