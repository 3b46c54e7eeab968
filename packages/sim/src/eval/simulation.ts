import {
  DEFAULT_CATALOGUE,
  DEFAULT_RESPONSE_PLANS,
  haversineMetres,
  INCIDENT_WORKFLOW,
  recommend,
  selectPlan,
  startWorkflow,
  toIso,
  type Candidate,
  type Incident,
  type ResponsePlan,
  type TrackedPosition,
  type Unit,
  type UnitKind,
  type UnitRequirement,
} from '@jiefang/core';
import type { RoadPoint } from '@jiefang/routing';
import { RoadSampler, trySnap } from '../city/road-sampler.ts';
import type { IncidentDraft } from '../model/incident-model.ts';
import { legEndsAt, makeLeg, positionOnLeg, type Coord, type Leg } from '../model/motion.ts';
import { Rng } from '../model/rng.ts';
import { RoutingTravelTimes } from '@jiefang/server';
import { Routine, type RoutineStep } from '../model/routine.ts';
import type { FleetMember, Scenario } from '../model/scenario.ts';
import { defaultTimings, type ResponseTimings } from '../model/timings.ts';
import { EventQueue } from './event-queue.ts';
import type { Arrival, IncidentOutcome } from './metrics.ts';

/**
 * The three ways of choosing units that eval:dispatch compares, all drawing from the same units
 * (the police cars and the community units of the fleet), so a difference is the choice, not a
 * bigger pool:
 * - `straight_line`: the nearest idle unit of either kind by straight-line distance (what a
 *   traditional CAD does by default);
 * - `road_eta`: the nearest idle unit of either kind by road travel time (routing reach, in its
 *   own profile) plus its turnout;
 * - `tiered_135`: core's recommend with the default 1-3-5 response plans (community units on
 *   site, mutual aid, police reinforcement), every pick of every tier dispatched at once.
 */
export type PolicyName = 'straight_line' | 'road_eta' | 'tiered_135';

export const POLICIES: readonly PolicyName[] = ['straight_line', 'road_eta', 'tiered_135'];

export interface SimulationOptions {
  timings?: ResponseTimings;
  /**
   * A requirement nobody could be sent for is retried whenever a unit comes free, for this
   * long after the call (default 3600 s); a call still waiting then is given up (unserved).
   */
  pendingLimitSeconds?: number;
  /** Simulated time after the last call for the last units to arrive (default 7200 s). */
  tailSeconds?: number;
}

export interface RunResult {
  policy: PolicyName;
  outcomes: IncidentOutcome[];
  /** Busy unit-seconds within [0, horizon), per kind. */
  busySeconds: Record<string, number>;
  unitsByKind: Record<string, number>;
  utilisation: number;
  dispatches: number;
  horizonSeconds: number;
}

interface Job {
  incident: IncidentState;
  tierIndex: number;
  requirement: number;
  onScene: boolean;
}

interface SimUnit {
  index: number;
  member: FleetMember;
  unit: Unit;
  routine: Routine;
  leg: Leg | null;
  still: Coord;
  /** Bumped whenever the unit's plans change, so events scheduled before are dropped. */
  token: number;
  busyFrom: number | null;
  busy: number;
  job: Job | null;
}

interface IncidentState {
  draft: IncidentDraft;
  incident: Incident;
  plan: ResponsePlan;
  outcome: IncidentOutcome;
  /** Active dispatches per tier index and requirement index. */
  filled: number[][];
  /** Units ever sent (not offered again to the same incident). */
  tried: Set<string>;
  /** The incident snapped per profile, made on first use. */
  targets: Map<string, RoadPoint | undefined>;
  served: boolean;
  gaveUp: boolean;
}

/** The one dispatch of the straight_line and road_eta policies belongs to no tier of a plan. */
const SINGLE_UNIT_TIER_INDEX = -1;

/** The units every policy may send: the same pool for all three. */
const RESPONDING_KINDS: ReadonlySet<UnitKind> = new Set<UnitKind>(['police', 'community']);

/**
 * Runs one policy over a scenario: a discrete-event simulation on a simulated clock (seconds
 * from the scenario's start), no wall clock and no server. Units patrol or make their rounds,
 * calls arrive, the policy picks units after the intake delay, units accept, travel the routed
 * path at their profile's speed, stay on scene, clear and return to their routine. Every
 * random draw comes from a stream keyed by the seed and what it is for (the incident and the
 * unit for response delays), so all policies see the same calls and the same delays for the
 * same unit at the same call, and a seed fixes the result.
 */
export function simulate(
  scenario: Scenario,
  policy: PolicyName,
  options: SimulationOptions = {},
): RunResult {
  const { router, seed } = scenario;
  const timings = options.timings ?? defaultTimings();
  const pendingLimit = options.pendingLimitSeconds ?? 3600;
  const horizon = scenario.horizonSeconds;
  const endAt = horizon + (options.tailSeconds ?? 7200);
  const queue = new EventQueue();
  const sampler = new RoadSampler(router);
  const travelTimes = new RoutingTravelTimes(router);
  let now = 0;
  let dispatches = 0;

  const units: SimUnit[] = scenario.fleet.map((member, index) => {
    const home = trySnap(router, member.unit.profile, member.routine.home);
    return {
      index,
      member,
      unit: structuredClone(member.unit),
      routine: new Routine(member.routine, new Rng(seed, 'routine', member.unit.id)),
      leg: null,
      still: home ? [home.lon, home.lat] : member.routine.home,
      token: 0,
      busyFrom: null,
      busy: 0,
      job: null,
    };
  });
  const unitList = units.map((u) => u.unit);
  const byId = new Map(units.map((u) => [u.unit.id, u]));
  const fleetKinds = new Set<UnitKind>(units.map((u) => u.unit.kind));
  const siteNames = new Map<string, string>();
  for (const u of units)
    if (u.unit.siteId && u.member.siteName) siteNames.set(u.unit.siteId, u.member.siteName);
  const clock = { now: () => scenario.startEpochMs + now * 1000 };
  const pending: IncidentState[] = [];

  const positionAt = (u: SimUnit): Coord => (u.leg ? positionOnLeg(u.leg, now) : u.still);

  /** A routed trip from where the unit is to `to`, starting now. */
  const trip = (u: SimUnit, to: Coord | RoadPoint): Leg => {
    const profile = u.unit.profile;
    const from = trySnap(router, profile, positionAt(u));
    const target = Array.isArray(to) ? trySnap(router, profile, to as Coord) : (to as RoadPoint);
    if (from && target) {
      const route = router.route(from, target, profile);
      if (Number.isFinite(route.seconds)) {
        return makeLeg(route.geometry.coordinates, now, route.seconds);
      }
    }
    // Off the network (should not happen on a connected graph): walk the straight line at 1.4 m/s.
    const end: Coord = target ? [target.lon, target.lat] : (to as Coord);
    const start = positionAt(u);
    return makeLeg([start, end], now, haversineMetres(start[0], start[1], end[0], end[1]) / 1.4);
  };

  const runRoutine = (u: SimUnit, given?: RoutineStep) => {
    if (now >= endAt) return;
    const step =
      given ??
      u.routine.next((centre, radius, rng) => sampler.near(u.unit.profile, centre, radius, rng));
    const token = u.token;
    if (step.type === 'wait') {
      u.still = positionAt(u);
      u.leg = null;
      queue.schedule(now + step.seconds, () => {
        if (u.token === token) runRoutine(u);
      });
      return;
    }
    const leg = trip(u, step.to);
    u.leg = leg;
    queue.schedule(legEndsAt(leg), () => {
      if (u.token !== token) return;
      u.still = leg.coords[leg.coords.length - 1];
      u.leg = null;
      runRoutine(u);
    });
  };

  const targetOf = (s: IncidentState, profile: string): RoadPoint | undefined => {
    if (!s.targets.has(profile)) {
      s.targets.set(profile, trySnap(router, profile, [s.draft.lon, s.draft.lat]));
    }
    return s.targets.get(profile);
  };

  const release = (u: SimUnit) => {
    if (u.busyFrom !== null) {
      u.busy += Math.max(0, Math.min(now, horizon) - Math.max(u.busyFrom, 0));
      u.busyFrom = null;
    }
  };

  /** Sends a unit; a unit busy elsewhere (pre-emption) is taken off its job first. */
  const send = (u: SimUnit, s: IncidentState, tierIndex: number, requirement: number) => {
    const previous = u.job;
    if (previous) {
      if (previous.tierIndex >= 0) {
        previous.incident.filled[previous.tierIndex][previous.requirement]--;
      }
      previous.incident.served = false;
      addPending(previous.incident);
    } else {
      u.busyFrom = now;
    }
    dispatches++;
    u.token++;
    u.still = positionAt(u);
    u.leg = null;
    const dispatchId = `d-${dispatches}`;
    u.unit.status = 'notified';
    u.unit.assignment = { incidentId: s.incident.id, dispatchId, priority: s.incident.priority };
    const job: Job = { incident: s, tierIndex, requirement, onScene: false };
    u.job = job;
    if (tierIndex >= 0) s.filled[tierIndex][requirement]++;
    s.tried.add(u.unit.id);
    const rng = new Rng(seed, 'response', s.draft.id, u.unit.id);
    const accept = timings.acceptSeconds(u.unit.kind, rng);
    const onScene = timings.onSceneSeconds(u.unit.kind, s.incident.priority, rng);
    const token = u.token;
    queue.schedule(now + Math.max(accept, u.unit.turnoutSeconds), () => {
      if (u.token !== token) return;
      u.unit.status = 'en_route';
      const target = targetOf(s, u.unit.profile);
      const leg = trip(u, target ?? [s.draft.lon, s.draft.lat]);
      u.leg = leg;
      queue.schedule(legEndsAt(leg), () => {
        if (u.token !== token) return;
        u.still = leg.coords[leg.coords.length - 1];
        u.leg = null;
        u.unit.status = 'on_scene';
        job.onScene = true;
        const arrival: Arrival = {
          unitId: u.unit.id,
          kind: u.unit.kind,
          profile: u.unit.profile,
          afterSeconds: now - s.draft.atSeconds,
        };
        s.outcome.arrivals.push(arrival);
        queue.schedule(now + onScene, () => {
          if (u.token !== token) return;
          release(u);
          u.token++;
          u.job = null;
          u.unit.status = 'available';
          delete u.unit.assignment;
          u.routine.resume();
          runRoutine(u);
          servePending();
        });
      });
    });
  };

  const idleResponders = () =>
    units.filter((u) => RESPONDING_KINDS.has(u.unit.kind) && u.unit.status === 'available');

  /** straight_line / road_eta: one unit of either kind, the nearest by the policy's measure. */
  const sendNearest = (s: IncidentState): boolean => {
    const idle = idleResponders();
    if (idle.length === 0) return false;
    let best: SimUnit | undefined;
    if (policy === 'straight_line') {
      let bestMetres = Infinity;
      for (const u of idle) {
        const [lon, lat] = positionAt(u);
        const metres = haversineMetres(lon, lat, s.draft.lon, s.draft.lat);
        if (metres < bestMetres) {
          bestMetres = metres;
          best = u;
        }
      }
    } else {
      // Each unit moves in its own profile (cars drive, community members walk): one reach per
      // profile from the incident, then the smallest travel time plus turnout over all of them.
      let bestEta = Infinity;
      const profiles = new Set(idle.map((u) => u.unit.profile));
      for (const profile of profiles) {
        const target = targetOf(s, profile);
        if (!target) continue;
        const sources: RoadPoint[] = [];
        const who: SimUnit[] = [];
        for (const u of idle) {
          if (u.unit.profile !== profile) continue;
          const point = trySnap(router, profile, positionAt(u));
          if (point) {
            sources.push(point);
            who.push(u);
          }
        }
        if (sources.length === 0) continue;
        const seconds = router.reach(target, sources, profile, 7200);
        who.forEach((u, i) => {
          const eta = seconds[i] + u.unit.turnoutSeconds;
          if (eta < bestEta) {
            bestEta = eta;
            best = u;
          }
        });
      }
    }
    if (!best) return false;
    send(best, s, SINGLE_UNIT_TIER_INDEX, 0);
    s.served = true;
    return true;
  };

  const wanted = (req: UnitRequirement) => req.kinds.some((k) => fleetKinds.has(k));

  /** tiered_135: core's recommendation; sends picks (then alternatives) for what is missing. */
  const sendRecommended = (s: IncidentState): boolean => {
    const positions: TrackedPosition[] = units.map((u) => {
      const [lon, lat] = positionAt(u);
      const snapped = travelTimes.snap(u.unit.profile, lon, lat);
      return { lon, lat, at: clock.now(), accuracyM: 5, ...(snapped ? { snapped } : {}) };
    });
    const recommendation = recommend(s.incident, s.plan, unitList, positions, travelTimes, clock, {
      siteNames,
      excludeUnitIds: s.tried,
    });
    let complete = true;
    recommendation.tiers.forEach((tier) => {
      const tierIndex = s.plan.tiers.findIndex((t) => t.tier === tier.tier);
      tier.requirements.forEach((rec, r) => {
        const req = s.plan.tiers[tierIndex].units[r];
        if (!wanted(req)) return;
        let missing = req.count - s.filled[tierIndex][r];
        const candidates: Candidate[] = [...rec.picks, ...rec.alternatives];
        for (const c of candidates) {
          if (missing <= 0) break;
          const u = byId.get(c.unitId)!;
          const free = u.unit.status === 'available';
          // Pre-emption takes a unit off lower-priority work, but not once it is on scene
          // (core's dispatch cannot cancel an arrival).
          const preemptable = c.preempts !== undefined && u.job !== null && !u.job.onScene;
          if (!free && !preemptable) continue;
          send(u, s, tierIndex, r);
          missing--;
        }
        if (missing > 0) complete = false;
      });
    });
    s.served = complete;
    return complete;
  };

  const serve = (s: IncidentState): boolean =>
    policy === 'tiered_135' ? sendRecommended(s) : sendNearest(s);

  function addPending(s: IncidentState) {
    if (!pending.includes(s)) pending.push(s);
  }

  /** Retries waiting incidents, most urgent first, then longest waiting. */
  function servePending() {
    if (pending.length === 0) return;
    pending.sort(
      (a, b) => a.incident.priority - b.incident.priority || a.draft.atSeconds - b.draft.atSeconds,
    );
    for (const s of [...pending]) {
      if (now - s.draft.atSeconds > pendingLimit) {
        s.gaveUp = true;
        pending.splice(pending.indexOf(s), 1);
        continue;
      }
      if (serve(s)) pending.splice(pending.indexOf(s), 1);
    }
  }

  const states: IncidentState[] = scenario.incidents.map((draft) => {
    const incident = toIncident(draft, scenario.startEpochMs);
    const plan = selectPlan(DEFAULT_RESPONSE_PLANS, draft.categoryCode, draft.priority);
    const needsBy180 = plan.tiers
      .filter((t) => t.tier <= 2)
      .flatMap((t) => t.units)
      .filter((req) => req.kinds.some((k) => fleetKinds.has(k)));
    return {
      draft,
      incident,
      plan,
      outcome: {
        id: draft.id,
        priority: draft.priority,
        planId: plan.id,
        needsBy180,
        arrivals: [],
      },
      filled: plan.tiers.map((t) => t.units.map(() => 0)),
      tried: new Set<string>(),
      targets: new Map(),
      served: false,
      gaveUp: false,
    };
  });

  for (const u of units) runRoutine(u, u.routine.start());
  for (const s of states) {
    queue.schedule(s.draft.atSeconds + timings.intakeSeconds, () => {
      if (!serve(s)) addPending(s);
    });
  }

  while (queue.size > 0 && queue.peekTime() <= endAt) {
    const [at, action] = queue.pop()!;
    now = at;
    action();
  }
  now = endAt;
  for (const u of units) release(u);

  const busySeconds: Record<string, number> = {};
  const unitsByKind: Record<string, number> = {};
  let busyTotal = 0;
  for (const u of units) {
    busySeconds[u.unit.kind] = (busySeconds[u.unit.kind] ?? 0) + u.busy;
    unitsByKind[u.unit.kind] = (unitsByKind[u.unit.kind] ?? 0) + 1;
    busyTotal += u.busy;
  }
  for (const o of states) o.outcome.arrivals.sort((a, b) => a.afterSeconds - b.afterSeconds);
  return {
    policy,
    outcomes: states.map((s) => s.outcome),
    busySeconds,
    unitsByKind,
    utilisation: units.length > 0 && horizon > 0 ? busyTotal / (units.length * horizon) : 0,
    dispatches,
    horizonSeconds: horizon,
  };
}

/** The core incident of a call, received at its simulated time. */
export function toIncident(draft: IncidentDraft, startEpochMs: number): Incident {
  const receivedMs = startEpochMs + draft.atSeconds * 1000;
  const category = DEFAULT_CATALOGUE.get(draft.categoryCode);
  return {
    id: draft.id,
    orgId: 'district',
    source: 'call',
    categoryCode: draft.categoryCode,
    priority: draft.priority,
    policeMatter: category.policeMatter,
    location: {
      lon: draft.lon,
      lat: draft.lat,
      ...(draft.placeName ? { placeName: draft.placeName } : {}),
    },
    description: draft.description,
    receivedAt: toIso(receivedMs),
    createdAt: toIso(receivedMs),
    status: 'open',
    workflow: startWorkflow(INCIDENT_WORKFLOW, receivedMs),
  };
}
