import { describe, expect, it } from 'vitest';
import {
  MANUAL_ACCURACY_M,
  PositionReporter,
  type GeolocationLike,
  type ReporterSnapshot,
  type TimerLike,
} from './position-reporter.ts';
import type { PositionFix } from './responder-api.ts';

/** Timers driven by hand. */
function manualTimers() {
  let now = 1_000_000;
  let next = 1;
  const due = new Map<number, { at: number; run: () => void }>();
  const timers: TimerLike = {
    now: () => now,
    setTimeout: (run, ms) => {
      const id = next++;
      due.set(id, { at: now + ms, run });
      return id;
    },
    clearTimeout: (id) => due.delete(id as number),
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const first = [...due.entries()].sort((a, b) => a[1].at - b[1].at)[0];
      if (!first || first[1].at > end) break;
      due.delete(first[0]);
      now = first[1].at;
      first[1].run();
    }
    now = end;
  };
  return { timers, advance, now: () => now };
}

function fakeGeolocation() {
  let success: ((p: GeolocationPosition) => void) | undefined;
  let failure: ((e: GeolocationPositionError) => void) | undefined;
  let cleared = false;
  const geolocation: GeolocationLike = {
    watchPosition: (s, e) => {
      success = s;
      failure = e;
      return 7;
    },
    clearWatch: () => (cleared = true),
    getCurrentPosition: (s) => s(position(118.7, 32.0, 0)),
  };
  return {
    geolocation,
    fix: (lon: number, lat: number, at: number) => success?.(position(lon, lat, at)),
    deny: () => failure?.({ code: 1, message: 'denied' } as GeolocationPositionError),
    get cleared() {
      return cleared;
    },
  };
}

function position(lon: number, lat: number, at: number): GeolocationPosition {
  return {
    coords: { longitude: lon, latitude: lat, accuracy: 12.4 },
    timestamp: at,
  } as GeolocationPosition;
}

function setUp() {
  const clock = manualTimers();
  const geo = fakeGeolocation();
  const sent: PositionFix[] = [];
  const snapshots: ReporterSnapshot[] = [];
  const reporter = new PositionReporter({
    unitId: 'police-1-1',
    geolocation: geo.geolocation,
    timers: clock.timers,
    send: async (fix) => {
      sent.push(fix);
      return { accepted: 1, rejected: [] };
    },
    onChange: (s) => snapshots.push(s),
  });
  return { clock, geo, sent, reporter, snapshots };
}

describe('PositionReporter', () => {
  it('sends the first fix at once, then at most one per 5 s with the latest fix winning', () => {
    const { clock, geo, sent, reporter } = setUp();
    reporter.start();
    expect(reporter.current.state).toBe('starting');
    geo.fix(118.1, 32.1, clock.now());
    expect(sent.map((f) => f.lon)).toEqual([118.1]);
    expect(sent[0]).toMatchObject({ unitId: 'police-1-1', accuracyM: 12 });
    clock.advance(1000);
    geo.fix(118.2, 32.1, clock.now());
    clock.advance(1000);
    geo.fix(118.3, 32.1, clock.now());
    expect(sent).toHaveLength(1);
    clock.advance(3000); // 5 s after the first send: the trailing send, latest fix
    expect(sent.map((f) => f.lon)).toEqual([118.1, 118.3]);
    expect(reporter.current.state).toBe('watching');
  });

  it('re-sends the last fix every 10 s while the phone stands still, with the time of now', () => {
    const { clock, geo, sent, reporter } = setUp();
    reporter.start();
    geo.fix(118.1, 32.1, clock.now());
    clock.advance(10_000);
    expect(sent).toHaveLength(2);
    expect(sent[1].at).toBe(clock.now());
    expect(sent[1].lon).toBe(118.1);
    reporter.stop();
    clock.advance(60_000);
    expect(sent).toHaveLength(2);
    expect(geo.cleared).toBe(true);
  });

  it('falls back to "I am here" when geolocation is denied', async () => {
    const { clock, geo, sent, reporter } = setUp();
    reporter.start();
    geo.deny();
    expect(reporter.current.state).toBe('denied');
    expect(geo.cleared).toBe(true);
    await reporter.setManual(118.5, 32.05);
    expect(sent).toEqual([
      {
        unitId: 'police-1-1',
        lon: 118.5,
        lat: 32.05,
        at: clock.now(),
        accuracyM: MANUAL_ACCURACY_M,
      },
    ]);
    expect(reporter.current.last?.source).toBe('manual');
    // No heartbeat for a hand-set point: the unit may move on without the phone knowing.
    clock.advance(30_000);
    expect(sent).toHaveLength(1);
  });

  it('is unavailable without a Geolocation API, and can use the last known point', async () => {
    const clock = manualTimers();
    const sent: PositionFix[] = [];
    const none = new PositionReporter({
      unitId: 'u',
      geolocation: undefined,
      timers: clock.timers,
      send: async (fix) => sent.push(fix),
    });
    none.start();
    expect(none.current.state).toBe('unavailable');
    expect(await none.useLastKnown()).toBe(false);

    const { reporter, sent: sentWithGeo } = setUp();
    expect(await reporter.useLastKnown()).toBe(true);
    expect(sentWithGeo[0]).toMatchObject({ lon: 118.7, lat: 32.0 });
  });

  it('remembers a failed send for the screen', async () => {
    const clock = manualTimers();
    const geo = fakeGeolocation();
    const reporter = new PositionReporter({
      unitId: 'u',
      geolocation: geo.geolocation,
      timers: clock.timers,
      send: async () => {
        throw new Error('offline');
      },
    });
    reporter.start();
    geo.fix(1, 2, clock.now());
    await Promise.resolve();
    await Promise.resolve();
    expect(reporter.current.sendError).toBe('offline');
  });
});
