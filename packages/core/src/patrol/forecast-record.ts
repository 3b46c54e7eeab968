import { DomainError, DomainErrorCode } from '../errors.ts';
import type { Decision, DecideContext } from '../shared/decision.ts';
import { toIso } from '../shared/time.ts';

/** One flagged cell of a hotspot forecast, best first. */
export interface ForecastCell {
  rank: number;
  /** The cell's id in its grid (stable for one forecast). */
  cell: string;
  /** Expected events in the window (the model's score). */
  score: number;
  centre: [number, number];
  /** The square, WGS84, closed ring. */
  ring: [number, number][];
}

/** What a finished computation yields. */
export interface ForecastResult {
  method: string;
  cellSizeFt: number;
  rotationDeg: number;
  /** The window [from, until), ISO dates. */
  from: string;
  until: string;
  /** Incidents the models were fitted on. */
  historyCount: number;
  /** The chosen method's mean hit rate over the validation folds of the history. */
  validatedHitRate: number;
  cells: ForecastCell[];
}

/**
 * A hotspot forecast for an org's area: requested by a planner, computed off the request path
 * (the server's forecast runner), kept in the store so a restart shows the same cells.
 */
export interface ForecastRecord {
  id: string;
  orgId: string;
  /** Incident category code, or '*' for every category. */
  categoryCode: string;
  horizonDays: number;
  status: 'requested' | 'computed' | 'failed';
  requestedAt: string;
  requestedBy: string | null;
  computedAt?: string;
  result?: ForecastResult;
  /** Why the computation failed (e.g. too little history), for the planner. */
  failure?: string;
}

export type ForecastCommand =
  | {
      type: 'request';
      forecast: Pick<ForecastRecord, 'id' | 'orgId' | 'categoryCode' | 'horizonDays'>;
    }
  | { type: 'complete'; result: ForecastResult }
  | { type: 'fail'; reason: string };

export const FORECAST_HORIZONS_DAYS: readonly number[] = [7, 14, 30];

export function decideForecast(
  state: ForecastRecord | undefined,
  command: ForecastCommand,
  context: DecideContext,
): Decision<ForecastRecord> {
  const now = toIso(context.now);
  if (command.type === 'request') {
    if (state)
      throw new DomainError(DomainErrorCode.ALREADY_EXISTS, `forecast ${state.id} exists`, 'id');
    if (!FORECAST_HORIZONS_DAYS.includes(command.forecast.horizonDays))
      throw new DomainError(
        DomainErrorCode.VALIDATION,
        `horizonDays must be one of ${FORECAST_HORIZONS_DAYS.join(', ')}`,
        'horizonDays',
      );
    const requested: ForecastRecord = {
      ...command.forecast,
      status: 'requested',
      requestedAt: now,
      requestedBy: context.actorId,
    };
    return { events: [{ type: 'forecast.requested', payload: requested }], state: requested };
  }
  if (!state) throw new DomainError(DomainErrorCode.NOT_FOUND, 'no such forecast', 'id');
  if (state.status !== 'requested')
    throw new DomainError(
      DomainErrorCode.ILLEGAL_TRANSITION,
      `forecast ${state.id} is already ${state.status}`,
    );
  if (command.type === 'complete')
    return {
      events: [{ type: 'forecast.computed', payload: { ...command.result } }],
      state: { ...state, status: 'computed', computedAt: now, result: command.result },
    };
  return {
    events: [{ type: 'forecast.failed', payload: { reason: command.reason } }],
    state: { ...state, status: 'failed', computedAt: now, failure: command.reason },
  };
}
