import { describe, expect, it } from 'vitest';
import { planTargets, tierClocks, timerState, worstState, type Arrival } from './tier-timers.ts';

const t0 = Date.parse('2026-11-28T08:00:00.000Z');
const at = (seconds: number) => new Date(t0 + seconds * 1000).toISOString();
const open = { receivedAt: at(0), status: 'open' as const };
const oneThreeFive = { 1: 60, 2: 180, 3: 300 };

describe('1-3-5 timers', () => {
  it('turn amber at 75 % of the target and red at the target', () => {
    expect(timerState(44, 60)).toBe('ok');
    expect(timerState(45, 60)).toBe('amber');
    expect(timerState(59.9, 60)).toBe('amber');
    expect(timerState(60, 60)).toBe('red');
    expect(timerState(134, 180)).toBe('ok');
    expect(timerState(135, 180)).toBe('amber');
    expect(timerState(225, 300)).toBe('amber');
    expect(timerState(300, 300)).toBe('red');
  });

  it('count every tier from the call, each against its own target', () => {
    const clocks = tierClocks(open, [], t0 + 150_000, oneThreeFive);
    expect(clocks.map((c) => [c.tier, c.elapsedSeconds, c.state])).toEqual([
      [1, 150, 'red'],
      [2, 150, 'amber'],
      [3, 150, 'ok'],
    ]);
    expect(worstState(clocks)).toBe('red');
  });

  it('stop at the first arrival of the tier or a higher one: met in time, missed late', () => {
    const arrivals: Arrival[] = [
      { tier: 2, onSceneAt: at(50), unitId: 'community-1' },
      { tier: 3, onSceneAt: at(320), unitId: 'police-1' },
    ];
    const clocks = tierClocks(open, arrivals, t0 + 400_000, oneThreeFive);
    expect(clocks.map((c) => [c.state, c.elapsedSeconds, c.firstOnSceneUnitId])).toEqual([
      ['met', 50, 'community-1'],
      ['met', 50, 'community-1'],
      ['missed', 320, 'police-1'],
    ]);
    // A tier-1 unit does not serve tier 2.
    const lower = tierClocks(open, [{ tier: 1, onSceneAt: at(30) }], t0 + 100_000, oneThreeFive);
    expect(lower.map((c) => c.state)).toEqual(['met', 'ok', 'ok']);
  });

  it('marks waiting clocks missed once the incident has ended', () => {
    const closed = { receivedAt: at(0), status: 'closed' as const, closedAt: at(90) };
    const clocks = tierClocks(closed, [], t0 + 1_000_000, oneThreeFive);
    expect(clocks.map((c) => [c.state, c.elapsedSeconds])).toEqual([
      ['missed', 90],
      ['missed', 90],
      ['missed', 90],
    ]);
  });

  it("follow the incident's plan: a P3 plan of two tiers at 300/900 s shows those two only", () => {
    const targets = planTargets({ categoryCode: 'noise', priority: 3 }, [
      { tier: 1, targetSeconds: 300 },
      { tier: 2, targetSeconds: 900 },
    ]);
    const clocks = tierClocks(open, [], t0 + 229_000, targets);
    expect(clocks.map((c) => [c.tier, c.targetSeconds, c.state])).toEqual([
      [1, 300, 'amber'],
      [2, 900, 'ok'],
    ]);
    expect(worstState(clocks)).toBe('amber');
  });
});
