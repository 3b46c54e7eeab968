import type { Incident, Tier } from '@jiefang/contract';
import { DEFAULT_RESPONSE_PLANS, selectPlan } from '@jiefang/core';

/**
 * The 1-3-5 clocks on the console are counted in the browser every second with core's rule
 * (tierTimersOf, the one behind the server's GET /incidents/{id}/timers), so the two never
 * disagree by more than a tick; this file only finds the targets the clocks run against.
 *
 * The clocks an incident runs are the tiers of its response plan with the plan's targets (a P3
 * plan with two tiers at 300/900 s shows exactly those two). The recommendation names the plan
 * the server chose; until it has loaded (and in the queue) core's plan selection over the
 * built-in plans stands in.
 */
export function planTargets(
  incident: Pick<Incident, 'categoryCode' | 'priority'>,
  planTiers?: readonly { tier: Tier; targetSeconds: number }[],
): Partial<Record<Tier, number>> {
  const tiers =
    planTiers ?? selectPlan(DEFAULT_RESPONSE_PLANS, incident.categoryCode, incident.priority).tiers;
  const targets: Partial<Record<Tier, number>> = {};
  for (const t of tiers) targets[t.tier] = t.targetSeconds;
  return targets;
}
