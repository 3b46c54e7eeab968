import type { PatrolPlan } from '@jiefang/core';
import type { PatrolAssignment } from '@jiefang/contract';
import type { World } from '../world/world.ts';

/** A unit's own part of an assigned plan: what its phone shows. */
export function assignmentIn(plan: PatrolPlan, unitId: string): PatrolAssignment | undefined {
  if (plan.status !== 'assigned') return undefined;
  const unit = plan.units.find((u) => u.unitId === unitId);
  if (!unit) return undefined;
  return { planId: plan.id, shiftStart: plan.shiftStart, shiftMinutes: plan.shiftMinutes, unit };
}

/** The unit's part of the latest assigned plan that names it (the newest shift wins). */
export function currentAssignment(world: World, unitId: string): PatrolAssignment | undefined {
  let best: PatrolAssignment | undefined;
  for (const { value } of world.patrolPlans.values()) {
    const assignment = assignmentIn(value, unitId);
    if (assignment && (!best || assignment.shiftStart > best.shiftStart)) best = assignment;
  }
  return best;
}
