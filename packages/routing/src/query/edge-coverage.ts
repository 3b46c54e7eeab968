/**
 * Union length of intervals inside [0, 1]; intervals are [start, end] pairs in a flat list.
 * Edges carry at most a handful (one per end plus the units standing on them), so a sort of
 * that handful is cheaper than anything cleverer.
 */
export function coveredFraction(intervals: number[]): number {
  const count = intervals.length / 2;
  if (count === 0) return 0;
  if (count === 1) return Math.max(0, intervals[1] - intervals[0]);
  return mergeIntervals(intervals).reduce((sum, [a, b]) => sum + (b - a), 0);
}

export function mergeIntervals(intervals: number[]): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < intervals.length; i += 2) {
    if (intervals[i + 1] > intervals[i]) pairs.push([intervals[i], intervals[i + 1]]);
  }
  pairs.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const pair of pairs) {
    const last = merged[merged.length - 1];
    if (last !== undefined && pair[0] <= last[1]) last[1] = Math.max(last[1], pair[1]);
    else merged.push([pair[0], pair[1]]);
  }
  return merged;
}
