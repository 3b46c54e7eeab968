import {
  dayStartInZone,
  foldDispatchEvent,
  foldIncidentEvent,
  hourInZone,
  CLOSED_LOOP_STAGES,
  incidentStageDueAt,
  TIER_TARGET_SECONDS,
  tierTimers,
  toMs,
  type Dispatch,
  type Incident,
  type StoredEvent,
  type Tier,
} from '@jiefang/core';
import type { JiefangStore } from '@jiefang/store';
import type { TypedApp } from '../http/typed-app.ts';
import { caller } from '../auth/authenticate.ts';
import { guard, scopeOf } from '../auth/guard.ts';
import type { ServerContext } from '../context.ts';
import { errorResponses, TodayStatsResponse, type TodayStats } from '@jiefang/contract';
import { RecommendationCache } from '../incidents/recommendation-cache.ts';
import { findHeadSeq } from '../live/live-hub.ts';
import { AggregateType } from '../world/aggregate-types.ts';

const TIERS: readonly Tier[] = [1, 2, 3];
/** Events are read from this long before midnight: commit times of concurrent commands interleave. */
const START_MARGIN_MS = 10 * 60_000;
const LOG_PAGE = 5000;

/**
 * What one day's events come to: today's incidents with their dispatches and escalations. Each
 * event is folded with core's foldIncidentEvent / foldDispatchEvent, the same folds the read
 * model's replay test and the browser's live store use, so the figures never follow rules of
 * their own (a duplicate linked today counts as cancelled here as everywhere).
 */
export class TodayFold {
  readonly incidents = new Map<string, Incident>();
  readonly dispatches = new Map<string, Dispatch>();
  /** Escalation events of today, by org (each is one `incident.escalated`). */
  readonly escalations: { orgId: string; at: number }[] = [];

  constructor(readonly dayStart: number) {}

  apply(event: StoredEvent): void {
    if (event.type === 'incident.escalated' && toMs(event.at) >= this.dayStart)
      this.escalations.push({ orgId: event.orgId, at: toMs(event.at) });
    if (event.aggregateType === AggregateType.incident) {
      const known = this.incidents.get(event.aggregateId);
      const next = foldIncidentEvent(known, event);
      // Only incidents received today are counted; one received before midnight stays out.
      if (next && (known || toMs(next.receivedAt) >= this.dayStart))
        this.incidents.set(next.id, next);
      return;
    }
    if (event.aggregateType !== AggregateType.dispatch) return;
    const next = foldDispatchEvent(this.dispatches.get(event.aggregateId), event);
    if (next && this.incidents.has(next.incidentId)) this.dispatches.set(next.id, next);
  }
}

export interface SummariseInput {
  fold: TodayFold;
  /** The caller's org subtree. */
  scope: ReadonlySet<string>;
  /** Open incidents now (the world's), any day. */
  open: readonly Incident[];
  now: number;
  /** Tier targets of the plan an incident falls under (default 1-3-5). */
  targetsOf?: (incident: Incident) => Partial<Record<Tier, number>>;
  /** The city's time zone (config.timeZone): the hours of the day are counted in it. */
  timeZone: string;
}

/**
 * Today's figures from the fold: per tier the first-arrival seconds (core's tierTimers: a tier
 * is served by the first arrival of a unit sent at that tier or a higher one) and the share
 * meeting its target, incidents per local hour, and the open incidents by closed-loop stage
 * against the stage deadlines.
 */
export function summariseToday(input: SummariseInput): TodayStats {
  const { fold, scope, now } = input;
  const targetsOf = input.targetsOf ?? (() => TIER_TARGET_SECONDS);
  const incidents = [...fold.incidents.values()].filter((i) => scope.has(i.orgId));
  const byIncident = new Map<string, Dispatch[]>();
  for (const dispatch of fold.dispatches.values()) {
    const list = byIncident.get(dispatch.incidentId);
    if (list) list.push(dispatch);
    else byIncident.set(dispatch.incidentId, [dispatch]);
  }
  const perHour = new Array<number>(24).fill(0);
  const tiers = TIERS.map((tier) => ({
    tier,
    targetSeconds: TIER_TARGET_SECONDS[tier],
    arrivalSeconds: [] as number[],
    met: 0,
    missed: 0,
    pending: 0,
    metShare: null as number | null,
  }));
  for (const incident of incidents) {
    perHour[hourInZone(toMs(incident.receivedAt), input.timeZone)]++;
    const timers = tierTimers(incident, byIncident.get(incident.id) ?? [], now, {
      targets: targetsOf(incident),
    });
    for (const timer of timers) {
      const figures = tiers[timer.tier - 1];
      if (timer.firstOnSceneAt !== undefined) figures.arrivalSeconds.push(timer.elapsedSeconds);
      if (timer.state === 'met') figures.met++;
      else if (timer.state === 'missed' || timer.state === 'red') figures.missed++;
      else figures.pending++;
    }
  }
  for (const figures of tiers) {
    figures.arrivalSeconds.sort((a, b) => a - b);
    const decided = figures.met + figures.missed;
    figures.metShare = decided === 0 ? null : figures.met / decided;
  }

  const open = input.open.filter((i) => i.status === 'open' && scope.has(i.orgId));
  // Each incident against its own loop's deadline (priority and kind differ, core incident-loop).
  const stages = CLOSED_LOOP_STAGES.map((stage) => {
    const here = open.filter((i) => i.workflow.stage === stage);
    const overdue = here.filter((i) => now > (incidentStageDueAt(i) ?? Infinity)).length;
    return { stage, count: here.length, overdue };
  });
  return {
    generatedAt: new Date(now).toISOString(),
    from: new Date(fold.dayStart).toISOString(),
    timeZone: input.timeZone,
    incidents: incidents.length,
    perHour,
    tiers,
    escalations: fold.escalations.filter((e) => scope.has(e.orgId)).length,
    open: {
      total: open.length,
      escalated: open.filter((i) => i.workflow.escalationLevel > 0).length,
      overdue: stages.reduce((sum, s) => sum + s.overdue, 0),
      stages,
    },
  };
}

/**
 * The first log position to read for events committed at or after `at`: bisection over
 * readLog(after, 1) between the log's start and head (a few dozen indexed reads).
 */
export async function seqBefore(store: JiefangStore, at: number): Promise<number> {
  const first = (await store.readLog(0, 1))[0];
  if (!first || toMs(first.at) >= at) return 0;
  let low = 0; // the event after `low` is older than `at`
  let high = await findHeadSeq(store); // nothing after `high`, or it is not older
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    const next = (await store.readLog(mid, 1))[0];
    if (next && toMs(next.at) < at) low = mid;
    else high = mid;
  }
  return low;
}

/**
 * Today's fold, kept per server and brought up to date from the log on each request: the first
 * request of a day finds midnight in the log by bisection and reads the day once; later ones
 * read only what was committed since. Updates are serialised, so concurrent requests never fold
 * the same event twice.
 */
class TodayProjection {
  private fold: TodayFold | undefined;
  private cursor = 0;
  private updating: Promise<TodayFold> | undefined;

  constructor(
    private readonly store: JiefangStore,
    private readonly timeZone: string,
  ) {}

  current(now: number): Promise<TodayFold> {
    const run = (this.updating ?? Promise.resolve(undefined)).then(
      () => this.update(now),
      () => this.update(now),
    );
    this.updating = run;
    return run;
  }

  private async update(now: number): Promise<TodayFold> {
    const dayStart = dayStartInZone(now, this.timeZone);
    if (this.fold?.dayStart !== dayStart) {
      this.fold = new TodayFold(dayStart);
      this.cursor = await seqBefore(this.store, dayStart - START_MARGIN_MS);
    }
    for (;;) {
      const events = await this.store.readLog(this.cursor, LOG_PAGE);
      for (const event of events) this.fold.apply(event);
      if (events.length > 0) this.cursor = events[events.length - 1].seq;
      if (events.length < LOG_PAGE) return this.fold;
    }
  }
}

const projections = new WeakMap<ServerContext, TodayProjection>();

/** Supervisor figures: GET /api/v1/stats/today. */
export function statsRoutes(app: TypedApp, ctx: ServerContext): void {
  const recommendations = RecommendationCache.of(ctx);
  app.get(
    '/api/v1/stats/today',
    {
      schema: {
        tags: ['stats'],
        summary:
          'Today (since midnight in the city time zone, config TIME_ZONE) for your org subtree: 1-3-5 first arrivals and share met per tier, incidents per hour, open incidents by stage and overdue',
        response: { 200: TodayStatsResponse, ...errorResponses },
      },
    },
    async (request) => {
      guard(ctx, request, 'stats.read', caller(request).orgId);
      let projection = projections.get(ctx);
      if (!projection) {
        projection = new TodayProjection(ctx.store, ctx.config.timeZone);
        projections.set(ctx, projection);
      }
      const now = ctx.clock.now();
      const fold = await projection.current(now);
      return summariseToday({
        fold,
        scope: scopeOf(ctx, request),
        open: [...ctx.world.incidents.values()].map((i) => i.value),
        now,
        timeZone: ctx.config.timeZone,
        targetsOf: (incident) => {
          const plan = recommendations.planFor(incident);
          return Object.fromEntries(plan.tiers.map((t) => [t.tier, t.targetSeconds]));
        },
      });
    },
  );
}
