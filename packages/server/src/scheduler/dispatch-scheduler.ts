import { PeriodicPass } from './periodic-pass.ts';
import {
  AWAITING_ANSWER,
  DomainError,
  DomainErrorCode,
  incidentEscalationsOwed,
  nextOffer,
  toMs,
  type Dispatch,
  type Incident,
  type Recommendation,
  type Unit,
} from '@jiefang/core';
import { dispatchParts, incidentPart } from '../commands/aggregate-parts.ts';
import type { ServerContext } from '../context.ts';
import { DispatchOffering } from '../incidents/dispatch-offering.ts';
import { IncidentRecords } from '../incidents/incident-records.ts';
import { RecommendationCache } from '../incidents/recommendation-cache.ts';
import { AggregateType } from '../world/aggregate-types.ts';

export interface DispatchSchedulerOptions {
  /** How often tick() runs once started (default 1000 ms). */
  intervalMs?: number;
  /**
   * When a requirement has run out of ranked units, recommend again (excluding units already
   * tried) at most this often per incident (default 15 s): units come free over time, and an
   * unmet plan should not cost a recommendation every second.
   */
  recommendAgainAfterMs?: number;
  /** Where failures of one incident's pass go; the other incidents are still served. */
  onError?: (error: unknown, incidentId: string) => void;
}

/**
 * The server's own hand on the dispatch loop, once a second: a unit that does not answer within
 * its accept timeout is timed out and the next ranked unit is offered (core nextOffer over the
 * remembered recommendation); open incidents whose closed-loop stage is overdue raise their
 * escalation, one org up the tree per overdue period of their loop. Every command goes through executeWithRetry, since a responder pressing accept in
 * the same instant is a race the human must win.
 */
export class DispatchScheduler extends PeriodicPass {
  private readonly recommendedAt = new Map<string, number>();
  private readonly offering: DispatchOffering;
  private readonly recommendations: RecommendationCache;

  constructor(
    private readonly ctx: ServerContext,
    private readonly options: DispatchSchedulerOptions = {},
  ) {
    super(options.intervalMs ?? 1000);
    this.offering = new DispatchOffering(ctx);
    this.recommendations = RecommendationCache.of(ctx);
  }

  protected async pass(): Promise<void> {
    const now = this.ctx.clock.now();
    const byIncident = IncidentRecords.dispatchesByIncident(this.ctx);
    const incidentIds = new Set(this.recommendations.incidentIds());
    for (const [incidentId, dispatches] of byIncident) {
      if (dispatches.some((d) => AWAITING_ANSWER.includes(d.status))) incidentIds.add(incidentId);
    }
    for (const incidentId of incidentIds) {
      await this.guarded(incidentId, () =>
        this.serveIncident(incidentId, byIncident.get(incidentId) ?? [], now),
      );
    }
    for (const { value: incident } of this.ctx.world.incidents.values()) {
      if (incident.status !== 'open') continue;
      await this.guarded(incident.id, () => this.checkDeadlines(incident, now));
    }
  }

  private async guarded(incidentId: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (this.options.onError) this.options.onError(error, incidentId);
      else console.error(`dispatch scheduler: incident ${incidentId}:`, error);
    }
  }

  private async serveIncident(
    incidentId: string,
    dispatches: readonly Dispatch[],
    now: number,
  ): Promise<void> {
    for (const dispatch of dispatches) {
      if (!AWAITING_ANSWER.includes(dispatch.status)) continue;
      if (now < toMs(dispatch.times.notified!) + dispatch.acceptTimeoutSeconds * 1000) continue;
      await this.timeOut(dispatch.id);
    }
    const incident = this.ctx.world.get<Incident>(AggregateType.incident, incidentId);
    if (!incident || incident.status !== 'open') {
      await this.recommendations.forget(incidentId);
      this.recommendedAt.delete(incidentId);
      return;
    }
    const remembered = this.recommendations.recall(incidentId);
    if (!remembered) return;
    const current = dispatches.map(
      (d) => this.ctx.world.get<Dispatch>(AggregateType.dispatch, d.id) ?? d,
    );
    const exhausted = await this.offerFrom(remembered, incident, current, now);
    if (!exhausted) return;
    const last = this.recommendedAt.get(incidentId);
    if (last !== undefined && now - last < (this.options.recommendAgainAfterMs ?? 15_000)) return;
    this.recommendedAt.set(incidentId, now);
    const tried = new Set(current.map((d) => d.unitId));
    const widened = await this.recommendations.remember(
      this.recommendations.compute(incident, {
        scopeOrgId: this.recommendations.scopeOf(incidentId),
        excludeUnitIds: tried,
      }),
    );
    await this.offerFrom(widened, incident, current, now);
  }

  private async timeOut(dispatchId: string): Promise<void> {
    try {
      await this.ctx.commands.executeWithRetry(
        () => dispatchParts(this.ctx, dispatchId, { type: 'time_out' }),
        null,
      );
    } catch (error) {
      // Answered (or cancelled) in the meantime: nothing left to time out.
      if (error instanceof DomainError && error.code === DomainErrorCode.ILLEGAL_TRANSITION) return;
      throw error;
    }
  }

  /** Offers the next ranked units tier by tier; true when some requirement has run out of them. */
  private async offerFrom(
    recommendation: Recommendation,
    incident: Incident,
    current: Dispatch[],
    now: number,
  ): Promise<boolean> {
    const unitStatus = (unitId: string) =>
      this.ctx.world.get<Unit>(AggregateType.unit, unitId)?.status;
    let exhausted = false;
    for (const tier of recommendation.tiers) {
      const next = nextOffer(tier, current, now, unitStatus);
      if (next.exhausted.length > 0) exhausted = true;
      if (next.offers.length === 0) continue;
      const created = await this.offering.offer(
        incident.id,
        next.offers.map(({ candidate }) => ({
          unitId: candidate.unitId,
          tier: tier.tier,
          acceptTimeoutSeconds: tier.acceptTimeoutSeconds,
          etaSeconds: candidate.etaSeconds,
          preempt: candidate.preempts !== undefined,
        })),
        null,
        { skipUnavailable: true, retry: true, oncePerIncident: true },
      );
      current.push(...created);
    }
    return exhausted;
  }

  private async checkDeadlines(incident: Incident, now: number): Promise<void> {
    // Most passes owe nothing: ask core first instead of appending an empty command. Another
    // process that led a moment ago may have raised the same level: the append then loses the
    // race, the world catches up, and core owes nothing any more (never a second event).
    if (incidentEscalationsOwed(incident, this.ctx.world.orgTree, now).length === 0) return;
    await this.ctx.commands.executeWithRetry(
      () => [incidentPart(this.ctx, incident.id, { type: 'check_deadlines' })],
      null,
    );
  }
}

/** Creates the scheduler, registers it as ctx.services.dispatchScheduler and starts it. */
export function startDispatchScheduler(
  ctx: ServerContext,
  options: DispatchSchedulerOptions = {},
): DispatchScheduler {
  const existing = ctx.services.dispatchScheduler;
  if (existing) return existing;
  const scheduler = new DispatchScheduler(ctx, options);
  ctx.services.dispatchScheduler = scheduler;
  scheduler.start();
  return scheduler;
}
