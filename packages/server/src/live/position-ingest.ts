import { authorize, DomainError, DomainErrorCode, type Unit, type User } from '@jiefang/core';
import type { ServerContext } from '../context.ts';
import { AggregateType } from '../world/aggregate-types.ts';
import { trackerOf } from './unit-view.ts';

/** A device fix as it arrives over HTTP or the WebSocket. */
export interface IncomingFix {
  unitId: string;
  lon: number;
  lat: number;
  /** Epoch milliseconds. */
  at: number;
  accuracyM: number;
}

export interface RejectedFix {
  index: number;
  code: string;
  field: string;
  message: string;
}

export interface IngestResult {
  accepted: number;
  rejected: RejectedFix[];
}

export const MAX_FIXES_PER_BATCH = 1000;

/**
 * The one path every position takes, HTTP batch or WebSocket: per fix, the caller must be
 * allowed 'position.report' for that unit (responders and grid workers only for their own),
 * then core checks the fix (malformed, stale, from the future) in PositionTracker.report. One
 * bad fix is rejected on its own; the others of the batch still count. Nothing here waits on
 * the database: the tracker writes tracks in batches on its own timer.
 */
export function ingestFixes(
  ctx: ServerContext,
  user: User,
  fixes: readonly unknown[],
): IngestResult {
  const tracker = trackerOf(ctx);
  const tree = ctx.world.orgTree;
  let accepted = 0;
  const rejected: RejectedFix[] = [];
  for (let index = 0; index < fixes.length; index++) {
    const fix = fixes[index] as IncomingFix;
    try {
      const unitId = typeof fix === 'object' && fix !== null ? fix.unitId : undefined;
      if (typeof unitId !== 'string' || unitId === '') {
        throw new DomainError(DomainErrorCode.VALIDATION, 'unitId is required', 'unitId');
      }
      const unit = ctx.world.get<Unit>(AggregateType.unit, unitId);
      if (!unit) throw new DomainError(DomainErrorCode.NOT_FOUND, `no unit ${unitId}`, 'unitId');
      authorize(user, 'position.report', unit.orgId, tree, { unitId });
      tracker.report(unit, { lon: fix.lon, lat: fix.lat, at: fix.at, accuracyM: fix.accuracyM });
      accepted++;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      rejected.push({
        index,
        code: error.code,
        // The fix names its unit; core names position fields 'position.lon', sent flat here.
        field:
          error.code === DomainErrorCode.OUT_OF_SCOPE || error.code === DomainErrorCode.FORBIDDEN
            ? 'unitId'
            : (error.field ?? 'position').replace(/^position\./, ''),
        message: error.message,
      });
    }
  }
  return { accepted, rejected };
}
