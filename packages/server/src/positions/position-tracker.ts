import {
  checkPositionReport,
  detectArrival,
  type Dispatch,
  type Incident,
  type LastKnownPosition,
  type TrackedPosition,
  type Unit,
} from '@jiefang/core';
import type { RoadPoint } from '@jiefang/routing';
import type { TrackPoint } from '@jiefang/store';
import { dispatchParts } from '../commands/aggregate-parts.ts';
import type { ServerContext } from '../context.ts';

/** What the tracker reads: the context as built before the tracker itself. */
export type TrackerContext = Omit<ServerContext, 'positions'>;

export interface PositionTrackerOptions {
  flushIntervalMs?: number;
  maxQueue?: number;
}
import { AggregateType } from '../world/aggregate-types.ts';

export interface PositionUpdate {
  unitId: string;
  orgId: string;
  lon: number;
  lat: number;
  at: number;
  accuracyM: number;
  /** The point on the unit's road network (null when off the network). */
  road: { lon: number; lat: number } | null;
}

/** Track rows per transaction (see flush). */
const TRACK_CHUNK = 1000;

export type PositionListener = (update: PositionUpdate) => void;

interface QueuedFix {
  unitId: string;
  at: number;
  lon: number;
  lat: number;
  accuracyM: number;
  edgeId: number | null;
  edgeOffset: number | null;
}

/**
 * Live positions are a stream, not events (DESIGN §4): each fix replaces the unit's last known
 * position in memory, snapped once to the unit's road network so recommendation never snaps
 * again; fixes are written to the tracks table in batches; a fix that puts an accepted or
 * travelling unit within 50 m of its incident marks it on scene.
 */
export class PositionTracker {
  readonly positions = new Map<string, TrackedPosition>();
  /** Fixes waiting for the tracks table; ISO times are made at flush, off the hot path. */
  private queue: QueuedFix[] = [];
  private readonly listeners = new Set<PositionListener>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  /** Arrival commands in flight, so a burst of fixes does not send the same one twice. */
  private readonly arriving = new Set<string>();

  constructor(
    private readonly ctx: TrackerContext,
    private readonly options: PositionTrackerOptions = {},
  ) {
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs ?? 1000);
    this.timer.unref();
  }

  onUpdate(listener: PositionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Validates and records one fix for a unit the caller has already been authorised for.
   * Throws core's ERR_VALIDATION / ERR_STALE_POSITION for a bad fix (nothing is recorded).
   */
  report(unit: Unit, report: LastKnownPosition): PositionUpdate {
    const now = this.ctx.clock.now();
    const fix = checkPositionReport(report, now, {
      maxAgeSeconds: this.ctx.config.staleAfterSeconds,
    });
    const previous = this.positions.get(unit.id);
    // Out-of-order delivery (batches, reconnects): an older fix never replaces a newer one.
    const snapped = this.ctx.travelTimes.snap(unit.profile, fix.lon, fix.lat) as
      RoadPoint | undefined;
    const tracked: TrackedPosition = {
      lon: fix.lon,
      lat: fix.lat,
      at: fix.at,
      accuracyM: fix.accuracyM,
      snapped: snapped as TrackedPosition['snapped'],
    };
    if (previous === undefined || previous.at <= fix.at) {
      this.positions.set(unit.id, tracked);
      this.ctx.fleet.setPosition(unit.id, tracked);
    }
    this.queue.push({
      unitId: unit.id,
      at: fix.at,
      lon: fix.lon,
      lat: fix.lat,
      accuracyM: fix.accuracyM,
      edgeId: snapped ? snapped.edge : null,
      edgeOffset: snapped ? snapped.fraction : null,
    });
    if (this.queue.length >= (this.options.maxQueue ?? 5000)) void this.flush();
    const update: PositionUpdate = {
      unitId: unit.id,
      orgId: unit.orgId,
      lon: fix.lon,
      lat: fix.lat,
      at: fix.at,
      accuracyM: fix.accuracyM,
      road: snapped ? { lon: snapped.lon, lat: snapped.lat } : null,
    };
    for (const listener of this.listeners) listener(update);
    this.checkArrival(unit, fix);
    return update;
  }

  private checkArrival(unit: Unit, fix: LastKnownPosition): void {
    const dispatchId = unit.assignment?.dispatchId;
    if (!dispatchId || this.arriving.has(dispatchId)) return;
    const dispatch = this.ctx.world.get<Dispatch>(AggregateType.dispatch, dispatchId);
    const incident =
      dispatch && this.ctx.world.get<Incident>(AggregateType.incident, dispatch.incidentId);
    if (!dispatch || !incident) return;
    const command = detectArrival(dispatch, incident.location, fix);
    if (!command) return;
    this.arriving.add(dispatchId);
    this.ctx.commands
      .executeWithRetry(() => dispatchParts(this.ctx, dispatchId, command), null)
      .catch(() => {
        // Lost the race to a manual "on scene" or a cancellation: nothing to do.
      })
      .finally(() => this.arriving.delete(dispatchId));
  }

  /**
   * Writes queued fixes in transactions of at most TRACK_CHUNK rows, yielding to the event loop
   * between them: SQLite writes synchronously, and one transaction of a city's second of fixes
   * (4,000+) would hold every request and socket for a hundred milliseconds. A failed chunk is
   * kept for the next flush.
   */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      while (this.queue.length > 0) {
        const batch = this.queue.slice(0, TRACK_CHUNK);
        this.queue = this.queue.slice(batch.length);
        try {
          await this.ctx.store.tracks.append(
            batch.map((fix): TrackPoint => ({ ...fix, at: new Date(fix.at).toISOString() })),
          );
        } catch {
          // Tracks are the one thing allowed to lose a little (DESIGN §4), but not silently a
          // lot: keep the batch for the next attempt, bounded so memory cannot grow without limit.
          this.queue = batch.concat(this.queue).slice(-50_000);
          return;
        }
        if (this.queue.length > 0) await new Promise((resolve) => setImmediate(resolve));
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
