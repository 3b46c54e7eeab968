import { describe, expect, it } from 'vitest';
import { incidentAt } from '../testing/incident-builder.ts';
import type { Incident } from '../incident/incident.ts';
import type { Tier } from '../plan/response-plan.ts';
import type { Dispatch } from './dispatch.ts';
import {
  arrivalsOf,
  mostPressingTimerState,
  tierTimers,
  tierTimersOf,
  waitingTimerState,
} from './tier-timers.ts';

const t0 = Date.parse('2026-11-28T08:00:00Z');
const iso = (seconds: number) => new Date(t0 + seconds * 1000).toISOString();
const incident = incidentAt(t0);

function arrived(unitId: string, tier: Tier, seconds: number): Dispatch {
  return {
    id: `d-${unitId}`,
    incidentId: 'i1',
    unitId,
    orgId: 'xjk',
    tier,
    status: 'on_scene',
    times: { notified: iso(5), accepted: iso(8), on_scene: iso(seconds) },
    acceptTimeoutSeconds: 20,
  };
}

const states = (incidentNow: Incident, dispatches: Dispatch[], seconds: number) =>
  tierTimers(incidentNow, dispatches, t0 + seconds * 1000).map((t) => t.state);

describe('tierTimers', () => {
  it('runs ok → amber → red against 60/180/300 s', () => {
    expect(states(incident, [], 10)).toEqual(['ok', 'ok', 'ok']);
    expect(states(incident, [], 45)).toEqual(['amber', 'ok', 'ok']);
    expect(states(incident, [], 60)).toEqual(['red', 'ok', 'ok']);
    expect(states(incident, [], 135)).toEqual(['red', 'amber', 'ok']);
    expect(states(incident, [], 300)).toEqual(['red', 'red', 'red']);
  });

  it('reports elapsed time and targets', () => {
    expect(tierTimers(incident, [], t0 + 42_000)).toEqual([
      { tier: 1, targetSeconds: 60, elapsedSeconds: 42, state: 'ok' },
      { tier: 2, targetSeconds: 180, elapsedSeconds: 42, state: 'ok' },
      { tier: 3, targetSeconds: 300, elapsedSeconds: 42, state: 'ok' },
    ]);
  });

  it('is met by the first arrival of the tier within target, and stops counting', () => {
    const timers = tierTimers(incident, [arrived('e1', 1, 50)], t0 + 400_000);
    expect(timers[0]).toEqual({
      tier: 1,
      targetSeconds: 60,
      elapsedSeconds: 50,
      state: 'met',
      firstOnSceneAt: iso(50),
      firstOnSceneUnitId: 'e1',
    });
    expect(timers.slice(1).map((t) => t.state)).toEqual(['red', 'red']);
  });

  it('is missed by a late arrival', () => {
    expect(states(incident, [arrived('e1', 1, 75)], 80)).toEqual(['missed', 'ok', 'ok']);
  });

  it('lets a higher tier arriving early serve the lower tiers, never the reverse', () => {
    expect(states(incident, [arrived('p1', 3, 55)], 100)).toEqual(['met', 'met', 'met']);
    expect(states(incident, [arrived('e1', 1, 30)], 100)).toEqual(['met', 'ok', 'ok']);
    expect(states(incident, [arrived('e1', 1, 30), arrived('p1', 2, 170)], 200)).toEqual([
      'met',
      'met',
      'ok',
    ]);
  });

  it('ignores dispatches of other incidents and those not yet on scene', () => {
    const other = { ...arrived('x', 1, 10), incidentId: 'i2' };
    const travelling: Dispatch = {
      ...arrived('y', 1, 10),
      status: 'en_route',
      times: { notified: iso(1) },
    };
    expect(states(incident, [other, travelling], 20)).toEqual(['ok', 'ok', 'ok']);
  });

  it('marks tiers nobody reached as missed once the incident is over', () => {
    const closed: Incident = { ...incident, status: 'closed', closedAt: iso(400) };
    const timers = tierTimers(closed, [arrived('e1', 1, 50)], t0 + 10_000_000);
    expect(timers.map((t) => [t.state, t.elapsedSeconds])).toEqual([
      ['met', 50],
      ['missed', 400],
      ['missed', 400],
    ]);
  });

  it('uses the plan targets and amber threshold when given', () => {
    const timers = tierTimers(incident, [], t0 + 250_000, {
      targets: { 1: 300, 2: 900 },
      amberAt: 0.8,
    });
    expect(timers.map((t) => [t.tier, t.state])).toEqual([
      [1, 'amber'],
      [2, 'ok'],
    ]);
  });
});

describe('tierTimersOf (the browser counts from arrivals alone)', () => {
  it('turns amber at 75 % of the target and red at the target', () => {
    expect(waitingTimerState(44, 60)).toBe('ok');
    expect(waitingTimerState(45, 60)).toBe('amber');
    expect(waitingTimerState(59.9, 60)).toBe('amber');
    expect(waitingTimerState(60, 60)).toBe('red');
    expect(waitingTimerState(300, 300, false)).toBe('missed');
  });

  it('shows whole seconds on a running clock, and agrees with tierTimers on dispatches', () => {
    const clocks = tierTimersOf(incident, [], t0 + 59_600);
    expect(clocks.map((c) => [c.elapsedSeconds, c.state])).toEqual([
      [59, 'amber'],
      [59, 'ok'],
      [59, 'ok'],
    ]);
    const dispatches = [arrived('c1', 2, 50), arrived('p1', 3, 320)];
    expect(tierTimersOf(incident, arrivalsOf(dispatches, 'i1'), t0 + 400_000)).toEqual(
      tierTimers(incident, dispatches, t0 + 400_000),
    );
  });

  it('picks the most pressing clock for a list: red over missed over amber over ok over met', () => {
    expect(mostPressingTimerState([{ state: 'met' }, { state: 'amber' }, { state: 'ok' }])).toBe(
      'amber',
    );
    expect(mostPressingTimerState([{ state: 'missed' }, { state: 'red' }])).toBe('red');
    expect(mostPressingTimerState([])).toBe('met');
  });
});
