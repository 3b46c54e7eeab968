import {
  DEFAULT_RESPONSE_PLANS,
  DomainError,
  DomainErrorCode,
  selectPlan,
  type Incident,
  type ResponsePlan,
  type StoredResponsePlan,
} from '@jiefang/core';
import type { World } from '../world/world.ts';

/**
 * The plan for an incident: stored, non-retired plans of the incident's org or one of its
 * ancestors, the nearest org's first (a station's own plan beats the city's); core's 1-3-5
 * defaults when none is stored or none matches. The recommendation takes its tiers from it,
 * a new incident its closed-loop deadlines.
 */
export function planForIncident(
  world: World,
  incident: Pick<Incident, 'orgId' | 'categoryCode' | 'priority'>,
): ResponsePlan {
  const tree = world.orgTree;
  const byDepth = new Map<number, StoredResponsePlan[]>();
  for (const { value: plan, orgId } of world.plans.values()) {
    if (plan.retired || (orgId && tree.has(orgId) && !tree.isWithin(incident.orgId, orgId))) {
      continue;
    }
    const depth = orgId && tree.has(orgId) ? tree.ancestors(orgId).length : 0;
    byDepth.set(depth, [...(byDepth.get(depth) ?? []), plan]);
  }
  for (const depth of [...byDepth.keys()].sort((a, b) => b - a)) {
    try {
      return selectPlan(byDepth.get(depth)!, incident.categoryCode, incident.priority);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === DomainErrorCode.NOT_FOUND)) throw error;
    }
  }
  return selectPlan(DEFAULT_RESPONSE_PLANS, incident.categoryCode, incident.priority);
}
