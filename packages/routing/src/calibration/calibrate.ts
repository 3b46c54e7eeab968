import type { CityGraphData } from '../graph/profile-graph.ts';
import { CityRouter } from '../query/city-router.ts';
import { accuracy, type Accuracy } from './accuracy.ts';
import { calibrateGraph } from './calibrate-graph.ts';
import {
  DEFAULT_FIT_OPTIONS,
  fitTravelTimeModel,
  type FitOptions,
} from './fit-travel-time-model.ts';
import { measureDrive } from './measure-drive.ts';
import type { ObservedDrive } from './observed-drive.ts';
import { identityModel, predictSeconds, type TravelTimeModel } from './travel-time-model.ts';

/** Fit, re-route with the fitted times, fit again: routes then follow the calibrated times. */
const ROUNDS = 2;

/**
 * Fits a profile's TravelTimeModel to observed drives. Each round routes every drive with the
 * current model's times (the uncalibrated profile first), then fits on what those routes drove.
 */
export function calibrateProfile(
  city: CityGraphData,
  profile: string,
  drives: readonly ObservedDrive[],
  options: FitOptions = DEFAULT_FIT_OPTIONS,
): TravelTimeModel {
  const rawRouter = new CityRouter(city);
  const rawGraph = rawRouter.graph(profile);
  const observed = drives.map((d) => d.observedSeconds);
  let router = rawRouter;
  let model = identityModel(profile);
  for (let round = 0; round < ROUNDS; round++) {
    const features = drives.map((d) => measureDrive(router, rawGraph, d).features);
    model = fitTravelTimeModel(profile, features, observed, options);
    router = new CityRouter(calibrateGraph(city, [model]));
  }
  return model;
}

/** Predicted seconds of each drive under `model`, routed by the model's own times. */
export function predictDrives(
  city: CityGraphData,
  model: TravelTimeModel,
  drives: readonly ObservedDrive[],
): Float64Array {
  const rawRouter = new CityRouter(city);
  const rawGraph = rawRouter.graph(model.profile);
  const router = new CityRouter(calibrateGraph(city, [model]));
  return Float64Array.from(drives, (d) =>
    predictSeconds(model, measureDrive(router, rawGraph, d).features),
  );
}

export interface CrossValidation {
  folds: number;
  /** The uncalibrated profile on every drive. */
  before: Accuracy;
  /** Each drive predicted by the model fitted on the other folds. */
  after: Accuracy;
}

/**
 * k-fold cross-validation with whole days kept in one fold (drives of one day share weather and
 * events, so splitting a day would leak). Days are dealt to folds in date order, round robin.
 */
export function crossValidate(
  city: CityGraphData,
  profile: string,
  drives: readonly ObservedDrive[],
  folds: number,
  options: FitOptions = DEFAULT_FIT_OPTIONS,
): CrossValidation {
  const fold = foldOfDrives(drives, folds);
  const predicted = new Float64Array(drives.length);
  for (let k = 0; k < folds; k++) {
    const train = drives.filter((_, i) => fold[i] !== k);
    const testIndex = drives.flatMap((_, i) => (fold[i] === k ? [i] : []));
    if (testIndex.length === 0 || train.length === 0) continue;
    const model = calibrateProfile(city, profile, train, options);
    const out = predictDrives(
      city,
      model,
      testIndex.map((i) => drives[i]),
    );
    testIndex.forEach((i, j) => (predicted[i] = out[j]));
  }
  const observed = drives.map((d) => d.observedSeconds);
  return {
    folds,
    before: accuracy(predictDrives(city, identityModel(profile), drives), observed),
    after: accuracy(predicted, observed),
  };
}

/** The fold of each drive: its day's position in date order, modulo the number of folds. */
export function foldOfDrives(drives: readonly ObservedDrive[], folds: number): Int32Array {
  const days = [...new Set(drives.map((d) => d.day))].sort();
  const foldOfDay = new Map(days.map((day, i) => [day, i % folds]));
  return Int32Array.from(drives, (d) => foldOfDay.get(d.day)!);
}
