import { describe, expect, it } from 'vitest';
import type { Dispatch, TravelProfile, UnitKind } from '@jiefang/contract';
import type { Candidate, Recommendation } from './dispatcher-api.ts';
import { remainingPlan } from './remaining-picks.ts';

const c = (unitId: string, kind: UnitKind): Candidate => ({
  unitId,
  name: unitId,
  kind,
  profile: kind === 'police' ? 'drive' : 'walk',
  etaSeconds: 60,
  travelSeconds: 40,
  turnoutSeconds: 20,
  withinTarget: true,
  reason: '',
});

const recommendation: Recommendation = {
  incidentId: 'i1',
  incidentPriority: 1,
  planId: 'p',
  computedAt: '',
  elapsedSeconds: 0,
  excluded: {},
  tiers: [
    {
      tier: 1,
      targetSeconds: 60,
      remainingSeconds: 60,
      acceptTimeoutSeconds: 30,
      met: true,
      candidates: [c('c2', 'community'), c('c3', 'community')],
      requirements: [
        {
          kinds: ['community'],
          count: 2,
          met: true,
          picks: [c('c2', 'community'), c('c3', 'community')],
          alternatives: [],
        },
      ],
    },
    {
      tier: 3,
      targetSeconds: 300,
      remainingSeconds: 300,
      acceptTimeoutSeconds: 60,
      met: true,
      candidates: [c('p2', 'police')],
      requirements: [
        { kinds: ['police'], count: 1, met: true, picks: [c('p2', 'police')], alternatives: [] },
      ],
    },
  ],
};

const dispatch = (
  id: string,
  unitId: string,
  tier: 1 | 2 | 3,
  status: Dispatch['status'] = 'notified',
): Dispatch => ({
  id,
  incidentId: 'i1',
  unitId,
  orgId: 'o',
  tier,
  status,
  times: {},
  acceptTimeoutSeconds: 30,
});

const units: Record<string, { kind: UnitKind; profile: TravelProfile }> = {
  c1: { kind: 'community', profile: 'walk' },
  p1: { kind: 'police', profile: 'drive' },
  b1: { kind: 'police', profile: 'bike' },
};
const unitOf = (unitId: string) => units[unitId];

describe('what one key sends', () => {
  it('sends the whole plan while nobody is on the incident', () => {
    const plan = remainingPlan(recommendation, [], unitOf);
    expect(plan.fresh).toBe(true);
    expect(plan.picks.map((p) => [p.tier, p.candidate.unitId])).toEqual([
      [1, 'c2'],
      [1, 'c3'],
      [3, 'p2'],
    ]);
  });

  it('sends only what the units already sent do not cover, per tier and kind', () => {
    const plan = remainingPlan(
      recommendation,
      [dispatch('d1', 'c1', 1), dispatch('d2', 'p1', 3, 'on_scene')],
      unitOf,
    );
    expect(plan.fresh).toBe(false);
    expect(plan.picks.map((p) => [p.tier, p.candidate.unitId])).toEqual([[1, 'c2']]);
    expect(plan.covers.get(1)).toMatchObject({ sent: ['c1'], served: false });
    expect(plan.covers.get(3)).toMatchObject({ sent: ['p1'], served: true });
  });

  it('does not count declined or stood-down units, nor units of another kind or tier', () => {
    const plan = remainingPlan(
      recommendation,
      [dispatch('d1', 'c1', 1, 'declined'), dispatch('d2', 'p1', 1), dispatch('d3', 'c1', 2)],
      unitOf,
    );
    expect(plan.picks.map((p) => p.candidate.unitId)).toEqual(['c2', 'c3', 'p2']);
  });

  it('counts a unit that cleared as core’s ENGAGED does: the key does not send another', () => {
    const plan = remainingPlan(recommendation, [dispatch('d2', 'p1', 3, 'cleared')], unitOf);
    expect(plan.fresh).toBe(false);
    expect(plan.picks.map((p) => p.candidate.unitId)).toEqual(['c2', 'c3']);
    expect(plan.covers.get(3)).toMatchObject({ sent: ['p1'], served: true });
  });

  it('honours a requirement’s profile: a police bicycle does not fill “police by car”', () => {
    const byCar: Recommendation = {
      ...recommendation,
      tiers: [
        {
          ...recommendation.tiers[1],
          requirements: [
            {
              kinds: ['police'],
              count: 1,
              profile: 'drive',
              met: true,
              picks: [c('p2', 'police')],
              alternatives: [],
            },
          ],
        },
      ],
    };
    const bike = remainingPlan(byCar, [dispatch('d1', 'b1', 3, 'en_route')], unitOf);
    expect(bike.picks.map((p) => p.candidate.unitId)).toEqual(['p2']);
    expect(bike.covers.get(3)).toMatchObject({ served: false });
    const car = remainingPlan(byCar, [dispatch('d1', 'p1', 3, 'en_route')], unitOf);
    expect(car.picks).toEqual([]);
    expect(car.covers.get(3)).toMatchObject({ served: true });
  });
});
