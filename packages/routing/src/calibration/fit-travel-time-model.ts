import { DAY_PERIODS, ROAD_GROUPS, type DayPeriod, type RoadGroup } from './road-groups.ts';
import { robustLinearFit } from './robust-linear-fit.ts';
import type { DriveFeatures, TravelTimeModel } from './travel-time-model.ts';

/** Terms of the model a fit may use; a term left out keeps its neutral value. */
export type ModelTerm = 'classes' | 'edges' | 'offRoad' | 'periods' | 'kinds' | 'nonEmergency';
export const MODEL_TERMS: readonly ModelTerm[] = [
  'classes',
  'edges',
  'offRoad',
  'periods',
  'kinds',
  'nonEmergency',
];

export interface FitOptions {
  /** Strength of the pull towards a plain model (one speed factor, no offsets). */
  lambda: number;
  /** Relative error beyond which a drive counts linearly, not squared (Huber). */
  huberDelta: number;
  terms: readonly ModelTerm[];
}

export const DEFAULT_FIT_OPTIONS: FitOptions = {
  lambda: 0.01,
  huberDelta: 0.2,
  terms: MODEL_TERMS,
};

const OFF = 1e6;
// Four times the profile's speed: beyond that a factor is fitting noise, not driving.
const MIN_FACTOR = 0.25;

/**
 * Fits a TravelTimeModel by iteratively reweighted least squares on the relative error
 * (predicted − observed) / observed with a Huber loss, so a drive that was timed wrong pulls no
 * harder than a plainly bad prediction, and with ridge penalties that pull the class factors
 * towards their common mean and every offset towards zero, each on its own scale (seconds for
 * offsets, 1 for factors). A fit is deterministic: the same drives give the same model.
 */
export function fitTravelTimeModel(
  profile: string,
  features: readonly DriveFeatures[],
  observedSeconds: ArrayLike<number>,
  options: FitOptions = DEFAULT_FIT_OPTIONS,
): TravelTimeModel {
  const kinds = [...new Set(features.map((f) => f.kind))].sort();
  const layout = new Layout(kinds);
  const n = layout.size;
  const use = (term: ModelTerm) => options.terms.includes(term);

  // Penalty matrix (n×n) scaled by the number of drives so lambda means the same for any n.
  const penalty = new Float64Array(n * n);
  const addDiagonal = (i: number, weight: number) => (penalty[i * n + i] += weight);
  const count = Math.max(1, features.length);
  const lambda = Math.max(options.lambda, 1e-6) * count;
  const G = ROAD_GROUPS.length;
  const classWeight = use('classes') ? lambda : OFF * count;
  for (let a = 0; a < G; a++) {
    for (let b = 0; b < G; b++) {
      penalty[(layout.factor + a) * n + layout.factor + b] +=
        classWeight * ((a === b ? 1 : 0) - 1 / G);
    }
  }
  addDiagonal(layout.overhead, 1e-9 * count);
  addDiagonal(layout.edge, use('edges') ? lambda / 25 : OFF * count);
  addDiagonal(layout.offRoad, use('offRoad') ? lambda / 0.04 : OFF * count);
  addDiagonal(layout.nonEmergencyOffset, use('nonEmergency') ? lambda / 3600 : OFF * count);
  addDiagonal(layout.nonEmergencyFactor, use('nonEmergency') ? lambda : OFF * count);
  for (let p = 0; p < DAY_PERIODS.length; p++) {
    addDiagonal(layout.period + p, use('periods') ? lambda / 900 : OFF * count);
  }
  for (let k = 0; k < kinds.length; k++) {
    addDiagonal(layout.kind + k, use('kinds') ? lambda / 900 : OFF * count);
  }

  const start = new Float64Array(n);
  for (let g = 0; g < G; g++) start[layout.factor + g] = 1;
  const theta = robustLinearFit({
    rows: features.map((f) => layout.row(f)),
    observed: observedSeconds,
    size: n,
    penalty,
    huberDelta: options.huberDelta,
    start,
    clamp: (solved) => {
      for (let g = 0; g < G; g++) {
        solved[layout.factor + g] = Math.max(MIN_FACTOR, solved[layout.factor + g]);
      }
      solved[layout.edge] = Math.max(0, solved[layout.edge]);
      solved[layout.offRoad] = Math.max(0, solved[layout.offRoad]);
    },
  });
  return layout.model(profile, theta);
}

/** Where each parameter sits in the fit's vector. */
class Layout {
  readonly overhead = 0;
  readonly factor = 1;
  readonly edge = this.factor + ROAD_GROUPS.length;
  readonly offRoad = this.edge + 1;
  readonly nonEmergencyOffset = this.offRoad + 1;
  readonly nonEmergencyFactor = this.nonEmergencyOffset + 1;
  readonly period = this.nonEmergencyFactor + 1;
  readonly kind = this.period + DAY_PERIODS.length;
  readonly size: number;

  constructor(readonly kinds: readonly string[]) {
    this.size = this.kind + kinds.length;
  }

  row(f: DriveFeatures): Float64Array {
    const x = new Float64Array(this.size);
    x[this.overhead] = 1;
    let raw = 0;
    for (let g = 0; g < ROAD_GROUPS.length; g++) {
      x[this.factor + g] = f.groupSeconds[g];
      raw += f.groupSeconds[g];
    }
    x[this.edge] = f.edges;
    x[this.offRoad] = f.offRoadMetres;
    if (!f.emergency) {
      x[this.nonEmergencyOffset] = 1;
      x[this.nonEmergencyFactor] = raw;
    }
    x[this.period + DAY_PERIODS.indexOf(f.period)] = 1;
    const k = this.kinds.indexOf(f.kind);
    if (k >= 0) x[this.kind + k] = 1;
    return x;
  }

  model(profile: string, theta: Float64Array): TravelTimeModel {
    // + 0 turns -0 into 0, so an artefact reads back equal to what was written.
    const round = (v: number) => Math.round(v * 1e6) / 1e6 + 0;
    return {
      profile,
      overheadSeconds: round(theta[this.overhead]),
      classFactors: Object.fromEntries(
        ROAD_GROUPS.map((g, i) => [g, round(theta[this.factor + i])]),
      ) as Record<RoadGroup, number>,
      secondsPerEdge: round(theta[this.edge]),
      offRoadSecondsPerMetre: round(theta[this.offRoad]),
      kindOffsetSeconds: Object.fromEntries(
        this.kinds.map((k, i) => [k, round(theta[this.kind + i])]),
      ),
      periodOffsetSeconds: Object.fromEntries(
        DAY_PERIODS.map((p, i) => [p, round(theta[this.period + i])]),
      ) as Record<DayPeriod, number>,
      nonEmergency: {
        offsetSeconds: round(theta[this.nonEmergencyOffset]),
        roadFactor: round(theta[this.nonEmergencyFactor]),
      },
    };
  }
}
