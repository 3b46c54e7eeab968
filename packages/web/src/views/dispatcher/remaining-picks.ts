import { ENGAGED } from '@jiefang/core';
import type { Dispatch, Tier, UnitKind } from '@jiefang/contract';
import type { Candidate, Recommendation } from './dispatcher-api.ts';

/**
 * Statuses in which a dispatch counts toward the plan: core's ENGAGED, the rule the server's
 * one-key dispatch uses (a unit that cleared did its part: the key does not send another).
 */
export const LIVE_DISPATCH_STATUSES: ReadonlySet<string> = new Set(ENGAGED);

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
 * out as "already on it"), so a second press would send a second full plan. This works out,
 * per tier and requirement, how many of the wanted units the live dispatches already provide,
 * and which picks are still missing: after the first press, Enter sends only those.
 */
export function remainingPlan(
  recommendation: Recommendation | undefined,
  dispatches: Iterable<Dispatch>,
  kindOf: (unitId: string) => UnitKind | undefined,
  nameOf: (unitId: string) => string = (id) => id,
): RemainingPlan {
  const live = [...dispatches].filter((d) => LIVE_DISPATCH_STATUSES.has(d.status));
  const covers = new Map<Tier, TierCover>();
  const picks: RemainingPlan['picks'] = [];
  if (!recommendation) return { fresh: live.length === 0, picks, covers };
  // The recommendation knows the kinds of the units it named; the live store knows the rest.
  const kinds = new Map<string, UnitKind>();
  for (const tier of recommendation.tiers) {
    for (const c of tier.candidates) kinds.set(c.unitId, c.kind);
    for (const r of tier.requirements) {
      for (const c of [...r.picks, ...r.alternatives]) kinds.set(c.unitId, c.kind);
    }
  }
  const kindOfUnit = (unitId: string) => kinds.get(unitId) ?? kindOf(unitId);
  const chosen = new Set<string>();
  for (const tier of recommendation.tiers) {
    const atTier = live.filter((d) => d.tier === tier.tier);
    const used = new Set<string>();
    let served = true;
    const requirements =
      tier.requirements.length > 0
        ? tier.requirements
        : [{ kinds: [] as UnitKind[], count: tier.candidates.length, picks: tier.candidates }];
    for (const requirement of requirements) {
      let have = 0;
      for (const d of atTier) {
        if (have >= requirement.count || used.has(d.id)) continue;
        const kind = kindOfUnit(d.unitId);
        if (requirement.kinds.length === 0 || (kind && requirement.kinds.includes(kind))) {
          used.add(d.id);
          have++;
        }
      }
      const missing = Math.max(0, requirement.count - have);
      if (missing > 0) served = false;
      let added = 0;
      for (const candidate of requirement.picks) {
        if (added >= missing) break;
        if (chosen.has(candidate.unitId)) continue;
        chosen.add(candidate.unitId);
        picks.push({ tier: tier.tier, candidate });
        added++;
      }
    }
    covers.set(tier.tier, { tier: tier.tier, sent: atTier.map((d) => nameOf(d.unitId)), served });
  }
  return { fresh: live.length === 0, picks, covers };
}
