import { isLiveDispatch, TAKEN_DISPATCH_STATUSES, type Dispatch } from '../dispatch/dispatch.ts';
import type { Decision } from '../shared/decision.ts';
import { decideIncident, type IncidentCommand, type IncidentContext } from './decide-incident.ts';
import type { Incident } from './incident.ts';

/**
 * What the closed loop records by itself when one of the incident's dispatches changes, so
 * nobody has to click it: a unit taking the job moves the incident from assign to handle (else it
 * would escalate while the unit is on its way); the first unit on scene and the last one leaving
 * are the loop's milestones. `others` gives the incident's other dispatches (read only when one
 * leaves).
 *
 * The last one may leave by clearing or by being stood down: a unit still on its way when the
 * one on scene has cleared is often cancelled rather than left to arrive at an empty scene. That
 * cancel ends the response, so it records allCleared too, naming the cancelled dispatch with
 * `endedBy: 'cancelled'`. A cancel records nothing when nobody ever reached the scene (no
 * firstOnScene): there was no work on scene to clear.
 */
export function loopFollowUps(
  incident: Incident,
  changed: Dispatch,
  others: () => Iterable<Dispatch>,
): IncidentCommand[] {
  if (incident.status !== 'open' || changed.incidentId !== incident.id) return [];
  const commands: IncidentCommand[] = [];
  const unit = { dispatchId: changed.id, unitId: changed.unitId };
  // A unit has taken the job: the incident is being handled, no longer waiting to be assigned.
  if (TAKEN_DISPATCH_STATUSES.includes(changed.status) && incident.workflow.stage === 'assign') {
    commands.push({
      type: 'advance_stage',
      to: 'handle',
      cause: { dispatchId: changed.id, status: changed.status },
    });
  }
  if (changed.status === 'on_scene' && !incident.milestones?.firstOnScene)
    commands.push({ type: 'record_milestone', milestone: 'firstOnScene', ...unit });
  const leaving =
    changed.status === 'cleared' ||
    (changed.status === 'cancelled' && incident.milestones?.firstOnScene !== undefined);
  if (leaving && !someoneStillWorking(incident, changed, others)) {
    commands.push({
      type: 'record_milestone',
      milestone: 'allCleared',
      ...unit,
      ...(changed.status === 'cancelled' ? { endedBy: 'cancelled' as const } : {}),
    });
  }
  return commands;
}

/** Another dispatch of the incident is still under way (offered, travelling or on scene). */
function someoneStillWorking(
  incident: Incident,
  changed: Dispatch,
  others: () => Iterable<Dispatch>,
): boolean {
  for (const other of others()) {
    if (other.id === changed.id || other.incidentId !== incident.id) continue;
    if (isLiveDispatch(other.status)) return true;
  }
  return false;
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
