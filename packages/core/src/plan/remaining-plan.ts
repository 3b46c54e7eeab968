import type { Dispatch } from '../dispatch/dispatch.ts';
import { ENGAGED } from '../dispatch/dispatch.ts';
import type { Unit } from '../unit/unit.ts';
import type { ResponsePlan, Tier, UnitRequirement } from './response-plan.ts';

/**
 * The tiers of a plan, or of a recommendation built from one (the browser holds the latter: its
 * requirements carry the same kinds, count and profile).
 */
export interface PlanNeeds {
  tier: Tier;
  units: readonly Pick<UnitRequirement, 'kinds' | 'count' | 'profile'>[];
}

/**
 * How many units each requirement still lacks, by tier and requirement index ([t][r], the order
 * of `tiers`): each engaged dispatch of the incident (waiting for an answer, accepted,
 * travelling, on scene, or cleared — a unit that cleared did its part) fills one place of the
 * first requirement of its tier that its unit's kind (and profile, when the requirement names
 * one) satisfies. The one rule for what the one key still sends, on the server and in the browser.
 */
export function unfilledCounts(
  tiers: readonly PlanNeeds[],
  dispatches: Iterable<Pick<Dispatch, 'status' | 'unitId' | 'tier'>>,
  unitOf: (unitId: string) => Pick<Unit, 'kind' | 'profile'> | undefined,
): number[][] {
  const counts = tiers.map((tier) => tier.units.map((req) => req.count));
  for (const dispatch of dispatches) {
    if (!ENGAGED.includes(dispatch.status)) continue;
    const unit = unitOf(dispatch.unitId);
    if (!unit) continue;
    const t = tiers.findIndex((tier) => tier.tier === dispatch.tier);
    if (t < 0) continue;
    const r = tiers[t].units.findIndex(
      (req, i) =>
        counts[t][i] > 0 &&
        req.kinds.includes(unit.kind) &&
        (req.profile === undefined || req.profile === unit.profile),
    );
    if (r >= 0) counts[t][r]--;
  }
  return counts;
}

/**
 * What a plan still needs once some units are on their way (unfilledCounts). Pressing the one
 * key twice therefore sends nobody twice; requirements left at zero are dropped.
 */
export function remainingPlan(
  plan: ResponsePlan,
  dispatches: readonly Dispatch[],
  unitOf: (unitId: string) => Unit | undefined,
): ResponsePlan {
  const counts = unfilledCounts(plan.tiers, dispatches, unitOf);
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
