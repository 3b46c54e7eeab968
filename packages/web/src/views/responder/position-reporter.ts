import type { PositionFix } from './responder-api.ts';

/** Where the position comes from, and whether it can. */
export type GeoState =
  /** Asking the browser (the permission prompt may be open). */
  | 'starting'
  /** Geolocation delivers fixes; they are sent. */
  | 'watching'
  /** The person said no: the manual fallback is offered. */
  | 'denied'
  /** No Geolocation API (or no fix comes): the manual fallback is offered. */
  | 'unavailable'
  /** Stopped (logged out, view closed). */
  | 'stopped';

export interface ReportedPoint {
  lon: number;
  lat: number;
  accuracyM: number;
  /** Epoch ms of the fix. */
  at: number;
  source: 'gps' | 'manual';
}

export interface ReporterSnapshot {
  state: GeoState;
  /** The latest point known (sent or about to be). */
  last?: ReportedPoint;
  /** Epoch ms of the last successful send. */
  sentAt?: number;
  /** The last send failed (network, refused): its message. */
  sendError?: string;
}

/** The subset of the Geolocation API used here (a fake in tests). */
export interface GeolocationLike {
  watchPosition(
    success: (position: GeolocationPosition) => void,
    error?: (error: GeolocationPositionError) => void,
    options?: PositionOptions,
  ): number;
  clearWatch(id: number): void;
  getCurrentPosition(
    success: (position: GeolocationPosition) => void,
    error?: (error: GeolocationPositionError) => void,
    options?: PositionOptions,
  ): void;
}

export interface TimerLike {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PositionReporterOptions {
  unitId: string;
  send: (fix: PositionFix) => Promise<unknown>;
  /** navigator.geolocation by default; undefined when the browser has none. */
  geolocation?: GeolocationLike;
  timers?: TimerLike;
  /** At most one send per this many ms (default 5 s). */
  minIntervalMs?: number;
  /** A standing phone gets no new fixes: its last one is re-sent this often (default 10 s). */
  heartbeatMs?: number;
  onChange?: (snapshot: ReporterSnapshot) => void;
}

/** Accuracy claimed for a point the responder tapped on the map. */
export const MANUAL_ACCURACY_M = 30;
const PERMISSION_DENIED = 1;

const browserTimers: TimerLike = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as number),
};

/**
 * The responder's position, reported for their unit: Geolocation's watchPosition, throttled to
 * one send per `minIntervalMs` (the latest fix wins; a fix arriving early is sent at the end of
 * the interval), with the last fix re-sent every `heartbeatMs` while the phone stands still so
 * the server does not take the unit for unlocated. When geolocation is denied or missing, the
 * responder says "I am here" (a tap on the map, or the device's last known point) instead.
 */
export class PositionReporter {
  private snapshot: ReporterSnapshot = { state: 'stopped' };
  private watchId: number | undefined;
  private trailing: unknown;
  private heartbeat: unknown;
  private pending: ReportedPoint | undefined;
  private readonly timers: TimerLike;
  private readonly minInterval: number;
  private readonly heartbeatMs: number;
  private readonly geolocation: GeolocationLike | undefined;

  constructor(private readonly options: PositionReporterOptions) {
    this.timers = options.timers ?? browserTimers;
    this.minInterval = options.minIntervalMs ?? 5000;
    this.heartbeatMs = options.heartbeatMs ?? 10_000;
    this.geolocation =
      'geolocation' in options
        ? options.geolocation
        : typeof navigator !== 'undefined'
          ? navigator.geolocation
          : undefined;
  }

  get current(): ReporterSnapshot {
    return this.snapshot;
  }

  start(): void {
    if (this.snapshot.state !== 'stopped') return;
    if (!this.geolocation) {
      this.update({ state: 'unavailable' });
      return;
    }
    this.update({ state: 'starting' });
    this.watchId = this.geolocation.watchPosition(
      (position) => this.onFix(position),
      (error) => this.onError(error),
      { enableHighAccuracy: true, maximumAge: 5000, timeout: 30_000 },
    );
    this.scheduleHeartbeat();
  }

  stop(): void {
    if (this.watchId !== undefined) this.geolocation?.clearWatch(this.watchId);
    this.watchId = undefined;
    if (this.trailing !== undefined) this.timers.clearTimeout(this.trailing);
    if (this.heartbeat !== undefined) this.timers.clearTimeout(this.heartbeat);
    this.trailing = undefined;
    this.heartbeat = undefined;
    this.update({ state: 'stopped' });
  }

  /** "I am here": a point the responder chose (a tap on the map). Sent at once. */
  setManual(lon: number, lat: number): Promise<void> {
    const point: ReportedPoint = {
      lon,
      lat,
      accuracyM: MANUAL_ACCURACY_M,
      at: this.timers.now(),
      source: 'manual',
    };
    this.update({ last: point });
    return this.send(point);
  }

  /** "I am here" from the device's last known point (no fresh fix needed). */
  useLastKnown(): Promise<boolean> {
    const geolocation = this.geolocation;
    if (!geolocation) return Promise.resolve(false);
    return new Promise((resolve) => {
      geolocation.getCurrentPosition(
        (position) => {
          const point = this.pointOf(position);
          this.update({ last: point });
          void this.send(point).then(() => resolve(true));
        },
        () => resolve(false),
        { maximumAge: Infinity, timeout: 5000, enableHighAccuracy: false },
      );
    });
  }

  private onFix(position: GeolocationPosition): void {
    const point = this.pointOf(position);
    this.update({ state: 'watching', last: point });
    const since = this.timers.now() - (this.snapshot.sentAt ?? -Infinity);
    if (since >= this.minInterval) {
      void this.send(point);
      return;
    }
    this.pending = point;
    this.trailing ??= this.timers.setTimeout(() => {
      this.trailing = undefined;
      const next = this.pending;
      this.pending = undefined;
      if (next && this.snapshot.state === 'watching') void this.send(next);
    }, this.minInterval - since);
  }

  private onError(error: GeolocationPositionError): void {
    if (error.code === PERMISSION_DENIED) {
      if (this.watchId !== undefined) this.geolocation?.clearWatch(this.watchId);
      this.watchId = undefined;
      this.update({ state: 'denied' });
      return;
    }
    // Timeout or no signal: keep watching, but offer the fallback until a fix comes.
    if (this.snapshot.state !== 'watching') this.update({ state: 'unavailable' });
  }

  private scheduleHeartbeat(): void {
    this.heartbeat = this.timers.setTimeout(() => {
      const last = this.snapshot.last;
      const quiet = this.timers.now() - (this.snapshot.sentAt ?? -Infinity) >= this.heartbeatMs;
      if (this.snapshot.state === 'watching' && last?.source === 'gps' && quiet) {
        // The phone stands where it last was: say so with the time of now.
        void this.send({ ...last, at: this.timers.now() });
      }
      if (this.snapshot.state !== 'stopped') this.scheduleHeartbeat();
    }, this.heartbeatMs);
  }

  private async send(point: ReportedPoint): Promise<void> {
    const sentAt = this.timers.now();
    // Counted as sent at once: the throttle holds even while a slow request is on its way.
    this.update({ sentAt });
    try {
      const answer = (await this.options.send({
        unitId: this.options.unitId,
        lon: point.lon,
        lat: point.lat,
        at: Math.round(point.at),
        accuracyM: Math.max(1, Math.round(point.accuracyM)),
      })) as { rejected?: { message: string }[] } | undefined;
      const rejected = answer?.rejected?.[0];
      this.update({ sendError: rejected ? rejected.message : undefined });
    } catch (error) {
      this.update({ sendError: error instanceof Error ? error.message : String(error) });
    }
  }

  private pointOf(position: GeolocationPosition): ReportedPoint {
    return {
      lon: position.coords.longitude,
      lat: position.coords.latitude,
      accuracyM: position.coords.accuracy,
      at: position.timestamp || this.timers.now(),
      source: 'gps',
    };
  }

  private update(change: Partial<ReporterSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    this.options.onChange?.(this.snapshot);
  }
}
