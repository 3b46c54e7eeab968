import type { ProblemList } from '../errors.ts';
import {
  closedLoopDefinition,
  TIMED_STAGES,
  type StageDeadlines,
  type WorkflowDefinition,
} from '../workflow/workflow.ts';
import type { CaseKind } from './case.ts';

const HOUR = 3600;
const DAY = 86_400;

/**
 * Defaults modelled on municipal hotline practice: a department signs for a work order within
 * hours and handles it within days; a dispute needs days to bring the parties together; a
 * hazard's rectification takes a week; a grid worker's report is small and quick.
 */
export const DEFAULT_CASE_DEADLINES: Readonly<Record<CaseKind, StageDeadlines>> = {
  work_order: { analyse: 2 * HOUR, assign: 4 * HOUR, handle: 3 * DAY, supervise: 2 * DAY },
  mediation: { analyse: DAY, assign: DAY, handle: 15 * DAY, supervise: 3 * DAY },
  hazard: { analyse: 4 * HOUR, assign: 8 * HOUR, handle: 7 * DAY, supervise: 2 * DAY },
  grid_report: { analyse: HOUR, assign: 2 * HOUR, handle: DAY, supervise: DAY },
};

export type DeadlineOverrides = Partial<Record<CaseKind, Partial<StageDeadlines>>>;

/**
 * The deadlines a new case of `kind` gets: the defaults, overridden by each org's settings from
 * the root down, so a district can tighten what the city allows and a station tighten it again.
 * `overridesRootFirst` lists the settings of the case's org chain, root first.
 */
export function deadlinesFor(
  kind: CaseKind,
  overridesRootFirst: readonly (DeadlineOverrides | undefined)[],
): StageDeadlines {
  let deadlines = { ...DEFAULT_CASE_DEADLINES[kind] };
  for (const overrides of overridesRootFirst) {
    const own = overrides?.[kind];
    if (own) deadlines = { ...deadlines, ...own };
  }
  return deadlines;
}

export function checkDeadlineOverrides(
  overrides: unknown,
  field: string,
  problems: ProblemList,
): void {
  if (overrides === undefined) return;
  if (typeof overrides !== 'object' || overrides === null) {
    problems.add(field, 'must be an object of kinds');
    return;
  }
  for (const [kind, stages] of Object.entries(overrides)) {
    if (!(kind in DEFAULT_CASE_DEADLINES)) {
      problems.add(`${field}.${kind}`, 'is not a case kind');
      continue;
    }
    if (typeof stages !== 'object' || stages === null) {
      problems.add(`${field}.${kind}`, 'must be an object of stages');
      continue;
    }
    for (const [stage, seconds] of Object.entries(stages)) {
      if (!(TIMED_STAGES as readonly string[]).includes(stage))
        problems.add(`${field}.${kind}.${stage}`, 'is not a timed stage');
      else if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0)
        problems.add(`${field}.${kind}.${stage}`, 'must be a positive number of seconds');
    }
  }
}

/**
 * The closed loop of a case, built from the case's own deadlines. On top of the general loop:
 * a department may return a case it was assigned (assign → analyse, to be routed again), and a
 * closed case may be reopened (close → handle) when the reporter was not satisfied.
 */
export function caseWorkflow(kind: CaseKind, deadlines: StageDeadlines): WorkflowDefinition {
  const loop = closedLoopDefinition(`case.${kind}`, 'case', deadlines);
  return {
    ...loop,
    transitions: {
      ...loop.transitions,
      assign: [...(loop.transitions.assign ?? []), 'analyse'],
      handle: [...(loop.transitions.handle ?? []), 'analyse'],
      close: [...(loop.transitions.close ?? []), 'handle'],
    },
  };
}
