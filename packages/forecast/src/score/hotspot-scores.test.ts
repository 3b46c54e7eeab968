import { describe, expect, it } from 'vitest';
import { Grid } from '../grid/grid.ts';
import { scoreHotspots, studyAreaSqFt, topCells } from './hotspot-scores.ts';

// A 4 × 1 strip of 500 ft cells: cell i spans x ∈ [500 i, 500 i + 500).
const grid = new Grid({ cellSize: 500, rotationDeg: 0 }, 0, 0, 4, 1);
const at = (cell: number, n: number) =>
  Array.from({ length: n }, () => ({ x: cell * 500 + 250, y: 250, t: 0 }));

describe('topCells', () => {
  it('ranks by score, breaks ties by the lower index and always flags k cells', () => {
    expect(topCells(Float64Array.from([1, 3, 3, 0]), 3)).toEqual([1, 2, 0]);
    expect(topCells(Float64Array.from([0, 2, 0, 0]), 3)).toEqual([1, 0, 2]);
    expect(topCells(Float64Array.from([0, 2]), 5)).toEqual([1, 0]);
  });
});

describe('scoreHotspots', () => {
  it('computes PAI and PEI as worked by hand', () => {
    // Test events: 6 in cell 0, 3 in cell 1, 1 in cell 3, and 2 off the grid: N = 12.
    const events = [
      ...at(0, 6),
      ...at(1, 3),
      ...at(3, 1),
      { x: -10, y: 0, t: 0 },
      { x: 0, y: 900, t: 0 },
    ];
    // Flag cells 1 and 3: n = 4, a = 2 × 250,000 = 500,000 sq ft; A = 2,000,000 sq ft.
    // PAI = (4/12) / (500,000/2,000,000) = 4/3. The best two cells hold 6 + 3 = 9, PEI = 4/9.
    const s = scoreHotspots(grid, [1, 3], events, 2_000_000);
    expect(s.hit_rate).toBeCloseTo(4 / 12, 12);
    expect(s.pai).toBeCloseTo(4 / 3, 12);
    expect(s.pei).toBeCloseTo(4 / 9, 12);
    const perfect = scoreHotspots(grid, [0, 1], events, 2_000_000);
    expect(perfect.pei).toBe(1);
    expect(perfect.pai).toBeCloseTo((9 / 12) * 4, 12);
  });

  it('scores an empty period as zero rather than dividing by zero', () => {
    expect(scoreHotspots(grid, [0], [], 1_000_000)).toEqual({ hit_rate: 0, pai: 0, pei: 0 });
  });
});

describe('studyAreaSqFt', () => {
  it('is the union of 1,000 ft squares holding a point', () => {
    const points = [
      { x: 10, y: 10 },
      { x: 990, y: 500 },
      { x: 1500, y: 10 },
      { x: -5, y: 10 },
    ];
    expect(studyAreaSqFt(points)).toBe(3 * 1_000_000);
  });
});
