import { DomainError, DomainErrorCode, ProblemList } from '../errors.ts';
import { checkLonLat } from '../geo/coordinates.ts';
import type { LastKnownPosition } from './unit.ts';

export interface PositionReportOptions {
  /** Older fixes say where a unit was, not where it is (default 120 s, as in recommendation). */
  maxAgeSeconds?: number;
  /** Phone clocks drift; a fix a little in the future is accepted (default 10 s). */
  maxFutureSeconds?: number;
}

/** A fix less precise than this says nothing useful about where a unit is. */
export const MAX_ACCURACY_M = 100_000;

/**
 * Checks a position report from a responder's phone or vehicle before it replaces the unit's
 * last known position. Throws ERR_VALIDATION for a malformed fix, ERR_STALE_POSITION for one
 * too old or too far in the future.
 */
export function checkPositionReport(
  report: unknown,
  now: number,
  options: PositionReportOptions = {},
): LastKnownPosition {
  const problems = new ProblemList();
  checkLonLat(report, 'position', problems);
  const r = (report ?? {}) as Record<string, unknown>;
  if (typeof r.at !== 'number' || !Number.isFinite(r.at)) {
    problems.add('position.at', 'must be epoch milliseconds');
  }
  // Infinity passes `>= 0`; one such fix would later break every reader of the unit list.
  if (
    typeof r.accuracyM !== 'number' ||
    !Number.isFinite(r.accuracyM) ||
    r.accuracyM < 0 ||
    r.accuracyM > MAX_ACCURACY_M
  ) {
    problems.add(
      'position.accuracyM',
      `must be a finite number of metres between 0 and ${MAX_ACCURACY_M}`,
    );
  }
  problems.throwIfAny('position report');
  const position = report as LastKnownPosition;
  const maxAge = (options.maxAgeSeconds ?? 120) * 1000;
  const maxFuture = (options.maxFutureSeconds ?? 10) * 1000;
  if (now - position.at > maxAge) {
    throw new DomainError(
      DomainErrorCode.STALE_POSITION,
      `position is ${Math.round((now - position.at) / 1000)} s old (limit ${maxAge / 1000} s)`,
      'position.at',
    );
  }
  if (position.at - now > maxFuture) {
    throw new DomainError(
      DomainErrorCode.STALE_POSITION,
      `position is ${Math.round((position.at - now) / 1000)} s in the future (check the device clock)`,
      'position.at',
    );
  }
  return position;
}
