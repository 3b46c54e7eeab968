import type { Dispatch } from '../dispatch/dispatch.ts';
import { ENGAGED } from '../dispatch/dispatch.ts';
import type { Unit } from '../unit/unit.ts';
import type { ResponsePlan } from './response-plan.ts';

/**
 * What a plan still needs once some units are on their way: each live dispatch of the incident
 * (waiting for an answer, accepted, travelling, on scene) fills one place of a requirement of its
 * tier that its unit's kind (and profile, when the requirement names one) satisfies. Pressing
 * the one key twice therefore sends nobody twice; requirements left at zero are dropped.
 */
export function remainingPlan(
  plan: ResponsePlan,
  dispatches: readonly Dispatch[],
  unitOf: (unitId: string) => Unit | undefined,
): ResponsePlan {
  const counts = plan.tiers.map((tier) => tier.units.map((req) => req.count));
  for (const dispatch of dispatches) {
    if (!ENGAGED.includes(dispatch.status)) continue;
    const unit = unitOf(dispatch.unitId);
    if (!unit) continue;
    const t = plan.tiers.findIndex((tier) => tier.tier === dispatch.tier);
    if (t < 0) continue;
    const r = plan.tiers[t].units.findIndex(
      (req, i) =>
        counts[t][i] > 0 &&
        req.kinds.includes(unit.kind) &&
        (req.profile === undefined || req.profile === unit.profile),
    );
    if (r >= 0) counts[t][r]--;
  }
  return {
    ...plan,
    tiers: plan.tiers.map((tier, t) => ({
      ...tier,
      units: tier.units
        .map((req, r) => ({ ...req, count: counts[t][r] }))
        .filter((req) => req.count > 0),
    })),
  };
}
