import { tierPlan, validateResponsePlan, type ResponsePlan } from './response-plan.ts';

/**
 * A starting set of plans after Guangzhou's 1-3-5 practice: the emergency units on site act in
 * the first minute, neighbours arrive within three, police within five. Cities tune these.
 */
const plans: ResponsePlan[] = [
  {
    id: 'default-p1',
    name: '1-3-5 full response (life in danger)',
    categoryCode: '*',
    priorities: [1],
    preemptLowerPriority: true,
    tiers: [
      tierPlan(1, [{ kinds: ['community'], count: 2 }]),
      tierPlan(2, [
        { kinds: ['community', 'grid'], count: 2 },
        { kinds: ['police'], count: 1 },
      ]),
      tierPlan(3, [
        { kinds: ['police'], count: 2 },
        { kinds: ['special'], count: 1 },
      ]),
    ],
  },
  {
    id: 'default-p2',
    name: 'Urgent: nearest community force, then police',
    categoryCode: '*',
    priorities: [2],
    preemptLowerPriority: false,
    tiers: [
      tierPlan(1, [{ kinds: ['community', 'grid'], count: 1 }]),
      tierPlan(2, [{ kinds: ['police'], count: 1 }]),
      tierPlan(3, [{ kinds: ['police'], count: 1 }]),
    ],
  },
  {
    id: 'default-p3',
    name: 'Routine: nearest community force, police to follow',
    categoryCode: '*',
    priorities: [3],
    preemptLowerPriority: false,
    tiers: [
      tierPlan(1, [{ kinds: ['community', 'grid'], count: 1 }], 300),
      tierPlan(2, [{ kinds: ['police'], count: 1 }], 900),
    ],
  },
  {
    id: 'default-p4',
    name: 'Non-urgent: the grid worker',
    categoryCode: '*',
    priorities: [4],
    preemptLowerPriority: false,
    tiers: [tierPlan(1, [{ kinds: ['grid', 'community'], count: 1 }], 1800)],
  },
  {
    id: 'default-missing-person',
    name: 'Missing person: search by everyone near, police to coordinate',
    categoryCode: 'missing_person',
    priorities: [],
    preemptLowerPriority: false,
    tiers: [
      tierPlan(1, [{ kinds: ['community', 'grid'], count: 4 }], 120),
      tierPlan(2, [{ kinds: ['police'], count: 1 }], 300),
    ],
    // A search runs for hours, but a missing child cannot wait for a half-hourly reminder.
    loop: { deadlines: { handle: 6 * 3600 }, escalateEverySeconds: 15 * 60 },
  },
];

export const DEFAULT_RESPONSE_PLANS: readonly ResponsePlan[] = plans.map(validateResponsePlan);
