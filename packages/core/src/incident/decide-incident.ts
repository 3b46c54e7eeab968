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
import {
  advanceWorkflow,
  isFinalStage,
  overdue,
  recordEscalations,
  startWorkflow,
  type WorkflowDefinition,
} from '../workflow/workflow.ts';
import { DEFAULT_CATALOGUE, type IncidentCatalogue } from './catalogue.ts';
import {
  DEFAULT_DUPLICATE_WINDOW,
  findProbableDuplicate,
  type DuplicateWindow,
} from './duplicates.ts';
import type { Incident, IncidentLocation } from './incident.ts';
import { INCIDENT_WORKFLOW } from './incident-workflow.ts';
import { isPriority, type Priority } from './priority.ts';
import { validateCreateIncident, type CreateIncident } from './validate-create-incident.ts';

export type IncidentCommand =
  | CreateIncident
  | { type: 'advance_stage'; to: string; note?: string }
  | { type: 'reprioritise'; priority: Priority; reason: string }
  | { type: 'correct_location'; location: IncidentLocation }
  /** Run by a scheduler: raises the escalations the current stage owes, if any. */
  | { type: 'check_deadlines' }
  | { type: 'cancel'; reason: string }
  /** The dispatcher's one action on a duplicate hint: this call is the other incident. */
  | { type: 'link_duplicate'; of: string }
  /** …or it is not: the hint goes away and the incident is worked on its own. */
  | { type: 'dismiss_duplicate' };

export interface IncidentContext extends DecideContext {
  catalogue?: IncidentCatalogue;
  workflow?: WorkflowDefinition;
  /** Open incidents near the new one (the server preselects by area and time) for duplicate hints. */
  openIncidents?: readonly Incident[];
  duplicateWindow?: DuplicateWindow;
}

export function decideIncident(
  state: Incident | undefined,
  command: IncidentCommand,
  context: IncidentContext,
): Decision<Incident> {
  const workflow = context.workflow ?? INCIDENT_WORKFLOW;
  if (command.type === 'create') {
    if (state) throw alreadyExists('incident', state.id);
    return create(command, context, workflow);
  }
  if (!state) throw noSuchAggregate('incident', command.type, 'incidentId');
  if (state.status !== 'open') throw illegalTransition('incident', state.status, command.type);
  const at = toIso(context.now);
  switch (command.type) {
    case 'advance_stage': {
      const next = advanceWorkflow(workflow, state.workflow, command.to, context.now);
      const closed = isFinalStage(workflow, next);
      const updated: Incident = {
        ...state,
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
      return {
        events: [
          {
            type: 'incident.reprioritised',
            payload: {
              incidentId: state.id,
              from: state.priority,
              to: command.priority,
              reason: command.reason,
              at,
            },
          },
        ],
        state: { ...state, priority: command.priority },
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
      const events = overdue(workflow, state.workflow, context.now).map((event) => ({
        ...event,
        payload: { incidentId: state.id, ...(event.payload as object) },
      }));
      return { events, state: { ...state, workflow: recordEscalations(state.workflow, events) } };
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

function create(
  command: CreateIncident,
  context: IncidentContext,
  workflow: WorkflowDefinition,
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
  const incident: Incident = {
    id: command.incidentId,
    orgId: command.orgId,
    source: command.source,
    categoryCode: category.code,
    priority: command.priority ?? category.defaultPriority,
    policeMatter: category.policeMatter,
    location: { ...command.location },
    description: command.description.trim(),
    receivedAt,
    createdAt: toIso(context.now),
    status: 'open',
    // The analyse stage starts when the call came in, so intake delay counts against its deadline.
    workflow: startWorkflow(workflow, toMs(receivedAt)),
  };
  if (command.reporter) incident.reporter = { ...command.reporter };
  if (command.externalRef) incident.externalRef = command.externalRef;
  if (probableDuplicateOf) incident.probableDuplicateOf = probableDuplicateOf;
  return { events: [{ type: 'incident.created', payload: incident }], state: incident };
}
