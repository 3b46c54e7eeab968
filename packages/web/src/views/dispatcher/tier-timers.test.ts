import { tierTimersOf } from '@jiefang/core';
import { describe, expect, it } from 'vitest';
import { planTargets } from './tier-timers.ts';

const t0 = Date.parse('2026-11-28T08:00:00.000Z');
const at = (seconds: number) => new Date(t0 + seconds * 1000).toISOString();
const open = { receivedAt: at(0), createdAt: at(0), status: 'open' as const };

describe('the console’s 1-3-5 clocks', () => {
  it("follow the incident's plan: a P3 plan of two tiers at 300/900 s shows those two only", () => {
    const targets = planTargets({ categoryCode: 'noise', priority: 3 }, [
      { tier: 1, targetSeconds: 300 },
      { tier: 2, targetSeconds: 900 },
    ]);
    expect(targets).toEqual({ 1: 300, 2: 900 });
    const clocks = tierTimersOf(open, [], t0 + 229_000, { targets });
    expect(clocks.map((c) => [c.tier, c.targetSeconds, c.state])).toEqual([
      [1, 300, 'amber'],
      [2, 900, 'ok'],
    ]);
  });

  it('before the recommendation loads, take the tiers of the built-in plan core selects', () => {
    // A violent attack (P1): the built-in plan runs all three tiers at 60/180/300 s.
    expect(planTargets({ categoryCode: 'violent_attack', priority: 1 })).toEqual({
      1: 60,
      2: 180,
      3: 300,
    });
  });
});
