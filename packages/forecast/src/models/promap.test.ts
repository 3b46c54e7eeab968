import { describe, expect, it } from 'vitest';
import { Grid } from '../grid/grid.ts';
import { promapForecast } from './promap.ts';

describe('promapForecast', () => {
  const grid = new Grid({ cellSize: 300, rotationDeg: 0 }, 0, 0, 5, 5);
  const centre = { x: 750, y: 750 }; // cell (2, 2)

  it('weights an event by 1/(1+d) in cells and 1/(1+w) in whole weeks', () => {
    const history = [{ ...centre, t: 10 }]; // 8 days before day 18: one whole week
    const s = promapForecast(
      { history, grid, from: 18, horizon: 7 },
      { bandwidthFt: 600, weeks: 4 },
    );
    expect(s[2 * 5 + 2]).toBeCloseTo(1 / 2, 12);
    expect(s[2 * 5 + 3]).toBeCloseTo(1 / 2 / 2, 12);
    expect(s[3 * 5 + 3]).toBeCloseTo(1 / (1 + Math.SQRT2) / 2, 12);
    expect(s[2 * 5 + 4]).toBeCloseTo(1 / 3 / 2, 12);
    // Two cells diagonally is 2.83 cells away: beyond the 2-cell bandwidth.
    expect(s[4 * 5 + 4]).toBe(0);
  });

  it('forgets events older than its temporal bandwidth', () => {
    const history = [{ ...centre, t: 0 }];
    const s = promapForecast({ history, grid, from: 15, horizon: 7 }, { bandwidthFt: 0, weeks: 2 });
    expect([...s].every((v) => v === 0)).toBe(true);
    const kept = promapForecast(
      { history, grid, from: 13, horizon: 7 },
      { bandwidthFt: 0, weeks: 2 },
    );
    expect(kept[12]).toBeCloseTo(1 / 2, 12);
  });
});
