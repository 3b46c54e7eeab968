import type { NewEvent } from '../event-store.ts';
import {
  ProblemList,
  alreadyExists,
  illegalTransition,
  noSuchAggregate,
  validationError,
} from '../errors.ts';
import { checkLonLat } from '../geo/coordinates.ts';
import type { OrgTree } from '../org/org-tree.ts';
import type { DecideContext, Decision } from '../shared/decision.ts';
import { toIso, toMs } from '../shared/time.ts';
import {
  advanceWorkflow,
  overdue,
  escalationChain,
  recordEscalations,
  startWorkflow,
  type Escalation,
} from '../workflow/workflow.ts';
import { caseCategory } from './case-catalogue.ts';
import { caseWorkflow } from './case-deadlines.ts';
import {
  CASE_KINDS,
  CASE_SOURCES,
  SATISFACTION_RATINGS,
  type Case,
  type CaseRouting,
  type SatisfactionRating,
} from './case.ts';
import {
  MEDIATOR_ROLES,
  RISK_LEVELS,
  type MediationParty,
  type MediationSession,
  type RiskLevel,
} from './mediation.ts';

/** What a new case is made of: the case's own describing fields, plus how to start it. */
export type CreateCase = Pick<
  Case,
  | 'id'
  | 'kind'
  | 'orgId'
  | 'categoryCode'
  | 'title'
  | 'description'
  | 'location'
  | 'source'
  | 'incidentId'
  | 'submittedBy'
  | 'externalRef'
  | 'reporter'
  | 'deadlines'
> & {
  type: 'create';
  photoIds?: string[];
  /** Routed at once (a dispatcher turning a call into a work order names the department). */
  routing?: CaseRouting;
  hazard?: { responsibleParty: string; rectifyBy: string };
  mediation?: { parties: MediationParty[]; riskLevel: RiskLevel };
};

export type CaseCommand =
  | CreateCase
  /** Analyse → assign: to a department, by the rules or by hand. */
  | { type: 'route'; routing: CaseRouting }
  /** The department signs for it: assign → handle. */
  | { type: 'accept' }
  /** The department says it is not theirs: back to analyse, to be routed again. */
  | { type: 'return'; reason: string }
  | { type: 'note'; text: string; photoIds?: string[] }
  /** The department's result: handle → supervise, waiting for the callback and the supervisor. */
  | { type: 'resolve'; result: string }
  /** The supervisor closes (supervise → close), or closes at analyse with no department needed. */
  | { type: 'close'; result?: string }
  /** The supervisor sends it back for rework: supervise → handle. */
  | { type: 'send_back'; reason: string }
  | { type: 'satisfaction'; rating: SatisfactionRating; note?: string }
  | { type: 'reopen'; reason: string }
  | { type: 'check_deadlines' }
  | { type: 'reinspect'; passed: boolean; note: string; photoIds?: string[] }
  | { type: 'schedule_session'; session: MediationSession }
  | { type: 'agreement'; text: string }
  | { type: 'follow_up'; note: string }
  | { type: 'set_risk'; riskLevel: RiskLevel }
  /** The dispute is turning violent: the server raises an incident in the same commit. */
  | { type: 'mark_violent'; incidentId: string };

export interface CaseContext extends DecideContext {
  orgTree: OrgTree;
}

const text = (value: unknown, field: string, max = 4000): string => {
  if (typeof value !== 'string' || value.trim() === '') throw validationError(field, 'is required');
  if (value.length > max) throw validationError(field, `must be at most ${max} characters`);
  return value.trim();
};

const photoList = (value: unknown, field: string): string[] => {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === ''))
    throw validationError(field, 'must be a list of photo ids');
  return value as string[];
};

export function decideCase(
  state: Case | undefined,
  command: CaseCommand,
  context: CaseContext,
): Decision<Case> {
  if (command.type === 'create') {
    if (state) throw alreadyExists('case', state.id);
    return create(command, context);
  }
  if (!state) throw noSuchAggregate('case', command.type, 'caseId');
  const at = toIso(context.now);
  const by = context.actorId;
  const workflow = caseWorkflow(state.kind, state.deadlines);
  const move = (to: string, payload: Record<string, unknown>, patch: Partial<Case> = {}) => {
    const next = advanceWorkflow(workflow, state.workflow, to, context.now);
    const events: NewEvent[] = [
      {
        type: 'case.stage_changed',
        payload: { caseId: state.id, from: state.workflow.stage, to, at, ...payload },
      },
    ];
    return { events, state: { ...state, ...patch, workflow: next } };
  };
  const event = (type: string, payload: Record<string, unknown>, next: Case): Decision<Case> => ({
    events: [{ type, payload: { caseId: state.id, at, ...payload } }],
    state: next,
  });
  if (state.status === 'closed' && !['reopen', 'satisfaction', 'follow_up'].includes(command.type))
    throw illegalTransition('case', 'closed', command.type);

  switch (command.type) {
    case 'route': {
      const routing = checkRouting(command.routing, context.orgTree);
      const decision = move(
        'assign',
        { departmentId: routing.departmentId },
        {
          departmentId: routing.departmentId,
          routing,
        },
      );
      decision.events.push({
        type: 'case.routed',
        payload: { caseId: state.id, ...routing, at },
      });
      return decision;
    }
    case 'accept':
      return move('handle', { departmentId: state.departmentId }, { acceptedAt: at });
    case 'return': {
      const reason = text(command.reason, 'reason', 1000);
      const departmentId = state.departmentId ?? '';
      const decision = move(
        'analyse',
        { reason },
        {
          departmentId: undefined,
          routing: undefined,
          acceptedAt: undefined,
          returns: [...state.returns, { at, departmentId, reason }],
        },
      );
      decision.events.push({
        type: 'case.returned',
        payload: { caseId: state.id, departmentId, reason, at },
      });
      return decision;
    }
    case 'note': {
      const note = {
        at,
        by,
        text: text(command.text, 'text'),
        photoIds: photoList(command.photoIds, 'photoIds'),
      };
      return event('case.noted', { ...note }, { ...state, notes: [...state.notes, note] });
    }
    case 'resolve': {
      const result = text(command.result, 'result');
      return move('supervise', { result }, { result, resolvedAt: at });
    }
    case 'close': {
      const result = command.result === undefined ? state.result : text(command.result, 'result');
      if (state.workflow.stage === 'analyse' && result === undefined)
        throw validationError('result', 'is required to close a case no department handled');
      const decision = move(
        'close',
        { result },
        { status: 'closed', closedAt: at, result, resolvedAt: state.resolvedAt ?? at },
      );
      decision.events.push({ type: 'case.closed', payload: { caseId: state.id, at } });
      return decision;
    }
    case 'send_back':
      return move(
        'handle',
        { reason: text(command.reason, 'reason', 1000) },
        {
          result: undefined,
          resolvedAt: undefined,
        },
      );
    case 'satisfaction': {
      if (!SATISFACTION_RATINGS.includes(command.rating))
        throw validationError('rating', `must be one of ${SATISFACTION_RATINGS.join(', ')}`);
      if (state.resolvedAt === undefined)
        throw illegalTransition('case', state.workflow.stage, 'satisfaction');
      const note = command.note === undefined ? undefined : text(command.note, 'note', 1000);
      const satisfaction = { rating: command.rating, note, at };
      return event('case.satisfaction', { ...satisfaction }, { ...state, satisfaction });
    }
    case 'reopen': {
      const reason = text(command.reason, 'reason', 1000);
      const decision = move(
        'handle',
        { reason },
        {
          status: 'open',
          closedAt: undefined,
          result: undefined,
          resolvedAt: undefined,
          satisfaction: undefined,
          reopens: [...state.reopens, { at, reason }],
        },
      );
      decision.events.push({ type: 'case.reopened', payload: { caseId: state.id, reason, at } });
      return decision;
    }
    case 'check_deadlines':
      return checkDeadlines(state, context, workflow);
    case 'reinspect': {
      if (!state.hazard) throw validationError('type', 'only a hazard case is re-inspected');
      if (typeof command.passed !== 'boolean')
        throw validationError('passed', 'must be true or false');
      const reinspection = {
        at,
        by,
        passed: command.passed,
        note: text(command.note, 'note', 1000),
        photoIds: photoList(command.photoIds, 'photoIds'),
      };
      if (reinspection.photoIds.length === 0)
        throw validationError('photoIds', 'a re-inspection needs at least one photo');
      return event(
        'case.reinspected',
        { ...reinspection },
        {
          ...state,
          hazard: { ...state.hazard, reinspections: [...state.hazard.reinspections, reinspection] },
        },
      );
    }
    case 'schedule_session': {
      const mediation = requireMediation(state);
      const session = checkSession(command.session);
      return event(
        'case.session_scheduled',
        { session },
        {
          ...state,
          mediation: { ...mediation, sessions: [...mediation.sessions, session] },
        },
      );
    }
    case 'agreement': {
      const mediation = requireMediation(state);
      const agreement = { at, text: text(command.text, 'text') };
      return event(
        'case.agreement',
        { ...agreement },
        {
          ...state,
          mediation: { ...mediation, agreement },
        },
      );
    }
    case 'follow_up': {
      const mediation = requireMediation(state);
      const followUp = { at, note: text(command.note, 'note', 2000) };
      return event(
        'case.follow_up',
        { ...followUp },
        {
          ...state,
          mediation: { ...mediation, followUps: [...mediation.followUps, followUp] },
        },
      );
    }
    case 'set_risk': {
      const mediation = requireMediation(state);
      if (!RISK_LEVELS.includes(command.riskLevel))
        throw validationError('riskLevel', `must be one of ${RISK_LEVELS.join(', ')}`);
      return event(
        'case.risk_changed',
        { from: mediation.riskLevel, to: command.riskLevel },
        {
          ...state,
          mediation: { ...mediation, riskLevel: command.riskLevel },
        },
      );
    }
    case 'mark_violent': {
      const mediation = requireMediation(state);
      const incidentId = text(command.incidentId, 'incidentId', 100);
      return event(
        'case.turned_violent',
        { incidentId },
        {
          ...state,
          incidentId,
          mediation: { ...mediation, riskLevel: 'high', violentAt: at },
        },
      );
    }
    default:
      throw validationError('type', 'is not a case command');
  }
}

/**
 * Stage escalations from the general loop, each addressed to an org: the owner's supervisors at
 * level 1, then one org further up per level until the top. A hazard also escalates once when
 * its rectification deadline passes without a passed re-inspection.
 */
function checkDeadlines(
  state: Case,
  context: CaseContext,
  workflow: ReturnType<typeof caseWorkflow>,
): Decision<Case> {
  const at = toIso(context.now);
  const chain = escalationChain(context.orgTree, state.orgId);
  const orgAt = (level: number) => chain[Math.min(level, chain.length) - 1];
  const raised = overdue(workflow, state.workflow, context.now, chain.length);
  const events: NewEvent[] = raised.map((event) => {
    const escalation = event.payload as Escalation;
    return {
      type: event.type,
      payload: { caseId: state.id, ...escalation, toOrgId: orgAt(escalation.level) },
    };
  });
  const escalations = events.map((event) => {
    const payload = event.payload as Escalation & { toOrgId: string };
    return { stage: payload.stage, level: payload.level, toOrgId: payload.toOrgId, at };
  });
  let hazard = state.hazard;
  if (
    hazard &&
    hazard.rectifyOverdueAt === undefined &&
    context.now > toMs(hazard.rectifyBy) &&
    !hazard.reinspections.some((r) => r.passed)
  ) {
    hazard = { ...hazard, rectifyOverdueAt: at };
    events.push({
      type: 'case.rectification_overdue',
      payload: {
        caseId: state.id,
        responsibleParty: hazard.responsibleParty,
        rectifyBy: hazard.rectifyBy,
        toOrgId: orgAt(2),
        at,
      },
    });
  }
  return {
    events,
    state: {
      ...state,
      hazard,
      workflow: recordEscalations(state.workflow, raised),
      escalations: [...state.escalations, ...escalations],
    },
  };
}

function requireMediation(state: Case) {
  if (!state.mediation) throw validationError('type', 'only a mediation case has this command');
  return state.mediation;
}

const ROUTING_BASES: readonly string[] = ['rule', 'department_kind', 'by_hand'];

function checkRouting(routing: CaseRouting, orgTree: OrgTree): CaseRouting {
  if (typeof routing !== 'object' || routing === null)
    throw validationError('routing', 'is required');
  if (
    typeof routing.departmentId !== 'string' ||
    !orgTree.has(routing.departmentId) ||
    orgTree.get(routing.departmentId).kind !== 'department'
  )
    throw validationError('departmentId', 'must name an org of kind department');
  return {
    departmentId: routing.departmentId,
    ...(routing.ruleId ? { ruleId: routing.ruleId } : {}),
    reason: text(routing.reason, 'reason', 1000),
    overridden: routing.overridden === true,
    ...(routing.basis && ROUTING_BASES.includes(routing.basis) ? { basis: routing.basis } : {}),
    ...(routing.departmentKind
      ? { departmentKind: text(routing.departmentKind, 'departmentKind', 64) }
      : {}),
    ...(routing.note ? { note: text(routing.note, 'note', 1000) } : {}),
  };
}

function checkSession(session: MediationSession): MediationSession {
  const problems = new ProblemList();
  if (typeof session !== 'object' || session === null)
    throw validationError('session', 'is required');
  if (typeof session.id !== 'string' || session.id === '')
    problems.add('session.id', 'is required');
  if (typeof session.at !== 'string' || Number.isNaN(Date.parse(session.at)))
    problems.add('session.at', 'must be an ISO 8601 time');
  if (session.mode !== 'in_person' && session.mode !== 'remote')
    problems.add('session.mode', 'must be in_person or remote');
  if (session.mode === 'remote') {
    let ok = false;
    try {
      ok = new URL(session.meetingUrl ?? '').protocol === 'https:';
    } catch {
      ok = false;
    }
    if (!ok) problems.add('session.meetingUrl', 'a remote session needs an https meeting link');
  }
  if (!Array.isArray(session.mediators) || session.mediators.length === 0)
    problems.add('session.mediators', 'needs at least one mediator');
  else
    session.mediators.forEach((m, i) => {
      if (typeof m.name !== 'string' || m.name.trim() === '')
        problems.add(`session.mediators[${i}].name`, 'is required');
      if (!MEDIATOR_ROLES.includes(m.role))
        problems.add(`session.mediators[${i}].role`, `must be one of ${MEDIATOR_ROLES.join(', ')}`);
    });
  problems.throwIfAny('mediation session');
  return {
    id: session.id,
    at: toIso(Date.parse(session.at)),
    mode: session.mode,
    ...(session.meetingUrl ? { meetingUrl: session.meetingUrl } : {}),
    ...(session.place ? { place: session.place } : {}),
    mediators: session.mediators.map((m) => ({ name: m.name.trim(), role: m.role })),
  };
}

function create(command: CreateCase, context: CaseContext): Decision<Case> {
  const problems = new ProblemList();
  if (typeof command.id !== 'string' || command.id === '') problems.add('id', 'is required');
  if (!CASE_KINDS.includes(command.kind))
    problems.add('kind', `must be one of ${CASE_KINDS.join(', ')}`);
  if (!context.orgTree.has(command.orgId))
    problems.add('orgId', `names unknown org ${command.orgId}`);
  if (!caseCategory(command.categoryCode))
    problems.add('categoryCode', `names unknown category ${command.categoryCode}`);
  if (!CASE_SOURCES.includes(command.source))
    problems.add('source', `must be one of ${CASE_SOURCES.join(', ')}`);
  for (const field of ['title', 'description'] as const) {
    const value = command[field];
    if (typeof value !== 'string' || value.trim() === '') problems.add(field, 'is required');
  }
  if (command.location !== undefined) checkLonLat(command.location, 'location', problems);
  if (command.kind === 'hazard') {
    if (!command.hazard)
      problems.add('hazard', 'a hazard needs a responsible party and a deadline');
    else {
      if (
        typeof command.hazard.responsibleParty !== 'string' ||
        !command.hazard.responsibleParty.trim()
      )
        problems.add('hazard.responsibleParty', 'is required');
      if (
        typeof command.hazard.rectifyBy !== 'string' ||
        Number.isNaN(Date.parse(command.hazard.rectifyBy))
      )
        problems.add('hazard.rectifyBy', 'must be an ISO 8601 time');
    }
  }
  if (command.kind === 'mediation') {
    const parties = command.mediation?.parties;
    if (!Array.isArray(parties) || parties.length < 2)
      problems.add('mediation.parties', 'a dispute needs at least two parties');
    else
      parties.forEach((p, i) => {
        if (typeof p.name !== 'string' || p.name.trim() === '')
          problems.add(`mediation.parties[${i}].name`, 'is required');
        if (p.side !== 'applicant' && p.side !== 'respondent')
          problems.add(`mediation.parties[${i}].side`, 'must be applicant or respondent');
      });
    if (command.mediation && !RISK_LEVELS.includes(command.mediation.riskLevel))
      problems.add('mediation.riskLevel', `must be one of ${RISK_LEVELS.join(', ')}`);
  }
  problems.throwIfAny('case');
  const at = toIso(context.now);
  const workflow = caseWorkflow(command.kind, command.deadlines);
  let created: Case = {
    id: command.id,
    kind: command.kind,
    orgId: command.orgId,
    categoryCode: command.categoryCode,
    title: command.title.trim(),
    description: command.description.trim(),
    ...(command.location ? { location: command.location } : {}),
    source: command.source,
    ...(command.incidentId ? { incidentId: command.incidentId } : {}),
    ...(command.submittedBy ? { submittedBy: command.submittedBy } : {}),
    ...(command.externalRef ? { externalRef: command.externalRef } : {}),
    ...(command.reporter ? { reporter: command.reporter } : {}),
    photoIds: photoList(command.photoIds, 'photoIds'),
    status: 'open',
    deadlines: command.deadlines,
    workflow: startWorkflow(workflow, context.now),
    returns: [],
    notes: [],
    reopens: [],
    escalations: [],
    createdAt: at,
    ...(command.hazard
      ? {
          hazard: {
            responsibleParty: command.hazard.responsibleParty.trim(),
            rectifyBy: toIso(Date.parse(command.hazard.rectifyBy)),
            reinspections: [],
          },
        }
      : {}),
    ...(command.mediation
      ? {
          mediation: {
            parties: command.mediation.parties,
            riskLevel: command.mediation.riskLevel,
            sessions: [],
            followUps: [],
          },
        }
      : {}),
  };
  const events: NewEvent[] = [
    {
      type: 'case.created',
      payload: {
        caseId: created.id,
        kind: created.kind,
        orgId: created.orgId,
        categoryCode: created.categoryCode,
        source: created.source,
        incidentId: created.incidentId,
        at,
      },
    },
  ];
  if (command.routing) {
    const routed = decideCase(created, { type: 'route', routing: command.routing }, context);
    events.push(...routed.events);
    created = routed.state;
  }
  return { events, state: created };
}
