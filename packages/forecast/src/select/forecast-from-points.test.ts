import { describe, expect, it } from 'vitest';
import { ForecastErrorCode } from '../errors.ts';
import { normal, seededRandom } from '../testing/seeded-random.ts';
import { forecastFromPoints, type HistoryPoint } from './forecast-from-points.ts';

const metres = (a: readonly number[], b: readonly number[]) => {
  const k = Math.PI / 180;
  return Math.hypot((b[0] - a[0]) * k * Math.cos(a[1] * k), (b[1] - a[1]) * k) * 6_371_000;
};

describe('forecastFromPoints', () => {
  // Nanjing's Xinjiekou: a 3 km square of uniform background and one hot corner 40 m wide.
  const hot: [number, number] = [118.7905, 32.0442];
  const random = seededRandom(7);
  const points: HistoryPoint[] = [];
  for (let day = 20_000; day < 20_028; day++) {
    for (let i = 0; i < 6; i++)
      points.push({
        lon: 118.77 + random() * 0.03,
        lat: 32.03 + random() * 0.027,
        day: day + random(),
      });
    for (let i = 0; i < 4; i++)
      points.push({
        lon: hot[0] + (normal(random) * 40) / 94_000,
        lat: hot[1] + (normal(random) * 40) / 111_000,
        day: day + random(),
      });
  }

  it('ranks the cell of the hot corner first and keeps to the forecast area', () => {
    const forecast = forecastFromPoints(points, 20_028, 7, 0.1);
    expect(forecast.cells.length).toBeGreaterThan(0);
    expect(metres(forecast.cells[0].centre, hot)).toBeLessThan(forecast.cellSizeFt * 0.3048);
    const cellSqMi = (forecast.cellSizeFt / 5280) ** 2;
    expect(forecast.cells.length * cellSqMi).toBeLessThanOrEqual(0.1 + 1e-9);
    expect(forecast.cells[0].ring).toHaveLength(5);
    expect(forecast.from).toBe(20_028);
    expect(forecast.until).toBe(20_035);
    expect(forecast.historyCount).toBe(points.length);
  });

  it('uses only the history before the forecast start', () => {
    const later = points.map((p) => ({ ...p, day: p.day + 100 }));
    expect(forecastFromPoints([...points, ...later], 20_028, 7, 0.1)).toEqual(
      forecastFromPoints(points, 20_028, 7, 0.1),
    );
  });

  it('refuses a history with nothing before the start, naming it', () => {
    expect(() => forecastFromPoints(points, 19_000, 7)).toThrow(
      expect.objectContaining({ code: ForecastErrorCode.NO_HISTORY, field: 'history' }),
    );
  });
});
