import type { NewEvent } from '../event-store.ts';
import {
  ProblemList,
  alreadyExists,
  illegalTransition,
  noSuchAggregate,
  validationError,
} from '../errors.ts';
import { checkLonLat } from '../geo/coordinates.ts';
import type { DecideContext, Decision } from '../shared/decision.ts';
import { toIso, toMs } from '../shared/time.ts';
import type { OrgTree } from '../org/org-tree.ts';
import { DEFAULT_RESPONSE_PLANS } from '../plan/default-plans.ts';
import { selectPlan } from '../plan/response-plan.ts';
import {
  advanceWorkflow,
  isFinalStage,
  recordEscalations,
  startWorkflow,
} from '../workflow/workflow.ts';
import { DEFAULT_CATALOGUE, type IncidentCatalogue } from './catalogue.ts';
import {
  DEFAULT_DUPLICATE_WINDOW,
  findProbableDuplicate,
  type DuplicateWindow,
} from './duplicates.ts';
import {
  MILESTONE_EVENTS,
  type Incident,
  type IncidentLocation,
  type IncidentMilestoneKind,
} from './incident.ts';
import {
  incidentEscalationsOwed,
  incidentLoopFor,
  incidentWorkflow,
  loopOf,
  type IncidentLoop,
} from './incident-loop.ts';
import { isPriority, type Priority } from './priority.ts';
import { validateCreateIncident, type CreateIncident } from './validate-create-incident.ts';

export type IncidentCommand =
  | CreateIncident
  | {
      type: 'advance_stage';
      to: string;
      note?: string;
      /** Set when the server moves the stage itself: the dispatch change that moved it. */
      cause?: { dispatchId: string; status: string };
    }
  | { type: 'reprioritise'; priority: Priority; reason: string }
  | { type: 'correct_location'; location: IncidentLocation }
  /** Run by a scheduler: raises the escalations the current stage owes, if any. */
  | { type: 'check_deadlines' }
  | { type: 'cancel'; reason: string }
  /** Recorded by the server as a dispatch of the incident changes (core loopFollowUps). */
  | {
      type: 'record_milestone';
      milestone: IncidentMilestoneKind;
      dispatchId: string;
      unitId: string;
      /** allCleared only: set when a stand-down, not a clear, ended the response. */
      endedBy?: 'cancelled';
    }
  /** The dispatcher's one action on a duplicate hint: this call is the other incident. */
  | { type: 'link_duplicate'; of: string }
  /** …or it is not: the hint goes away and the incident is worked on its own. */
  | { type: 'dismiss_duplicate' }
  /** A note on the timeline: what a responder found on scene, what the dispatcher learnt. */
  | { type: 'add_note'; text: string; unitId?: string };

/** The longest note the timeline keeps. */
export const MAX_INCIDENT_NOTE_LENGTH = 2000;

export interface IncidentContext extends DecideContext {
  catalogue?: IncidentCatalogue;
  /** The loop an incident of this category and priority runs (the server asks its stored plans). */
  loopFor?: (categoryCode: string, priority: Priority) => IncidentLoop;
  /** Escalations climb it: level n goes to the (n-1)th org above the incident's, up to the root. */
  orgTree?: OrgTree;
  /** Open incidents near the new one (the server preselects by area and time) for duplicate hints. */
  openIncidents?: readonly Incident[];
  duplicateWindow?: DuplicateWindow;
}

export function decideIncident(
  state: Incident | undefined,
  command: IncidentCommand,
  context: IncidentContext,
): Decision<Incident> {
  const loopFor = context.loopFor ?? builtInLoopFor;
  if (command.type === 'create') {
    if (state) throw alreadyExists('incident', state.id);
    return create(command, context, loopFor);
  }
  if (!state) throw noSuchAggregate('incident', command.type, 'incidentId');
  if (state.status !== 'open') throw illegalTransition('incident', state.status, command.type);
  const workflow = incidentWorkflow(loopOf(state));
  const at = toIso(context.now);
  switch (command.type) {
    case 'advance_stage': {
      const next = advanceWorkflow(workflow, state.workflow, command.to, context.now);
      const closed = isFinalStage(workflow, next);
      const { escalation: _left, ...rest } = state;
      const updated: Incident = {
        ...rest,
        workflow: next,
        ...(closed ? { status: 'closed' as const, closedAt: at } : {}),
      };
      const events: NewEvent[] = [
        {
          type: 'incident.stage_changed',
          payload: {
            incidentId: state.id,
            from: state.workflow.stage,
            to: next.stage,
            note: command.note,
            ...(command.cause ? { cause: command.cause } : {}),
            at,
          },
        },
      ];
      if (closed) events.push({ type: 'incident.closed', payload: { incidentId: state.id, at } });
      return { events, state: updated };
    }
    case 'reprioritise': {
      if (!isPriority(command.priority)) throw validationError('priority', 'must be 1, 2, 3 or 4');
      if (typeof command.reason !== 'string' || command.reason.trim() === '') {
        throw validationError('reason', 'is required when changing priority');
      }
      // A new priority brings its own deadlines: a P3 raised to P1 is watched as a P1 from now.
      const loop = loopFor(state.categoryCode, command.priority);
      return {
        events: [
          {
            type: 'incident.reprioritised',
            payload: {
              incidentId: state.id,
              from: state.priority,
              to: command.priority,
              reason: command.reason,
              loop,
              at,
            },
          },
        ],
        state: { ...state, priority: command.priority, loop },
      };
    }
    case 'correct_location': {
      const problems = new ProblemList();
      checkLonLat(command.location, 'location', problems);
      problems.throwIfAny('location');
      return {
        events: [
          {
            type: 'incident.location_corrected',
            payload: { incidentId: state.id, from: state.location, to: command.location, at },
          },
        ],
        state: { ...state, location: command.location },
      };
    }
    case 'check_deadlines': {
      const events = incidentEscalationsOwed(state, context.orgTree, context.now).map((e) => ({
        ...e,
        payload: { ...e.payload, at },
      }));
      const last = events.at(-1)?.payload;
      if (!last) return { events: [], state };
      return {
        events,
        state: {
          ...state,
          workflow: recordEscalations(state.workflow, events),
          escalation: { stage: last.stage, level: last.level, toOrgId: last.toOrgId, at },
        },
      };
    }
    case 'record_milestone': {
      if (!(command.milestone in MILESTONE_EVENTS))
        throw validationError('milestone', 'must be firstOnScene or allCleared');
      if (command.milestone === 'firstOnScene' && state.milestones?.firstOnScene)
        throw illegalTransition('incident', 'first unit on scene', 'first unit on scene');
      const milestone = {
        at,
        dispatchId: command.dispatchId,
        unitId: command.unitId,
        ...(command.endedBy === 'cancelled' && command.milestone === 'allCleared'
          ? { endedBy: command.endedBy }
          : {}),
      };
      return {
        events: [
          {
            type: MILESTONE_EVENTS[command.milestone],
            payload: { incidentId: state.id, ...milestone },
          },
        ],
        state: { ...state, milestones: { ...state.milestones, [command.milestone]: milestone } },
      };
    }
    case 'link_duplicate': {
      if (typeof command.of !== 'string' || command.of === '') {
        throw validationError('of', 'must name the incident this one duplicates');
      }
      if (command.of === state.id)
        throw validationError('of', 'an incident cannot duplicate itself');
      const reason = `duplicate of ${command.of}`;
      return {
        events: [
          {
            type: 'incident.linked_duplicate',
            payload: { incidentId: state.id, of: command.of, at },
          },
        ],
        state: {
          ...state,
          status: 'cancelled',
          duplicateOf: command.of,
          cancelReason: reason,
          closedAt: at,
        },
      };
    }
    case 'dismiss_duplicate': {
      if (state.probableDuplicateOf === undefined) {
        throw validationError(
          'probableDuplicateOf',
          'the incident has no duplicate hint to dismiss',
        );
      }
      const { probableDuplicateOf, ...rest } = state;
      return {
        events: [
          {
            type: 'incident.duplicate_dismissed',
            payload: { incidentId: state.id, hint: probableDuplicateOf, at },
          },
        ],
        state: rest,
      };
    }
    case 'add_note': {
      const text = typeof command.text === 'string' ? command.text.trim() : '';
      if (text === '') throw validationError('text', 'must not be empty');
      if (text.length > MAX_INCIDENT_NOTE_LENGTH)
        throw validationError('text', `must be at most ${MAX_INCIDENT_NOTE_LENGTH} characters`);
      return {
        events: [
          {
            type: 'incident.note_added',
            payload: {
              incidentId: state.id,
              text,
              ...(command.unitId !== undefined ? { unitId: command.unitId } : {}),
              at,
            },
          },
        ],
        state,
      };
    }
    case 'cancel': {
      if (typeof command.reason !== 'string' || command.reason.trim() === '') {
        throw validationError('reason', 'is required to cancel an incident');
      }
      return {
        events: [
          {
            type: 'incident.cancelled',
            payload: { incidentId: state.id, reason: command.reason, at },
          },
        ],
        state: { ...state, status: 'cancelled', cancelReason: command.reason, closedAt: at },
      };
    }
  }
}

/** Without the server's stored plans: the built-in plan's loop for the category and priority. */
function builtInLoopFor(categoryCode: string, priority: Priority): IncidentLoop {
  return incidentLoopFor(priority, selectPlan(DEFAULT_RESPONSE_PLANS, categoryCode, priority).loop);
}

function create(
  command: CreateIncident,
  context: IncidentContext,
  loopFor: (categoryCode: string, priority: Priority) => IncidentLoop,
): Decision<Incident> {
  const catalogue = context.catalogue ?? DEFAULT_CATALOGUE;
  validateCreateIncident(command, catalogue, context.now);
  const category = catalogue.get(command.categoryCode);
  const receivedAt = command.receivedAt ? toIso(toMs(command.receivedAt)) : toIso(context.now);
  const probableDuplicateOf = findProbableDuplicate(
    {
      categoryCode: command.categoryCode,
      location: command.location,
      receivedAt: toMs(receivedAt),
    },
    (context.openIncidents ?? []).filter((i) => i.id !== command.incidentId),
    context.duplicateWindow ?? DEFAULT_DUPLICATE_WINDOW,
  );
  const priority = command.priority ?? category.defaultPriority;
  const loop = loopFor(category.code, priority);
  const incident: Incident = {
    id: command.incidentId,
    orgId: command.orgId,
    source: command.source,
    categoryCode: category.code,
    priority,
    policeMatter: category.policeMatter,
    location: { ...command.location },
    description: command.description.trim(),
    receivedAt,
    createdAt: toIso(context.now),
    status: 'open',
    // The analyse stage starts when the call came in, so intake delay counts against its deadline.
    workflow: startWorkflow(incidentWorkflow(loop), toMs(receivedAt)),
    loop,
  };
  if (command.reporter) incident.reporter = { ...command.reporter };
  if (command.externalRef) incident.externalRef = command.externalRef;
  if (probableDuplicateOf) incident.probableDuplicateOf = probableDuplicateOf;
  return { events: [{ type: 'incident.created', payload: incident }], state: incident };
}
