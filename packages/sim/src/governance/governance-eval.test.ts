import { describe, expect, it } from 'vitest';
import { evaluateGovernance, GOVERNANCE_MIX } from './governance-eval.ts';

describe('evaluateGovernance', () => {
  const result = evaluateGovernance({ days: 30, seed: 1 });

  it('is deterministic for a seed and changes with it', () => {
    expect(evaluateGovernance({ days: 30, seed: 1 })).toEqual(result);
    expect(evaluateGovernance({ days: 30, seed: 2 })).not.toEqual(result);
  });

  it('draws the kinds in the modelled mix', () => {
    const total = Object.values(result.cases).reduce((a, b) => a + b, 0);
    const share = (kind: string) =>
      GOVERNANCE_MIX.filter((m) => m.kind === kind).reduce((a, m) => a + m.share, 0);
    // ~1,200 calls: each kind's share within 4 points of the model's.
    for (const [kind, count] of Object.entries(result.cases))
      expect(Math.abs(count / total - share(kind))).toBeLessThan(0.04);
  });

  it('frees police hours when the platform routes the calls, never adds any', () => {
    const { police_only, fused } = result.police_hours_on_non_police;
    expect(fused).toBeGreaterThan(0);
    expect(fused).toBeLessThan(police_only * 0.2);
    for (const rate of [result.response_rate, result.resolution_rate, result.satisfaction_rate])
      expect(rate).toBeGreaterThan(0);
  });
});
