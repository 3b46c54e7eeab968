import type { Recommendation } from '@jiefang/core';
import type { UnitOffer } from './dispatch-offering.ts';

/** Every pick of every tier as an offer: what the one key (and an area rule's police step) sends. */
export function recommendedOffers(recommendation: Recommendation): UnitOffer[] {
  return recommendation.tiers.flatMap((tier) =>
    tier.requirements.flatMap((req) =>
      req.picks.map((candidate) => ({
        unitId: candidate.unitId,
        tier: tier.tier,
        acceptTimeoutSeconds: tier.acceptTimeoutSeconds,
        etaSeconds: candidate.etaSeconds,
        preempt: candidate.preempts !== undefined,
      })),
    ),
  );
}
