import { describe, expect, it } from 'vitest';
import { dayStartInZone, hourInZone, isTimeZone } from './time-zone.ts';

describe('time zones', () => {
  it('reads the hour of an instant in the city, not in the process', () => {
    const at = Date.UTC(2026, 11, 3, 13, 56, 30);
    expect(hourInZone(at, 'Asia/Shanghai')).toBe(21);
    expect(hourInZone(at, 'UTC')).toBe(13);
    expect(hourInZone(at, 'America/Los_Angeles')).toBe(5);
  });

  it('starts the day at local midnight', () => {
    // 01:30 in Nanjing on 4 Dec is 17:30 UTC on 3 Dec; that day began 16:00 UTC on 3 Dec.
    expect(dayStartInZone(Date.UTC(2026, 11, 3, 17, 30), 'Asia/Shanghai')).toBe(
      Date.UTC(2026, 11, 3, 16, 0),
    );
    expect(dayStartInZone(Date.UTC(2026, 11, 3, 15, 59), 'Asia/Shanghai')).toBe(
      Date.UTC(2026, 11, 2, 16, 0),
    );
    // Portland after the spring change (8 March 2026): midnight was still PST (UTC-8).
    expect(dayStartInZone(Date.UTC(2026, 2, 8, 20, 0), 'America/Los_Angeles')).toBe(
      Date.UTC(2026, 2, 8, 8, 0),
    );
  });

  it('knows IANA names and refuses others', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
