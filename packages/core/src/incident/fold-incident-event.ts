import type { Escalation } from '../workflow/workflow.ts';
import {
  MILESTONE_EVENTS,
  type Incident,
  type IncidentLocation,
  type IncidentMilestone,
  type IncidentMilestoneKind,
} from './incident.ts';
import type { IncidentLoop } from './incident-loop.ts';
import type { Priority } from './priority.ts';

/** The part of a committed event the fold reads (the store's and the live socket's shape). */
export interface IncidentEventLike {
  type: string;
  payload: unknown;
}

/**
 * An incident's view after one of its events: the same state decideIncident produced when it
 * raised the event, rebuilt from the event alone. The server's read model and the browser's live
 * store both use this, so a client following the stream sees what the server holds
 * (core's fold-incident-event.test.ts replays decisions and requires equality).
 *
 * Generic so a client's richer view (with its REST version, say) keeps its own fields.
 * Unknown event types leave the incident as it was (newer servers may add some).
 */
export function foldIncidentEvent<I extends Incident>(
  incident: I | undefined,
  event: IncidentEventLike,
): I | undefined {
  const payload = (event.payload ?? {}) as Record<string, unknown>;
  if (event.type === 'incident.created') return { ...(event.payload as I) };
  if (!incident) return undefined;
  const at = typeof payload.at === 'string' ? payload.at : undefined;
  switch (event.type) {
    case 'incident.reprioritised':
      return {
        ...incident,
        priority: payload.to as Priority,
        ...(payload.loop ? { loop: payload.loop as IncidentLoop } : {}),
      };
    case 'incident.location_corrected':
      return { ...incident, location: payload.to as IncidentLocation };
    case 'incident.stage_changed': {
      const to = payload.to as string;
      const enteredAt = at ?? incident.workflow.enteredAt;
      const history = incident.workflow.history.map((visit, i, all) =>
        i === all.length - 1 ? { ...visit, leftAt: enteredAt } : visit,
      );
      history.push({ stage: to, enteredAt });
      const { escalation: _left, ...rest } = incident;
      return {
        ...(rest as I),
        workflow: { ...incident.workflow, stage: to, enteredAt, escalationLevel: 0, history },
      };
    }
    case 'incident.escalated': {
      // The event names its level (a scheduler that was down raises several at once).
      const escalation = payload as Partial<Escalation>;
      const level = escalation.level ?? incident.workflow.escalationLevel + 1;
      if (escalation.stage !== undefined && escalation.stage !== incident.workflow.stage) {
        return incident;
      }
      if (level <= incident.workflow.escalationLevel) return incident;
      return {
        ...incident,
        workflow: { ...incident.workflow, escalationLevel: level },
        ...(escalation.toOrgId !== undefined && escalation.stage !== undefined
          ? {
              escalation: {
                stage: escalation.stage,
                level,
                toOrgId: escalation.toOrgId,
                at: at ?? incident.workflow.enteredAt,
              },
            }
          : {}),
      };
    }
    case 'incident.closed':
      return { ...incident, status: 'closed', closedAt: at ?? incident.closedAt };
    case 'incident.cancelled':
      return {
        ...incident,
        status: 'cancelled',
        cancelReason: payload.reason as string,
        closedAt: at ?? incident.closedAt,
      };
    case 'incident.linked_duplicate': {
      const of = payload.of as string;
      return {
        ...incident,
        status: 'cancelled',
        duplicateOf: of,
        cancelReason: `duplicate of ${of}`,
        closedAt: at ?? incident.closedAt,
      };
    }
    case 'incident.duplicate_dismissed': {
      return { ...incident, probableDuplicateOf: undefined };
    }
    default: {
      const milestone = MILESTONE_KINDS.get(event.type);
      if (!milestone) return incident;
      const { at: reached, dispatchId, unitId, endedBy } = payload as Partial<IncidentMilestone>;
      if (reached === undefined || dispatchId === undefined || unitId === undefined)
        return incident;
      const value: IncidentMilestone = {
        at: reached,
        dispatchId,
        unitId,
        ...(endedBy === 'cancelled' ? { endedBy } : {}),
      };
      return { ...incident, milestones: { ...incident.milestones, [milestone]: value } };
    }
  }
}

const MILESTONE_KINDS = new Map(
  Object.entries(MILESTONE_EVENTS).map(([kind, type]) => [type, kind as IncidentMilestoneKind]),
);
