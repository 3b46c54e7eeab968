import { haversineMetres } from '../geo/geodesy.ts';
import type { ObservedDrive } from './observed-drive.ts';
import { robustLinearFit } from './robust-linear-fit.ts';

/** The baseline every calibration must beat: seconds = a + b · straight-line metres. */
export interface StraightLineModel {
  interceptSeconds: number;
  secondsPerMetre: number;
}

export function straightLineMetres(drive: ObservedDrive): number {
  return haversineMetres(drive.from[0], drive.from[1], drive.to[0], drive.to[1]);
}

/** Fitted with the same robust loss as the calibration, so the comparison is like for like. */
export function fitStraightLine(
  drives: readonly ObservedDrive[],
  huberDelta: number,
): StraightLineModel {
  const theta = robustLinearFit({
    rows: drives.map((d) => Float64Array.of(1, straightLineMetres(d))),
    observed: drives.map((d) => d.observedSeconds),
    size: 2,
    penalty: new Float64Array(4),
    huberDelta,
    start: new Float64Array(2),
  });
  return { interceptSeconds: theta[0], secondsPerMetre: theta[1] };
}

export function predictStraightLine(model: StraightLineModel, drive: ObservedDrive): number {
  return model.interceptSeconds + model.secondsPerMetre * straightLineMetres(drive);
}
