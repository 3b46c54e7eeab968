import type { Priority, UnitKind } from '@jiefang/core';
import type { Rng } from './rng.ts';

/**
 * How long responders take, as assumptions (see README.md, "Delays"):
 *
 * - **Intake** (call received → units alerted): a fixed 15 s by default for every policy: the
 *   call taker places the caller and sends the recommendation with one key. Traditional CAD
 *   call processing is often 60 s or more; it is kept equal here so that the policies differ
 *   only in whom they send.
 * - **Accept** (alert → "accepted" on the phone or radio): log-normal, median 12 s for a
 *   community unit standing at its post, 15 s for a grid worker or a patrol car crew, 30 s for
 *   a special unit; spread σ = 0.5 in log space, clamped to [3 s, 90 s].
 * - **Moving**: a unit starts travelling at max(accept, turnout) after the alert, with the
 *   unit kind's turnout from core (police car 30 s, community 10 s, grid 20 s): the crew gets
 *   ready while it answers. NFPA 1710's 60–80 s turnout for fire and EMS is the outer anchor.
 * - **On scene**: log-normal, σ = 0.5, clamped to [3 min, 3 h]; medians for police by priority
 *   45 / 30 / 20 / 15 min (P1…P4: US patrol studies put the mean time a call for service takes
 *   at roughly half an hour), community units and grid workers 20 min on a priority-1 incident
 *   and 12 min otherwise (they secure the scene and hand over).
 * - No unit declines in the evaluation (the live simulator can let a few decline).
 */
export interface ResponseTimings {
  intakeSeconds: number;
  acceptSeconds(kind: UnitKind, rng: Rng): number;
  onSceneSeconds(kind: UnitKind, priority: Priority, rng: Rng): number;
}

const ACCEPT_MEDIAN_S: Record<UnitKind, number> = {
  community: 12,
  grid: 15,
  police: 15,
  special: 30,
  department: 60,
};

const POLICE_ON_SCENE_MIN: Record<Priority, number> = { 1: 45, 2: 30, 3: 20, 4: 15 };

const clamp = (x: number, low: number, high: number) => Math.min(high, Math.max(low, x));

export function defaultTimings(intakeSeconds = 15): ResponseTimings {
  return {
    intakeSeconds,
    acceptSeconds: (kind, rng) => clamp(rng.logNormal(ACCEPT_MEDIAN_S[kind], 0.5), 3, 90),
    onSceneSeconds: (kind, priority, rng) => {
      const medianMinutes =
        kind === 'police' || kind === 'special'
          ? POLICE_ON_SCENE_MIN[priority]
          : priority === 1
            ? 20
            : 12;
      return clamp(rng.logNormal(medianMinutes * 60, 0.5), 180, 3 * 3600);
    },
  };
}
