import type { Incident } from '../incident/incident.ts';
import type { ResponsePlan, UnitRequirement } from '../plan/response-plan.ts';
import type { Clock, SnappedPoint, TravelProfile, TravelTimes } from '../ports.ts';
import { TRAVEL_PROFILES } from '../ports.ts';
import { toIso, toMs } from '../shared/time.ts';
import type { Unit, UnitKind } from '../unit/unit.ts';
import { profileWords } from '../unit/unit.ts';
import {
  type FleetIndex,
  LOCATED_NONE,
  LOCATED_OFF_NETWORK,
  NO_UNIT,
  STATUS_AVAILABLE,
  STATUS_BUSY,
  STATUS_OFF_DUTY,
} from './fleet-index.ts';
import {
  KIND_COUNT,
  KIND_INDEX,
  PROFILE_INDEX,
  emptyExclusions,
  emptyReach,
  emptyTally,
  gatherSources,
  kindClass,
  positionOf,
  targetFor,
  type ClassTally,
  type PositionLookup,
  type Reach,
  type TrackedPosition,
} from './measure-reach.ts';
import type {
  Candidate,
  ExclusionCounts,
  Recommendation,
  RequirementRecommendation,
  TierRecommendation,
} from './recommendation.ts';

export type { PositionLookup, TrackedPosition } from './measure-reach.ts';
export { FleetIndex } from './fleet-index.ts';

export interface RecommendOptions {
  /** Positions older than this say where a unit was, not where it is (default 120 s). */
  staleAfterSeconds?: number;
  /**
   * Units farther than this in travel time are not considered (default 3 × the last tier's
   * target). The search first goes only as far as the last tier's target and widens to this
   * limit when a requirement is short of units that may exist farther out (see recommend).
   */
  searchLimitSeconds?: number;
  /** Next-best units kept per requirement for re-offers (default 3). */
  alternativesPerRequirement?: number;
  /** Site names for the reasons ("at 中央商场"); asked only for the units recommended. */
  siteNames?: Pick<ReadonlyMap<string, string>, 'get'>;
  /** Units not to propose (e.g. declined already). */
  excludeUnitIds?: ReadonlySet<string>;
}

/**
 * Proposes units per tier of the response plan, ranked by road ETA (travel + turnout).
 *
 * Built for a city: 50,000 units take one pass to filter and group by profile, one
 * TravelTimes.reach per profile (two where the search widens), and a sort of only those found
 * units the choice could take; nothing is allocated per unit except the snapped point when a
 * position arrived without one. For a live fleet, keep a
 * FleetIndex and call recommendFromFleet: the same answer without reading every unit's objects.
 *
 * Rules: a unit appears in at most one tier (picks for all tiers first, in tier order, then
 * alternatives from what is left); within a requirement, available units that make the target
 * are taken before busy ones, and a busy unit is considered at all only when the plan allows
 * pre-emption and its current incident has a lower priority.
 *
 * Search radius: the engine is first asked only for units within the last tier's target. The
 * search widens to `searchLimitSeconds` when a requirement got fewer picks or alternatives than
 * it asks for, or one farther than a unit beyond the radius could possibly be, while eligible
 * units of its kinds exist beyond the radius. So the picks and alternatives are those of a search
 * to the full limit, and the best that exists is still offered when nobody is near; only
 * `excluded.unreachable` counts units beyond the radius actually searched.
 */
export function recommend(
  incident: Incident,
  plan: ResponsePlan,
  units: readonly Unit[],
  positions: PositionLookup,
  travelTimes: TravelTimes,
  clock: Clock,
  options: RecommendOptions = {},
): Recommendation {
  const now = clock.now();
  const staleMs = (options.staleAfterSeconds ?? 120) * 1000;
  const excluded = emptyExclusions();
  const wantedKinds = wantedKindsOf(plan);

  // Pass 1: who may be proposed at all; pass 2 (gatherSources): who is where.
  const include = new Uint8Array(units.length);
  const preempting = new Uint8Array(units.length);
  for (let i = 0; i < units.length; i++) {
    const unit = units[i];
    if (!wantedKinds.has(unit.kind)) continue;
    if (options.excludeUnitIds?.has(unit.id)) continue;
    switch (unit.status) {
      case 'available':
        break;
      case 'off_duty':
        excluded.offDuty++;
        continue;
      case 'out_of_service':
        excluded.outOfService++;
        continue;
      default: {
        const assignment = unit.assignment;
        if (assignment?.incidentId === incident.id) {
          excluded.alreadyAssigned++;
          continue;
        }
        // A unit already on scene is working that scene: taking it off is not a dispatch
        // decision (and its dispatch cannot be cancelled any more), so it is never pre-empted.
        if (
          !plan.preemptLowerPriority ||
          !assignment ||
          assignment.priority <= incident.priority ||
          unit.status === 'on_scene'
        ) {
          excluded.busy++;
          continue;
        }
        preempting[i] = 1;
      }
    }
    include[i] = 1;
  }
  const tally = emptyTally();
  const sources = gatherSources(
    units,
    include,
    positions,
    travelTimes,
    now,
    staleMs,
    excluded,
    tally,
  );
  return recommendFromPool(
    incident,
    plan,
    {
      units,
      preempting,
      excluded,
      tally,
      eligible: sources.total,
      perProfile: sources.points.map((list) => list.length),
      target: (profile) => targetFor(sources.targets, profile, incident.location, travelTimes),
      searchProfile: (profile, target, limit) => {
        const p = PROFILE_INDEX[profile];
        const indices = sources.unitIndex[p];
        const seconds = travelTimes.reach(profile, target, sources.points[p], limit);
        const found = emptyFound(indices.length);
        for (let j = 0; j < indices.length; j++) {
          const travel = seconds[j];
          // NaN fails this test too: an engine error never becomes a recommendation.
          if (!(travel <= limit)) continue;
          const i = indices[j];
          const k = found.count++;
          found.unit[k] = i;
          found.travel[k] = travel;
          found.eta[k] = travel + units[i].turnoutSeconds;
        }
        return found;
      },
      pointOf: (i) => snappedFrom(units[i], positionOf(positions, units, i)),
    },
    travelTimes,
    now,
    options,
  );
}

/**
 * recommend over a FleetIndex kept up to date by the caller: the same rules and the same answer
 * as recommend with the fleet's units and positions (ties go to the lower slot), at a cost of a
 * pass over typed columns plus the engine's search, never a read of every unit's objects.
 */
export function recommendFromFleet(
  incident: Incident,
  plan: ResponsePlan,
  fleet: FleetIndex,
  clock: Clock,
  options: RecommendOptions = {},
): Recommendation {
  const now = clock.now();
  const staleMs = (options.staleAfterSeconds ?? 120) * 1000;
  const excluded = emptyExclusions();
  const travelTimes = fleet.travelTimes;
  const slotCount = fleet.slotCount;
  const wanted = new Uint8Array(256);
  for (const kind of wantedKindsOf(plan)) {
    const k = KIND_INDEX[kind];
    if (k !== undefined) wanted[k] = 1;
  }
  const skip = new Uint8Array(slotCount);
  if (options.excludeUnitIds) {
    for (const id of options.excludeUnitIds) {
      const slot = fleet.slotOf(id);
      if (slot !== undefined) skip[slot] = 1;
    }
  }
  const { include, preempting, tally, perProfile, eligible } = scanFleet(
    fleet,
    wanted,
    skip,
    incident,
    plan.preemptLowerPriority,
    now - staleMs,
    excluded,
  );
  const { turnout } = fleet;
  const units = fleet.units;
  const targets: (SnappedPoint | undefined | null)[] = [null, null, null];
  const searchProfile = (name: TravelProfile, target: SnappedPoint, limit: number): Found => {
    const hits = fleet.reachFrom(name, target, limit);
    const found = emptyFound(hits.count);
    for (let j = 0; j < hits.count; j++) {
      const slot = hits.slots[j];
      const travel = hits.seconds[j];
      if (include[slot] === 0 || !(travel <= limit)) continue;
      const k = found.count++;
      found.unit[k] = slot;
      found.travel[k] = travel;
      found.eta[k] = travel + turnout[slot];
    }
    return found;
  };
  return recommendFromPool(
    incident,
    plan,
    {
      units: units as readonly Unit[],
      preempting,
      excluded,
      tally,
      eligible,
      perProfile,
      target: (name) => targetFor(targets, name, incident.location, travelTimes),
      searchProfile,
      pointOf: (slot) => fleet.pointOf(slot),
    },
    travelTimes,
    now,
    options,
  );
}

/** The fleet pass of recommendFromFleet: typed columns only, unit objects just for busy units. */
function scanFleet(
  fleet: FleetIndex,
  wanted: Uint8Array,
  skip: Uint8Array,
  incident: Incident,
  preemptLowerPriority: boolean,
  freshFrom: number,
  excluded: ExclusionCounts,
) {
  const slotCount = fleet.slotCount;
  const include = new Uint8Array(slotCount);
  const preempting = new Uint8Array(slotCount);
  const tally = emptyTally();
  const tallyEligible = tally.eligible;
  const tallyTurnout = tally.minTurnout;
  const perProfile = new Int32Array(3);
  const { kind, status, located, at, profile, turnout, units } = fleet;
  let eligible = 0;
  let offDuty = 0;
  let outOfService = 0;
  let noPosition = 0;
  let stale = 0;
  let offNetwork = 0;
  for (let slot = 0; slot < slotCount; slot++) {
    const k = kind[slot];
    if (k === NO_UNIT || wanted[k] === 0 || skip[slot] === 1) continue;
    const s = status[slot];
    if (s !== STATUS_AVAILABLE) {
      if (s === STATUS_OFF_DUTY) {
        offDuty++;
        continue;
      }
      if (s !== STATUS_BUSY) {
        outOfService++;
        continue;
      }
      const busyUnit = units[slot]!;
      const assignment = busyUnit.assignment;
      if (assignment?.incidentId === incident.id) {
        excluded.alreadyAssigned++;
        continue;
      }
      if (
        !preemptLowerPriority ||
        !assignment ||
        assignment.priority <= incident.priority ||
        busyUnit.status === 'on_scene'
      ) {
        excluded.busy++;
        continue;
      }
      preempting[slot] = 1;
    }
    const where = located[slot];
    if (where === LOCATED_NONE) {
      noPosition++;
      continue;
    }
    if (at[slot] < freshFrom) {
      stale++;
      continue;
    }
    if (where === LOCATED_OFF_NETWORK) {
      offNetwork++;
      continue;
    }
    include[slot] = 1;
    eligible++;
    const p = profile[slot];
    perProfile[p]++;
    if (k < KIND_COUNT) {
      const c = k * 3 + p;
      tallyEligible[c]++;
      if (turnout[slot] < tallyTurnout[c]) tallyTurnout[c] = turnout[slot];
    }
  }
  excluded.offDuty += offDuty;
  excluded.outOfService += outOfService;
  excluded.noPosition += noPosition;
  excluded.stalePosition += stale;
  excluded.offNetwork += offNetwork;
  return { include, preempting, tally, perProfile, eligible };
}

/** Units that may be proposed, as prepared by recommend or recommendFromFleet. */
interface Pool {
  /** By the index used in Reach.unit (array index, or fleet slot). */
  units: readonly Unit[];
  preempting: Uint8Array;
  /** Every count except `unreachable`, which follows from the search. */
  excluded: ExclusionCounts;
  /** Eligible units (fresh position on their network) by kindClass. */
  tally: ClassTally;
  eligible: number;
  /** Eligible units per profile (by PROFILE_INDEX): no search where there are none. */
  perProfile: ArrayLike<number>;
  /** The incident snapped for a profile (once per call), undefined off its network. */
  target(profile: TravelProfile): SnappedPoint | undefined;
  /** Eligible units of the profile within `limitSeconds` of the target. */
  searchProfile(profile: TravelProfile, target: SnappedPoint, limitSeconds: number): Found;
  /** The road point of a unit, for the distance of the few shown. */
  pointOf(index: number): SnappedPoint | undefined;
}

/** Units of one profile found within a search limit (index k = one unit). */
interface Found {
  count: number;
  unit: Int32Array;
  travel: Float64Array;
  eta: Float64Array;
}

function emptyFound(capacity: number): Found {
  return {
    count: 0,
    unit: new Int32Array(capacity),
    travel: new Float64Array(capacity),
    eta: new Float64Array(capacity),
  };
}

function wantedKindsOf(plan: ResponsePlan): Set<UnitKind> {
  const wanted = new Set<UnitKind>();
  for (const tier of plan.tiers)
    for (const req of tier.units) for (const kind of req.kinds) wanted.add(kind);
  return wanted;
}

function recommendFromPool(
  incident: Incident,
  plan: ResponsePlan,
  pool: Pool,
  travelTimes: TravelTimes,
  now: number,
  options: RecommendOptions,
): Recommendation {
  const elapsedSeconds = Math.max(0, (now - toMs(incident.receivedAt)) / 1000);
  const lastTarget = plan.tiers[plan.tiers.length - 1]?.targetSeconds ?? 300;
  const limitSeconds = options.searchLimitSeconds ?? 3 * lastTarget;
  const alternativesWanted = options.alternativesPerRequirement ?? 3;
  const { units, preempting, excluded } = pool;

  let latestTarget = 0;
  for (const tier of plan.tiers) latestTarget = Math.max(latestTarget, tier.targetSeconds);
  const firstRadius = Math.min(limitSeconds, latestTarget || lastTarget);
  // Per profile: how far to search, how far the kept search went, and what it found.
  const radii = new Float64Array(3).fill(firstRadius);
  const searched = new Float64Array(3).fill(-1);
  const found: (Found | undefined)[] = [undefined, undefined, undefined];
  let reach: Reach;
  let choice: Choice;
  for (;;) {
    for (const profile of TRAVEL_PROFILES) {
      const p = PROFILE_INDEX[profile];
      if (pool.perProfile[p] === 0 || searched[p] === radii[p]) continue;
      searched[p] = radii[p];
      const target = pool.target(profile);
      if (target !== undefined) found[p] = pool.searchProfile(profile, target, radii[p]);
    }
    reach = joinFound(found, pool, (profile) => pool.target(profile));
    choice = choose(
      plan,
      units,
      preempting,
      reach,
      elapsedSeconds,
      alternativesWanted,
      radii,
      pool.tally,
    );
    let widened = false;
    for (let p = 0; p < 3; p++) {
      // A profile the incident is off has nothing farther to find.
      if (choice.widen[p] && radii[p] < limitSeconds && found[p] !== undefined) {
        radii[p] = limitSeconds;
        widened = true;
      }
    }
    if (!widened) break;
  }
  excluded.unreachable += pool.eligible - reach.count;
  const candUnit = reach.unit;
  const candTravel = reach.travelSeconds;
  const candEta = reach.etaSeconds;
  const targets = reach.targets;
  const offNetworkProfiles = reach.offNetworkProfiles;
  const { picked, alternatives } = choice;
  const toCandidate = (k: number, remaining: number): Candidate => {
    const unit = units[candUnit[k]];
    const travelSeconds = Math.round(candTravel[k]);
    const etaSeconds = Math.round(candEta[k]);
    const siteName = unit.siteId ? options.siteNames?.get(unit.siteId) : undefined;
    const who = siteName ? `${unit.kind} unit at ${siteName}` : `${unit.kind} unit ${unit.name}`;
    let reason = `${who}, ${travelSeconds} s ${profileWords(unit.profile)} + ${unit.turnoutSeconds} s turnout`;
    const candidate: Candidate = {
      unitId: unit.id,
      unitName: unit.name,
      ...(unit.localNames ? { unitLocalNames: unit.localNames } : {}),
      kind: unit.kind,
      profile: unit.profile,
      etaSeconds,
      travelSeconds,
      turnoutSeconds: unit.turnoutSeconds,
      withinTarget: candEta[k] <= remaining,
      reason,
    };
    if (preempting[candUnit[k]] && unit.assignment) {
      candidate.preempts = { ...unit.assignment };
      reason += `; taken off priority ${unit.assignment.priority} incident ${unit.assignment.incidentId}`;
      candidate.reason = reason;
    }
    const from = pool.pointOf(candUnit[k]);
    const target = targets[PROFILE_INDEX[unit.profile]];
    if (travelTimes.distanceMetres && from && target) {
      const metres = travelTimes.distanceMetres(unit.profile, from, target);
      if (metres !== undefined) candidate.distanceMetres = Math.round(metres);
    }
    return candidate;
  };

  const tiers: TierRecommendation[] = plan.tiers.map((tier, t) => {
    const remaining = tier.targetSeconds - elapsedSeconds;
    const requirements: RequirementRecommendation[] = tier.units.map((req, r) => {
      const picks = picked[t][r].map((k) => toCandidate(k, remaining));
      return {
        requirement: req,
        picks,
        alternatives: alternatives[t][r].map((k) => toCandidate(k, remaining)),
        met: picks.length === req.count && picks.every((c) => c.withinTarget),
      };
    });
    const met = requirements.every((r) => r.met);
    const result: TierRecommendation = {
      tier: tier.tier,
      targetSeconds: tier.targetSeconds,
      remainingSeconds: Math.round(remaining),
      acceptTimeoutSeconds: tier.acceptTimeoutSeconds,
      met,
      requirements,
    };
    if (!met)
      result.shortfall = shortfallOf(
        tier.tier,
        tier.targetSeconds,
        requirements,
        offNetworkProfiles,
      );
    return result;
  });

  return {
    incidentId: incident.id,
    incidentPriority: incident.priority,
    planId: plan.id,
    computedAt: toIso(now),
    elapsedSeconds: Math.round(elapsedSeconds),
    tiers,
    excluded,
  };
}

/** The per-profile finds as one Reach (targets and off-network profiles included). */
function joinFound(
  found: readonly (Found | undefined)[],
  pool: Pool,
  target: (profile: TravelProfile) => SnappedPoint | undefined,
): Reach {
  let total = 0;
  for (const f of found) total += f?.count ?? 0;
  const reach = emptyReach(total);
  for (const profile of TRAVEL_PROFILES) {
    const p = PROFILE_INDEX[profile];
    if (pool.perProfile[p] === 0) continue;
    reach.targets[p] = target(profile);
    if (reach.targets[p] === undefined) reach.offNetworkProfiles.push(profile);
    const f = found[p];
    if (f === undefined) continue;
    reach.unit.set(f.unit.subarray(0, f.count), reach.count);
    reach.travelSeconds.set(f.travel.subarray(0, f.count), reach.count);
    reach.etaSeconds.set(f.eta.subarray(0, f.count), reach.count);
    reach.count += f.count;
  }
  return reach;
}

interface Choice {
  /** Reach indices per tier per requirement. */
  picked: number[][][];
  alternatives: number[][][];
  /** Profiles (by PROFILE_INDEX) whose units beyond the radius could change the choice. */
  widen: boolean[];
}

/** The greedy choice of recommend over the units found within `radii` (per profile). */
function choose(
  plan: ResponsePlan,
  units: readonly Unit[],
  preempting: Uint8Array,
  reach: Reach,
  elapsedSeconds: number,
  alternativesWanted: number,
  radii: Float64Array,
  tally: ClassTally,
): Choice {
  const candUnit = reach.unit;
  const candEta = reach.etaSeconds;
  const wanted = plan.tiers.reduce(
    (n, tier) => n + tier.units.reduce((m, req) => m + req.count + alternativesWanted, 0),
    0,
  );
  const order = contenders(reach, units, preempting, wanted);
  const count = order.length;
  const used = new Uint8Array(units.length);
  const matches = (k: number, req: UnitRequirement): boolean => {
    const unit = units[candUnit[k]];
    return (
      req.kinds.includes(unit.kind) && (req.profile === undefined || req.profile === unit.profile)
    );
  };

  // Picks for every tier first, so tier 1's alternatives never take tier 2's best units.
  const picked: number[][][] = plan.tiers.map((tier) => {
    const remaining = tier.targetSeconds - elapsedSeconds;
    return tier.units.map((req) => {
      const chosen: number[] = [];
      // First available units that make the target; then the fastest of the rest, busy or not.
      for (let o = 0; o < count && chosen.length < req.count; o++) {
        const k = order[o];
        const i = candUnit[k];
        if (candEta[k] > remaining) break;
        if (!used[i] && !preempting[i] && matches(k, req)) {
          used[i] = 1;
          chosen.push(k);
        }
      }
      for (let o = 0; o < count && chosen.length < req.count; o++) {
        const k = order[o];
        const i = candUnit[k];
        if (!used[i] && matches(k, req)) {
          used[i] = 1;
          chosen.push(k);
        }
      }
      chosen.sort((a, b) => candEta[a] - candEta[b]);
      return chosen;
    });
  });
  const alternatives: number[][][] = plan.tiers.map((tier) =>
    tier.units.map((req) => {
      const chosen: number[] = [];
      for (let o = 0; o < count && chosen.length < alternativesWanted; o++) {
        const k = order[o];
        const i = candUnit[k];
        if (!used[i] && matches(k, req)) {
          used[i] = 1;
          chosen.push(k);
        }
      }
      return chosen;
    }),
  );

  // Would a unit beyond the radius have been chosen? Such a unit travels more than its
  // profile's radius, so it arrives after that radius + the least turnout of its kind and
  // profile. Each step of the greedy choice is unchanged if it was filled with units that
  // arrive before that; where a step was not, its profiles with units left out search farther.
  const seen = new Int32Array(tally.eligible.length);
  for (let k = 0; k < reach.count; k++) {
    const unit = units[candUnit[k]];
    const c = kindClass(unit.kind, unit.profile);
    if (c >= 0) seen[c]++;
  }
  const widen = [false, false, false];
  plan.tiers.forEach((tier, t) =>
    tier.units.forEach((req, r) => {
      let earliestUnseen = Infinity;
      for (const kind of req.kinds) {
        for (const profile of TRAVEL_PROFILES) {
          if (req.profile !== undefined && req.profile !== profile) continue;
          const c = kindClass(kind, profile);
          if (c >= 0 && tally.eligible[c] > seen[c]) {
            earliestUnseen = Math.min(
              earliestUnseen,
              radii[PROFILE_INDEX[profile]] + tally.minTurnout[c],
            );
          }
        }
      }
      if (earliestUnseen === Infinity) return;
      const picks = picked[t][r];
      const alts = alternatives[t][r];
      let settled = picks.length === req.count && alts.length === alternativesWanted;
      for (const k of picks) if (candEta[k] > earliestUnseen) settled = false;
      for (const k of alts) if (candEta[k] > earliestUnseen) settled = false;
      if (settled) return;
      for (const kind of req.kinds) {
        for (const profile of TRAVEL_PROFILES) {
          if (req.profile !== undefined && req.profile !== profile) continue;
          const c = kindClass(kind, profile);
          if (c >= 0 && tally.eligible[c] > seen[c]) widen[PROFILE_INDEX[profile]] = true;
        }
      }
    }),
  );
  return { picked, alternatives, widen };
}

/**
 * The found units in ETA order (ties by unit index), keeping only those the greedy choice can
 * take: it takes at most `wanted` units in all, and what a requirement may take depends only on
 * kind, profile, pre-emption and ETA; so within a group of equal (kind, profile, pre-empting),
 * a unit behind `wanted` others of its group is never taken, as all of those would be taken
 * first. Saves sorting thousands of units when a search went far.
 */
function contenders(
  reach: Reach,
  units: readonly Unit[],
  preempting: Uint8Array,
  wanted: number,
): Int32Array {
  const eta = reach.etaSeconds;
  const unitOf = reach.unit;
  const before = (a: number, b: number) => eta[a] - eta[b] || unitOf[a] - unitOf[b];
  const groups = new Map<number, number[]>();
  const kept: number[] = [];
  for (let k = 0; k < reach.count; k++) {
    const i = unitOf[k];
    const unit = units[i];
    const c = kindClass(unit.kind, unit.profile);
    if (c < 0) {
      kept.push(k);
      continue;
    }
    const g = c * 2 + preempting[i];
    let best = groups.get(g);
    if (best === undefined) groups.set(g, (best = []));
    if (best.length === wanted && before(k, best[wanted - 1]) >= 0) continue;
    // Insert in order; the group's list stays at most `wanted` long.
    let at = best.length;
    while (at > 0 && before(k, best[at - 1]) < 0) at--;
    best.splice(at, 0, k);
    if (best.length > wanted) best.pop();
  }
  for (const best of groups.values()) for (const k of best) kept.push(k);
  const order = Int32Array.from(kept);
  order.sort(before);
  return order;
}

function snappedFrom(unit: Unit, position: TrackedPosition | undefined): SnappedPoint | undefined {
  if (!position) return undefined;
  if (position.snapped?.profile === unit.profile) return position.snapped;
  return { profile: unit.profile, lon: position.lon, lat: position.lat, offRoadMetres: 0 };
}

/** One sentence per failing requirement, e.g. "needs 2 community within 60 s: 1 in time, next 95 s". */
function shortfallOf(
  tier: number,
  targetSeconds: number,
  requirements: readonly RequirementRecommendation[],
  offNetworkProfiles: readonly TravelProfile[],
): string {
  const parts = requirements
    .filter((r) => !r.met)
    .map((r) => {
      const what = `${r.requirement.count} ${r.requirement.kinds.join('/')}${r.requirement.profile ? ` (${r.requirement.profile})` : ''}`;
      const inTime = r.picks.filter((c) => c.withinTarget).length;
      if (r.picks.length === 0) return `needs ${what}: none available`;
      const late = r.picks.find((c) => !c.withinTarget);
      const tail = late ? `, next best ${late.etaSeconds} s` : `, only ${r.picks.length} available`;
      return `needs ${what} within ${targetSeconds} s: ${inTime} in time${tail}`;
    });
  const network = offNetworkProfiles.length
    ? `; incident is off the ${offNetworkProfiles.join('/')} network`
    : '';
  return `tier ${tier} ${parts.join('; ')}${network}`;
}
