import { describe, expect, it } from 'vitest';
import { Grid } from '../grid/grid.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { fitSepp, seppForecast } from './sepp.ts';
import type { SpaceTimeEvent } from './forecast-input.ts';

/** A Hawkes process per cell, simulated by its branching structure. */
function simulate(
  random: () => number,
  grid: Grid,
  mu: number[],
  theta: number,
  omega: number,
  span: number,
): SpaceTimeEvent[] {
  const events: SpaceTimeEvent[] = [];
  const exp = (rate: number) => -Math.log(1 - random()) / rate;
  const poisson = (mean: number) => {
    let k = 0;
    for (let p = Math.exp(-mean), s = p, u = random(); u > s; k++) s += p *= mean / (k + 1);
    return k;
  };
  mu.forEach((rate, cell) => {
    const [x, y] = grid.centre(cell);
    const queue: number[] = [];
    for (let t = exp(rate); t < span; t += exp(rate)) queue.push(t);
    while (queue.length > 0) {
      const t = queue.pop()!;
      events.push({ x, y, t });
      for (let k = poisson(theta); k > 0; k--) {
        const child = t + exp(omega);
        if (child < span) queue.push(child);
      }
    }
  });
  return events;
}

describe('fitSepp', () => {
  const grid = new Grid({ cellSize: 300, rotationDeg: 0 }, 0, 0, 10, 1);
  const mu = [0.05, 0.1, 0.02, 0.2, 0.05, 0.08, 0.01, 0.15, 0.05, 0.1];

  it('recovers the branching ratio and decay of a simulated process by EM', () => {
    const history = simulate(seededRandom(11), grid, mu, 0.5, 0.2, 3000);
    const fit = fitSepp({ history, grid, from: 3000, horizon: 7 });
    expect(fit.theta).toBeGreaterThan(0.42);
    expect(fit.theta).toBeLessThan(0.58);
    expect(fit.omega).toBeGreaterThan(0.15);
    expect(fit.omega).toBeLessThan(0.26);
    // Backgrounds: the busiest cell's rate within 25 %.
    expect(fit.mu[3]).toBeGreaterThan(0.15);
    expect(fit.mu[3]).toBeLessThan(0.25);
  });

  it('finds little self-excitation in a Poisson pattern', () => {
    const history = simulate(seededRandom(12), grid, mu, 0, 0.2, 3000);
    const fit = fitSepp({ history, grid, from: 3000, horizon: 7 });
    expect(fit.theta).toBeLessThan(0.06);
  });

  it('forecasts the background plus the remaining offspring of recent events', () => {
    const history = [{ x: 150, y: 150, t: 9 }];
    const fit = { mu: new Float64Array(10).fill(0.01), theta: 0.5, omega: 0.25, iterations: 0 };
    const s = seppForecast({ history, grid, from: 10, horizon: 7 }, fit);
    const expected = 0.07 + 0.5 * (Math.exp(-0.25) - Math.exp(-0.25 * 8));
    expect(s[0]).toBeCloseTo(expected, 12);
    expect(s[1]).toBeCloseTo(0.07, 12);
  });
});
