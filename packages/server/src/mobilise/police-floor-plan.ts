import {
  applyPoliceFloor,
  summariseMobilisation,
  type Mobilisation,
  type Org,
  type User,
} from '@jiefang/core';
import type { MobilisationPreview } from '@jiefang/contract';
import type { ServerContext } from '../context.ts';
import { AggregateType } from '../world/aggregate-types.ts';

export { FloorOverride, MobilisationPreview } from '@jiefang/contract';

/**
 * The floor of police each area keeps, applied to a mobilisation plan unless the caller
 * overrides it with a reason — which is written to the audit log before anything is sent.
 */
export async function withPoliceFloor(
  ctx: ServerContext,
  user: User,
  plan: Mobilisation,
  override: { reason: string } | undefined,
  subject: { type: string; id: string; orgId: string },
): Promise<Mobilisation> {
  const floor = ctx.config.mobilisePoliceFloor;
  const kept = applyPoliceFloor(plan, ctx.world.unitList, floor);
  if (!override || kept.dispatches.length === plan.dispatches.length) return kept;
  await ctx.store.audit.record({
    at: new Date(ctx.clock.now()).toISOString(),
    actorId: user.id,
    action: 'mobilise.floor_override',
    subjectType: subject.type,
    subjectId: subject.id,
    orgId: subject.orgId,
    detail: {
      reason: override.reason,
      incidentId: plan.incidentId,
      floor,
      belowFloor: kept.skipped.length - plan.skipped.length,
    },
  });
  return plan;
}

/** What a mobilisation would send, area by area, with and without the floor. */
export function previewMobilisation(ctx: ServerContext, plan: Mobilisation): MobilisationPreview {
  const floor = ctx.config.mobilisePoliceFloor;
  const units = ctx.world.unitList;
  const summary = summariseMobilisation(applyPoliceFloor(plan, units, floor), units, floor);
  return {
    incidentId: plan.incidentId,
    total: summary.total,
    totalWithoutFloor: plan.dispatches.length,
    floor,
    areas: summary.areas.map((area) => {
      const org = ctx.world.get<Org>(AggregateType.org, area.orgId);
      return {
        ...area,
        orgName: org?.name ?? area.orgId,
        ...(org?.localNames ? { orgLocalNames: org.localNames } : {}),
      };
    }),
  };
}
