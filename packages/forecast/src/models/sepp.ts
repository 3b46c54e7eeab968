import type { ForecastInput } from './forecast-input.ts';

/**
 * Parameters of the grid self-exciting point process of Mohler et al. (2015, "Randomized
 * controlled field trials of predictive policing"): in cell n the rate is
 * λ_n(t) = μ_n + Σ_{t_i < t, i in n} θ ω e^{-ω (t - t_i)}, a steady background plus
 * exponentially decaying near-repeats (θ = expected offspring per event, 1/ω = mean delay).
 */
export interface SeppFit {
  /** Background events per day, per cell. */
  mu: Float64Array;
  theta: number;
  /** Per day. */
  omega: number;
  iterations: number;
}

export interface SeppOptions {
  maxIterations?: number;
  /** Stop when θ and ω change by less than this (relative). */
  tolerance?: number;
  initialTheta?: number;
  initialOmega?: number;
}

/**
 * Expectation–maximisation for the grid SEPP over the history before `from`. Events at the
 * same instant (calls dated but not timed share a day) do not trigger one another. The sums over
 * earlier events are carried forward per cell in O(1) per event, so an iteration is O(events).
 */
export function fitSepp(input: ForecastInput, options: SeppOptions = {}): SeppFit {
  const { grid, from } = input;
  const byCell = new Map<number, number[]>();
  let start = Infinity;
  for (const e of input.history) {
    if (!(e.t < from)) continue;
    const cell = grid.cellOf(e.x, e.y);
    if (cell < 0) continue;
    start = Math.min(start, e.t);
    let times = byCell.get(cell);
    if (times === undefined) byCell.set(cell, (times = []));
    times.push(e.t);
  }
  for (const times of byCell.values()) times.sort((a, b) => a - b);
  // The observation window: from the first event (less half a day for dated calls) to `from`.
  const span = Math.max(from - start + 0.5, 1e-9);
  const mu = new Float64Array(grid.size);
  let theta = options.initialTheta ?? 0.2;
  let omega = options.initialOmega ?? 0.5;
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-5;
  for (const [cell, times] of byCell) mu[cell] = (times.length * 0.5) / span;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    let triggered = 0;
    let lagMass = 0;
    let exposure = 0;
    const nextMu = new Float64Array(grid.size);
    for (const [cell, times] of byCell) {
      // a = Σ e^{-ω(t - t_j)}, b = Σ (t - t_j) e^{-ω(t - t_j)} over strictly earlier events.
      let a = 0;
      let b = 0;
      let lastTime = -Infinity;
      let pending = 0;
      let background = 0;
      for (let i = 0; i < times.length; i++) {
        const t = times[i];
        if (t > lastTime) {
          if (lastTime > -Infinity) {
            const dt = t - lastTime;
            const decay = Math.exp(-omega * dt);
            b = decay * (b + dt * (a + pending));
            a = decay * (a + pending);
          }
          pending = 0;
          lastTime = t;
        }
        const excitation = theta * omega * a;
        const rate = mu[cell] + excitation;
        background += mu[cell] / rate;
        triggered += excitation / rate;
        lagMass += (theta * omega * b) / rate;
        pending += 1;
        exposure += 1 - Math.exp(-omega * (from - t));
      }
      nextMu[cell] = background / span;
    }
    const nextTheta = exposure > 0 ? triggered / exposure : 0;
    const nextOmega = lagMass > 0 ? triggered / lagMass : omega;
    mu.set(nextMu);
    const settled =
      Math.abs(nextTheta - theta) <= tolerance * Math.max(theta, 1e-9) &&
      Math.abs(nextOmega - omega) <= tolerance * omega;
    theta = nextTheta;
    omega = nextOmega;
    if (settled || theta === 0) {
      iterations++;
      break;
    }
  }
  return { mu, theta, omega, iterations };
}

/**
 * Expected events per cell in [from, from + horizon): the background over the window plus what
 * is left of each past event's offspring in it.
 */
export function seppForecast(input: ForecastInput, fit: SeppFit = fitSepp(input)): Float64Array {
  const { grid, from, horizon } = input;
  const out = new Float64Array(grid.size);
  for (let c = 0; c < out.length; c++) out[c] = fit.mu[c] * horizon;
  for (const e of input.history) {
    if (!(e.t < from)) continue;
    const cell = grid.cellOf(e.x, e.y);
    if (cell < 0) continue;
    out[cell] +=
      fit.theta *
      (Math.exp(-fit.omega * (from - e.t)) - Math.exp(-fit.omega * (from + horizon - e.t)));
  }
  return out;
}
