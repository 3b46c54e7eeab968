import { describe, expect, it } from 'vitest';
import { hilbertOrder } from './hilbert-order.ts';

/** Points of a k × k grid, one step apart, listed row by row (x = lon, y = lat). */
function grid(k: number): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (let row = 0; row < k; row++) {
    for (let col = 0; col < k; col++) {
      x.push(col);
      y.push(row);
    }
  }
  return { x, y };
}

function expectPermutation(order: Uint32Array, n: number) {
  expect(order).toBeInstanceOf(Uint32Array);
  expect(order).toHaveLength(n);
  expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
}

describe('hilbertOrder', () => {
  it('returns a permutation of the indices', () => {
    const lon = [121.47, 121.5, 121.41, 121.47, 121.6, 121.3, 121.45];
    const lat = [31.23, 31.2, 31.3, 31.23, 31.1, 31.25, 31.22];
    expectPermutation(hilbertOrder(lon, lat), lon.length);
  });

  it('handles no points and one point', () => {
    expect(hilbertOrder([], [])).toHaveLength(0);
    expect(Array.from(hilbertOrder([121.4], [31.2]))).toEqual([0]);
  });

  it('keeps input order for identical points (stable tie-break by index)', () => {
    expect(Array.from(hilbertOrder([5, 5, 5, 5], [7, 7, 7, 7]))).toEqual([0, 1, 2, 3]);
  });

  // On a 2^n × 2^n grid the Hilbert curve visits each cell once, always stepping to a
  // side neighbour, so consecutive points of the order are exactly one grid step apart.
  it.each([2, 4, 8, 16])('walks a %i × %i grid in unit steps', (k) => {
    const { x, y } = grid(k);
    const order = hilbertOrder(x, y);
    expectPermutation(order, k * k);
    for (let i = 1; i < order.length; i++) {
      const a = order[i - 1];
      const b = order[i];
      const step = Math.abs(x[a] - x[b]) + Math.abs(y[a] - y[b]);
      expect(step, `(${x[a]},${y[a]}) → (${x[b]},${y[b]})`).toBe(1);
    }
    // The curve starts in one corner and ends in a neighbouring one.
    const first = order[0];
    const last = order[order.length - 1];
    expect([x[first], y[first]]).toEqual([0, 0]);
    expect([
      [k - 1, 0],
      [0, k - 1],
    ]).toContainEqual([x[last], y[last]]);
  });

  it('visits the 4 × 4 grid in the order of the curve', () => {
    // Worked out by hand from the classic xy2d construction (quadrants 0,1,2,3 at
    // (0,0), (0,1), (1,1), (1,0) of (x, y) bits, first quadrant transposed).
    const expected = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 3],
      [1, 2],
      [2, 2],
      [2, 3],
      [3, 3],
      [3, 2],
      [3, 1],
      [2, 1],
      [2, 0],
      [3, 0],
    ];
    const { x, y } = grid(4);
    const order = hilbertOrder(x, y);
    expect(Array.from(order, (i) => [x[i], y[i]])).toEqual(expected);
  });

  it('the order depends on where points are, not on the order they are given in', () => {
    const { x, y } = grid(8);
    const shuffled = Array.from({ length: 64 }, (_, i) => (i * 37) % 64); // 37 is coprime to 64
    const sx = shuffled.map((i) => x[i]);
    const sy = shuffled.map((i) => y[i]);
    const plain = Array.from(hilbertOrder(x, y), (i) => `${x[i]},${y[i]}`);
    const mixed = Array.from(hilbertOrder(sx, sy), (i) => `${sx[i]},${sy[i]}`);
    expect(mixed).toEqual(plain);
  });

  it('scales to the bounding box: real coordinates give the same walk as grid steps', () => {
    const { x, y } = grid(4);
    const lon = x.map((v) => 121.4 + v * 0.003);
    const lat = y.map((v) => 31.2 + v * 0.003);
    expect(Array.from(hilbertOrder(lon, lat))).toEqual(Array.from(hilbertOrder(x, y)));
  });

  it('orders points on a line (zero-height box) along the bottom row of the curve', () => {
    const lon = [3, 0, 2, 1];
    const lat = [10, 10, 10, 10];
    // All points land on y = 0, in the four bottom cells of the 4 × 4 curve above, which it
    // visits at steps 0, 1, 14 and 15: in x order.
    expect(Array.from(hilbertOrder(lon, lat), (i) => lon[i])).toEqual([0, 1, 2, 3]);
  });
});
