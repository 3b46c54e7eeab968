import { describe, expect, it } from 'vitest';
import { intervalOverSeeds } from './interval-over-seeds.ts';

describe('intervalOverSeeds', () => {
  it('gives the t interval of the mean (hand-computed)', () => {
    // mean 3, sample sd √2.5 = 1.5811, n 5: half-width t(0.975, 4) 2.7764 × 1.5811 / √5 = 1.9632
    const interval = intervalOverSeeds([1, 2, 3, 4, 5])!;
    expect(interval.mean).toBe(3);
    expect(interval.n).toBe(5);
    expect(interval.ci95[0]).toBeCloseTo(3 - 1.9632, 3);
    expect(interval.ci95[1]).toBeCloseTo(3 + 1.9632, 3);
  });

  it('leaves out seeds without a value and answers null when none has one', () => {
    expect(intervalOverSeeds([null, 7, null])).toEqual({ mean: 7, ci95: [7, 7], n: 1 });
    expect(intervalOverSeeds([null, null])).toBeNull();
  });
});
