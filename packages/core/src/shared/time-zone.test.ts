import { describe, expect, it } from 'vitest';
import {
  dayStartInZone,
  hourInZone,
  instantOfWallTime,
  isTimeZone,
  wallTimeInZone,
} from './time-zone.ts';

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

describe('instantOfWallTime / wallTimeInZone: a typed shift start in the city zone', () => {
  it('reads the wall clock in the given zone, not the process zone', () => {
    expect(instantOfWallTime('2026-12-03T22:00', 'Asia/Shanghai')).toBe(
      Date.parse('2026-12-03T14:00:00Z'),
    );
    expect(instantOfWallTime('2026-12-03T06:00', 'America/Los_Angeles')).toBe(
      Date.parse('2026-12-03T14:00:00Z'),
    );
    expect(wallTimeInZone(Date.parse('2026-12-03T14:00:00Z'), 'Asia/Shanghai')).toBe(
      '2026-12-03T22:00',
    );
  });

  it('round-trips, and reads a time skipped by DST with the offset before it', () => {
    const ms = Date.parse('2026-07-01T10:15:00Z');
    expect(instantOfWallTime(wallTimeInZone(ms, 'Europe/Berlin'), 'Europe/Berlin')).toBe(ms);
    // 02:30 does not exist in Berlin on 2026-03-29: read as 02:30 CET = 01:30 UTC (03:30 CEST).
    expect(instantOfWallTime('2026-03-29T02:30', 'Europe/Berlin')).toBe(
      Date.parse('2026-03-29T01:30:00Z'),
    );
  });

  it('refuses text that is not a wall-clock time', () => {
    expect(instantOfWallTime('2026-12-03 22:00', 'Asia/Shanghai')).toBeUndefined();
    expect(instantOfWallTime('', 'Asia/Shanghai')).toBeUndefined();
  });
});
