import {
  DomainError,
  haversineMetres,
  toIso,
  type Dispatch,
  type DispatchCommand,
  type Incident,
  type Site,
  type StoredEvent,
  type Unit,
  isLiveDispatch,
} from '@jiefang/core';
import type { RoadPoint } from '@jiefang/routing';
import { RoadSampler, trySnap } from '../city/road-sampler.ts';
import { EventQueue } from '../eval/event-queue.ts';
import { intensityAt } from '../model/diurnal.ts';
import {
  hotspotsFromPlaces,
  SpatioTemporalModel,
  type IncidentDraft,
} from '../model/incident-model.ts';
import { legEndsAt, makeLeg, positionOnLeg, type Coord, type Leg } from '../model/motion.ts';
import { Rng } from '../model/rng.ts';
import { Routine, routineFor, type RoutineSpec, type RoutineStep } from '../model/routine.ts';
import { defaultTimings, type ResponseTimings } from '../model/timings.ts';
import {
  AggregateType,
  DispatchOffering,
  dispatchParts,
  incidentPart,
  RecommendationCache,
  type ServerContext,
} from '../server-api.ts';
import { SimulationClock } from './simulation-clock.ts';

/** The demo's default incident rate: see SimulatorOptions.incidentsPerHour. */
export const DEMO_INCIDENTS_PER_HOUR = 85;

export interface SimulatorOptions {
  /**
   * Simulated seconds per real second (default 1). Above 1 the server must run on a
   * SimulationClock (createServer's `clock`), which the simulator then drives.
   */
  speed?: number;
  /** Real milliseconds between simulation steps (default 1000). */
  tickMs?: number;
  /** Simulated seconds between position reports of every unit (default 5). */
  positionIntervalSeconds?: number;
  /**
   * Mean new incidents per hour over a day, shaped by the diurnal profile (default
   * DEMO_INCIDENTS_PER_HOUR: about two a minute at the evening peak, one every two minutes
   * before dawn — a dispatcher's full shift at 1×).
   */
  incidentsPerHour?: number;
  /**
   * Simulated seconds after which a drawn incident nobody was sent to is withdrawn by its caller
   * (cancelled; default 1800), so an unattended demo's queue does not grow without end.
   */
  withdrawAfterSeconds?: number;
  /**
   * Replay: create exactly these incidents, each at `replayStartMs + atSeconds`, instead of
   * drawing them from the model (`incidentsPerHour` is then ignored). Drafts whose time is
   * already past when the simulator starts, or whose id the server already knows (a resumed
   * replay), are skipped. Start the server's SimulationClock at `replayStartMs` (the replayed
   * day's local midnight) so `receivedAt` is the replayed time.
   */
  incidents?: readonly IncidentDraft[];
  /** Epoch milliseconds of a replay draft's `atSeconds` 0 (default: the clock at start). */
  replayStartMs?: number;
  /**
   * What each unit does between incidents, by unit id (e.g. the Portland fleet's patrol
   * districts); a unit without one gets the default for its kind around its site or start.
   */
  routines?: ReadonlyMap<string, RoutineSpec>;
  /**
   * Dispatch every new incident's recommendation by itself, as the one-key dispatch
   * (POST /api/v1/incidents/:id/dispatch-recommended) does (default false: the dispatcher acts).
   */
  autoDispatch?: boolean;
  /** Simulated seconds from a new incident to its automatic dispatch (default 15). */
  dispatchDelaySeconds?: number;
  /** Share of alerts a responder declines (default 0.03), so re-offers happen too. */
  declineShare?: number;
  /** Also close incidents once handled (default false: they wait for the supervisor's review). */
  closeIncidents?: boolean;
  seed?: number;
  /** Units played by people rather than the simulator (they are neither moved nor answered for). */
  skipUnitIds?: readonly string[];
  /** Org of the generated incidents (default: the first district org, else the root). */
  orgId?: string;
  /** Hours the city's local time is ahead of UTC (default: from its longitude). */
  utcOffsetHours?: number;
  /** No timer: the caller moves time with advance() (tests, scripted demos). */
  manual?: boolean;
  timings?: ResponseTimings;
  onError?: (error: unknown) => void;
}

export interface SimulatorStats {
  incidents: number;
  /** Replay drafts still to come (0 without a replay). */
  replayPending: number;
  autoDispatched: number;
  /** Drawn incidents cancelled because nobody was sent within withdrawAfterSeconds. */
  withdrawn: number;
  alerts: number;
  accepted: number;
  declined: number;
  departed: number;
  arrivedManually: number;
  cleared: number;
  positionReports: number;
  errors: number;
}

export interface Simulator {
  readonly stats: SimulatorStats;
  /** Runs `seconds` of simulated time now, as fast as it goes (drives a SimulationClock). */
  advance(seconds: number): Promise<void>;
  /** Stops the timer and the bus subscription; waits for the step in progress. */
  stop(): Promise<void>;
}

interface Job {
  dispatchId: string;
  incidentId: string;
  acceptSeconds: number;
  onSceneSeconds: number;
  declines: boolean;
}

interface LiveUnit {
  id: string;
  routine: Routine;
  leg: Leg | null;
  still: Coord;
  /** Bumped when the unit's plans change: events scheduled before are dropped. */
  token: number;
  job: Job | null;
}

type Action = () => Promise<void> | void;

/**
 * The demo's life, inside the server process: units move along the roads at their profile
 * speeds (police patrol loops, community units' rounds about their site, grid workers' rounds)
 * and report positions through the PositionTracker; incidents arrive from the spatio-temporal
 * model (or, replaying, from a list of timed calls) through the command pipeline; responders play their part — accept after a realistic
 * delay (a few decline), depart, travel the routed path (the server marks them on scene from
 * the positions at 50 m), clear after a realistic time on scene, and go back to their routine.
 * With `autoDispatch` the recommendation is dispatched as the one-key dispatch does.
 */
export function startSimulator(ctx: ServerContext, options: SimulatorOptions = {}): Simulator {
  const speed = options.speed ?? 1;
  const driven = ctx.clock instanceof SimulationClock ? ctx.clock : undefined;
  if (speed !== 1 && !driven) {
    throw new Error(
      `speed ${speed} needs the server on a SimulationClock (createServer({ clock })); the system clock only runs at speed 1`,
    );
  }
  const tracker = ctx.positions;
  if (!tracker) throw new Error('startSimulator needs ctx.services.positions (a PositionTracker)');
  const seed = options.seed ?? 1;
  const timings = options.timings ?? defaultTimings(options.dispatchDelaySeconds ?? 15);
  const interval = options.positionIntervalSeconds ?? 5;
  const perHour = options.incidentsPerHour ?? DEMO_INCIDENTS_PER_HOUR;
  const withdrawAfter = options.withdrawAfterSeconds ?? 1800;
  const declineShare = options.declineShare ?? 0.03;
  const skip = new Set(options.skipUnitIds ?? []);
  const router = ctx.router;
  const sampler = new RoadSampler(router);
  const [west, , east] = router.city.meta.bbox;
  const utcOffset = options.utcOffsetHours ?? Math.round((west + east) / 2 / 15);
  const hotspots = hotspotsFromPlaces(router.city.places);
  const model = new SpatioTemporalModel({
    hotspots,
    streetPoint: (rng) => sampler.street('walk', rng),
  });
  const incidentRng = new Rng(seed, 'live-incidents');
  const orgId = options.orgId ?? defaultOrg(ctx);
  const stats: SimulatorStats = {
    incidents: 0,
    replayPending: 0,
    autoDispatched: 0,
    withdrawn: 0,
    alerts: 0,
    accepted: 0,
    declined: 0,
    departed: 0,
    arrivedManually: 0,
    cleared: 0,
    positionReports: 0,
    errors: 0,
  };
  const fail = (error: unknown) => {
    stats.errors++;
    if (options.onError) options.onError(error);
  };
  const queue = new EventQueue<Action>();
  const nowS = () => ctx.clock.now() / 1000;
  let nextReportAt = nowS();
  let incidentCounter = 0;

  // The fleet: every unit the server knows, each with a routine from where it is now.
  const live = new Map<string, LiveUnit>();
  const unitOf = (id: string) => ctx.world.get<Unit>(AggregateType.unit, id);
  for (const unit of ctx.world.unitList) {
    if (skip.has(unit.id) || unit.kind === 'department') continue;
    const known = tracker.positions.get(unit.id);
    const site = unit.siteId ? ctx.world.get<Site>(AggregateType.site, unit.siteId) : undefined;
    const given = options.routines?.get(unit.id);
    const start: Coord = known
      ? [known.lon, known.lat]
      : site
        ? [site.location.lon, site.location.lat]
        : (given?.home ?? sampler.street(unit.profile, new Rng(seed, 'start', unit.id)));
    const spec =
      given ??
      routineFor(unit.kind, site ? [site.location.lon, site.location.lat] : start, hotspots);
    const state: LiveUnit = {
      id: unit.id,
      routine: new Routine(spec, new Rng(seed, 'routine', unit.id)),
      leg: null,
      still: start,
      token: 0,
      job: null,
    };
    live.set(unit.id, state);
    runRoutine(state, state.routine.start());
  }

  function positionAt(u: LiveUnit, t: number): Coord {
    return u.leg ? positionOnLeg(u.leg, t) : u.still;
  }

  function trip(u: LiveUnit, profile: string, to: Coord | RoadPoint, t: number): Leg {
    const from = trySnap(router, profile, positionAt(u, t));
    const target = Array.isArray(to) ? trySnap(router, profile, to as Coord) : (to as RoadPoint);
    if (from && target) {
      const route = router.route(from, target, profile);
      if (Number.isFinite(route.seconds))
        return makeLeg(route.geometry.coordinates, t, route.seconds);
    }
    const end: Coord = target ? [target.lon, target.lat] : (to as Coord);
    const start = positionAt(u, t);
    return makeLeg([start, end], t, haversineMetres(start[0], start[1], end[0], end[1]) / 1.4);
  }

  function runRoutine(u: LiveUnit, given?: RoutineStep): void {
    const unit = unitOf(u.id);
    if (!unit) return;
    const t = nowS();
    const step =
      given ??
      u.routine.next((centre, radius, rng) => sampler.near(unit.profile, centre, radius, rng));
    const token = u.token;
    if (step.type === 'wait') {
      u.still = positionAt(u, t);
      u.leg = null;
      queue.schedule(t + step.seconds, () => {
        if (u.token === token) runRoutine(u);
      });
      return;
    }
    const leg = trip(u, unit.profile, step.to, t);
    u.leg = leg;
    queue.schedule(legEndsAt(leg), () => {
      if (u.token !== token) return;
      u.still = leg.coords[leg.coords.length - 1];
      u.leg = null;
      runRoutine(u);
    });
  }

  /** Back to the routine after a job (or a human took the unit off it). */
  function release(u: LiveUnit): void {
    u.token++;
    u.job = null;
    u.routine.resume();
    runRoutine(u);
  }

  async function command(dispatchId: string, cmd: DispatchCommand): Promise<boolean> {
    try {
      await ctx.commands.executeWithRetry(() => dispatchParts(ctx, dispatchId, cmd), null);
      return true;
    } catch (error) {
      // A human (or the scheduler) moved the dispatch first: the simulator just follows.
      if (!(error instanceof DomainError)) fail(error);
      return false;
    }
  }

  const dispatchOf = (id: string) => ctx.world.get<Dispatch>(AggregateType.dispatch, id);

  /** A responder's phone: what the unit does when its dispatches change. */
  function onDispatchEvent(event: StoredEvent): void {
    const dispatch = dispatchOf(event.aggregateId);
    if (!dispatch) return;
    const u = live.get(dispatch.unitId);
    if (!u) return;
    const t = nowS();
    switch (event.type) {
      case 'dispatch.created': {
        stats.alerts++;
        const incident = ctx.world.get<Incident>(AggregateType.incident, dispatch.incidentId);
        const unit = unitOf(u.id);
        if (!incident || !unit) return;
        const rng = new Rng(seed, 'response', dispatch.id);
        const job: Job = {
          dispatchId: dispatch.id,
          incidentId: dispatch.incidentId,
          acceptSeconds: timings.acceptSeconds(unit.kind, rng),
          onSceneSeconds: timings.onSceneSeconds(unit.kind, incident.priority, rng),
          declines: rng.next() < declineShare,
        };
        // Stop where it is (a patrol car pulls over to read the alert).
        u.still = positionAt(u, t);
        u.leg = null;
        u.token++;
        u.job = job;
        const token = u.token;
        if (job.declines) {
          queue.schedule(t + job.acceptSeconds, async () => {
            if (u.token !== token) return;
            if (
              await command(job.dispatchId, {
                type: 'decline',
                reason: 'handling a member of the public',
              })
            )
              stats.declined++;
            if (u.token === token) release(u);
          });
          return;
        }
        queue.schedule(t + job.acceptSeconds, async () => {
          if (u.token !== token) return;
          if (await command(job.dispatchId, { type: 'accept' })) stats.accepted++;
        });
        queue.schedule(t + Math.max(job.acceptSeconds, unit.turnoutSeconds), async () => {
          if (u.token !== token) return;
          const current = dispatchOf(job.dispatchId);
          if (!current || current.status !== 'accepted') return;
          if (!(await command(job.dispatchId, { type: 'depart' }))) return;
          stats.departed++;
          const leg = trip(u, unit.profile, [incident.location.lon, incident.location.lat], nowS());
          u.leg = leg;
          queue.schedule(legEndsAt(leg), () => {
            if (u.token !== token) return;
            u.still = leg.coords[leg.coords.length - 1];
            u.leg = null;
          });
          // Positions mark it on scene at 50 m; where the road ends farther from the incident,
          // the responder presses "on scene".
          queue.schedule(legEndsAt(leg) + 2 * interval, async () => {
            if (u.token !== token) return;
            const d = dispatchOf(job.dispatchId);
            if (d && (d.status === 'accepted' || d.status === 'en_route')) {
              if (await command(job.dispatchId, { type: 'arrive', source: 'manual' }))
                stats.arrivedManually++;
            }
          });
        });
        return;
      }
      case 'dispatch.on_scene': {
        const job = u.job;
        if (!job || job.dispatchId !== dispatch.id) return;
        const token = u.token;
        queue.schedule(t + job.onSceneSeconds, async () => {
          if (u.token !== token) return;
          if (await command(job.dispatchId, { type: 'clear', outcome: 'handled on scene' })) {
            stats.cleared++;
          }
        });
        return;
      }
      case 'dispatch.cleared':
      case 'dispatch.cancelled':
      case 'dispatch.timed_out':
      case 'dispatch.declined': {
        if (u.job?.dispatchId !== dispatch.id) return;
        const incidentId = dispatch.incidentId;
        queue.schedule(t, async () => {
          if (u.job?.dispatchId === dispatch.id) release(u);
          if (event.type === 'dispatch.cleared') await incidentHandled(incidentId);
        });
        return;
      }
    }
  }

  /** When the last unit cleared: the responders' part of the closed loop is done. */
  async function incidentHandled(incidentId: string): Promise<void> {
    for (const { value } of ctx.world.dispatches.values()) {
      if (value.incidentId === incidentId && isLiveDispatch(value.status)) return;
    }
    const path = options.closeIncidents
      ? ['handle', 'supervise', 'close']
      : ['handle', 'supervise'];
    for (const to of path) {
      const incident = ctx.world.get<Incident>(AggregateType.incident, incidentId);
      if (!incident || incident.status !== 'open') return;
      const stage = incident.workflow.stage;
      if (path.indexOf(stage) >= path.indexOf(to)) continue;
      if (stage !== 'assign' && stage !== 'handle' && stage !== 'supervise') return;
      try {
        await ctx.commands.executeWithRetry(
          () => [
            incidentPart(ctx, incidentId, {
              type: 'advance_stage',
              to,
              note: 'simulated responders',
            }),
          ],
          null,
        );
      } catch (error) {
        if (!(error instanceof DomainError)) fail(error);
        return;
      }
    }
  }

  async function createIncident(replayed?: IncidentDraft): Promise<void> {
    const t = nowS();
    incidentCounter++;
    const id = replayed?.id ?? `sim-${seed}-${Math.round(t)}-${incidentCounter}`;
    const draft = replayed ?? model.draw(incidentRng, 0, id);
    try {
      await ctx.commands.execute(
        incidentPart(ctx, id, {
          type: 'create',
          incidentId: id,
          orgId,
          // Made-up calls say so: the console marks them and renders them in its language.
          source: replayed ? 'call' : 'simulated',
          categoryCode: draft.categoryCode,
          priority: draft.priority,
          location: {
            lon: draft.lon,
            lat: draft.lat,
            ...(draft.placeName ? { placeName: draft.placeName } : {}),
            ...(draft.placeLocalNames ? { placeLocalNames: draft.placeLocalNames } : {}),
          },
          description: draft.description,
          receivedAt: toIso(ctx.clock.now()),
        }),
        null,
      );
      stats.incidents++;
      if (!replayed) queue.schedule(t + withdrawAfter, () => withdrawIfUnattended(id));
    } catch (error) {
      fail(error);
    }
  }

  /** The caller of a drawn incident hangs up on a queue that never sent anyone. */
  async function withdrawIfUnattended(incidentId: string): Promise<void> {
    const incident = ctx.world.get<Incident>(AggregateType.incident, incidentId);
    if (!incident || incident.status !== 'open') return;
    for (const { value } of ctx.world.dispatches.values())
      if (value.incidentId === incidentId) return;
    try {
      await ctx.commands.executeWithRetry(
        () => [
          incidentPart(ctx, incidentId, { type: 'cancel', reason: '模拟：无人出警，报警人撤警' }),
        ],
        null,
      );
      stats.withdrawn++;
    } catch (error) {
      if (!(error instanceof DomainError)) fail(error);
    }
  }

  async function dispatchRecommended(incidentId: string): Promise<void> {
    const incident = ctx.world.get<Incident>(AggregateType.incident, incidentId);
    if (!incident || incident.status !== 'open') return;
    // Someone already dispatched by hand: leave it to them.
    for (const { value } of ctx.world.dispatches.values())
      if (value.incidentId === incidentId) return;
    const recommendations = RecommendationCache.of(ctx);
    const recommendation = recommendations.compute(incident, { scopeOrgId: orgId });
    const offers = recommendation.tiers.flatMap((tier) =>
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
    try {
      const sent = await new DispatchOffering(ctx).offer(incidentId, offers, null, {
        skipUnavailable: true,
        retry: true,
        alsoCommit: () => [recommendations.rememberPart(recommendation, orgId)],
      });
      if (sent.length > 0) stats.autoDispatched++;
    } catch (error) {
      if (!(error instanceof DomainError)) fail(error);
    }
  }

  const unsubscribe = [
    ctx.bus.subscribe(
      (event) => {
        try {
          onDispatchEvent(event);
        } catch (error) {
          fail(error);
        }
      },
      [
        'dispatch.created',
        'dispatch.on_scene',
        'dispatch.cleared',
        'dispatch.cancelled',
        'dispatch.timed_out',
        'dispatch.declined',
      ],
    ),
    ctx.bus.subscribe(
      (event) => {
        if (!options.autoDispatch) return;
        const at = nowS() + timings.intakeSeconds;
        queue.schedule(at, () => dispatchRecommended(event.aggregateId));
      },
      ['incident.created'],
    ),
  ];

  /** Every unit's position, one fix each, and the incidents of the interval. */
  async function report(t: number): Promise<void> {
    const at = ctx.clock.now();
    for (const u of live.values()) {
      const unit = unitOf(u.id);
      if (!unit) continue;
      const [lon, lat] = positionAt(u, t);
      try {
        tracker!.report(unit, { lon, lat, at, accuracyM: 5 });
        stats.positionReports++;
      } catch (error) {
        fail(error);
      }
    }
    if (options.incidents) return; // a replay brings its own calls
    const localHour = (((t / 3600 + utcOffset) % 24) + 24) % 24;
    const expected = (perHour * intensityAt(localHour * 3600) * interval) / 3600;
    const count = incidentRng.poisson(expected);
    for (let i = 0; i < count; i++) await createIncident();
  }

  // A replay: every call at its time, through the same command pipeline.
  if (options.incidents) {
    const replayStart = (options.replayStartMs ?? ctx.clock.now()) / 1000;
    const startedAt = nowS();
    for (const draft of options.incidents) {
      const at = replayStart + draft.atSeconds;
      if (at < startedAt || ctx.world.incidents.has(draft.id)) continue;
      stats.replayPending++;
      queue.schedule(at, async () => {
        stats.replayPending--;
        if (!ctx.world.incidents.has(draft.id)) await createIncident(draft);
      });
    }
  }

  /** Runs everything due up to simulated time `until` (seconds), in time order. */
  async function runUntil(until: number): Promise<void> {
    for (;;) {
      const nextEvent = queue.peekTime();
      const next = Math.min(nextEvent, nextReportAt);
      if (next > until) break;
      if (driven) driven.set(next * 1000);
      if (nextEvent <= nextReportAt) {
        const [, action] = queue.pop()!;
        try {
          await action();
        } catch (error) {
          fail(error);
        }
      } else {
        await report(nextReportAt);
        nextReportAt += interval;
      }
    }
    if (driven) driven.set(until * 1000);
  }

  let running: Promise<void> = Promise.resolve();
  let busy = false;
  let stopped = false;
  const step = (seconds: number) => {
    running = running.then(() => runUntil(driven ? nowS() + seconds : nowS()));
    return running;
  };
  const tickMs = options.tickMs ?? 1000;
  const timer = options.manual
    ? undefined
    : setInterval(() => {
        if (busy || stopped) return; // a slow step: skip a beat rather than pile up
        busy = true;
        void step((tickMs / 1000) * speed).finally(() => (busy = false));
      }, tickMs);
  timer?.unref();

  return {
    stats,
    advance(seconds: number) {
      if (!driven) {
        return Promise.reject(new Error('advance() needs the server on a SimulationClock'));
      }
      return step(seconds);
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      for (const off of unsubscribe) off();
      await running;
    },
  };
}

function defaultOrg(ctx: ServerContext): string {
  const orgs = [...ctx.world.orgs.values()].map((o) => o.value);
  return (
    orgs.find((o) => o.kind === 'district')?.id ??
    orgs.find((o) => o.parentId === null)?.id ??
    orgs[0]?.id ??
    'district'
  );
}
