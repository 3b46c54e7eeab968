import { describe, expect, it } from 'vitest';
import { accuracy, quantile, spearman } from './accuracy.ts';

describe('accuracy figures against hand-computed values', () => {
  it('median and p90 of the absolute relative error, and the rank correlation', () => {
    // Errors: |110-100|/100 = 0.1, |150-200|/200 = 0.25, |330-300|/300 = 0.1, |200-400|/400 = 0.5,
    // |600-500|/500 = 0.2 → sorted 0.1 0.1 0.2 0.25 0.5: median 0.2; p90 at position 3.6 of 0..4
    // → 0.25 + 0.6 × (0.5 − 0.25) = 0.4.
    const result = accuracy([110, 150, 330, 200, 600], [100, 200, 300, 400, 500]);
    expect(result.n).toBe(5);
    expect(result.median_abs_pct_err).toBeCloseTo(0.2, 12);
    expect(result.p90_abs_pct_err).toBeCloseTo(0.4, 12);
    // Ranks predicted 1 2 4 3 5 against 1 2 3 4 5: d² = 0+0+1+1+0 = 2, ρ = 1 − 6·2/(5·24) = 0.9.
    expect(result.spearman).toBeCloseTo(0.9, 12);
  });

  it('ties share their mean rank', () => {
    // Ranks a: 1.5 1.5 3, b: 1 2 3 → Pearson of those = 0.8660…
    expect(spearman([1, 1, 2], [1, 2, 3])).toBeCloseTo(Math.sqrt(3) / 2, 12);
  });

  it('quantile interpolates between order statistics', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([], 0.5)).toBeNaN();
  });
});
