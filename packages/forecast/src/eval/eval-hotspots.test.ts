import { describe, expect, it } from 'vitest';
import type { NijCall } from '../calls/nij-calls.ts';
import { ForecastErrorCode } from '../errors.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { evaluateHotspots } from './eval-hotspots.ts';

const FIRST = Date.UTC(2016, 7, 1) / 86_400_000;

/** Street crimes at a steady hot corner plus scattered calls of every category. */
function calls(days: number[], random: () => number): NijCall[] {
  const out: NijCall[] = [];
  for (const day of days)
    for (let k = 0; k < 60; k++) {
      const hot = k < 15;
      const x = hot ? 7_640_000 + random() * 400 : 7_600_000 + random() * 80_000;
      const y = hot ? 684_000 + random() * 400 : 650_000 + random() * 60_000;
      const category = hot
        ? 'STREET CRIMES'
        : ['OTHER', 'BURGLARY', 'MOTOR VEHICLE THEFT', 'STREET CRIMES'][k % 4];
      out.push({
        row: out.length + 1,
        date: '',
        day,
        x,
        y,
        lon: 0,
        lat: 0,
        category,
        callGroup: '',
        caseType: '',
        description: '',
      });
    }
  return out;
}

describe('evaluateHotspots', () => {
  const random = seededRandom(21);
  const train = calls(
    Array.from({ length: 14 }, (_, d) => FIRST + d),
    random,
  );
  const test = calls(
    Array.from({ length: 7 }, (_, d) => FIRST + 14 + d),
    random,
  );

  it('scores every method and the chosen one per category on the test period', () => {
    const result = evaluateHotspots(train, test, 0.75, ['street', 'burglary']);
    expect(result).toMatchObject({ from: FIRST + 14, horizon: 7, area_sq_mi: 0.75 });
    const street = result.categories.street;
    for (const m of ['naive', 'kde', 'promap', 'sepp', 'chosen'] as const) {
      expect(street.scores[m].hit_rate).toBeGreaterThanOrEqual(0);
      expect(street.scores[m].pei).toBeLessThanOrEqual(1);
    }
    // The hot corner holds 15 of ~26 street calls a day: every method finds it.
    expect(street.scores.chosen.hit_rate).toBeGreaterThan(0.5);
    expect(street.scores.chosen.method).toBe(street.selection.chosen);
    expect(street.scores.chosen.hit_rate).toBe(street.scores[street.selection.chosen].hit_rate);
  });

  it('refuses training calls that overlap the test period', () => {
    expect(() => evaluateHotspots(test, train, 0.75, ['all'])).toThrowError(
      expect.objectContaining({ code: ForecastErrorCode.INVALID_ARGUMENT, field: 'train' }),
    );
  });
});
