import type { Incident } from '@jiefang/contract';

export const CLOSED_LOOP_STAGES = ['analyse', 'assign', 'handle', 'supervise', 'close'] as const;
export type ClosedLoopStage = (typeof CLOSED_LOOP_STAGES)[number];

/**
 * The incident workflow's stage deadlines (core INCIDENT_WORKFLOW): used until the server's
 * figures (GET /stats/today, `open.stages[].deadlineSeconds`) have arrived.
 */
export const DEFAULT_STAGE_DEADLINES: Readonly<Record<string, number | null>> = {
  analyse: 60,
  assign: 120,
  handle: 3600,
  supervise: 86_400,
  close: null,
};

/** ok: plenty of time · amber: the last quarter · red: overdue · none: a stage without deadline. */
export type DeadlineState = 'ok' | 'amber' | 'red' | 'none';

export interface StageDeadline {
  state: DeadlineState;
  /** Milliseconds left until the deadline; negative once overdue; undefined without deadline. */
  leftMs?: number;
  deadlineAt?: number;
}

/** Share of the stage's time after which a deadline turns amber (as the 1-3-5 timers do). */
export const AMBER_AT = 0.75;

/** Where an incident stands against its current stage's deadline. */
export function stageDeadline(
  incident: Pick<Incident, 'workflow'>,
  deadlines: Readonly<Record<string, number | null>>,
  now: number,
): StageDeadline {
  const seconds = deadlines[incident.workflow.stage];
  if (seconds === undefined || seconds === null) return { state: 'none' };
  const entered = Date.parse(incident.workflow.enteredAt);
  const deadlineAt = entered + seconds * 1000;
  const leftMs = deadlineAt - now;
  const elapsed = (now - entered) / (seconds * 1000);
  const state: DeadlineState = leftMs < 0 ? 'red' : elapsed >= AMBER_AT ? 'amber' : 'ok';
  return { state, leftMs, deadlineAt };
}

/** Most urgent first: overdue longest, then least time left, then stages without deadline. */
export function byDeadline(a: StageDeadline, b: StageDeadline): number {
  const left = (d: StageDeadline) => (d.leftMs === undefined ? Infinity : d.leftMs);
  return left(a) - left(b);
}

/** Deadlines from the server's figures where given, the defaults otherwise. */
export function deadlinesFrom(
  stages: readonly { stage: string; deadlineSeconds: number | null }[] | undefined,
): Readonly<Record<string, number | null>> {
  if (!stages) return DEFAULT_STAGE_DEADLINES;
  const merged: Record<string, number | null> = { ...DEFAULT_STAGE_DEADLINES };
  for (const s of stages) merged[s.stage] = s.deadlineSeconds;
  return merged;
}
