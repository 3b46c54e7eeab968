import { hourShares } from '@jiefang/forecast';
import { describe, expect, it } from 'vitest';
import { shiftHourShares } from './shift-hours.ts';

const shares = hourShares();

describe('shiftHourShares: the shift hours in the city time zone', () => {
  // 14:00 UTC is 22:00 in Shanghai and 06:00 in Los Angeles (PST), whatever zone the test runs in.
  const start = Date.parse('2026-12-03T14:00:00Z');

  it('reads the hours of day in the city zone, not the server zone or UTC', () => {
    expect(shiftHourShares(start, 180, 'Asia/Shanghai')).toEqual([
      shares[22],
      shares[23],
      shares[0],
    ]);
    expect(shiftHourShares(start, 120, 'America/Los_Angeles')).toEqual([shares[6], shares[7]]);
    expect(shiftHourShares(start, 60, 'UTC')).toEqual([shares[14]]);
  });

  it('takes the hour each hour of the shift is mostly in (a shift starting at :40)', () => {
    // 22:40 Shanghai: the first hour of the shift is mostly 23:00.
    expect(shiftHourShares(start + 40 * 60_000, 60, 'Asia/Shanghai')).toEqual([shares[23]]);
  });

  it('follows a daylight-saving change (Berlin skips 02:00 on 2026-03-29)', () => {
    const midnight = Date.parse('2026-03-28T23:00:00Z'); // 00:00 CET
    expect(shiftHourShares(midnight, 240, 'Europe/Berlin')).toEqual([
      shares[0],
      shares[1],
      shares[3],
      shares[4],
    ]);
  });
});
