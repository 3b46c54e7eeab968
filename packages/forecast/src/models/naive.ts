import { binEvents, type ForecastInput } from './forecast-input.ts';

/**
 * The persistence baseline: each cell's count over the last period as long as the horizon
 * (last week's calls forecast next week's). It is the yardstick the chosen method must beat.
 */
export function naiveForecast(input: ForecastInput): Float64Array {
  const since = input.from - input.horizon;
  return binEvents(input, (e) => (e.t >= since ? 1 : 0));
}
