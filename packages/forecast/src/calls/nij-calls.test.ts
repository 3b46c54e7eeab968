import { describe, expect, it } from 'vitest';
import { ForecastErrorCode } from '../errors.ts';
import { oregonNorthFeet, parseNijCalls } from './nij-calls.ts';

const HEADER =
  'CATEGORY;CALL GROUPS;final_case_type;CASE DESC;occ_date;x_coordinate;y_coordinate;census_tract';

describe('parseNijCalls', () => {
  it('reads day-first dates, trims padded fields and converts EPSG:2913 feet to WGS84', () => {
    const text = `${HEADER}\nSTREET CRIMES;DISORDER;DISTP ;DISTURBANCE - PRIORITY     ;01/08/2016;7639201;683983;5200\n\nBURGLARY;BURGLARY;BURGR ;BURGLARY - COLD ;31/08/2016;7650000;690000;100\n`;
    const calls = parseNijCalls(text);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({
      row: 1,
      date: '2016-08-01',
      day: Date.UTC(2016, 7, 1) / 86_400_000,
      category: 'STREET CRIMES',
      caseType: 'DISTP',
      description: 'DISTURBANCE - PRIORITY',
    });
    expect(calls[1].date).toBe('2016-08-31');
    // Downtown Portland, and the inverse lands back on the file's feet.
    expect(calls[0].lon).toBeGreaterThan(-122.72);
    expect(calls[0].lon).toBeLessThan(-122.62);
    expect(calls[0].lat).toBeGreaterThan(45.48);
    expect(calls[0].lat).toBeLessThan(45.56);
    const [x, y] = oregonNorthFeet.inverse([calls[0].lon, calls[0].lat]);
    expect(x).toBeCloseTo(7639201, 2);
    expect(y).toBeCloseTo(683983, 2);
  });

  it('refuses a row with a bad date or coordinate, naming row and field', () => {
    expect(() => parseNijCalls(`${HEADER}\nOTHER;X;Y;Z;2016-13-45;1;2;3`)).toThrowError(
      expect.objectContaining({ code: ForecastErrorCode.CALLS_FORMAT, field: 'occ_date' }),
    );
    expect(() => parseNijCalls(`${HEADER}\nOTHER;X;Y;Z;01/08/2016;abc;2;3`)).toThrowError(
      expect.objectContaining({ code: ForecastErrorCode.CALLS_FORMAT, field: 'x_coordinate' }),
    );
    expect(() => parseNijCalls('CATEGORY;occ_date\nOTHER;01/08/2016')).toThrowError(
      expect.objectContaining({ code: ForecastErrorCode.CALLS_FORMAT, field: 'CALL GROUPS' }),
    );
  });
});
