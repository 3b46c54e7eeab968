import type { Incident } from '@jiefang/contract';
import { incidentStageDueAt, TIER_AMBER_AT, toMs } from '@jiefang/core';

export { CLOSED_LOOP_STAGES, type ClosedLoopStage } from '@jiefang/core';

/** ok: plenty of time · amber: the last quarter · red: overdue · none: a stage without deadline. */
export type DeadlineState = 'ok' | 'amber' | 'red' | 'none';

export interface StageDeadline {
  state: DeadlineState;
  /** Milliseconds left until the deadline; negative once overdue; undefined without deadline. */
  leftMs?: number;
  deadlineAt?: number;
}

/**
 * Where an incident stands against its current stage's deadline: the incident's own loop (core
 * incident-loop, from its plan by priority and kind), the same numbers the server escalates by.
 */
export function stageDeadline(
  incident: Pick<Incident, 'workflow' | 'priority' | 'loop'>,
  now: number,
): StageDeadline {
  const deadlineAt = incidentStageDueAt(incident);
  if (deadlineAt === undefined) return { state: 'none' };
  const entered = toMs(incident.workflow.enteredAt);
  const leftMs = deadlineAt - now;
  const elapsed = (now - entered) / (deadlineAt - entered);
  // Amber in the last quarter, as the 1-3-5 timers turn (core's TIER_AMBER_AT).
  const state: DeadlineState = leftMs < 0 ? 'red' : elapsed >= TIER_AMBER_AT ? 'amber' : 'ok';
  return { state, leftMs, deadlineAt };
}

/** Most urgent first: overdue longest, then least time left, then stages without deadline. */
export function byDeadline(a: StageDeadline, b: StageDeadline): number {
  const left = (d: StageDeadline) => (d.leftMs === undefined ? Infinity : d.leftMs);
  return left(a) - left(b);
}
