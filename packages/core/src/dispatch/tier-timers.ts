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

/** Fraction of the target at which a running timer turns amber. */
export const TIER_AMBER_AT = 0.75;

/** A unit of a tier on scene: what stops the clocks it serves. */
export interface TierArrival {
  tier: Tier;
  /** ISO time the unit was on scene. */
  onSceneAt: string;
  unitId?: string;
}

/** The arrivals among an incident's dispatches: every one with an on-scene time. */
export function arrivalsOf(
  dispatches: Iterable<Pick<Dispatch, 'incidentId' | 'tier' | 'unitId' | 'times'>>,
  incidentId: string,
): TierArrival[] {
  const arrivals: TierArrival[] = [];
  for (const d of dispatches) {
    if (d.incidentId === incidentId && d.times.on_scene)
      arrivals.push({ tier: d.tier, onSceneAt: d.times.on_scene, unitId: d.unitId });
  }
  return arrivals;
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
  return tierTimersOf(incident, arrivalsOf(dispatches, incident.id), now, options);
}

/**
 * tierTimers from the arrivals alone: the browser counts the clocks every second from what its
 * live store and the dispatch records tell it, with the same rule as the server's timers route.
 * A running clock shows whole seconds gone (a stopwatch: 59.6 s is 0:59, still amber, not red).
 */
export function tierTimersOf(
  incident: Pick<Incident, 'receivedAt' | 'status' | 'closedAt' | 'createdAt'>,
  arrivals: readonly TierArrival[],
  now: number,
  options: TierTimerOptions = {},
): TierTimer[] {
  const targets = options.targets ?? TIER_TARGET_SECONDS;
  const amberAt = options.amberAt ?? TIER_AMBER_AT;
  const start = toMs(incident.receivedAt);
  const open = incident.status === 'open';
  const end = open ? now : toMs(incident.closedAt ?? incident.createdAt);
  const timers: TierTimer[] = [];
  for (const tier of [1, 2, 3] as const) {
    const targetSeconds = targets[tier];
    if (targetSeconds === undefined) continue;
    let first: TierArrival | undefined;
    let firstAt = Infinity;
    for (const a of arrivals) {
      const at = toMs(a.onSceneAt);
      if (a.tier >= tier && at < firstAt) {
        first = a;
        firstAt = at;
      }
    }
    if (first) {
      timers.push({
        tier,
        targetSeconds,
        elapsedSeconds: Math.max(0, Math.round((firstAt - start) / 1000)),
        state: firstAt - start <= targetSeconds * 1000 ? 'met' : 'missed',
        firstOnSceneAt: first.onSceneAt,
        ...(first.unitId !== undefined ? { firstOnSceneUnitId: first.unitId } : {}),
      });
      continue;
    }
    const elapsedMs = Math.max(0, end - start);
    timers.push({
      tier,
      targetSeconds,
      elapsedSeconds: Math.floor(elapsedMs / 1000),
      state: waitingTimerState(elapsedMs / 1000, targetSeconds, open, amberAt),
    });
  }
  return timers;
}

/** The colour of a clock still waiting for its first arrival. */
export function waitingTimerState(
  elapsedSeconds: number,
  targetSeconds: number,
  open = true,
  amberAt = TIER_AMBER_AT,
): TimerState {
  if (!open) return 'missed';
  if (elapsedSeconds >= targetSeconds) return 'red';
  if (elapsedSeconds >= targetSeconds * amberAt) return 'amber';
  return 'ok';
}

const SEVERITY: Record<TimerState, number> = { met: 0, ok: 1, amber: 2, missed: 3, red: 4 };

/** The state a list shows for an incident: its most pressing clock (red over missed over amber). */
export function mostPressingTimerState(timers: readonly Pick<TierTimer, 'state'>[]): TimerState {
  let worst: TimerState = 'met';
  for (const timer of timers) if (SEVERITY[timer.state] > SEVERITY[worst]) worst = timer.state;
  return worst;
}
