import type { Incident } from '../incident/incident.ts';
import type { ResponsePlan, UnitRequirement } from '../plan/response-plan.ts';
import type { Clock, SnappedPoint, TravelProfile, TravelTimes } from '../ports.ts';
import { toIso, toMs } from '../shared/time.ts';
import type { Unit, UnitKind } from '../unit/unit.ts';
import { profileWords } from '../unit/unit.ts';
import {
  PROFILE_INDEX,
  emptyExclusions,
  measureReach,
  orderByEta,
  positionOf,
  type PositionLookup,
  type TrackedPosition,
} from './measure-reach.ts';
import type {
  Candidate,
  Recommendation,
  RequirementRecommendation,
  TierRecommendation,
} from './recommendation.ts';

export type { PositionLookup, TrackedPosition } from './measure-reach.ts';

export interface RecommendOptions {
  /** Positions older than this say where a unit was, not where it is (default 120 s). */
  staleAfterSeconds?: number;
  /** Units farther than this in travel time are not considered (default 3 × the last tier's target). */
  searchLimitSeconds?: number;
  /** Next-best units kept per requirement for re-offers (default 3). */
  alternativesPerRequirement?: number;
  /** Site names for the reasons ("at 中央商场"). */
  siteNames?: ReadonlyMap<string, string>;
  /** Units not to propose (e.g. declined already). */
  excludeUnitIds?: ReadonlySet<string>;
}

/**
 * Proposes units per tier of the response plan, ranked by road ETA (travel + turnout).
 *
 * Built for a city: 50,000 units take one pass to filter and group by profile, one
 * TravelTimes.reach per profile, and one sort of the reachable ones; nothing is allocated per
 * unit except the snapped point when a position arrived without one.
 *
 * Rules: a unit appears in at most one tier (picks for all tiers first, in tier order, then
 * alternatives from what is left); within a requirement, available units that make the target
 * are taken before busy ones, and a busy unit is considered at all only when the plan allows
 * pre-emption and its current incident has a lower priority.
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
  const elapsedSeconds = Math.max(0, (now - toMs(incident.receivedAt)) / 1000);
  const staleMs = (options.staleAfterSeconds ?? 120) * 1000;
  const lastTarget = plan.tiers[plan.tiers.length - 1]?.targetSeconds ?? 300;
  const limitSeconds = options.searchLimitSeconds ?? 3 * lastTarget;
  const alternativesWanted = options.alternativesPerRequirement ?? 3;
  const excluded = emptyExclusions();

  const wantedKinds = new Set<UnitKind>();
  for (const tier of plan.tiers)
    for (const req of tier.units) for (const kind of req.kinds) wantedKinds.add(kind);

  // Pass 1: who may be proposed at all; pass 2 (measureReach): how fast they get there.
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
        if (!plan.preemptLowerPriority || !assignment || assignment.priority <= incident.priority) {
          excluded.busy++;
          continue;
        }
        preempting[i] = 1;
      }
    }
    include[i] = 1;
  }
  const reach = measureReach(
    incident.location,
    units,
    include,
    positions,
    travelTimes,
    now,
    staleMs,
    limitSeconds,
    excluded,
  );
  const count = reach.count;
  const candUnit = reach.unit;
  const candTravel = reach.travelSeconds;
  const candEta = reach.etaSeconds;
  const targets = reach.targets;
  const offNetworkProfiles = reach.offNetworkProfiles;
  const order = orderByEta(reach);

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
    const from = snappedFrom(unit, positionOf(positions, units, candUnit[k]));
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
