import type { Dispatch, Incident, Tier } from '@jiefang/contract';
import { DEFAULT_RESPONSE_PLANS, selectPlan, TIERS } from '@jiefang/core';

/**
 * The 1-3-5 clocks on the console, counted in the browser every second from the incident's
 * receivedAt and the dispatches' on-scene times — the same rules as the server's
 * GET /incidents/{id}/timers (core tier-timers.ts), so the two never disagree by more than a tick.
 *
 * ok → amber at 75 % of the target → red past it, while nobody of the tier is on scene;
 * met / missed once the first unit of that tier (or a higher one) arrives.
 */
export type TimerState = 'ok' | 'amber' | 'red' | 'met' | 'missed';

/** Fraction of the target at which a running clock turns amber. */
export const AMBER_AT = 0.75;

export { TIERS };

/**
 * The clocks an incident runs: the tiers of its response plan with the plan's targets (a P3
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

export interface Arrival {
  tier: Tier;
  /** ISO time the unit was on scene. */
  onSceneAt: string;
  unitId?: string;
}

export interface TierClock {
  tier: Tier;
  targetSeconds: number;
  elapsedSeconds: number;
  state: TimerState;
  firstOnSceneUnitId?: string;
}

/** The arrivals among dispatches (any status that has an on-scene time). */
export function arrivalsOf(dispatches: Iterable<Dispatch>, incidentId: string): Arrival[] {
  const arrivals: Arrival[] = [];
  for (const d of dispatches) {
    if (d.incidentId === incidentId && d.times.on_scene) {
      arrivals.push({ tier: d.tier, onSceneAt: d.times.on_scene, unitId: d.unitId });
    }
  }
  return arrivals;
}

export function tierClocks(
  incident: Pick<Incident, 'receivedAt' | 'status' | 'closedAt'>,
  arrivals: readonly Arrival[],
  now: number,
  targets: Partial<Record<Tier, number>>,
): TierClock[] {
  const start = Date.parse(incident.receivedAt);
  const open = incident.status === 'open';
  const end = open ? now : Date.parse(incident.closedAt ?? incident.receivedAt);
  return TIERS.filter((tier) => targets[tier] !== undefined).map((tier) => {
    const targetSeconds = targets[tier]!;
    let first: Arrival | undefined;
    let firstAt = Infinity;
    for (const a of arrivals) {
      const at = Date.parse(a.onSceneAt);
      // A unit of a higher tier arriving first serves the lower tiers too (core's rule).
      if (a.tier >= tier && at < firstAt) {
        first = a;
        firstAt = at;
      }
    }
    if (first) {
      return {
        tier,
        targetSeconds,
        elapsedSeconds: Math.max(0, Math.round((firstAt - start) / 1000)),
        state: firstAt - start <= targetSeconds * 1000 ? 'met' : 'missed',
        firstOnSceneUnitId: first.unitId,
      };
    }
    const elapsedMs = Math.max(0, end - start);
    return {
      tier,
      targetSeconds,
      elapsedSeconds: Math.floor(elapsedMs / 1000),
      state: timerState(elapsedMs / 1000, targetSeconds, open),
    };
  });
}

/** The colour of a clock still waiting for its first arrival. */
export function timerState(elapsedSeconds: number, targetSeconds: number, open = true): TimerState {
  if (!open) return 'missed';
  if (elapsedSeconds >= targetSeconds) return 'red';
  if (elapsedSeconds >= targetSeconds * AMBER_AT) return 'amber';
  return 'ok';
}

const SEVERITY: Record<TimerState, number> = { met: 0, ok: 1, amber: 2, missed: 3, red: 4 };

/** The state the queue shows for an incident: its most pressing clock. */
export function worstState(clocks: readonly TierClock[]): TimerState {
  let worst: TimerState = 'met';
  for (const clock of clocks) if (SEVERITY[clock.state] > SEVERITY[worst]) worst = clock.state;
  return worst;
}
