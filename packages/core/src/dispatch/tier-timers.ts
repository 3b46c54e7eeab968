import type { Incident } from '../incident/incident.ts';
import { TIER_TARGET_SECONDS, type Tier } from '../plan/response-plan.ts';
import { toMs } from '../shared/time.ts';
import type { Dispatch } from './dispatch.ts';

/**
 * ok / amber / red while waiting (red = past the target, still nobody of the tier on scene);
 * met / missed once decided (arrival within / after the target, or the incident ended first).
 */
export type TimerState = 'ok' | 'amber' | 'red' | 'met' | 'missed';

export interface TierTimer {
  tier: Tier;
  targetSeconds: number;
  /** Since the call, up to the first arrival (or now, or the end of the incident). */
  elapsedSeconds: number;
  state: TimerState;
  firstOnSceneAt?: string;
  firstOnSceneUnitId?: string;
}

export interface TierTimerOptions {
  /** Tier → target seconds; the tiers of the incident's plan (default 1-3-5). */
  targets?: Partial<Record<Tier, number>>;
  /** Fraction of the target after which a running timer turns amber (default 0.75). */
  amberAt?: number;
}

/**
 * The 1-3-5 clocks of one incident, all started at the call. A tier is served by the first
 * arrival of a unit dispatched at that tier or a higher one: police reinforcement arriving
 * within the first minute does put someone on scene for tier 1.
 */
export function tierTimers(
  incident: Incident,
  dispatches: readonly Dispatch[],
  now: number,
  options: TierTimerOptions = {},
): TierTimer[] {
  const targets = options.targets ?? TIER_TARGET_SECONDS;
  const amberAt = options.amberAt ?? 0.75;
  const start = toMs(incident.receivedAt);
  const end = incident.status === 'open' ? now : toMs(incident.closedAt ?? incident.createdAt);
  const ownDispatches = dispatches.filter((d) => d.incidentId === incident.id && d.times.on_scene);
  const timers: TierTimer[] = [];
  for (const tier of [1, 2, 3] as const) {
    const targetSeconds = targets[tier];
    if (targetSeconds === undefined) continue;
    let first: Dispatch | undefined;
    let firstAt = Infinity;
    for (const d of ownDispatches) {
      const at = toMs(d.times.on_scene!);
      if (d.tier >= tier && at < firstAt) {
        first = d;
        firstAt = at;
      }
    }
    if (first) {
      const elapsedSeconds = Math.round((firstAt - start) / 1000);
      timers.push({
        tier,
        targetSeconds,
        elapsedSeconds,
        state: firstAt - start <= targetSeconds * 1000 ? 'met' : 'missed',
        firstOnSceneAt: first.times.on_scene,
        firstOnSceneUnitId: first.unitId,
      });
      continue;
    }
    const elapsedMs = Math.max(0, end - start);
    const fraction = elapsedMs / (targetSeconds * 1000);
    const state: TimerState =
      incident.status !== 'open'
        ? 'missed'
        : fraction >= 1
          ? 'red'
          : fraction >= amberAt
            ? 'amber'
            : 'ok';
    timers.push({ tier, targetSeconds, elapsedSeconds: Math.round(elapsedMs / 1000), state });
  }
  return timers;
}
