import { describe, expect, it } from 'vitest';
import { shareColour } from './SupervisorCharts.tsx';
import {
  boxSummary,
  countWithin,
  formatSeconds,
  hoursSoFar,
  jitter,
  percent,
  quantile,
} from './stats-math.ts';

describe('stats maths', () => {
  it('summarises arrivals as a box: min, quartiles, median, max', () => {
    expect(boxSummary([])).toBeUndefined();
    expect(boxSummary([42])).toEqual([42, 42, 42, 42, 42]);
    expect(boxSummary([300, 30, 60, 90, 120])).toEqual([30, 60, 90, 120, 300]);
    expect(boxSummary([10, 20, 30, 40])).toEqual([10, 17.5, 25, 32.5, 40]);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('turns shares into whole percent and colours them', () => {
    expect(percent(null)).toBeNull();
    expect(percent(2 / 3)).toBe(67);
    expect(percent(1)).toBe(100);
    expect(shareColour(0.95)).toBe('#2ecc71');
    expect(shareColour(0.75)).toBe('#ffb020');
    expect(shareColour(0.5)).toBe('#ff4d4d');
    expect(shareColour(null)).toBe('#5f7489');
  });

  it('counts within target, cuts the day at the current hour, formats seconds', () => {
    expect(countWithin([30, 60, 61, 200], 60)).toBe(2);
    const day = Array.from({ length: 24 }, (_, h) => h);
    expect(hoursSoFar(day, 9)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(hoursSoFar(day, 23)).toHaveLength(24);
    expect(formatSeconds(59.6)).toBe('1:00');
    expect(formatSeconds(185)).toBe('3:05');
    expect(Math.abs(jitter(3))).toBeLessThanOrEqual(0.15);
    expect(jitter(3)).toBe(jitter(3));
  });
});
