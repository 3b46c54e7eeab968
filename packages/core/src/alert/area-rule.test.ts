import { describe, expect, it } from 'vitest';
import { catchDomainError } from '../testing/catch-domain-error.ts';
import { decideAlert, type Alert, type AlertInput } from './alert.ts';
import {
  conditionHolds,
  dueSteps,
  nextStepAt,
  ruleMatches,
  validateAreaRule,
  type AreaRule,
} from './area-rule.ts';

const T0 = Date.parse('2026-12-03T01:00:00Z');
const zone = [
  { lon: 118.778, lat: 32.038 },
  { lon: 118.788, lat: 32.038 },
  { lon: 118.788, lat: 32.044 },
  { lon: 118.778, lat: 32.044 },
  { lon: 118.778, lat: 32.038 },
];

const rule: AreaRule = {
  id: 'rule-crowd',
  orgId: 'station-1',
  name: 'crowd in Xinjiekou square',
  categoryCode: 'crowd',
  retired: false,
  match: {
    sources: ['webhook'],
    events: ['crowd'],
    zone,
    minSeverity: 'Moderate',
    persistence: { measure: 'crowd', min: 50, forSeconds: 180 },
  },
  steps: [
    { kind: 'note', afterSeconds: 0, text: 'crowd building up' },
    { kind: 'reminder', afterSeconds: 0, text: '请勿聚集' },
    { kind: 'grid_worker', afterSeconds: 120 },
    { kind: 'police', afterSeconds: 300 },
  ],
};

const input = (value: number, at: number): AlertInput => ({
  id: 'alert-1',
  orgId: 'station-1',
  source: 'webhook',
  sender: 'camera-xjk',
  event: 'crowd',
  categories: ['Safety'],
  severity: 'Severe',
  urgency: 'Immediate',
  certainty: 'Observed',
  location: { lon: 118.783, lat: 32.041 },
  area: { polygons: [], circles: [] },
  externalKey: 'crowd:zone-1',
  measure: { name: 'crowd', value, at: new Date(at).toISOString() },
});

const ctx = (now: number) => ({ now, actorId: null });
const message = (id: string, at: number) => ({
  id,
  msgType: 'Observation' as const,
  sent: new Date(at).toISOString(),
});

function received(value: number, at = T0): Alert {
  return decideAlert(
    undefined,
    {
      type: 'receive',
      alert: input(value, at),
      message: message('e1', at),
      ruleId: rule.id,
      conditionMet: conditionHolds(rule, value),
    },
    ctx(at),
  ).state;
}

function observe(alert: Alert, value: number, at: number): Alert {
  return decideAlert(
    alert,
    {
      type: 'observe',
      message: message(`e${at}`, at),
      measure: { name: 'crowd', value },
      conditionMet: conditionHolds(rule, value),
    },
    ctx(at),
  ).state;
}

describe('area rules', () => {
  it('match on source, event, zone, severity and measure', () => {
    const alert = received(60);
    expect(ruleMatches(rule, alert)).toBe(true);
    expect(ruleMatches(rule, { ...alert, location: { lon: 118.8, lat: 32.05 } })).toBe(false);
    expect(ruleMatches(rule, { ...alert, severity: 'Minor' })).toBe(false);
    expect(ruleMatches(rule, { ...alert, source: 'cap' })).toBe(false);
    expect(ruleMatches(rule, { ...alert, event: 'fire' })).toBe(false);
  });

  it('start the chain only after the condition held for the persistence time', () => {
    let alert = received(60);
    expect(dueSteps(alert, rule, T0 + 179_000)).toEqual([]);
    expect(nextStepAt(alert, rule)).toBe(T0 + 180_000);
    expect(dueSteps(alert, rule, T0 + 180_000).map((s) => s.step.kind)).toEqual([
      'note',
      'reminder',
    ]);
    // A reading below the threshold before the chain started restarts the persistence clock.
    alert = observe(alert, 30, T0 + 60_000);
    expect(alert.status).toBe('active');
    expect(dueSteps(alert, rule, T0 + 200_000)).toEqual([]);
    alert = observe(alert, 70, T0 + 90_000);
    expect(dueSteps(alert, rule, T0 + 269_000)).toEqual([]);
    expect(dueSteps(alert, rule, T0 + 270_000)).toHaveLength(2);
  });

  it('climb step by step on the clock, each step once', () => {
    let alert = received(60);
    const start = T0 + 180_000;
    for (const index of [0, 1]) {
      alert = decideAlert(
        alert,
        { type: 'take_step', step: { index, kind: rule.steps[index].kind } },
        ctx(start),
      ).state;
    }
    expect(dueSteps(alert, rule, start + 119_000)).toEqual([]);
    expect(dueSteps(alert, rule, start + 120_000).map((s) => s.step.kind)).toEqual(['grid_worker']);
    alert = decideAlert(
      alert,
      { type: 'take_step', step: { index: 2, kind: 'grid_worker', incidentId: 'inc-1' } },
      ctx(start + 120_000),
    ).state;
    expect(alert.chain?.incidentId).toBe('inc-1');
    expect(dueSteps(alert, rule, start + 300_000).map((s) => s.step.kind)).toEqual(['police']);
    expect(
      catchDomainError(() =>
        decideAlert(
          alert,
          { type: 'take_step', step: { index: 2, kind: 'grid_worker' } },
          ctx(start + 300_000),
        ),
      ).code,
    ).toBe('ERR_ILLEGAL_TRANSITION');
  });

  it('stop when the condition clears after the chain started', () => {
    let alert = received(60);
    alert = decideAlert(
      alert,
      { type: 'take_step', step: { index: 0, kind: 'note' } },
      ctx(T0 + 180_000),
    ).state;
    const result = decideAlert(
      alert,
      {
        type: 'observe',
        message: message('e9', T0 + 200_000),
        measure: { name: 'crowd', value: 12 },
        conditionMet: false,
      },
      ctx(T0 + 200_000),
    );
    expect(result.events.map((e) => e.type)).toEqual(['alert.observed', 'alert.cleared']);
    expect(result.state.status).toBe('cleared');
    expect(dueSteps(result.state, rule, T0 + 10_000_000)).toEqual([]);
  });

  it('are validated field by field', () => {
    const error = catchDomainError(() =>
      validateAreaRule({
        ...rule,
        name: '',
        match: {
          zone: zone.slice(0, 3),
          persistence: { measure: 'crowd', min: NaN, forSeconds: -1 },
        },
        steps: [
          { kind: 'police', afterSeconds: 60 },
          { kind: 'note', afterSeconds: 30 },
        ],
      }),
    );
    expect(error.problems?.map((p) => p.field)).toEqual([
      'name',
      'match.zone',
      'match.persistence.min',
      'match.persistence.forSeconds',
      'steps[1].afterSeconds',
      'steps[1].text',
    ]);
  });
});
