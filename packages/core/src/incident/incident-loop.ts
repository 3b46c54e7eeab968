import type { ProblemList } from '../errors.ts';
import type { OrgTree } from '../org/org-tree.ts';
import { toMs } from '../shared/time.ts';
import {
  closedLoopDefinition,
  escalationChain,
  overdue,
  stageOf,
  TIMED_STAGES,
  type Escalation,
  type StageDeadlines,
  type WorkflowDefinition,
} from '../workflow/workflow.ts';
import type { Incident } from './incident.ts';
import type { Priority } from './priority.ts';

/**
 * How an incident runs the closed loop 研交办督结: the time each stage may take and, once one is
 * overdue, how often the escalation climbs a level of the org tree. Fixed on the incident when it
 * is created (and again when it is reprioritised), from its response plan: an edit of the plan
 * does not move the clocks of open incidents, and the server and the console read the same numbers.
 */
export interface IncidentLoop {
  deadlines: StageDeadlines;
  escalateEverySeconds: number;
}

/** A response plan's changes to its priority's loop (any field may be left out). */
export interface IncidentLoopOverrides {
  deadlines?: Partial<StageDeadlines>;
  escalateEverySeconds?: number;
}

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/**
 * Defaults per priority. Analyse and assign track the 1-3-5 tiers of the priority's plan (a P3's
 * first tier is due at 300 s, its second at 900 s, so its stage clocks never run out before its
 * tier clocks do); handling a life-threatening incident is watched within the hour, a
 * non-urgent one within the day; escalation climbs every 5 minutes for a P1 and every hour for a P4.
 */
export const DEFAULT_INCIDENT_LOOPS: Readonly<Record<Priority, IncidentLoop>> = {
  1: {
    deadlines: { analyse: MINUTE, assign: 2 * MINUTE, handle: HOUR, supervise: DAY },
    escalateEverySeconds: 5 * MINUTE,
  },
  2: {
    deadlines: { analyse: 2 * MINUTE, assign: 5 * MINUTE, handle: 2 * HOUR, supervise: DAY },
    escalateEverySeconds: 10 * MINUTE,
  },
  3: {
    deadlines: { analyse: 5 * MINUTE, assign: 15 * MINUTE, handle: 4 * HOUR, supervise: 2 * DAY },
    escalateEverySeconds: 30 * MINUTE,
  },
  4: {
    deadlines: { analyse: 15 * MINUTE, assign: HOUR, handle: DAY, supervise: 3 * DAY },
    escalateEverySeconds: HOUR,
  },
};

/** A loop stage may last at most 30 days; past that a deadline means nothing. */
export const MAX_LOOP_SECONDS = 30 * DAY;

/** The loop of an incident of this priority under a plan's overrides (if any). */
export function incidentLoopFor(
  priority: Priority,
  overrides: IncidentLoopOverrides | undefined,
): IncidentLoop {
  const base = DEFAULT_INCIDENT_LOOPS[priority];
  return {
    deadlines: { ...base.deadlines, ...overrides?.deadlines },
    escalateEverySeconds: overrides?.escalateEverySeconds ?? base.escalateEverySeconds,
  };
}

/** Checks a plan's loop overrides, naming each bad field under `field`. */
export function checkLoopOverrides(
  overrides: IncidentLoopOverrides | undefined,
  field: string,
  problems: ProblemList,
): void {
  if (overrides === undefined) return;
  if (typeof overrides !== 'object' || overrides === null) {
    problems.add(field, 'must be an object');
    return;
  }
  const seconds = (value: unknown, at: string) => {
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value <= 0 ||
      value > MAX_LOOP_SECONDS
    )
      problems.add(at, `must be a number of seconds from 1 to ${MAX_LOOP_SECONDS}`);
  };
  if (overrides.escalateEverySeconds !== undefined)
    seconds(overrides.escalateEverySeconds, `${field}.escalateEverySeconds`);
  const deadlines = overrides.deadlines;
  if (deadlines === undefined) return;
  if (typeof deadlines !== 'object' || deadlines === null) {
    problems.add(`${field}.deadlines`, 'must be an object of stages');
    return;
  }
  for (const [stage, value] of Object.entries(deadlines)) {
    if (!(TIMED_STAGES as readonly string[]).includes(stage))
      problems.add(`${field}.deadlines.${stage}`, 'is not a timed stage');
    else seconds(value, `${field}.deadlines.${stage}`);
  }
}

/** The loop an incident runs: its own, or (stored before loops were recorded) its priority's. */
export function loopOf(incident: Pick<Incident, 'priority' | 'loop'>): IncidentLoop {
  return incident.loop ?? DEFAULT_INCIDENT_LOOPS[incident.priority];
}

/** The closed-loop definition an incident is decided with (its own deadlines and escalation step). */
export function incidentWorkflow(loop: IncidentLoop): WorkflowDefinition {
  return closedLoopDefinition('incident', 'incident', loop.deadlines, loop.escalateEverySeconds);
}

/** When the incident's current stage is due (ms), or undefined for a stage without a deadline. */
export function incidentStageDueAt(
  incident: Pick<Incident, 'priority' | 'loop' | 'workflow'>,
): number | undefined {
  const seconds = stageOf(
    incidentWorkflow(loopOf(incident)),
    incident.workflow.stage,
  ).deadlineSeconds;
  return seconds === undefined ? undefined : toMs(incident.workflow.enteredAt) + seconds * 1000;
}

/**
 * The escalation an open incident owes now, if any, addressed to an org: level 1 the incident's
 * own org, each further level the next org up, never past the root (core escalationChain). The
 * scheduler asks this before appending anything; decideIncident raises exactly what it returns.
 */
export function incidentEscalationsOwed(
  incident: Incident,
  orgTree: OrgTree | undefined,
  now: number,
): { type: string; payload: Escalation & { incidentId: string; toOrgId: string } }[] {
  const chain = orgTree ? escalationChain(orgTree, incident.orgId) : [incident.orgId];
  return overdue(incidentWorkflow(loopOf(incident)), incident.workflow, now, chain.length).map(
    (event) => {
      const escalation = event.payload as Escalation;
      return {
        type: event.type,
        payload: { incidentId: incident.id, ...escalation, toOrgId: chain[escalation.level - 1] },
      };
    },
  );
}
