import { ENGAGED, UNIT_KINDS, unfilledCounts } from '@jiefang/core';
import type { Dispatch, Tier, UnitView } from '@jiefang/contract';
import type { Candidate, Recommendation } from './dispatcher-api.ts';

export interface TierCover {
  tier: Tier;
  /** Units already sent at this tier (names or ids, as `nameOf` gives them). */
  sent: string[];
  /** Every requirement of the tier is filled by units already sent. */
  served: boolean;
}

export interface RemainingPlan {
  /** No unit is on the incident yet: the server's one-key dispatch sends the whole plan. */
  fresh: boolean;
  /** What one key sends now: the picks for what the units already sent do not cover. */
  picks: { tier: Tier; candidate: Candidate }[];
  covers: Map<Tier, TierCover>;
}

/**
 * The server recommends as if nobody had been sent yet (units already on the incident are left
 * out as "already on it"), so a second press would send a second full plan. What the units
 * already sent cover is core's rule (unfilledCounts: engaged dispatches, cleared ones included,
 * fill a requirement of their tier by kind and profile — the rule the server's one key plans
 * with); this only picks, per requirement, the recommended units for the places still open.
 */
export function remainingPlan(
  recommendation: Recommendation | undefined,
  dispatches: Iterable<Dispatch>,
  unitOf: (unitId: string) => Pick<UnitView, 'kind' | 'profile'> | undefined,
  nameOf: (unitId: string) => string = (id) => id,
): RemainingPlan {
  const engaged = [...dispatches].filter((d) => ENGAGED.includes(d.status));
  const covers = new Map<Tier, TierCover>();
  const picks: RemainingPlan['picks'] = [];
  if (!recommendation) return { fresh: engaged.length === 0, picks, covers };
  // The recommendation knows the kind and profile of the units it named; the live store the rest.
  const named = new Map<string, Candidate>();
  for (const tier of recommendation.tiers) {
    for (const c of tier.candidates) named.set(c.unitId, c);
    for (const r of tier.requirements) {
      for (const c of [...r.picks, ...r.alternatives]) named.set(c.unitId, c);
    }
  }
  const needs = recommendation.tiers.map((tier) => ({
    tier: tier.tier,
    units:
      tier.requirements.length > 0
        ? tier.requirements
        : // A tier without requirements (any kind will do): its candidates are the plan.
          [{ kinds: [...UNIT_KINDS], count: tier.candidates.length, picks: tier.candidates }],
  }));
  const unfilled = unfilledCounts(needs, engaged, (unitId) => named.get(unitId) ?? unitOf(unitId));
  const chosen = new Set<string>();
  needs.forEach(({ tier, units }, t) => {
    let served = true;
    units.forEach((requirement, r) => {
      const missing = unfilled[t][r];
      if (missing > 0) served = false;
      let added = 0;
      for (const candidate of requirement.picks) {
        if (added >= missing) break;
        if (chosen.has(candidate.unitId)) continue;
        chosen.add(candidate.unitId);
        picks.push({ tier, candidate });
        added++;
      }
    });
    const sent = engaged.filter((d) => d.tier === tier).map((d) => nameOf(d.unitId));
    covers.set(tier, { tier, sent, served });
  });
  return { fresh: engaged.length === 0, picks, covers };
}
