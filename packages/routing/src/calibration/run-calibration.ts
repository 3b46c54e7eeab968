import type { CityGraphData } from '../graph/profile-graph.ts';
import { calibrateProfile } from './calibrate.ts';
import { sealArtefact, type CalibrationArtefact } from './calibration-artefact.ts';
import type { ObservedDrive } from './observed-drive.ts';
import { selectFitOptions } from './select-fit-options.ts';
import type { FitOptions } from './fit-travel-time-model.ts';

export interface RunCalibrationInput {
  city: CityGraphData;
  graphFingerprint: string;
  profile: string;
  drives: readonly ObservedDrive[];
  folds: number;
  source: string;
  createdAt: string;
  candidates?: readonly FitOptions[];
}

/**
 * The whole calibration: choose the fit's settings by k-fold cross-validation, fit on every
 * drive with them, and seal the model with its before/after report into an artefact bound to
 * the graph. Deterministic: the same drives on the same graph give the same artefact.
 */
export function runCalibration(input: RunCalibrationInput): CalibrationArtefact {
  const { city, profile, drives, folds } = input;
  const { best } = selectFitOptions(city, profile, drives, folds, input.candidates);
  const model = calibrateProfile(city, profile, drives, best.options);
  return sealArtefact({
    graphFingerprint: input.graphFingerprint,
    createdAt: input.createdAt,
    source: input.source,
    models: [model],
    validation: {
      [profile]: {
        drives: drives.length,
        folds,
        before: best.cv.before,
        after: best.cv.after,
        options: { ...best.options, terms: [...best.options.terms] },
      },
    },
  });
}
