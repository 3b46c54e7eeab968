import { latencyPercentile } from '@jiefang/core/latency-percentiles';
import type { Priority, TravelProfile, UnitKind, UnitRequirement } from '@jiefang/core';

/** A unit on scene, seconds after the call. */
export interface Arrival {
  unitId: string;
  kind: UnitKind;
  profile: TravelProfile;
  afterSeconds: number;
}

/** What happened to one incident under one policy. */
export interface IncidentOutcome {
  id: string;
  priority: Priority;
  planId: string;
  /**
   * What the incident's plan wants on scene by the 180 s mark: the requirements of its tiers 1
   * and 2 together (self-rescue plus mutual aid), leaving out kinds the fleet does not have.
   */
  needsBy180: UnitRequirement[];
  /** Every arrival, in time order. */
  arrivals: Arrival[];
}

/** The figures of one policy, as printed by eval:dispatch. */
export interface PolicyMetrics {
  first_on_scene_p50_s: number | null;
  first_on_scene_p90_s: number | null;
  police_on_scene_p90_s: number | null;
  met_60: number;
  met_180: number;
  met_300: number;
  utilisation: number;
  unserved_300: number;
}

/**
 * Nearest-rank percentile over all incidents, the never-served ones counting as infinitely
 * late; null when the percentile falls on one of those (or there are no incidents).
 */
export function percentile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const finite = values.filter((v) => Number.isFinite(v));
  const rank = Math.max(1, Math.ceil(q * values.length));
  if (rank > finite.length) return null;
  // The rank falls among the finite values (the infinite ones sort last): the same nearest-rank
  // percentile over those, through core's one percentile implementation.
  return Math.round(latencyPercentile(finite, rank / finite.length));
}

export function firstOnScene(outcome: IncidentOutcome, kind?: UnitKind): number {
  let first = Infinity;
  for (const a of outcome.arrivals) {
    if ((kind === undefined || a.kind === kind) && a.afterSeconds < first) first = a.afterSeconds;
  }
  return first;
}

/**
 * Can the units on scene within `bySeconds` fill every slot of the requirements at once (each
 * unit one slot of a kind and profile it matches)? A small bipartite matching (Kuhn).
 */
export function needsMet(
  needs: readonly UnitRequirement[],
  arrivals: readonly Arrival[],
  bySeconds: number,
): boolean {
  const slots: UnitRequirement[] = [];
  for (const req of needs) for (let i = 0; i < req.count; i++) slots.push(req);
  if (slots.length === 0) return true;
  const units = arrivals.filter((a) => a.afterSeconds <= bySeconds);
  if (units.length < slots.length) return false;
  const fits = (u: Arrival, s: UnitRequirement) =>
    s.kinds.includes(u.kind) && (s.profile === undefined || s.profile === u.profile);
  const slotOfUnit = new Int32Array(units.length).fill(-1);
  const unitOfSlot = new Int32Array(slots.length).fill(-1);
  const tryFill = (s: number, seen: Uint8Array): boolean => {
    for (let u = 0; u < units.length; u++) {
      if (seen[u] || !fits(units[u], slots[s])) continue;
      seen[u] = 1;
      if (slotOfUnit[u] < 0 || tryFill(slotOfUnit[u], seen)) {
        slotOfUnit[u] = s;
        unitOfSlot[s] = u;
        return true;
      }
    }
    return false;
  };
  for (let s = 0; s < slots.length; s++) {
    if (!tryFill(s, new Uint8Array(units.length))) return false;
  }
  return true;
}

const share = (count: number, total: number) =>
  total > 0 ? Math.round((count / total) * 10000) / 10000 : 0;

/**
 * The figures: first on scene p50/p90 and police on scene p90 (seconds from the call);
 * met_60 = someone on scene within 60 s; met_180 = the plan's tier-1 and tier-2 needs on scene
 * within 180 s; met_300 = police on scene within 300 s; unserved_300 = nobody within 300 s;
 * utilisation = busy unit-seconds (notified, travelling or on scene) over fleet × duration.
 */
export function computeMetrics(
  outcomes: readonly IncidentOutcome[],
  utilisation: number,
): PolicyMetrics {
  const first = outcomes.map((o) => firstOnScene(o));
  const police = outcomes.map((o) => firstOnScene(o, 'police'));
  const n = outcomes.length;
  return {
    first_on_scene_p50_s: percentile(first, 0.5),
    first_on_scene_p90_s: percentile(first, 0.9),
    police_on_scene_p90_s: percentile(police, 0.9),
    met_60: share(first.filter((s) => s <= 60).length, n),
    met_180: share(outcomes.filter((o) => needsMet(o.needsBy180, o.arrivals, 180)).length, n),
    met_300: share(police.filter((s) => s <= 300).length, n),
    utilisation: Math.round(utilisation * 10000) / 10000,
    unserved_300: share(first.filter((s) => !(s <= 300)).length, n),
  };
}
