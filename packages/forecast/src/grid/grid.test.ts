import { describe, expect, it } from 'vitest';
import { ForecastErrorCode } from '../errors.ts';
import { Grid } from './grid.ts';

describe('Grid', () => {
  it('finds the cell of a point on an unrotated grid', () => {
    const grid = new Grid({ cellSize: 500, rotationDeg: 0 }, 1000, 2000, 4, 3);
    expect(grid.cellOf(1000, 2000)).toBe(0);
    expect(grid.cellOf(1499, 2499)).toBe(0);
    expect(grid.cellOf(1500, 2000)).toBe(1);
    expect(grid.cellOf(1000, 2500)).toBe(4);
    expect(grid.cellOf(999, 2000)).toBe(-1);
    expect(grid.cellOf(3000, 2000)).toBe(-1);
    expect(grid.centre(5)).toEqual([1750, 2750]);
  });

  it('rotates its axes: at 45° the first cell is a diamond above the origin', () => {
    const grid = new Grid({ cellSize: 300, rotationDeg: 45 }, 0, 0, 2, 2);
    const h = 300 / Math.SQRT2;
    // The first cell's centre lies on the y axis at half its diagonal.
    const [cx, cy] = grid.centre(0);
    expect(cx).toBeCloseTo(0, 9);
    expect(cy).toBeCloseTo(h, 9);
    expect(grid.cellOf(0, h)).toBe(0);
    // The diamond's corners are (0, 0), (h, h), (0, 2h), (−h, h).
    expect(grid.cellOf(0.9 * h, h)).toBe(0);
    expect(grid.cellOf(h, 0.1 * h)).toBe(-1);
    expect(grid.cellOf(0, -1)).toBe(-1);
    const ring = grid.ring(0);
    expect(ring).toHaveLength(5);
    expect(ring[2][0]).toBeCloseTo(0, 9);
    expect(ring[2][1]).toBeCloseTo(2 * h, 9);
  });

  it('covers every point it is built from', () => {
    const points = [
      { x: -1234, y: 567 },
      { x: 8000, y: -3000 },
      { x: 2500, y: 9100 },
    ];
    for (const rotationDeg of [0, 22.5, 45, 67.5]) {
      const grid = Grid.covering({ cellSize: 250, rotationDeg }, points);
      for (const p of points) expect(grid.cellOf(p.x, p.y)).toBeGreaterThanOrEqual(0);
    }
  });

  it("keeps cells within NIJ's 250–600 ft and counts the cells of 0.75 sq mi", () => {
    expect(() => new Grid({ cellSize: 200, rotationDeg: 0 }, 0, 0, 1, 1)).toThrowError(
      expect.objectContaining({ code: ForecastErrorCode.INVALID_ARGUMENT, field: 'cellSize' }),
    );
    expect(() => new Grid({ cellSize: 601, rotationDeg: 0 }, 0, 0, 1, 1)).toThrow();
    expect(() => new Grid({ cellSize: 300, rotationDeg: Number.NaN }, 0, 0, 1, 1)).toThrow();
    // 0.75 × 5280² = 20,908,800 sq ft: 334.5 cells of 250 ft, 58.08 of 600 ft.
    expect(new Grid({ cellSize: 250, rotationDeg: 0 }, 0, 0, 1, 1).cellsWithin(0.75)).toBe(334);
    expect(new Grid({ cellSize: 600, rotationDeg: 0 }, 0, 0, 1, 1).cellsWithin(0.75)).toBe(58);
  });
});
