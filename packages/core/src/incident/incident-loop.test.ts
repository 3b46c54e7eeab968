import { describe, expect, it } from 'vitest';
import type { Dispatch } from '../dispatch/dispatch.ts';
import { OrgTree } from '../org/org-tree.ts';
import { validateResponsePlan } from '../plan/response-plan.ts';
import { DEFAULT_RESPONSE_PLANS } from '../plan/default-plans.ts';
import { catchDomainError } from '../testing/catch-domain-error.ts';
import { sampleOrgs } from '../testing/sample-orgs.ts';
import { decideIncident, type IncidentCommand } from './decide-incident.ts';
import type { Incident } from './incident.ts';
import {
  DEFAULT_INCIDENT_LOOPS,
  incidentEscalationsOwed,
  incidentLoopFor,
  incidentStageDueAt,
  loopOf,
} from './incident-loop.ts';
import { decideIncidentInTurn, loopFollowUps } from './loop-follow-ups.ts';

const t0 = Date.parse('2026-11-28T08:00:00Z');
const s = (seconds: number) => t0 + seconds * 1000;
const orgTree = new OrgTree(sampleOrgs);
const ctx = (seconds: number) => ({ now: s(seconds), actorId: null, orgTree });

function created(categoryCode: string, priority?: 1 | 2 | 3 | 4): Incident {
  return decideIncident(
    undefined,
    {
      type: 'create',
      incidentId: `i-${categoryCode}`,
      orgId: 'xjk',
      source: 'call',
      categoryCode,
      ...(priority ? { priority } : {}),
      location: { lon: 118.7837, lat: 32.0446 },
      description: categoryCode,
    },
    ctx(0),
  ).state;
}

const check = (incident: Incident, seconds: number) =>
  decideIncident(incident, { type: 'check_deadlines' }, ctx(seconds));

describe('incident loop: deadlines per priority and kind', () => {
  it('gives a P1 attack tighter deadlines than a P4 noise complaint, and a P3 its plan’s 300/900 s', () => {
    const attack = created('violent_attack');
    const noise = created('noise');
    const theft = created('theft');
    expect(attack.priority).toBe(1);
    expect(noise.priority).toBe(4);
    expect(attack.loop).toEqual(DEFAULT_INCIDENT_LOOPS[1]);
    expect(theft.loop!.deadlines).toMatchObject({ analyse: 300, assign: 900 });
    expect(noise.loop!.deadlines.analyse).toBeGreaterThan(theft.loop!.deadlines.analyse);
    expect(theft.loop!.deadlines.analyse).toBeGreaterThan(attack.loop!.deadlines.analyse);
    expect(incidentStageDueAt(attack)).toBe(s(60));
    expect(incidentStageDueAt(theft)).toBe(s(300));
    // 61 s in: the attack is overdue, the theft is not (the old loop escalated both).
    expect(check(attack, 61).events).toHaveLength(1);
    expect(check(theft, 61).events).toEqual([]);
    expect(check(theft, 299).events).toEqual([]);
    expect(check(theft, 300).events).toHaveLength(1);
  });

  it('takes a kind’s own loop from its plan (missing person: six hours to handle)', () => {
    const missing = created('missing_person', 2);
    expect(missing.loop).toEqual({
      deadlines: { ...DEFAULT_INCIDENT_LOOPS[2].deadlines, handle: 6 * 3600 },
      escalateEverySeconds: 15 * 60,
    });
    expect(incidentLoopFor(3, undefined)).toEqual(DEFAULT_INCIDENT_LOOPS[3]);
  });

  it('validates a plan’s loop, naming the field', () => {
    const plan = { ...DEFAULT_RESPONSE_PLANS[0] };
    const bad = (loop: unknown) =>
      catchDomainError(() =>
        validateResponsePlan({ ...plan, loop: loop as typeof plan.loop }),
      ).problems?.map((p) => p.field);
    expect(bad({ deadlines: { analyse: 0 } })).toEqual(['loop.deadlines.analyse']);
    expect(bad({ deadlines: { close: 60 } })).toEqual(['loop.deadlines.close']);
    expect(bad({ escalateEverySeconds: Number.NaN })).toEqual(['loop.escalateEverySeconds']);
    expect(bad({ deadlines: { handle: '60' } })).toEqual(['loop.deadlines.handle']);
    expect(validateResponsePlan({ ...plan, loop: { deadlines: { handle: 600 } } }).loop).toEqual({
      deadlines: { handle: 600 },
    });
  });

  it('uses the server’s plans when given, and a new priority brings its loop', () => {
    const custom = {
      deadlines: { ...DEFAULT_INCIDENT_LOOPS[3].deadlines, analyse: 42 },
      escalateEverySeconds: 7,
    };
    const incident = decideIncident(
      undefined,
      {
        type: 'create',
        incidentId: 'i',
        orgId: 'xjk',
        source: 'call',
        categoryCode: 'theft',
        location: { lon: 118.7837, lat: 32.0446 },
        description: 'x',
      },
      { ...ctx(0), loopFor: () => custom },
    ).state;
    expect(incident.loop).toEqual(custom);
    const raised = decideIncident(
      incident,
      { type: 'reprioritise', priority: 1, reason: '持刀' },
      ctx(10),
    );
    expect(raised.state.loop).toEqual(DEFAULT_INCIDENT_LOOPS[1]);
    expect(raised.events[0].payload).toMatchObject({ loop: DEFAULT_INCIDENT_LOOPS[1] });
  });

  it('reads the priority’s loop for an incident stored before loops were recorded', () => {
    const { loop: _none, ...old } = created('theft');
    expect(loopOf(old)).toEqual(DEFAULT_INCIDENT_LOOPS[3]);
  });
});

describe('incident loop: escalation up the org tree', () => {
  it('climbs one org per overdue period from the station to the city, once per level, never beyond', () => {
    let incident = created('violent_attack'); // analyse 60 s, a level more every 300 s
    const levels: { level: number; toOrgId: string }[] = [];
    for (let second = 0; second <= 4 * 3600; second += 5) {
      const decision = check(incident, second);
      for (const event of decision.events) {
        const payload = event.payload as { level: number; toOrgId: string };
        levels.push({ level: payload.level, toOrgId: payload.toOrgId });
        expect(event.payload).toMatchObject({ incidentId: incident.id, stage: 'analyse' });
      }
      if (decision.events.length > 0) {
        expect(decision.state.escalation).toMatchObject({
          level: decision.state.workflow.escalationLevel,
        });
        if (second === 60)
          expect(decision.state.escalation!.at).toBe(new Date(s(60)).toISOString());
      }
      incident = decision.state;
    }
    expect(levels).toEqual([
      { level: 1, toOrgId: 'xjk' },
      { level: 2, toOrgId: 'xw' },
      { level: 3, toOrgId: 'nj' },
    ]);
  });

  it('is due at the deadline and every step after it', () => {
    const incident = created('violent_attack');
    const owed = (seconds: number) =>
      incidentEscalationsOwed(incident, orgTree, s(seconds)).map((e) => e.payload.level);
    expect(owed(59)).toEqual([]);
    expect(owed(60)).toEqual([1]);
    expect(owed(359)).toEqual([1]);
    expect(owed(360)).toEqual([1, 2]);
    expect(owed(660)).toEqual([1, 2, 3]);
    expect(owed(100_000)).toEqual([1, 2, 3]);
  });

  it('after a scheduler outage raises every missed level once, in order, each to its own org', () => {
    const incident = created('violent_attack');
    const late = check(incident, 700); // levels 1 (60 s), 2 (360 s) and 3 (660 s) all missed
    expect(late.events.map((e) => e.type)).toEqual([
      'incident.escalated',
      'incident.escalated',
      'incident.escalated',
    ]);
    expect(late.events.map((e) => e.payload)).toMatchObject([
      { level: 1, toOrgId: 'xjk', escalateTo: 'supervisor' },
      { level: 2, toOrgId: 'xw', escalateTo: 'parent_supervisor' },
      { level: 3, toOrgId: 'nj', escalateTo: 'parent_supervisor' },
    ]);
    expect(late.state.workflow.escalationLevel).toBe(3);
    expect(late.state.escalation).toMatchObject({ level: 3, toOrgId: 'nj' });
    // Nothing is raised twice, and nothing beyond the root however long it stays stuck.
    expect(check(late.state, 100_000).events).toEqual([]);
    const partly = check(check(incident, 400).state, 700);
    expect(partly.events.map((e) => (e.payload as { level: number }).level)).toEqual([3]);
  });

  it('starts again at level 1 in the next stage, and the escalation is cleared by the move', () => {
    const escalated = check(created('violent_attack'), 400).state;
    expect(escalated.escalation).toMatchObject({ level: 2, toOrgId: 'xw', stage: 'analyse' });
    const moved = decideIncident(escalated, { type: 'advance_stage', to: 'assign' }, ctx(410));
    expect(moved.state.escalation).toBeUndefined();
    expect(moved.state.workflow.escalationLevel).toBe(0);
    expect(check(moved.state, 410 + 120).events[0].payload).toMatchObject({
      stage: 'assign',
      level: 1,
      toOrgId: 'xjk',
    });
  });
});

describe('loopFollowUps: the loop moves itself as dispatches change', () => {
  const dispatch = (id: string, status: Dispatch['status'], incidentId: string): Dispatch => ({
    id,
    incidentId,
    unitId: `u-${id}`,
    orgId: 'xjk',
    tier: 1,
    status,
    times: { notified: new Date(t0).toISOString() },
    acceptTimeoutSeconds: 20,
  });
  const assigned = () =>
    decideIncident(created('violent_attack'), { type: 'advance_stage', to: 'assign' }, ctx(5))
      .state;
  const apply = (incident: Incident, commands: IncidentCommand[], seconds: number) =>
    decideIncidentInTurn(incident, commands, ctx(seconds));

  it('moves assign → handle when a unit accepts, with the dispatch as its cause', () => {
    const incident = assigned();
    const commands = loopFollowUps(incident, dispatch('d1', 'accepted', incident.id), () => []);
    const { events, state } = apply(incident, commands, 20);
    expect(state.workflow.stage).toBe('handle');
    expect(events).toEqual([
      {
        type: 'incident.stage_changed',
        payload: {
          incidentId: incident.id,
          from: 'assign',
          to: 'handle',
          note: undefined,
          cause: { dispatchId: 'd1', status: 'accepted' },
          at: new Date(s(20)).toISOString(),
        },
      },
    ]);
    // Handling now: a second unit accepting moves nothing.
    expect(loopFollowUps(state, dispatch('d2', 'accepted', incident.id), () => [])).toEqual([]);
    // Not yet assigned (still analysed) or offered only: nothing either.
    expect(
      loopFollowUps(created('theft'), dispatch('d3', 'accepted', 'i-theft'), () => []),
    ).toEqual([]);
    expect(loopFollowUps(incident, dispatch('d4', 'notified', incident.id), () => [])).toEqual([]);
  });

  it('records the first unit on scene once, and all cleared when the last working unit clears', () => {
    let incident = apply(assigned(), [{ type: 'advance_stage', to: 'handle' }], 20).state;
    const first = dispatch('d1', 'on_scene', incident.id);
    let step = apply(
      incident,
      loopFollowUps(incident, first, () => []),
      100,
    );
    expect(step.events.map((e) => e.type)).toEqual(['incident.first_on_scene']);
    incident = step.state;
    expect(incident.milestones?.firstOnScene).toEqual({
      at: new Date(s(100)).toISOString(),
      dispatchId: 'd1',
      unitId: 'u-d1',
    });
    expect(loopFollowUps(incident, dispatch('d2', 'on_scene', incident.id), () => [])).toEqual([]);
    expect(
      catchDomainError(() =>
        decideIncident(
          incident,
          { type: 'record_milestone', milestone: 'firstOnScene', dispatchId: 'd2', unitId: 'u' },
          ctx(101),
        ),
      ).code,
    ).toBe('ERR_ILLEGAL_TRANSITION');

    const stillComing = [
      dispatch('d2', 'en_route', incident.id),
      dispatch('x', 'on_scene', 'other'),
    ];
    const cleared = dispatch('d1', 'cleared', incident.id);
    expect(loopFollowUps(incident, cleared, () => stillComing)).toEqual([]);
    const done = [dispatch('d2', 'cleared', incident.id), dispatch('d3', 'declined', incident.id)];
    step = apply(
      incident,
      loopFollowUps(incident, cleared, () => done),
      900,
    );
    expect(step.events.map((e) => e.type)).toEqual(['incident.all_cleared']);
    expect(step.state.milestones?.allCleared).toMatchObject({ dispatchId: 'd1', unitId: 'u-d1' });
  });

  it('records all cleared when standing down the last unit on its way ends the response', () => {
    let incident = apply(assigned(), [{ type: 'advance_stage', to: 'handle' }], 20).state;
    incident = apply(
      incident,
      loopFollowUps(incident, dispatch('d1', 'on_scene', incident.id), () => []),
      100,
    ).state;
    // d1 clears while d2 is still on its way: not yet.
    const coming = dispatch('d2', 'en_route', incident.id);
    expect(loopFollowUps(incident, dispatch('d1', 'cleared', incident.id), () => [coming])).toEqual(
      [],
    );
    // d2 is stood down: nobody is working the incident any more.
    const stoodDown = dispatch('d2', 'cancelled', incident.id);
    const others = () => [dispatch('d1', 'cleared', incident.id), coming];
    const step = apply(incident, loopFollowUps(incident, stoodDown, others), 400);
    expect(step.events).toEqual([
      {
        type: 'incident.all_cleared',
        payload: {
          incidentId: incident.id,
          at: new Date(s(400)).toISOString(),
          dispatchId: 'd2',
          unitId: 'u-d2',
          endedBy: 'cancelled',
        },
      },
    ]);
    expect(step.state.milestones?.allCleared).toMatchObject({ endedBy: 'cancelled' });
    // Another unit still on its way: a cancel ends nothing.
    const third = dispatch('d3', 'accepted', incident.id);
    expect(loopFollowUps(incident, stoodDown, () => [third])).toEqual([]);
    // Nobody ever reached the scene: a cancel of the only unit records no milestone.
    const fresh = assigned();
    expect(loopFollowUps(fresh, dispatch('d1', 'cancelled', fresh.id), () => [])).toEqual([]);
  });

  it('records nothing for a closed incident', () => {
    const closed = decideIncident(
      created('theft'),
      { type: 'advance_stage', to: 'close' },
      ctx(5),
    ).state;
    expect(loopFollowUps(closed, dispatch('d1', 'cleared', closed.id), () => [])).toEqual([]);
  });
});
