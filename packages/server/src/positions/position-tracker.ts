import {
  checkPositionReport,
  DomainError,
  DomainErrorCode,
  detectArrival,
  type Dispatch,
  type Incident,
  type LastKnownPosition,
  type TrackedPosition,
  type Unit,
} from '@jiefang/core';
import type { RoadPoint } from '@jiefang/routing';
import { isStoreError, StoreErrorCode, type TrackPoint } from '@jiefang/store';
import type { FastifyBaseLogger } from 'fastify';
import { randomUUID } from 'node:crypto';
import { NatsJetStreamBus, type FanOut } from '../adapters/nats-jetstream-bus.ts';
import { dispatchParts } from '../commands/aggregate-parts.ts';
import type { ServerContext } from '../context.ts';

/** What the tracker reads: the context as built before the tracker itself. */
export type TrackerContext = Omit<ServerContext, 'positions'>;

export interface PositionTrackerOptions {
  flushIntervalMs?: number;
  maxQueue?: number;
  log?: TrackerLog;
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
/** Fixes kept for the tracks table while the database refuses them; older ones are dropped. */
const MAX_PENDING_FIXES = 50_000;

type TrackerLog = Pick<FastifyBaseLogger, 'warn' | 'error'>;

/** Codes of an automatic on-scene that lost to a manual one, a cancellation or a re-offer. */
const EXPECTED_ARRIVAL_RACES = new Set<string>([
  DomainErrorCode.ILLEGAL_TRANSITION,
  DomainErrorCode.VERSION_CONFLICT,
  DomainErrorCode.NOT_FOUND,
]);
/** Fixes accepted here are sent to the other processes in batches this often. */
const SHARE_INTERVAL_MS = 50;

/** A fix one process accepted, as every other process receives it: checked and snapped once. */
interface SharedFix {
  /** The process that accepted it (it skips its own). */
  from: string;
  unitId: string;
  orgId: string;
  fix: TrackedPosition;
}

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
  /** Across processes (NATS): where fixes accepted here go, and this process's name on it. */
  private readonly channel: FanOut<SharedFix[]> | undefined;
  private readonly processId = randomUUID();
  private outbox: SharedFix[] = [];
  private shareTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ctx: TrackerContext,
    private readonly options: PositionTrackerOptions = {},
  ) {
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs ?? 1000);
    this.timer.unref();
    if (ctx.transport instanceof NatsJetStreamBus) {
      this.channel = ctx.transport.fanOut<SharedFix[]>('positions');
      this.channel.receive((fixes) => this.receiveShared(fixes));
    }
  }

  /** Fixes not yet in the tracks table (a metric: it grows while the database refuses them). */
  get pendingFixes(): number {
    return this.queue.length;
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
    const snapped = this.ctx.travelTimes.snap(unit.profile, fix.lon, fix.lat) as
      RoadPoint | undefined;
    const tracked: TrackedPosition = {
      lon: fix.lon,
      lat: fix.lat,
      at: fix.at,
      accuracyM: fix.accuracyM,
      snapped: snapped as TrackedPosition['snapped'],
    };
    this.place(unit.id, tracked);
    if (this.channel)
      this.share({ from: this.processId, unitId: unit.id, orgId: unit.orgId, fix: tracked });
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
    const update = this.announce(unit.id, unit.orgId, tracked);
    this.checkArrival(unit, fix);
    return update;
  }

  /** Out-of-order delivery (batches, reconnects): an older fix never replaces a newer one. */
  private place(unitId: string, tracked: TrackedPosition): boolean {
    const previous = this.positions.get(unitId);
    if (previous !== undefined && previous.at > tracked.at) return false;
    this.positions.set(unitId, tracked);
    this.ctx.fleet.setPosition(unitId, tracked);
    return true;
  }

  private announce(unitId: string, orgId: string, tracked: TrackedPosition): PositionUpdate {
    const update: PositionUpdate = {
      unitId,
      orgId,
      lon: tracked.lon,
      lat: tracked.lat,
      at: tracked.at,
      accuracyM: tracked.accuracyM,
      road: tracked.snapped ? { lon: tracked.snapped.lon, lat: tracked.snapped.lat } : null,
    };
    for (const listener of this.listeners) listener(update);
    return update;
  }

  private share(fix: SharedFix): void {
    this.outbox.push(fix);
    this.shareTimer ??= setTimeout(() => {
      this.shareTimer = undefined;
      const batch = this.outbox;
      this.outbox = [];
      this.channel?.send(batch);
    }, SHARE_INTERVAL_MS);
  }

  /**
   * Fixes another process accepted: into this process's fleet index and consoles as they are
   * (no second snap); the accepting process alone writes the track and detects arrival.
   */
  private receiveShared(fixes: readonly SharedFix[]): void {
    for (const shared of fixes) {
      if (shared.from === this.processId) continue;
      if (this.place(shared.unitId, shared.fix))
        this.announce(shared.unitId, shared.orgId, shared.fix);
    }
  }

  /**
   * Takes up each unit's last persisted fix (the tracks store keeps it with every batch), so a
   * restarted server recommends before phones report again. A position the tracker already
   * holds and that is newer wins. Returns how many units got a position.
   */
  async restore(): Promise<number> {
    let restored = 0;
    for (const point of await this.ctx.store.tracks.lastPositions()) {
      const unit = this.ctx.world.units.get(point.unitId)?.value;
      const at = Date.parse(point.at);
      if (!unit || (this.positions.get(unit.id)?.at ?? -Infinity) >= at) continue;
      const snapped = this.ctx.travelTimes.snap(unit.profile, point.lon, point.lat) as
        RoadPoint | undefined;
      const tracked: TrackedPosition = {
        lon: point.lon,
        lat: point.lat,
        at,
        accuracyM: point.accuracyM ?? Number.NaN,
        snapped: snapped as TrackedPosition['snapped'],
      };
      if (this.place(unit.id, tracked)) restored += 1;
    }
    return restored;
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
      .catch((error: unknown) => {
        // Losing the race to a manual "on scene" or a cancellation is expected; anything else
        // (the store down, a bug) is a missed arrival the log must show.
        if (error instanceof DomainError && EXPECTED_ARRIVAL_RACES.has(error.code)) return;
        if (isStoreError(error) && error.code === StoreErrorCode.VERSION_CONFLICT) return;
        this.log.error({ err: error, dispatchId }, 'automatic on-scene failed');
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
      // Take the queue whole and walk it by index: re-slicing it per chunk copied it every time.
      const pending = this.queue;
      this.queue = [];
      for (let start = 0; start < pending.length; start += TRACK_CHUNK) {
        const batch = pending.slice(start, start + TRACK_CHUNK);
        try {
          await this.ctx.store.tracks.append(
            batch.map((fix): TrackPoint => ({ ...fix, at: new Date(fix.at).toISOString() })),
          );
        } catch (error) {
          // Tracks are the one thing allowed to lose a little (DESIGN §4), but not silently a
          // lot: keep what was not written for the next attempt, bounded so memory cannot grow.
          this.requeue(pending, start, error);
          return;
        }
        if (start + TRACK_CHUNK < pending.length) {
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    });
    return this.flushing;
  }

  private requeue(pending: QueuedFix[], from: number, error: unknown): void {
    const kept = pending.slice(from);
    for (const fix of this.queue) kept.push(fix);
    const dropped = Math.max(0, kept.length - MAX_PENDING_FIXES);
    this.queue = dropped > 0 ? kept.slice(dropped) : kept;
    this.log.error(
      { err: error, pending: this.queue.length, dropped },
      dropped > 0
        ? `track write failed; dropped the ${dropped} oldest fixes`
        : 'track write failed; fixes kept for the next attempt',
    );
  }

  private get log(): TrackerLog {
    return this.options.log ?? console;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.shareTimer);
    await this.flush();
  }
}
