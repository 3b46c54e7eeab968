import { decideDispatch, type DispatchCommand } from '../dispatch/decide-dispatch.ts';
import type { Dispatch } from '../dispatch/dispatch.ts';
import type { NewEvent } from '../event-store.ts';
import { decideIncident, type IncidentCommand } from '../incident/decide-incident.ts';
import type { Incident } from '../incident/incident.ts';
import { decideIncidentInTurn, loopFollowUps } from '../incident/loop-follow-ups.ts';
import { OrgTree } from '../org/org-tree.ts';
import type { Tier } from '../plan/response-plan.ts';
import { sampleOrgs } from './sample-orgs.ts';

/** An event of the replay with the aggregate it belongs to (the incident or one of its dispatches). */
export interface ReplayEvent extends NewEvent {
  aggregateType: 'incident' | 'dispatch';
  aggregateId: string;
}

/** One incident's life as the server decides it: the events raised and the states they left. */
export interface IncidentReplay {
  name: string;
  events: ReplayEvent[];
  /** decideIncident's state after the last command: what the server's world holds. */
  state: Incident;
  /** Each dispatch's decideDispatch state at the end, as the server's world holds it. */
  dispatches: Dispatch[];
  /** After each step: how many events had been raised, and the states the world held then. */
  steps: { events: number; state: Incident; dispatches: Dispatch[] }[];
}

const t0 = Date.parse('2026-11-28T08:00:00Z');
const place = { lon: 118.7837, lat: 32.0446, placeName: '中央商场' };
/** xjk (station) → xw (district) → nj (city): three escalation levels at most. */
const orgTree = new OrgTree(sampleOrgs);

type Step =
  | { at: number; command: IncidentCommand; openIncidents?: Incident[] }
  | { at: number; dispatch: string; command: DispatchCommand };

/**
 * Runs the steps as the server does: incident commands through decideIncident; dispatch commands
 * through decideDispatch, each followed in the same decision by what the loop records by itself
 * (core loopFollowUps: assign → handle on accept, first on scene, all cleared) — server
 * commands/aggregate-parts.ts does the same in one transaction.
 */
function run(name: string, steps: Step[]): IncidentReplay {
  let state: Incident | undefined;
  const dispatches = new Map<string, Dispatch>();
  const events: ReplayEvent[] = [];
  const after: IncidentReplay['steps'] = [];
  const raise = (aggregateType: ReplayEvent['aggregateType'], id: string, raised: NewEvent[]) =>
    events.push(...raised.map((e) => ({ ...e, aggregateType, aggregateId: id })));
  for (const step of steps) {
    const context = { now: t0 + step.at * 1000, actorId: 'd1', orgTree };
    if ('dispatch' in step) {
      const decision = decideDispatch(dispatches.get(step.dispatch), step.command, context);
      dispatches.set(step.dispatch, decision.state);
      raise('dispatch', step.dispatch, decision.events);
      const follow = loopFollowUps(state!, decision.state, () => dispatches.values());
      const loop = decideIncidentInTurn(state!, follow, context);
      raise('incident', state!.id, loop.events);
      state = loop.state;
    } else {
      const decision = decideIncident(state, step.command, {
        ...context,
        openIncidents: step.openIncidents,
      });
      raise('incident', decision.state.id, decision.events);
      state = decision.state;
    }
    after.push({ events: events.length, state, dispatches: [...dispatches.values()] });
  }
  return { name, events, state: state!, dispatches: [...dispatches.values()], steps: after };
}

const create = (incidentId: string): IncidentCommand => ({
  type: 'create',
  incidentId,
  orgId: 'xjk',
  source: 'call',
  categoryCode: 'violent_attack',
  location: place,
  description: '商场一楼有人持刀伤人',
});

const offer = (at: number, id: string, unitId: string, tier: Tier): Step => ({
  at,
  dispatch: id,
  command: { type: 'create', dispatchId: id, incidentId: 'i-loop', unitId, orgId: 'xjk', tier },
});
const step = (at: number, id: string, command: DispatchCommand): Step => ({
  at,
  dispatch: id,
  command,
});

/** The first call at the mall, open when the duplicates come in. */
const first = decideIncident(undefined, create('i-first'), { now: t0, actorId: 'd1' }).state;

/**
 * Event sequences both folds must agree on: the server's read model (decideIncident's and
 * decideDispatch's states, which the world holds) and the browser's live store (core's folds over
 * the same events). Every kind of event an incident's view depends on is in one of them.
 */
export function incidentReplays(): IncidentReplay[] {
  return [
    run('escalations at every level, then a stage move resets the level', [
      { at: 0, command: create('i-esc') },
      // Overdue by more than one period at once: levels 1 and 2, each its own event.
      { at: 400, command: { type: 'check_deadlines' } },
      // Level 3 (the city), the root.
      { at: 900, command: { type: 'check_deadlines' } },
      { at: 1000, command: { type: 'advance_stage', to: 'assign' } },
      { at: 1500, command: { type: 'check_deadlines' } },
      // An hour later every level of assign up to the city, and nothing beyond it.
      { at: 5000, command: { type: 'check_deadlines' } },
      { at: 9000, command: { type: 'check_deadlines' } },
    ]),
    run('re-offers, then the loop moves itself: accept → handle, first on scene, last cleared', [
      { at: 0, command: create('i-loop') },
      { at: 10, command: { type: 'advance_stage', to: 'assign' } },
      offer(12, 'd-1', 'u-1', 1),
      step(14, 'd-1', { type: 'deliver' }),
      step(16, 'd-1', { type: 'decline', reason: 'busy' }),
      // Re-offered to the next unit, which does not answer in time: offered to a third.
      offer(17, 'd-2', 'u-2', 1),
      step(40, 'd-2', { type: 'time_out' }),
      offer(41, 'd-3', 'u-3', 1),
      offer(41, 'd-4', 'u-4', 3),
      step(45, 'd-3', { type: 'accept' }),
      step(46, 'd-4', { type: 'accept' }),
      step(47, 'd-3', { type: 'depart' }),
      step(100, 'd-3', { type: 'arrive', source: 'position', distanceMetres: 20 }),
      step(200, 'd-4', { type: 'arrive', source: 'manual' }),
      step(800, 'd-3', { type: 'clear', outcome: 'resolved' }),
      step(900, 'd-4', { type: 'clear' }),
    ]),
    run('the last unit on its way is stood down after the one on scene cleared', [
      { at: 0, command: create('i-loop') },
      { at: 10, command: { type: 'advance_stage', to: 'assign' } },
      offer(12, 'd-1', 'u-1', 1),
      offer(12, 'd-2', 'u-2', 3),
      step(15, 'd-1', { type: 'accept' }),
      step(16, 'd-2', { type: 'accept' }),
      step(60, 'd-1', { type: 'arrive', source: 'manual' }),
      step(300, 'd-1', { type: 'clear' }),
      step(310, 'd-2', { type: 'cancel', reason: 'no longer needed' }),
    ]),
    run('a duplicate hint dismissed: the call is worked on its own', [
      { at: 30, command: create('i-own'), openIncidents: [first] },
      { at: 40, command: { type: 'dismiss_duplicate' } },
      { at: 50, command: { type: 'advance_stage', to: 'assign' } },
    ]),
    run('linked as a duplicate', [
      { at: 20, command: create('i-dup'), openIncidents: [first] },
      { at: 30, command: { type: 'link_duplicate', of: 'i-first' } },
    ]),
    run('reprioritised, moved, and worked to the end', [
      { at: 0, command: create('i-life') },
      { at: 5, command: { type: 'reprioritise', priority: 3, reason: '无人受伤' } },
      {
        at: 8,
        command: { type: 'correct_location', location: { ...place, lon: 118.784 } },
      },
      { at: 20, command: { type: 'advance_stage', to: 'assign' } },
      { at: 30, command: { type: 'advance_stage', to: 'handle' } },
    ]),
    run('cancelled', [
      { at: 0, command: create('i-cancel') },
      { at: 3, command: { type: 'cancel', reason: '报警人撤回' } },
    ]),
  ];
}
