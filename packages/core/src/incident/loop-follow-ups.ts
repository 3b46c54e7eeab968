import { ENGAGED, type Dispatch, type DispatchStatus } from '../dispatch/dispatch.ts';
import type { Decision } from '../shared/decision.ts';
import { decideIncident, type IncidentCommand, type IncidentContext } from './decide-incident.ts';
import type { Incident } from './incident.ts';

/** A unit has taken the job: the incident is being handled, no longer waiting to be assigned. */
const TAKEN: readonly DispatchStatus[] = ['accepted', 'en_route', 'on_scene'];

/**
 * What the closed loop records by itself when one of the incident's dispatches changes, so
 * nobody has to click it: a unit taking the job moves the incident from assign to handle (else it
 * would escalate while the unit is on its way); the first unit on scene and the last one cleared
 * are the loop's milestones. `others` gives the incident's other dispatches (read only on a clear).
 */
export function loopFollowUps(
  incident: Incident,
  changed: Dispatch,
  others: () => Iterable<Dispatch>,
): IncidentCommand[] {
  if (incident.status !== 'open' || changed.incidentId !== incident.id) return [];
  const commands: IncidentCommand[] = [];
  const unit = { dispatchId: changed.id, unitId: changed.unitId };
  if (TAKEN.includes(changed.status) && incident.workflow.stage === 'assign') {
    commands.push({
      type: 'advance_stage',
      to: 'handle',
      cause: { dispatchId: changed.id, status: changed.status },
    });
  }
  if (changed.status === 'on_scene' && !incident.milestones?.firstOnScene)
    commands.push({ type: 'record_milestone', milestone: 'firstOnScene', ...unit });
  if (changed.status === 'cleared') {
    let working = false;
    for (const other of others()) {
      if (other.id === changed.id || other.incidentId !== incident.id) continue;
      if (other.status !== 'cleared' && ENGAGED.includes(other.status)) working = true;
    }
    if (!working) commands.push({ type: 'record_milestone', milestone: 'allCleared', ...unit });
  }
  return commands;
}

/** Several commands on one incident decided in order, as one decision (one append). */
export function decideIncidentInTurn(
  state: Incident,
  commands: readonly IncidentCommand[],
  context: IncidentContext,
): Decision<Incident> {
  let decision: Decision<Incident> = { events: [], state };
  for (const command of commands) {
    const next = decideIncident(decision.state, command, context);
    decision = { events: [...decision.events, ...next.events], state: next.state };
  }
  return decision;
}
