import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import {
  decodeArtefact,
  encodeArtefact,
  type CalibrationArtefact,
} from '../calibration/calibration-artefact.ts';
import { calibrateGraph } from '../calibration/calibrate-graph.ts';
import { RoutingError, RoutingErrorCode } from '../errors.ts';
import type { CityGraphData } from '../graph/profile-graph.ts';
import { graphFingerprint, readGraphFile } from './graph-file.ts';

/** Where the accepted calibration of a graph file lives: beside it. */
export function calibrationPathOf(graphPath: string): string {
  return `${graphPath}.calibration.json`;
}

export function writeCalibrationFile(path: string, artefact: CalibrationArtefact): void {
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, encodeArtefact(artefact));
  renameSync(temporary, path);
}

/** Reads and checks an artefact (shape, fingerprint, graph binding); null when there is none. */
export function readCalibrationFile(
  path: string,
  graphFingerprintHex: string,
): CalibrationArtefact | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new RoutingError(
      RoutingErrorCode.CALIBRATION_INVALID,
      `cannot read calibration ${path}: ${(error as Error).message}`,
      path,
    );
  }
  return decodeArtefact(text, graphFingerprintHex, path);
}

/**
 * A graph file with its accepted calibration applied (edge times by road class and junction
 * delay), or as built when no calibration sits beside it. A calibration fitted on another graph
 * is refused with ERR_CALIBRATION_GRAPH_MISMATCH rather than silently ignored.
 */
export function readCalibratedGraph(graphPath: string): {
  city: CityGraphData;
  calibration: CalibrationArtefact | null;
} {
  const city = readGraphFile(graphPath);
  const calibration = readCalibrationFile(calibrationPathOf(graphPath), graphFingerprint(city));
  return {
    city: calibration === null ? city : calibrateGraph(city, calibration.models),
    calibration,
  };
}
