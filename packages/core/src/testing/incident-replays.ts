import type { NewEvent } from '../event-store.ts';
import { decideIncident, type IncidentCommand } from '../incident/decide-incident.ts';
import type { Incident } from '../incident/incident.ts';
import { OrgTree } from '../org/org-tree.ts';
import { sampleOrgs } from './sample-orgs.ts';

/** One incident's life as decideIncident ran it: the events raised and the state after each. */
export interface IncidentReplay {
  name: string;
  events: NewEvent[];
  /** decideIncident's state after the last command: what the server's world holds. */
  state: Incident;
}

const t0 = Date.parse('2026-11-28T08:00:00Z');
const place = { lon: 118.7837, lat: 32.0446, placeName: '中央商场' };
/** xjk (station) → xw (district) → nj (city): three escalation levels at most. */
const orgTree = new OrgTree(sampleOrgs);

function run(name: string, steps: { at: number; command: IncidentCommand }[]): IncidentReplay {
  let state: Incident | undefined;
  const events: NewEvent[] = [];
  for (const { at, command } of steps) {
    const decision = decideIncident(state, command, {
      now: t0 + at * 1000,
      actorId: 'd1',
      orgTree,
    });
    events.push(...decision.events);
    state = decision.state;
  }
  return { name, events, state: state! };
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

/**
 * Event sequences both folds must agree on: the server's read model (decideIncident's states)
 * and the browser's live store (foldIncidentEvent over the same events).
 */
export function incidentReplays(): IncidentReplay[] {
  return [
    run('escalations at every level, then a stage move resets the level', [
      { at: 0, command: create('i-esc') },
      // Overdue by far more than one period at once: several levels in one check.
      { at: 400, command: { type: 'check_deadlines' } },
      { at: 900, command: { type: 'check_deadlines' } },
      { at: 1000, command: { type: 'advance_stage', to: 'assign' } },
      { at: 1500, command: { type: 'check_deadlines' } },
      // An hour later still level 2 of assign → 3 (the city), and nothing beyond it.
      { at: 5000, command: { type: 'check_deadlines' } },
      { at: 9000, command: { type: 'check_deadlines' } },
    ]),
    run('the loop moves itself: a unit takes the job, arrives, and the last one clears', [
      { at: 0, command: create('i-loop') },
      { at: 10, command: { type: 'advance_stage', to: 'assign' } },
      {
        at: 25,
        command: {
          type: 'advance_stage',
          to: 'handle',
          cause: { dispatchId: 'd-1', status: 'accepted' },
        },
      },
      {
        at: 140,
        command: {
          type: 'record_milestone',
          milestone: 'firstOnScene',
          dispatchId: 'd-1',
          unitId: 'u-1',
        },
      },
      {
        at: 900,
        command: {
          type: 'record_milestone',
          milestone: 'allCleared',
          dispatchId: 'd-1',
          unitId: 'u-1',
        },
      },
    ]),
    run('linked as a duplicate', [
      { at: 0, command: create('i-dup') },
      { at: 10, command: { type: 'link_duplicate', of: 'i-first' } },
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
