/**
 * Every failure the forecast package reports on purpose is a ForecastError with a stable code,
 * documented in packages/forecast/ERRORS.md (a test keeps the two in step). Callers branch on
 * `code`; `field` names the offending input.
 */
export const ForecastErrorCode = {
  /** A calls file lacks a required column, or a row's field cannot be read. */
  CALLS_FORMAT: 'ERR_FORECAST_CALLS_FORMAT',
  /** A calls file does not exist or cannot be read. */
  CALLS_UNREADABLE: 'ERR_FORECAST_CALLS_UNREADABLE',
  /** A numeric or date argument is missing, non-finite or outside its allowed range. */
  INVALID_ARGUMENT: 'ERR_FORECAST_INVALID_ARGUMENT',
  /** The training period holds no event of the category, so nothing can be forecast. */
  NO_HISTORY: 'ERR_FORECAST_NO_HISTORY',
} as const;

export type ForecastErrorCode = (typeof ForecastErrorCode)[keyof typeof ForecastErrorCode];

export class ForecastError extends Error {
  override readonly name = 'ForecastError';
  constructor(
    readonly code: ForecastErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
