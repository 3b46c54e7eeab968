import { describe, expect, it } from 'vitest';
import { catchDomainError } from '../testing/catch-domain-error.ts';
import { DEFAULT_RESPONSE_PLANS } from './default-plans.ts';
import { selectPlan, tierPlan, validateResponsePlan, type ResponsePlan } from './response-plan.ts';

describe('default response plans', () => {
  it('follow 1-3-5 for priority 1: two emergency units, then mutual aid with police, then police and special', () => {
    const plan = selectPlan(DEFAULT_RESPONSE_PLANS, 'robbery', 1);
    expect(plan.preemptLowerPriority).toBe(true);
    expect(plan.tiers.map((t) => [t.tier, t.targetSeconds, t.acceptTimeoutSeconds])).toEqual([
      [1, 60, 20],
      [2, 180, 30],
      [3, 300, 45],
    ]);
    expect(plan.tiers[0].units).toEqual([{ kinds: ['community'], count: 2 }]);
  });

  it('cover every priority of every category', () => {
    for (const priority of [1, 2, 3, 4] as const) {
      expect(selectPlan(DEFAULT_RESPONSE_PLANS, 'theft', priority).priorities).toContain(priority);
    }
  });
});

describe('selectPlan', () => {
  const base = DEFAULT_RESPONSE_PLANS[1];
  const plans: ResponsePlan[] = [
    { ...base, id: 'any', categoryCode: '*', priorities: [] },
    { ...base, id: 'any-p1', categoryCode: '*', priorities: [1] },
    { ...base, id: 'fight', categoryCode: 'fight', priorities: [] },
    { ...base, id: 'fight-p1', categoryCode: 'fight', priorities: [1] },
  ];

  it.each([
    ['fight', 1, 'fight-p1'],
    ['fight', 2, 'fight'],
    ['theft', 1, 'any-p1'],
    ['theft', 3, 'any'],
  ] as const)('%s at priority %s → %s', (category, priority, id) => {
    expect(selectPlan(plans, category, priority).id).toBe(id);
  });

  it('reports a missing plan as not found', () => {
    expect(catchDomainError(() => selectPlan([plans[3]], 'theft', 1)).code).toBe('ERR_NOT_FOUND');
  });
});

describe('validateResponsePlan', () => {
  it('names every bad field', () => {
    const e = catchDomainError(() =>
      validateResponsePlan({
        id: 'x',
        name: 'x',
        categoryCode: '*',
        priorities: [5 as 1],
        preemptLowerPriority: false,
        tiers: [
          tierPlan(2, [{ kinds: ['police'], count: 0 }]),
          {
            ...tierPlan(1, [{ kinds: ['department'], count: 1, profile: 'fly' as 'walk' }]),
            targetSeconds: 100,
          },
          { ...tierPlan(3, []), acceptTimeoutSeconds: 0 },
        ],
      }),
    );
    expect(e.problems?.map((p) => p.field)).toEqual([
      'priorities',
      'tiers[0].units[0].count',
      'tiers[1].tier',
      'tiers[1].targetSeconds',
      'tiers[1].units[0].kinds',
      'tiers[1].units[0].profile',
      'tiers[2].acceptTimeoutSeconds',
      'tiers[2].units',
    ]);
  });

  it('bounds targets and timeouts, and refuses a priority listed twice', () => {
    const base = DEFAULT_RESPONSE_PLANS[0];
    const e = catchDomainError(() =>
      validateResponsePlan({
        ...base,
        priorities: [1, 1],
        tiers: [
          { ...base.tiers[0], targetSeconds: 1e308 },
          ...base.tiers.slice(1).map((t) => ({ ...t, acceptTimeoutSeconds: Infinity })),
        ],
      }),
    );
    expect(e.problems?.map((p) => p.field)).toEqual([
      'priorities',
      'tiers[0].targetSeconds',
      ...base.tiers.slice(1).map((_, i) => `tiers[${i + 1}].acceptTimeoutSeconds`),
    ]);
    expect(validateResponsePlan({ ...base, priorities: [] }).priorities).toEqual([]);
  });

  it('needs at least one tier', () => {
    const plan = { ...DEFAULT_RESPONSE_PLANS[0], tiers: [] };
    expect(catchDomainError(() => validateResponsePlan(plan)).field).toBe('tiers');
  });
});
