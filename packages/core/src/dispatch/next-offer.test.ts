import { describe, expect, it } from 'vitest';
import type { Candidate, TierRecommendation } from '../recommend/recommendation.ts';
import type { UnitStatus } from '../unit/unit.ts';
import { decideDispatch, type DispatchCommand } from './decide-dispatch.ts';
import type { Dispatch } from './dispatch.ts';
import { nextOffer } from './next-offer.ts';

const t0 = Date.parse('2026-11-28T08:00:00Z');

function candidate(unitId: string, etaSeconds: number, extra: Partial<Candidate> = {}): Candidate {
  return {
    unitId,
    unitName: unitId,
    kind: 'community',
    profile: 'walk',
    etaSeconds,
    travelSeconds: etaSeconds - 10,
    turnoutSeconds: 10,
    withinTarget: etaSeconds <= 60,
    reason: `${unitId}`,
    ...extra,
  };
}

const tier1: TierRecommendation = {
  tier: 1,
  targetSeconds: 60,
  remainingSeconds: 60,
  acceptTimeoutSeconds: 20,
  met: true,
  requirements: [
    {
      requirement: { kinds: ['community'], count: 2 },
      picks: [candidate('e1', 40), candidate('e2', 50)],
      alternatives: [candidate('e3', 70), candidate('e4', 90), candidate('e5', 95)],
      met: true,
    },
  ],
};

/** A real dispatch, driven through decideDispatch. */
function dispatchOf(unitId: string, createdAt: number, ...steps: DispatchCommand[]): Dispatch {
  let d = decideDispatch(
    undefined,
    { type: 'create', dispatchId: `d-${unitId}`, incidentId: 'i1', unitId, orgId: 'xjk', tier: 1 },
    { now: t0 + createdAt * 1000, actorId: null },
  ).state;
  for (const step of steps)
    d = decideDispatch(d, step, { now: t0 + (createdAt + 5) * 1000, actorId: null }).state;
  return d;
}

const ids = (offers: ReturnType<typeof nextOffer>['offers']) =>
  offers.map((o) => o.candidate.unitId);

describe('nextOffer', () => {
  it('offers the picks when nothing has been dispatched yet', () => {
    const next = nextOffer(tier1, [], t0);
    expect(ids(next.offers)).toEqual(['e1', 'e2']);
    expect(next.timeOut).toEqual([]);
    expect(next.exhausted).toEqual([]);
  });

  it('offers nothing while the picks are waiting within the timeout or working', () => {
    const dispatches = [dispatchOf('e1', 0), dispatchOf('e2', 0, { type: 'accept' })];
    expect(nextOffer(tier1, dispatches, t0 + 19_000).offers).toEqual([]);
  });

  it('times out an unanswered dispatch at 20 s and offers the next candidate', () => {
    const dispatches = [dispatchOf('e1', 0), dispatchOf('e2', 0, { type: 'accept' })];
    const next = nextOffer(tier1, dispatches, t0 + 20_000);
    expect(next.timeOut.map((d) => d.unitId)).toEqual(['e1']);
    expect(ids(next.offers)).toEqual(['e3']);
    expect(next.offers[0].requirementIndex).toBe(0);
  });

  it('replaces a decline with the next unit never offered', () => {
    const dispatches = [
      dispatchOf('e1', 0, { type: 'decline', reason: 'busy' }),
      dispatchOf('e2', 0, { type: 'accept' }),
      dispatchOf('e3', 10, { type: 'decline', reason: 'no' }),
    ];
    expect(ids(nextOffer(tier1, dispatches, t0 + 30_000).offers)).toEqual(['e4']);
  });

  it('counts cleared and on-scene units as served', () => {
    const dispatches = [
      dispatchOf('e1', 0, { type: 'accept' }, { type: 'arrive', source: 'manual' }),
      dispatchOf(
        'e2',
        0,
        { type: 'accept' },
        { type: 'arrive', source: 'manual' },
        { type: 'clear' },
      ),
    ];
    expect(nextOffer(tier1, dispatches, t0 + 600_000).offers).toEqual([]);
  });

  it('skips units that became busy meanwhile, unless meant to be pre-empted', () => {
    const status = (id: string): UnitStatus | undefined => (id === 'e1' ? 'en_route' : 'available');
    expect(ids(nextOffer(tier1, [], t0, status).offers)).toEqual(['e2', 'e3']);
    const preempting: TierRecommendation = {
      ...tier1,
      requirements: [
        {
          ...tier1.requirements[0],
          picks: [
            candidate('e1', 40, { preempts: { incidentId: 'x', dispatchId: 'dx', priority: 4 } }),
            candidate('e2', 50),
          ],
        },
      ],
    };
    expect(ids(nextOffer(preempting, [], t0, status).offers)).toEqual(['e1', 'e2']);
  });

  it('reports a requirement exhausted when every ranked unit has been tried', () => {
    const dispatches = ['e1', 'e2', 'e3', 'e4'].map((u) =>
      dispatchOf(u, 0, { type: 'decline', reason: 'no' }),
    );
    const next = nextOffer(tier1, dispatches, t0 + 60_000);
    expect(ids(next.offers)).toEqual(['e5']);
    expect(next.exhausted).toEqual([0]);
  });

  it('does not count dispatches of units outside the requirement', () => {
    const dispatches = [dispatchOf('p9', 0, { type: 'accept' })];
    expect(ids(nextOffer(tier1, dispatches, t0).offers)).toEqual(['e1', 'e2']);
  });
});
