import type { LonLatPair } from './road-network.ts';

/** One piece of a unit's shift: driving a road path, or standing at a place. */
export type PatrolLeg =
  | { kind: 'drive'; startMin: number; endMin: number; path: [number, number][]; metres: number }
  | {
      kind: 'dwell';
      startMin: number;
      endMin: number;
      at: LonLatPair;
      /** The hot cell visited (absent when standing at the post). */
      stop?: { cell: string; window: [number, number] };
    };

export interface UnitPlan {
  unit: string;
  zone: string;
  post: LonLatPair;
  /** Consecutive legs from the shift's start to its end, minutes from the shift start. */
  legs: PatrolLeg[];
}

export interface HotPlace {
  /** Stable id (the forecast cell). */
  cell: string;
  at: LonLatPair;
  /** Expected events per hour of the shift, index 0 = the shift's first hour. */
  perHour: number[];
}

/** Where a unit is at minute `minute` of the shift (drives interpolated along their path). */
export function positionAt(plan: UnitPlan, minute: number): LonLatPair {
  let leg = plan.legs[plan.legs.length - 1];
  for (const l of plan.legs)
    if (minute >= l.startMin && minute < l.endMin) {
      leg = l;
      break;
    }
  if (leg === undefined) return plan.post;
  if (leg.kind === 'dwell') return leg.at;
  const share = Math.min(
    1,
    Math.max(0, (minute - leg.startMin) / Math.max(leg.endMin - leg.startMin, 1e-9)),
  );
  return alongPath(leg.path, share);
}

function alongPath(path: [number, number][], share: number): LonLatPair {
  if (path.length === 1) return path[0];
  const lengths: number[] = [];
  let total = 0;
  for (let i = 1; i < path.length; i++) {
    const d = Math.hypot(path[i][0] - path[i - 1][0], path[i][1] - path[i - 1][1]);
    lengths.push(d);
    total += d;
  }
  let goal = share * total;
  for (let i = 0; i < lengths.length; i++) {
    if (goal <= lengths[i] || i === lengths.length - 1) {
      const f = lengths[i] > 0 ? Math.min(1, goal / lengths[i]) : 0;
      return [
        path[i][0] + f * (path[i + 1][0] - path[i][0]),
        path[i][1] + f * (path[i + 1][1] - path[i][1]),
      ];
    }
    goal -= lengths[i];
  }
  return path[path.length - 1];
}

/** Kilometres driven by a plan. */
export function planKm(plan: UnitPlan): number {
  return plan.legs.reduce((km, l) => km + (l.kind === 'drive' ? l.metres / 1000 : 0), 0);
}
