import { ProblemList, notFound } from '../errors.ts';
import { checkLoopOverrides, type IncidentLoopOverrides } from '../incident/incident-loop.ts';
import { PRIORITIES, type Priority } from '../incident/priority.ts';
import { TRAVEL_PROFILES, type TravelProfile } from '../ports.ts';
import { UNIT_KINDS, type UnitKind } from '../unit/unit.ts';

/** 1-3-5: 1 self-rescue on site, 2 mutual aid from neighbouring units, 3 police reinforcement. */
export type Tier = 1 | 2 | 3;

export const TIERS: readonly Tier[] = [1, 2, 3];

/** The 1-3-5 rule in seconds. */
export const TIER_TARGET_SECONDS: Readonly<Record<Tier, number>> = { 1: 60, 2: 180, 3: 300 };

/** How long a unit has to accept before the next candidate is offered. */
export const DEFAULT_ACCEPT_TIMEOUT_SECONDS: Readonly<Record<Tier, number>> = {
  1: 20,
  2: 30,
  3: 45,
};

/** "2 community units on foot": any of `kinds`, optionally only those travelling by `profile`. */
export interface UnitRequirement {
  kinds: UnitKind[];
  count: number;
  profile?: TravelProfile;
}

export interface TierPlan {
  tier: Tier;
  /** Seconds from the call to the first unit of this tier on scene. */
  targetSeconds: number;
  acceptTimeoutSeconds: number;
  units: UnitRequirement[];
}

export interface ResponsePlan {
  id: string;
  name: string;
  /** A catalogue category code, or '*' for any category. */
  categoryCode: string;
  /** Priorities the plan is for; empty = any priority. */
  priorities: Priority[];
  tiers: TierPlan[];
  /**
   * May units busy on lower-priority work be taken off it? Right for a knife attack, wrong for
   * a noise complaint.
   */
  preemptLowerPriority: boolean;
  /**
   * The closed loop's stage deadlines and escalation step for its incidents, over the priority's
   * defaults (DEFAULT_INCIDENT_LOOPS): a kind that takes longer to handle says so here.
   */
  loop?: IncidentLoopOverrides;
}

export const MAX_UNITS_PER_REQUIREMENT = 50;
/**
 * A tier's target bounds the road search of every recommendation of the plan: an hour is far
 * beyond any response promise, and an unbounded one (1e308) made each search walk the whole city.
 */
export const MAX_TIER_TARGET_SECONDS = 3600;
/** Past ten minutes an unanswered offer is no offer: the scheduler must try the next unit. */
export const MAX_ACCEPT_TIMEOUT_SECONDS = 600;

export function validateResponsePlan(plan: ResponsePlan): ResponsePlan {
  const problems = new ProblemList();
  if (!plan.id) problems.add('id', 'is required');
  if (!plan.name) problems.add('name', 'is required');
  if (!plan.categoryCode) problems.add('categoryCode', "is required ('*' for any)");
  if (
    !Array.isArray(plan.priorities) ||
    plan.priorities.some((p) => !PRIORITIES.includes(p)) ||
    new Set(plan.priorities).size !== plan.priorities.length
  ) {
    problems.add('priorities', 'must be a list of distinct priorities 1..4 (empty for any)');
  }
  if (typeof plan.preemptLowerPriority !== 'boolean')
    problems.add('preemptLowerPriority', 'must be true or false');
  if (!Array.isArray(plan.tiers) || plan.tiers.length === 0) {
    problems.add('tiers', 'need at least one tier');
  } else {
    let previousTier = 0;
    let previousTarget = 0;
    plan.tiers.forEach((tier, i) => {
      const at = `tiers[${i}]`;
      if (!TIERS.includes(tier.tier)) problems.add(`${at}.tier`, 'must be 1, 2 or 3');
      else if (tier.tier <= previousTier)
        problems.add(`${at}.tier`, 'tiers must be in increasing order, each once');
      previousTier = tier.tier;
      if (!secondsWithin(tier.targetSeconds, MAX_TIER_TARGET_SECONDS)) {
        problems.add(`${at}.targetSeconds`, secondsProblem(MAX_TIER_TARGET_SECONDS));
      } else if (tier.targetSeconds <= previousTarget) {
        // A later tier with an earlier target would be measured against a goal the earlier tier already sets.
        problems.add(`${at}.targetSeconds`, 'must be later than the previous tier');
      } else previousTarget = tier.targetSeconds;
      if (!secondsWithin(tier.acceptTimeoutSeconds, MAX_ACCEPT_TIMEOUT_SECONDS)) {
        problems.add(`${at}.acceptTimeoutSeconds`, secondsProblem(MAX_ACCEPT_TIMEOUT_SECONDS));
      }
      if (!Array.isArray(tier.units) || tier.units.length === 0) {
        problems.add(`${at}.units`, 'need at least one requirement');
        return;
      }
      tier.units.forEach((req, j) => {
        const r = `${at}.units[${j}]`;
        if (!Array.isArray(req.kinds) || req.kinds.length === 0)
          problems.add(`${r}.kinds`, 'need at least one kind');
        else if (req.kinds.some((k) => !UNIT_KINDS.includes(k) || k === 'department')) {
          // Departments get work orders, never emergency dispatches.
          problems.add(`${r}.kinds`, 'must be police, community, grid or special');
        }
        if (
          !Number.isInteger(req.count) ||
          req.count < 1 ||
          req.count > MAX_UNITS_PER_REQUIREMENT
        ) {
          problems.add(
            `${r}.count`,
            `must be a whole number from 1 to ${MAX_UNITS_PER_REQUIREMENT}`,
          );
        }
        if (req.profile !== undefined && !TRAVEL_PROFILES.includes(req.profile)) {
          problems.add(`${r}.profile`, `must be one of ${TRAVEL_PROFILES.join(', ')}`);
        }
      });
    });
  }
  checkLoopOverrides(plan.loop, 'loop', problems);
  problems.throwIfAny('response plan');
  return plan;
}

function secondsWithin(value: number, max: number): boolean {
  return Number.isFinite(value) && value > 0 && value <= max;
}

function secondsProblem(max: number): string {
  return `must be a number of seconds from 1 to ${max}`;
}

/**
 * The most specific plan for an incident: exact category and priority, then exact category for
 * any priority, then any category at that priority, then the catch-all.
 */
export function selectPlan(
  plans: readonly ResponsePlan[],
  categoryCode: string,
  priority: Priority,
): ResponsePlan {
  let best: ResponsePlan | undefined;
  let bestScore = -1;
  for (const plan of plans) {
    const categoryMatch =
      plan.categoryCode === categoryCode ? 2 : plan.categoryCode === '*' ? 0 : -1;
    const priorityMatch = plan.priorities.includes(priority)
      ? 1
      : plan.priorities.length === 0
        ? 0
        : -1;
    if (categoryMatch < 0 || priorityMatch < 0) continue;
    const score = categoryMatch + priorityMatch;
    if (score > bestScore) {
      best = plan;
      bestScore = score;
    }
  }
  if (!best)
    throw notFound('response plan for', `${categoryCode} priority ${priority}`, 'categoryCode');
  return best;
}

/** A tier with the 1-3-5 target and default accept timeout. */
export function tierPlan(
  tier: Tier,
  units: UnitRequirement[],
  targetSeconds = TIER_TARGET_SECONDS[tier],
): TierPlan {
  return { tier, targetSeconds, acceptTimeoutSeconds: DEFAULT_ACCEPT_TIMEOUT_SECONDS[tier], units };
}
