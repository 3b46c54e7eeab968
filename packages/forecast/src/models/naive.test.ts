import { describe, expect, it } from 'vitest';
import { Grid } from '../grid/grid.ts';
import { naiveForecast } from './naive.ts';

describe('naiveForecast', () => {
  it('counts each cell over the last horizon only, ignoring the future', () => {
    const grid = new Grid({ cellSize: 500, rotationDeg: 0 }, 0, 0, 3, 1);
    const history = [
      { x: 100, y: 100, t: 1 }, // too old for a 7-day horizon from day 14
      { x: 100, y: 100, t: 8 },
      { x: 600, y: 100, t: 10 },
      { x: 600, y: 100, t: 13.5 },
      { x: 1100, y: 100, t: 14 }, // the forecast day itself: not history
    ];
    expect([...naiveForecast({ history, grid, from: 14, horizon: 7 })]).toEqual([1, 2, 0]);
    expect([...naiveForecast({ history, grid, from: 14, horizon: 14 })]).toEqual([2, 2, 0]);
  });
});
