import {
  DomainError,
  DomainErrorCode,
  ENGAGED,
  recommend,
  recommendFromFleet,
  remainingPlan,
  type Candidate,
  type Decision,
  type Incident,
  type Recommendation,
  type ResponsePlan,
  type TrackedPosition,
} from '@jiefang/core';
import type { CommandPart } from '../commands/command-service.ts';
import type { ServerContext } from '../context.ts';
import { AggregateType } from '../world/aggregate-types.ts';
import { planForIncident } from './plan-for-incident.ts';

const NO_POSITIONS: ReadonlyMap<string, TrackedPosition> = new Map();
const EMPTY: ReadonlySet<string> = new Set();

/** The stored ranking re-offers of one incident follow (aggregate offer_ranking, id = incident). */
export interface OfferRanking {
  incidentId: string;
  /** The incident's org: the ranking is stored (and scoped) with it. */
  orgId: string;
  /** 'done' once the incident closed: a restart does not load it again. */
  status: 'active' | 'done';
  /** Whose scope the ranking was computed in: re-offers stay within it. */
  scopeOrgId?: string;
  recommendation: Recommendation;
}

/**
 * Computes recommendations with the server's live inputs, and remembers the one a dispatcher
 * acted on, per incident: when a unit declines or does not answer, the next offer comes from
 * that same ranking (core nextOffer), so the re-offer follows what the dispatcher accepted.
 * The ranking is stored as an `offer_ranking` aggregate, committed in the same transaction as
 * the dispatches of the one key, so a restarted server or another process re-offers from it.
 */
export class RecommendationCache {
  constructor(private readonly ctx: ServerContext) {}

  /** The instance shared by routes and scheduler, created on first use. */
  static of(ctx: ServerContext): RecommendationCache {
    const existing = ctx.services.recommendations;
    if (existing) return existing;
    const created = new RecommendationCache(ctx);
    ctx.services.recommendations = created;
    return created;
  }

  /** The plan for an incident (planForIncident over this world). */
  planFor(incident: Incident): ResponsePlan {
    return planForIncident(this.ctx.world, incident);
  }

  /**
   * A recommendation from the units within `scopeOrgId`'s subtree (the caller's scope: nobody
   * is offered units they could not dispatch), minus `excludeUnitIds`.
   */
  compute(
    incident: Incident,
    options: {
      scopeOrgId?: string;
      excludeUnitIds?: ReadonlySet<string>;
      /** Plan only what the incident's live dispatches do not already cover (the one key). */
      onlyWhatRemains?: boolean;
    } = {},
  ): Recommendation {
    const fullPlan = this.planFor(incident);
    const plan = options.onlyWhatRemains
      ? remainingPlan(
          fullPlan,
          this.ctx.world.dispatchesOf(incident.id),
          (unitId) => this.ctx.world.units.get(unitId)?.value,
        )
      : fullPlan;
    // Looked up for the few units recommended, not copied from every site of the city.
    const sites = this.ctx.world.sites;
    const siteNames = { get: (siteId: string) => sites.get(siteId)?.value.name };
    // Units already sent to this incident (still working it or cleared) are never offered again
    // as picks or alternatives: one row per unit on the dispatcher's panel.
    const extra = [...(options.excludeUnitIds ?? [])];
    for (const d of this.ctx.world.dispatchesOf(incident.id)) {
      if (ENGAGED.includes(d.status)) extra.push(d.unitId);
    }
    const outOfScope = this.outOfScope(options.scopeOrgId);
    const exclude =
      extra.length === 0
        ? outOfScope
        : outOfScope.size === 0
          ? new Set(extra)
          : new Set([...outOfScope, ...extra]);
    const recommendOptions = {
      staleAfterSeconds: this.ctx.config.staleAfterSeconds,
      siteNames,
      excludeUnitIds: exclude.size > 0 ? exclude : undefined,
    };
    const fleet = this.ctx.fleet;
    if (fleet) {
      return recommendFromFleet(incident, plan, fleet, this.ctx.clock, recommendOptions);
    }
    const tracker = this.ctx.positions;
    return recommend(
      incident,
      plan,
      this.ctx.world.unitList,
      tracker?.positions ?? NO_POSITIONS,
      this.ctx.travelTimes,
      this.ctx.clock,
      recommendOptions,
    );
  }

  private scopeCache = new Map<
    string,
    { revision: number; tree: unknown; excluded: ReadonlySet<string> }
  >();

  /** Units outside a scope's subtree, cached until a unit changes. */
  private outOfScope(scopeOrgId: string | undefined): ReadonlySet<string> {
    const tree = this.ctx.world.orgTree;
    if (
      scopeOrgId === undefined ||
      !tree.has(scopeOrgId) ||
      tree.get(scopeOrgId).parentId === null
    ) {
      return EMPTY;
    }
    const revision = this.ctx.world.unitRevision;
    const cached = this.scopeCache.get(scopeOrgId);
    if (cached && cached.revision === revision && cached.tree === tree) return cached.excluded;
    const excluded = new Set<string>();
    for (const unit of this.ctx.world.unitList) {
      if (!tree.isWithin(unit.orgId, scopeOrgId)) excluded.add(unit.id);
    }
    this.scopeCache.set(scopeOrgId, { revision, tree, excluded });
    return excluded;
  }

  /** The scope the remembered recommendation of an incident was computed in. */
  scopeOf(incidentId: string): string | undefined {
    return this.active(incidentId)?.scopeOrgId;
  }

  recall(incidentId: string): Recommendation | undefined {
    return this.active(incidentId)?.recommendation;
  }

  incidentIds(): string[] {
    const ids: string[] = [];
    for (const [id, { value }] of this.ctx.world.offerRankings) {
      if (value.status === 'active') ids.push(id);
    }
    return ids;
  }

  /** What stops re-offers for a closed incident, to commit with the change that closes it. */
  forgetParts(incidentId: string): CommandPart<unknown>[] {
    const active = this.active(incidentId);
    if (!active) return [];
    return [
      this.rankingPart(incidentId, active.orgId, (ranking) => ({
        events: [{ type: 'offer_ranking.forgotten', payload: { incidentId } }],
        state: { ...(ranking ?? active), status: 'done' },
      })),
    ];
  }

  async forget(incidentId: string): Promise<void> {
    if (!this.active(incidentId)) return;
    await this.ctx.commands.executeWithRetry(() => this.forgetParts(incidentId), null);
  }

  /**
   * Adds a recommendation to what is remembered for its incident. Units already ranked keep
   * their place (and requirement); new units are appended as further alternatives, so the
   * dispatches made from the first ranking still count toward their requirements. The part is
   * decided against the stored ranking, so it can join the dispatches' transaction.
   */
  rememberPart(recommendation: Recommendation, scopeOrgId?: string): CommandPart<unknown> {
    const incident = this.ctx.world.get<Incident>(
      AggregateType.incident,
      recommendation.incidentId,
    );
    if (!incident) {
      throw new DomainError(
        DomainErrorCode.NOT_FOUND,
        `no incident ${recommendation.incidentId}`,
        'incidentId',
      );
    }
    return this.rankingPart(incident.id, incident.orgId, (previous) => {
      // A different plan (the incident was reprioritised) ranks for other requirements: start over.
      const merged =
        previous?.status === 'active' && previous.recommendation.planId === recommendation.planId
          ? mergeRecommendations(previous.recommendation, recommendation)
          : recommendation;
      const ranking: OfferRanking = {
        incidentId: incident.id,
        orgId: incident.orgId,
        status: 'active',
        scopeOrgId: scopeOrgId ?? previous?.scopeOrgId,
        recommendation: merged,
      };
      return { events: [{ type: 'offer_ranking.remembered', payload: ranking }], state: ranking };
    });
  }

  async remember(recommendation: Recommendation, scopeOrgId?: string): Promise<Recommendation> {
    const result = await this.ctx.commands.executeWithRetry(
      () => [this.rememberPart(recommendation, scopeOrgId)],
      null,
    );
    return (result.states[0].data as OfferRanking).recommendation;
  }

  private active(incidentId: string): OfferRanking | undefined {
    const ranking = this.ctx.world.get<OfferRanking>(AggregateType.offerRanking, incidentId);
    return ranking?.status === 'active' ? ranking : undefined;
  }

  private rankingPart(
    incidentId: string,
    orgId: string,
    decide: (previous: OfferRanking | undefined) => Decision<OfferRanking>,
  ): CommandPart<unknown> {
    const part: CommandPart<OfferRanking> = {
      aggregateType: AggregateType.offerRanking,
      aggregateId: incidentId,
      orgId,
      decide,
      status: (ranking) => ranking.status,
    };
    return part;
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
