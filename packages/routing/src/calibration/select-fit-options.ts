import type { CityGraphData } from '../graph/profile-graph.ts';
import { crossValidate, type CrossValidation } from './calibrate.ts';
import { MODEL_TERMS, type FitOptions } from './fit-travel-time-model.ts';
import type { ObservedDrive } from './observed-drive.ts';

export interface Candidate {
  options: FitOptions;
  cv: CrossValidation;
}

/** The settings a calibration chooses between, each judged by cross-validation only. */
export const CANDIDATE_OPTIONS: readonly FitOptions[] = [0.05, 0.2].flatMap((huberDelta) =>
  [0.0003, 0.003, 0.03].flatMap((lambda) => [
    { lambda, huberDelta, terms: MODEL_TERMS },
    { lambda, huberDelta, terms: ['classes', 'edges', 'nonEmergency'] as const },
    { lambda, huberDelta, terms: ['nonEmergency'] as const },
  ]),
);

/**
 * Cross-validates each candidate and keeps the one with the lowest median relative error
 * (ties: the higher rank correlation). Only training drives are ever seen here.
 */
export function selectFitOptions(
  city: CityGraphData,
  profile: string,
  drives: readonly ObservedDrive[],
  folds: number,
  candidates: readonly FitOptions[] = CANDIDATE_OPTIONS,
): { best: Candidate; candidates: Candidate[] } {
  const judged = candidates.map((options) => ({
    options,
    cv: crossValidate(city, profile, drives, folds, options),
  }));
  let best = judged[0];
  for (const c of judged) {
    const better =
      c.cv.after.median_abs_pct_err < best.cv.after.median_abs_pct_err - 1e-9 ||
      (Math.abs(c.cv.after.median_abs_pct_err - best.cv.after.median_abs_pct_err) <= 1e-9 &&
        c.cv.after.spearman > best.cv.after.spearman);
    if (better) best = c;
  }
  return { best, candidates: judged };
}
