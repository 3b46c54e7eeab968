import type { Priority } from '../incident/priority.ts';
import type { Tier, UnitRequirement } from '../plan/response-plan.ts';
import type { TravelProfile } from '../ports.ts';
import type { UnitAssignment, UnitKind } from '../unit/unit.ts';
import type { LocalNames } from '../shared/local-names.ts';

/** One unit proposed for an incident, with why. */
export interface Candidate {
  unitId: string;
  unitName: string;
  /** The unit's call sign in each console language, when it has them. */
  unitLocalNames?: LocalNames;
  kind: UnitKind;
  profile: TravelProfile;
  /** travelSeconds + turnoutSeconds: what the dispatcher compares units by. */
  etaSeconds: number;
  travelSeconds: number;
  turnoutSeconds: number;
  /** Road distance, when the routing engine tells it. */
  distanceMetres?: number;
  /** Arrives within what is left of the tier's target. */
  withinTarget: boolean;
  /** Set when the unit is busy on lower-priority work and would be taken off it. */
  preempts?: UnitAssignment;
  /** One line for the dispatcher: "community unit at 中央商场, 45 s on foot + 10 s turnout". */
  reason: string;
}

export interface RequirementRecommendation {
  requirement: UnitRequirement;
  /** The units to dispatch now (up to requirement.count), best first. */
  picks: Candidate[];
  /** Next best, offered in order when a pick declines or does not answer. */
  alternatives: Candidate[];
  met: boolean;
}

export interface TierRecommendation {
  tier: Tier;
  targetSeconds: number;
  /** Target minus time already gone since the call: what an ETA must beat now. */
  remainingSeconds: number;
  acceptTimeoutSeconds: number;
  met: boolean;
  /** Why the tier cannot meet its target; the best available units are still offered. */
  shortfall?: string;
  requirements: RequirementRecommendation[];
}

/** Why eligible-kind units were left out, so "why is nobody recommended?" has an answer. */
export interface ExclusionCounts {
  offDuty: number;
  outOfService: number;
  busy: number;
  alreadyAssigned: number;
  noPosition: number;
  stalePosition: number;
  offNetwork: number;
  unreachable: number;
}

export interface Recommendation {
  incidentId: string;
  incidentPriority: Priority;
  planId: string;
  computedAt: string;
  elapsedSeconds: number;
  tiers: TierRecommendation[];
  excluded: ExclusionCounts;
}
