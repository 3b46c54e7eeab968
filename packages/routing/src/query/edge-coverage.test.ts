import { describe, expect, it } from 'vitest';
import { coveredFraction, mergeIntervals } from './edge-coverage.ts';

describe('mergeIntervals', () => {
  it.each<[string, number[], [number, number][]]>([
    ['nothing', [], []],
    ['one interval', [0.2, 0.5], [[0.2, 0.5]]],
    [
      'disjoint intervals, sorted by start',
      [0.6, 0.9, 0, 0.25],
      [
        [0, 0.25],
        [0.6, 0.9],
      ],
    ],
    ['overlapping', [0, 0.5, 0.25, 0.75], [[0, 0.75]]],
    ['touching ends merge', [0, 0.5, 0.5, 1], [[0, 1]]],
    ['one inside another', [0, 1, 0.25, 0.5], [[0, 1]]],
    ['the inner one first', [0.25, 0.5, 0, 1], [[0, 1]]],
    [
      'a chain merging into one, given out of order',
      [0.5, 0.75, 0, 0.25, 0.25, 0.5, 0.7, 1],
      [[0, 1]],
    ],
    [
      'two groups',
      [0, 0.25, 0.125, 0.375, 0.625, 0.75, 0.5, 0.625],
      [
        [0, 0.375],
        [0.5, 0.75],
      ],
    ],
    ['empty intervals are dropped', [0.5, 0.5, 0.25, 0.25], []],
    ['reversed intervals are dropped', [0.75, 0.25], []],
    ['an empty interval inside a real one is dropped', [0, 0.5, 0.75, 0.75], [[0, 0.5]]],
    ['identical intervals', [0.25, 0.5, 0.25, 0.5, 0.25, 0.5], [[0.25, 0.5]]],
    [
      'a later interval with a smaller end does not shrink the merge',
      [0, 0.75, 0.125, 0.25, 0.5, 0.625],
      [[0, 0.75]],
    ],
  ])('%s', (_label, intervals, expected) => {
    expect(mergeIntervals(intervals)).toEqual(expected);
  });

  it('does not modify its input', () => {
    const input = [0.5, 1, 0, 0.75];
    mergeIntervals(input);
    expect(input).toEqual([0.5, 1, 0, 0.75]);
  });

  it('returns fresh pairs, so changing the result leaves nothing shared behind', () => {
    const first = mergeIntervals([0, 0.5, 0.25, 0.75]);
    first[0][1] = 9;
    expect(mergeIntervals([0, 0.5, 0.25, 0.75])).toEqual([[0, 0.75]]);
  });

  it('result is sorted, disjoint and covers exactly the union (random check on a fine grid)', () => {
    // Endpoints on multiples of 1/64 make the union exactly countable cell by cell.
    let seed = 1;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 500; trial++) {
      const count = Math.floor(next() * 6);
      const intervals: number[] = [];
      const cells = new Uint8Array(64);
      for (let i = 0; i < count; i++) {
        const a = Math.floor(next() * 65);
        const b = Math.floor(next() * 65);
        intervals.push(a / 64, b / 64);
        for (let c = a; c < b; c++) cells[c] = 1;
      }
      const merged = mergeIntervals(intervals);
      for (let i = 0; i < merged.length; i++) {
        expect(merged[i][0]).toBeLessThan(merged[i][1]);
        if (i > 0) expect(merged[i][0]).toBeGreaterThan(merged[i - 1][1]);
      }
      const mergedCells = new Uint8Array(64);
      for (const [a, b] of merged) for (let c = a * 64; c < b * 64; c++) mergedCells[c] = 1;
      expect(Array.from(mergedCells), `trial ${trial}: ${intervals}`).toEqual(Array.from(cells));
    }
  });
});

describe('coveredFraction', () => {
  it.each<[string, number[], number]>([
    ['nothing', [], 0],
    ['one interval', [0.25, 0.75], 0.5],
    ['the whole edge', [0, 1], 1],
    ['one empty interval', [0.5, 0.5], 0],
    ['one reversed interval counts as nothing', [0.75, 0.25], 0],
    ['two disjoint', [0, 0.25, 0.5, 0.75], 0.5],
    ['two overlapping count once', [0, 0.5, 0.25, 0.75], 0.75],
    ['nested', [0, 1, 0.25, 0.5], 1],
    ['touching', [0, 0.5, 0.5, 1], 1],
    ['both ends of an edge reached', [0, 0.25, 0.875, 1], 0.375],
    ['ends reached far enough to meet', [0, 0.625, 0.5, 1], 1],
    ['a reversed interval among real ones', [0.75, 0.25, 0, 0.125], 0.125],
    ['three with duplicates', [0.25, 0.5, 0.25, 0.5, 0.5, 0.625], 0.375],
  ])('%s → %s', (_label, intervals, expected) => {
    expect(coveredFraction(intervals)).toBeCloseTo(expected, 12);
  });

  it('never exceeds the longest possible union for intervals inside [0, 1]', () => {
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 500; trial++) {
      const intervals: number[] = [];
      const count = 1 + Math.floor(next() * 5);
      let sum = 0;
      let longest = 0;
      for (let i = 0; i < count; i++) {
        const a = next();
        const b = next();
        intervals.push(a, b);
        sum += Math.max(0, b - a);
        longest = Math.max(longest, b - a);
      }
      const covered = coveredFraction(intervals);
      // The union is at least its largest part and at most the sum of the parts (and 1).
      expect(covered).toBeGreaterThanOrEqual(longest - 1e-12);
      expect(covered).toBeLessThanOrEqual(Math.min(1, sum) + 1e-12);
    }
  });
});
