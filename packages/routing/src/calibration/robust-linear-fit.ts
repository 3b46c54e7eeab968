import { solveLinear } from './solve-linear.ts';

export interface RobustFitInput {
  /** One row of regressors per observation, each of length `size`. */
  rows: readonly Float64Array[];
  observed: ArrayLike<number>;
  size: number;
  /** size×size quadratic penalty (ridge), already scaled; zero for none. */
  penalty: Float64Array;
  /** Relative error beyond which an observation counts linearly (Huber). */
  huberDelta: number;
  /** Starting parameters. */
  start: Float64Array;
  /** Projects a solution onto what is allowed (bounds), in place. */
  clamp?: (theta: Float64Array) => void;
}

const ROUNDS = 40;

/**
 * Minimises Σ huber((x·θ − y) / y) + θᵀPθ by iteratively reweighted least squares: the loss is
 * on the relative error, so a 60 s drive and a 600 s drive weigh the same, and Huber weights
 * keep a few mistimed drives from steering the fit.
 */
export function robustLinearFit(input: RobustFitInput): Float64Array {
  const { rows, observed, size: n, penalty, huberDelta } = input;
  const theta = Float64Array.from(input.start);
  const weights = new Float64Array(rows.length).fill(1);
  for (let round = 0; round < ROUNDS; round++) {
    const normal = Float64Array.from(penalty);
    const rhs = new Float64Array(n);
    for (let i = 0; i < rows.length; i++) {
      const y = observed[i];
      const w = weights[i] / (y * y);
      const x = rows[i];
      for (let a = 0; a < n; a++) {
        if (x[a] === 0) continue;
        rhs[a] += w * x[a] * y;
        for (let b = 0; b < n; b++) normal[a * n + b] += w * x[a] * x[b];
      }
    }
    const solved = solveLinear(normal, rhs, n);
    if (solved === null) break;
    input.clamp?.(solved);
    let change = 0;
    for (let a = 0; a < n; a++) change = Math.max(change, Math.abs(solved[a] - theta[a]));
    theta.set(solved);
    for (let i = 0; i < rows.length; i++) {
      let predicted = 0;
      for (let a = 0; a < n; a++) predicted += rows[i][a] * theta[a];
      const relative = Math.abs(predicted - observed[i]) / observed[i];
      weights[i] = relative <= huberDelta ? 1 : huberDelta / relative;
    }
    if (change < 1e-7) break;
  }
  return theta;
}
