import { describe, expect, it } from 'vitest';
import { LatencyPercentiles, latencyPercentile } from './latency-percentiles.ts';

describe('LatencyPercentiles', () => {
  // Within 0.1 %: the histogram's resolution at 3 significant digits.
  const near = (actual: number, expected: number) =>
    expect(Math.abs(actual - expected) / expected).toBeLessThanOrEqual(1e-3);

  it('answers by nearest rank at microsecond resolution', () => {
    const samples = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((ms) => ms / 10);
    near(latencyPercentile(samples, 0.5), 5);
    near(latencyPercentile(samples, 0.9), 9);
    near(latencyPercentile(samples, 0.91), 10);
    expect(latencyPercentile(samples, 0)).toBe(1);
    expect(latencyPercentile(samples, 1)).toBe(10);
    expect(latencyPercentile([1.234, 1.5], 0.5)).toBe(1.234);
    expect(latencyPercentile([0.0004, 0.0006], 1)).toBe(0.001);
  });

  it('stays near a recorded sample for large values and never exceeds the slowest', () => {
    const percentiles = new LatencyPercentiles();
    for (const ms of [12.345, 987.654, 45_678.9]) percentiles.record(ms);
    near(percentiles.at(0.5)!, 987.654);
    expect(percentiles.at(1)).toBe(45_678.9);
    expect(percentiles.count).toBe(3);
  });

  it('has no percentile without samples and rejects impossible samples and quantiles', () => {
    expect(new LatencyPercentiles().at(0.5)).toBeNull();
    expect(latencyPercentile([], 0.5)).toBeNaN();
    expect(() => new LatencyPercentiles().record(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => new LatencyPercentiles().record(-1)).toThrow(RangeError);
    expect(() => latencyPercentile([1], 1.5)).toThrow(RangeError);
  });
});
