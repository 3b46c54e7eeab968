import type { NewEvent } from '../event-store.ts';
import {
  DomainError,
  DomainErrorCode,
  ProblemList,
  illegalTransition,
  notFound,
} from '../errors.ts';
import type { OrgTree } from '../org/org-tree.ts';
import { toIso, toMs } from '../shared/time.ts';

/**
 * 研交办督结: analyse → assign → handle → supervise → close. One general machine, so incidents,
 * work orders, mediation and hazard cases share deadlines, escalation and statistics; each
 * subject only brings its own definition.
 */
export interface StageDefinition {
  code: string;
  names: { zh: string; en: string };
  /** Time allowed in this stage; none for a final stage or one without a deadline. */
  deadlineSeconds?: number;
  /** Once overdue, one more escalation level per this many seconds (default: deadlineSeconds). */
  escalateEverySeconds?: number;
  final?: boolean;
}

export interface WorkflowDefinition {
  id: string;
  /** Event type prefix of the aggregate that runs it ('incident' → 'incident.escalated'). */
  subject: string;
  stages: StageDefinition[];
  initialStage: string;
  /** stage → stages it may move to. Going back (e.g. supervise → handle for rework) is allowed only if listed. */
  transitions: Record<string, string[]>;
}

export interface StageVisit {
  stage: string;
  enteredAt: string;
  leftAt?: string;
}

export interface WorkflowState {
  definitionId: string;
  stage: string;
  enteredAt: string;
  /** How many escalations the current stage has raised (reset on every stage change). */
  escalationLevel: number;
  history: StageVisit[];
}

export interface Escalation {
  stage: string;
  level: number;
  deadlineAt: string;
  overdueSeconds: number;
  /** Whom the escalation is for: level 1 the supervisor of the org, higher levels the level above. */
  escalateTo: 'supervisor' | 'parent_supervisor';
  /** The org whose supervisors it is for (escalationChain at this level), set by the subject. */
  toOrgId?: string;
}

export const CLOSED_LOOP_STAGES = ['analyse', 'assign', 'handle', 'supervise', 'close'] as const;
export type ClosedLoopStage = (typeof CLOSED_LOOP_STAGES)[number];

/** The stages of the closed loop that run against a deadline (all but close). */
export const TIMED_STAGES = ['analyse', 'assign', 'handle', 'supervise'] as const;
export type TimedStage = (typeof TIMED_STAGES)[number];

/** Seconds allowed in each timed stage of the closed loop. */
export type StageDeadlines = Record<TimedStage, number>;

/**
 * The moves of the closed loop: the one table the server decides with and the console offers
 * buttons from. The supervisor can send work back (supervise → handle) when it is not done properly.
 */
export const CLOSED_LOOP_MOVES: Readonly<Record<ClosedLoopStage, readonly ClosedLoopStage[]>> = {
  analyse: ['assign', 'close'],
  assign: ['handle'],
  handle: ['supervise'],
  supervise: ['close', 'handle'],
  close: [],
};

/**
 * The closed loop with its names; deadlines are the caller's, since an incident and a hazard case
 * differ by hours. `escalateEverySeconds`: once a stage is overdue, one level more per this many
 * seconds (default: each stage's own deadline).
 */
export function closedLoopDefinition(
  id: string,
  subject: string,
  deadlines: StageDeadlines,
  escalateEverySeconds?: number,
): WorkflowDefinition {
  const timed = (code: TimedStage, zh: string): StageDefinition => ({
    code,
    names: { zh, en: code },
    deadlineSeconds: deadlines[code],
    ...(escalateEverySeconds === undefined ? {} : { escalateEverySeconds }),
  });
  return validateWorkflowDefinition({
    id,
    subject,
    initialStage: 'analyse',
    stages: [
      timed('analyse', '研判'),
      timed('assign', '交办'),
      timed('handle', '办理'),
      timed('supervise', '督办'),
      { code: 'close', names: { zh: '办结', en: 'close' }, final: true },
    ],
    transitions: Object.fromEntries(
      Object.entries(CLOSED_LOOP_MOVES).map(([from, tos]) => [from, [...tos]]),
    ),
  });
}

export function validateWorkflowDefinition(definition: WorkflowDefinition): WorkflowDefinition {
  const problems = new ProblemList();
  const codes = new Set<string>();
  definition.stages.forEach((stage, i) => {
    if (!stage.code) problems.add(`stages[${i}].code`, 'is required');
    else if (codes.has(stage.code))
      problems.add(`stages[${i}].code`, `${stage.code} is used twice`);
    codes.add(stage.code);
    for (const field of ['deadlineSeconds', 'escalateEverySeconds'] as const) {
      const seconds = stage[field];
      if (seconds !== undefined && !(Number.isFinite(seconds) && seconds > 0))
        problems.add(`stages[${i}].${field}`, 'must be a positive number of seconds');
    }
  });
  if (!codes.has(definition.initialStage))
    problems.add('initialStage', 'must be one of the stages');
  for (const [from, tos] of Object.entries(definition.transitions)) {
    if (!codes.has(from)) problems.add(`transitions.${from}`, 'is not a stage');
    for (const to of tos)
      if (!codes.has(to)) problems.add(`transitions.${from}`, `names unknown stage ${to}`);
  }
  if (!definition.stages.some((s) => s.final))
    problems.add('stages', 'need at least one final stage');
  problems.throwIfAny('workflow definition');
  return definition;
}

export function startWorkflow(definition: WorkflowDefinition, now: number): WorkflowState {
  const enteredAt = toIso(now);
  return {
    definitionId: definition.id,
    stage: definition.initialStage,
    enteredAt,
    escalationLevel: 0,
    history: [{ stage: definition.initialStage, enteredAt }],
  };
}

export function stageOf(definition: WorkflowDefinition, code: string): StageDefinition {
  const stage = definition.stages.find((s) => s.code === code);
  if (!stage) throw notFound('workflow stage', code, 'stage');
  return stage;
}

export function isFinalStage(definition: WorkflowDefinition, state: WorkflowState): boolean {
  return stageOf(definition, state.stage).final === true;
}

/** Moves to `to`, or throws ERR_ILLEGAL_TRANSITION naming both stages. */
export function advanceWorkflow(
  definition: WorkflowDefinition,
  state: WorkflowState,
  to: string,
  now: number,
): WorkflowState {
  if (state.definitionId !== definition.id) {
    throw new DomainError(
      DomainErrorCode.VALIDATION,
      `state runs workflow ${state.definitionId}, not ${definition.id}`,
      'definitionId',
    );
  }
  stageOf(definition, to);
  if (!(definition.transitions[state.stage] ?? []).includes(to)) {
    throw illegalTransition(`${definition.subject} stage`, state.stage, to);
  }
  const at = toIso(now);
  const history = state.history.map((visit, i) =>
    i === state.history.length - 1 ? { ...visit, leftAt: at } : visit,
  );
  history.push({ stage: to, enteredAt: at });
  return { ...state, stage: to, enteredAt: at, escalationLevel: 0, history };
}

/** When the current stage is due, or undefined if it has no deadline. */
export function stageDeadline(
  definition: WorkflowDefinition,
  state: WorkflowState,
): number | undefined {
  const seconds = stageOf(definition, state.stage).deadlineSeconds;
  return seconds === undefined ? undefined : toMs(state.enteredAt) + seconds * 1000;
}

/**
 * Escalation events owed for the current stage. Level 1 is due at the deadline and one level more
 * each `escalateEverySeconds` after it, so a stuck item keeps climbing instead of alerting once
 * and being forgotten — but never past `maxLevel` (the top of the org tree: there is nobody above
 * to tell). Levels already raised (state.escalationLevel) are not raised again. Levels missed
 * while nobody checked (a scheduler that was down) are each raised, in order, as their own event:
 * every org on the way up is told, none is skipped by a jump to the highest.
 */
export function overdue(
  definition: WorkflowDefinition,
  state: WorkflowState,
  now: number,
  maxLevel = Infinity,
): NewEvent[] {
  const stage = stageOf(definition, state.stage);
  if (stage.final || stage.deadlineSeconds === undefined) return [];
  const deadline = toMs(state.enteredAt) + stage.deadlineSeconds * 1000;
  if (now < deadline) return [];
  const every = (stage.escalateEverySeconds ?? stage.deadlineSeconds) * 1000;
  const reached = Math.min(maxLevel, 1 + Math.floor((now - deadline) / every));
  const events: NewEvent[] = [];
  for (let level = state.escalationLevel + 1; level <= reached; level++) {
    const escalation: Escalation = {
      stage: stage.code,
      level,
      deadlineAt: toIso(deadline),
      overdueSeconds: Math.round((now - deadline) / 1000),
      escalateTo: level === 1 ? 'supervisor' : 'parent_supervisor',
    };
    events.push({ type: `${definition.subject}.escalated`, payload: escalation });
  }
  return events;
}

/**
 * Whom each escalation level goes to: level 1 the item's own org, level n its (n-1)th ancestor;
 * the list ends at the root, so its length is the highest level there is.
 */
export function escalationChain(orgTree: OrgTree, orgId: string): string[] {
  return orgTree.has(orgId) ? orgTree.ancestors(orgId).map((org) => org.id) : [orgId];
}

/** Records raised escalations in the state, so `overdue` does not raise them again. */
export function recordEscalations(
  state: WorkflowState,
  events: readonly NewEvent[],
): WorkflowState {
  let level = state.escalationLevel;
  for (const event of events) {
    const payload = event.payload as Partial<Escalation>;
    if (
      event.type.endsWith('.escalated') &&
      payload.stage === state.stage &&
      (payload.level ?? 0) > level
    ) {
      level = payload.level!;
    }
  }
  return level === state.escalationLevel ? state : { ...state, escalationLevel: level };
}
