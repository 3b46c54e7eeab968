import { describe, expect, it } from 'vitest';
import type { Dispatch } from '../dispatch/dispatch.ts';
import { emergencyUnit, policeCar } from '../testing/unit-builders.ts';
import type { Unit } from '../unit/unit.ts';
import { remainingPlan, unfilledCounts } from './remaining-plan.ts';
import type { ResponsePlan } from './response-plan.ts';

const plan: ResponsePlan = {
  id: 'p',
  name: 'p',
  categoryCode: '*',
  priorities: [],
  preemptLowerPriority: false,
  tiers: [
    {
      tier: 1,
      targetSeconds: 60,
      acceptTimeoutSeconds: 20,
      units: [{ kinds: ['community'], count: 2 }],
    },
    {
      tier: 2,
      targetSeconds: 180,
      acceptTimeoutSeconds: 30,
      units: [
        { kinds: ['community'], count: 1 },
        { kinds: ['police'], count: 1 },
      ],
    },
  ],
};
const units = new Map<string, Unit>([
  ['e1', emergencyUnit('e1')],
  ['e2', emergencyUnit('e2')],
  ['p1', policeCar('p1')],
]);
const dispatch = (unitId: string, tier: 1 | 2, status: Dispatch['status']): Dispatch =>
  ({
    id: `d-${unitId}`,
    incidentId: 'i',
    unitId,
    orgId: 'o',
    tier,
    status,
    times: {},
    acceptTimeoutSeconds: 20,
  }) as Dispatch;

describe('remainingPlan', () => {
  it('takes live dispatches off the requirements of their tier, by kind', () => {
    const left = remainingPlan(
      plan,
      [dispatch('e1', 1, 'accepted'), dispatch('p1', 2, 'notified')],
      (id) => units.get(id),
    );
    expect(left.tiers[0].units).toEqual([{ kinds: ['community'], count: 1 }]);
    expect(left.tiers[1].units).toEqual([{ kinds: ['community'], count: 1 }]);
  });

  it('ignores declined, timed-out and cancelled dispatches, and needs nothing when all is sent', () => {
    const dead = remainingPlan(
      plan,
      [
        dispatch('e1', 1, 'declined'),
        dispatch('e2', 1, 'timed_out'),
        dispatch('p1', 2, 'cancelled'),
      ],
      (id) => units.get(id),
    );
    expect(dead).toEqual(plan);
    const all = remainingPlan(
      plan,
      [
        dispatch('e1', 1, 'notified'),
        dispatch('e2', 1, 'on_scene'),
        dispatch('e1', 2, 'en_route'),
        dispatch('p1', 2, 'accepted'),
      ],
      (id) => units.get(id),
    );
    expect(all.tiers.every((tier) => tier.units.length === 0)).toBe(true);
  });

  it('counts a unit that cleared: it did its part, the one key sends nobody in its place', () => {
    const left = unfilledCounts(plan.tiers, [dispatch('e1', 1, 'cleared')], (id) => units.get(id));
    expect(left).toEqual([[1], [1, 1]]);
  });

  it('fills a requirement naming a profile only with a unit travelling that way', () => {
    const byCar = [
      {
        tier: 1 as const,
        units: [{ kinds: ['police' as const], count: 1, profile: 'drive' as const }],
      },
    ];
    const bike = { kind: 'police' as const, profile: 'bike' as const };
    const car = { kind: 'police' as const, profile: 'drive' as const };
    expect(unfilledCounts(byCar, [dispatch('b1', 1, 'en_route')], () => bike)).toEqual([[1]]);
    expect(unfilledCounts(byCar, [dispatch('c1', 1, 'en_route')], () => car)).toEqual([[0]]);
  });
});
