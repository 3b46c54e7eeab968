import { describe, expect, it } from 'vitest';
import { Grid } from '../grid/grid.ts';
import { normal, seededRandom } from '../testing/seeded-random.ts';
import { kdeBandwidthByCv, kdeForecast } from './kde.ts';

describe('kdeForecast', () => {
  it('spreads one event as a symmetric Gaussian whose cell masses sum to one', () => {
    const grid = new Grid({ cellSize: 250, rotationDeg: 0 }, 0, 0, 41, 41);
    const history = [{ x: 20.5 * 250, y: 20.5 * 250, t: 0 }];
    const s = kdeForecast({ history, grid, from: 1, horizon: 7 }, 500);
    const centre = 20 * 41 + 20;
    expect(s.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(Math.max(...s)).toBe(s[centre]);
    expect(s[centre + 1]).toBeCloseTo(s[centre - 1], 12);
    expect(s[centre + 41]).toBeCloseTo(s[centre + 1], 12);
    // One cell (250 ft) away at h = 500 ft the kernel falls by e^{-1/8}.
    expect(s[centre + 1] / s[centre]).toBeCloseTo(Math.exp(-1 / 8), 9);
  });

  it('cross-validates a bandwidth near the optimum for a Gaussian cloud (σ n^(-1/6))', () => {
    const random = seededRandom(7);
    const sigma = 2000;
    const n = 3000;
    const history = Array.from({ length: n }, (_, i) => ({
      x: sigma * normal(random),
      y: sigma * normal(random),
      t: i / 100,
    }));
    const grid = Grid.covering({ cellSize: 250, rotationDeg: 0 }, history);
    const choice = kdeBandwidthByCv({ history, grid, from: Infinity, horizon: 7 });
    // Optimum for a 2-D normal with 4/5 of 3,000 points in each fit: 2000 × 2400^(-1/6) ≈ 546 ft.
    expect([400, 600, 900]).toContain(choice.bandwidthFt);
    const tight = kdeBandwidthByCv(
      {
        history: history.map((e) => ({ ...e, x: e.x / 8, y: e.y / 8 })),
        grid: Grid.covering({ cellSize: 250, rotationDeg: 0 }, history),
        from: Infinity,
        horizon: 7,
      },
      [150, 250, 400, 600, 900, 1300, 2000, 3000],
    );
    expect(tight.bandwidthFt).toBeLessThan(choice.bandwidthFt);
  });
});
