import {
  DEFAULT_RESPONSE_PLANS,
  DomainError,
  DomainErrorCode,
  recommend,
  selectPlan,
  type Candidate,
  type Incident,
  type Recommendation,
  type ResponsePlan,
  type TrackedPosition,
} from '@jiefang/core';
import type { ServerContext } from '../context.ts';
import type { PositionTracker } from '../positions/position-tracker.ts';

const NO_POSITIONS: ReadonlyMap<string, TrackedPosition> = new Map();

/**
 * Computes recommendations with the server's live inputs, and remembers the one a dispatcher
 * acted on, per incident: when a unit declines or does not answer, the next offer comes from
 * that same ranking (core nextOffer), so the re-offer follows what the dispatcher accepted.
 * Memory only: after a restart the scheduler still times dispatches out, and a fresh
 * recommendation is remembered on the next one-key dispatch.
 */
export class RecommendationCache {
  private readonly remembered = new Map<string, Recommendation>();

  constructor(private readonly ctx: ServerContext) {}

  /** The instance shared by routes and scheduler, created on first use. */
  static of(ctx: ServerContext): RecommendationCache {
    const existing = ctx.services.recommendations as RecommendationCache | undefined;
    if (existing) return existing;
    const created = new RecommendationCache(ctx);
    ctx.services.recommendations = created;
    return created;
  }

  /** Stored, non-retired plans; core's 1-3-5 defaults when none is stored or none matches. */
  planFor(incident: Incident): ResponsePlan {
    const stored = [...this.ctx.world.plans.values()].map((p) => p.value).filter((p) => !p.retired);
    if (stored.length > 0) {
      try {
        return selectPlan(stored, incident.categoryCode, incident.priority);
      } catch (error) {
        if (!(error instanceof DomainError && error.code === DomainErrorCode.NOT_FOUND))
          throw error;
      }
    }
    return selectPlan(DEFAULT_RESPONSE_PLANS, incident.categoryCode, incident.priority);
  }

  compute(incident: Incident, excludeUnitIds?: ReadonlySet<string>): Recommendation {
    const tracker = this.ctx.services.positions as PositionTracker | undefined;
    const siteNames = new Map<string, string>();
    for (const { value: site } of this.ctx.world.sites.values()) siteNames.set(site.id, site.name);
    return recommend(
      incident,
      this.planFor(incident),
      this.ctx.world.unitList,
      tracker?.positions ?? NO_POSITIONS,
      this.ctx.travelTimes,
      this.ctx.clock,
      { staleAfterSeconds: this.ctx.config.staleAfterSeconds, siteNames, excludeUnitIds },
    );
  }

  recall(incidentId: string): Recommendation | undefined {
    return this.remembered.get(incidentId);
  }

  incidentIds(): string[] {
    return [...this.remembered.keys()];
  }

  forget(incidentId: string): void {
    this.remembered.delete(incidentId);
  }

  /**
   * Adds a recommendation to what is remembered for its incident. Units already ranked keep
   * their place (and requirement); new units are appended as further alternatives, so the
   * dispatches made from the first ranking still count toward their requirements.
   */
  remember(recommendation: Recommendation): Recommendation {
    const previous = this.remembered.get(recommendation.incidentId);
    // A different plan (the incident was reprioritised) ranks for other requirements: start over.
    const merged =
      previous && previous.planId === recommendation.planId
        ? mergeRecommendations(previous, recommendation)
        : recommendation;
    this.remembered.set(recommendation.incidentId, merged);
    return merged;
  }
}

function mergeRecommendations(previous: Recommendation, next: Recommendation): Recommendation {
  const ranked = new Set<string>();
  for (const tier of previous.tiers)
    for (const req of tier.requirements)
      for (const c of [...req.picks, ...req.alternatives]) ranked.add(c.unitId);
  const fresh = (candidates: readonly Candidate[]) =>
    candidates.filter((c) => {
      if (ranked.has(c.unitId)) return false;
      ranked.add(c.unitId);
      return true;
    });
  const tiers = previous.tiers.map((tier) => {
    const newer = next.tiers.find((t) => t.tier === tier.tier);
    return {
      ...tier,
      requirements: tier.requirements.map((req, r) => {
        const same = newer?.requirements[r];
        if (!same) return req;
        return {
          ...req,
          alternatives: [...req.alternatives, ...fresh([...same.picks, ...same.alternatives])],
        };
      }),
    };
  });
  return { ...previous, tiers, computedAt: next.computedAt, excluded: next.excluded };
}
