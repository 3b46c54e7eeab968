import { foldDispatchEvent, foldIncidentEvent, isLiveDispatch, type Unit } from '@jiefang/core';
import type { Dispatch, Incident, StoredEvent, UnitView } from '@jiefang/contract';
import type { PatrolFrame, PositionUpdate, ServerFrame, SnapshotFrame } from './live-protocol.ts';
import { UnitTable } from './unit-table.ts';

/** What one applied batch changed. Listeners get exactly one per batch. */
export interface LiveChange {
  /** 1, 2, 3 … */
  batch: number;
  /** A snapshot replaced everything and rows were renumbered: redraw from scratch. */
  reset: boolean;
  /** Rows whose position changed: `movedRows[0 … movedCount-1]` (valid until the next batch). */
  movedRows: Int32Array;
  movedCount: number;
  /** Rows whose kind, status or details changed (events, new units). */
  changedUnitRows: ReadonlySet<number>;
  /** Incidents created, changed, closed or cancelled in this batch. */
  changedIncidentIds: ReadonlySet<string>;
  changedDispatchIds: ReadonlySet<string>;
  /** The events applied, in seq order (timelines, alerts and sounds read these). */
  events: readonly StoredEvent[];
}

export type LiveListener = (change: LiveChange) => void;

/** Time and timers, injectable so tests drive batching without waiting. */
export interface BatchScheduler {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface LiveStoreOptions {
  /** Batches are applied at most this often (default 250 ms: ≤ 4 per second). */
  minBatchIntervalMs?: number;
  scheduler?: BatchScheduler;
  /** Positions arrived for units the store has never seen (e.g. a unit's first fix): fetch them. */
  onUnknownUnits?: (unitIds: string[]) => void;
}

const browserScheduler: BatchScheduler = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as number),
};

/**
 * The live picture of the caller's scope: units (typed arrays, see UnitTable), open incidents
 * and active dispatches, fed by the live socket's frames. Frames are queued as they arrive and
 * applied together at most every `minBatchIntervalMs`, so 20,000 moving units cost one pass over
 * typed arrays and one change notification per batch, not one per update.
 *
 * `lastSeq` is the highest log position seen; the connection sends it when it resubscribes so
 * that the server replays what was missed.
 */
export class LiveStore {
  readonly units = new UnitTable();
  readonly incidents = new Map<string, Incident>();
  readonly dispatches = new Map<string, Dispatch>();
  /** Highest seq seen in a snapshot, event or resync (0: none yet). */
  lastSeq = 0;
  /** Number of batches applied; doubles as a version for React's useSyncExternalStore. */
  batch = 0;

  private readonly minInterval: number;
  private readonly scheduler: BatchScheduler;
  private readonly onUnknownUnits: ((unitIds: string[]) => void) | undefined;
  private readonly listeners = new Set<LiveListener>();
  private readonly patrolListeners = new Set<(frame: PatrolFrame) => void>();
  private pendingSnapshot: SnapshotFrame | undefined;
  private pendingEvents: StoredEvent[] = [];
  private pendingPositions: PositionUpdate[][] = [];
  private pendingUnits: UnitView[] = [];
  private timer: unknown;
  private lastBatchAt = -Infinity;
  /** Batch number in which each row was last marked moved (dedupes movedRows). */
  private movedStamp = new Uint32Array(1024);
  private movedRows = new Int32Array(1024);
  private readonly unknownUnits = new Set<string>();

  constructor(options: LiveStoreOptions = {}) {
    this.minInterval = options.minBatchIntervalMs ?? 250;
    this.scheduler = options.scheduler ?? browserScheduler;
    this.onUnknownUnits = options.onUnknownUnits;
  }

  /** Patrol frames are rare and for one unit: handed over at once, outside the batches. */
  onPatrol(listener: (frame: PatrolFrame) => void): () => void {
    this.patrolListeners.add(listener);
    return () => this.patrolListeners.delete(listener);
  }

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A frame from the live socket: queued, applied with the next batch. */
  receive(frame: ServerFrame): void {
    switch (frame.type) {
      case 'snapshot':
        this.pendingSnapshot = frame;
        // Whatever was queued before describes the old picture: the snapshot supersedes it.
        this.pendingEvents = [];
        this.pendingPositions = [];
        this.lastSeq = frame.seq;
        break;
      case 'event':
        this.pendingEvents.push(frame.event);
        if (frame.event.seq > this.lastSeq) this.lastSeq = frame.event.seq;
        break;
      case 'resynced':
        if (frame.seq > this.lastSeq) this.lastSeq = frame.seq;
        break;
      case 'positions':
        this.pendingPositions.push(frame.updates);
        break;
      case 'patrol':
        for (const listener of this.patrolListeners) listener(frame);
        return;
      default:
        return;
    }
    this.scheduleBatch();
  }

  /** Units read over REST (e.g. answering onUnknownUnits): applied with the next batch. */
  addUnits(views: UnitView[]): void {
    this.pendingUnits.push(...views);
    this.scheduleBatch();
  }

  /** True when frames are waiting for the next batch. */
  get hasPending(): boolean {
    return (
      this.pendingSnapshot !== undefined ||
      this.pendingEvents.length > 0 ||
      this.pendingPositions.length > 0 ||
      this.pendingUnits.length > 0
    );
  }

  /** Applies everything queued now (tests, benchmarks; normally the scheduler calls it). */
  applyPending(): LiveChange | undefined {
    if (this.timer !== undefined) {
      this.scheduler.clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.hasPending) return undefined;
    this.lastBatchAt = this.scheduler.now();
    const batch = ++this.batch;
    const reset = this.pendingSnapshot !== undefined;
    const changedUnitRows = new Set<number>();
    const changedIncidentIds = new Set<string>();
    const changedDispatchIds = new Set<string>();
    if (this.pendingSnapshot) {
      this.applySnapshot(this.pendingSnapshot, changedIncidentIds, changedDispatchIds);
      this.pendingSnapshot = undefined;
    }
    for (const view of this.pendingUnits) changedUnitRows.add(this.units.upsert(view));
    this.pendingUnits = [];
    const events = this.pendingEvents;
    this.pendingEvents = [];
    events.sort((a, b) => a.seq - b.seq);
    for (const event of events) {
      this.applyEvent(event, changedUnitRows, changedIncidentIds, changedDispatchIds);
    }
    const movedCount = this.applyPositions(batch);
    const change: LiveChange = {
      batch,
      reset,
      movedRows: this.movedRows,
      movedCount,
      changedUnitRows,
      changedIncidentIds,
      changedDispatchIds,
      events,
    };
    for (const listener of this.listeners) listener(change);
    if (this.unknownUnits.size > 0 && this.onUnknownUnits) {
      const ids = [...this.unknownUnits];
      this.unknownUnits.clear();
      this.onUnknownUnits(ids);
    }
    return change;
  }

  /** Drops queued frames and the scheduled batch (the console is closing). */
  dispose(): void {
    if (this.timer !== undefined) this.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
    this.pendingSnapshot = undefined;
    this.pendingEvents = [];
    this.pendingPositions = [];
    this.pendingUnits = [];
    this.listeners.clear();
  }

  private scheduleBatch(): void {
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.lastBatchAt + this.minInterval - this.scheduler.now());
    this.timer = this.scheduler.setTimeout(() => {
      this.timer = undefined;
      this.applyPending();
    }, wait);
  }

  private applySnapshot(
    snapshot: SnapshotFrame,
    changedIncidentIds: Set<string>,
    changedDispatchIds: Set<string>,
  ): void {
    this.units.clear();
    for (const view of snapshot.units) this.units.upsert(view);
    for (const id of this.incidents.keys()) changedIncidentIds.add(id);
    for (const id of this.dispatches.keys()) changedDispatchIds.add(id);
    this.incidents.clear();
    this.dispatches.clear();
    for (const incident of snapshot.incidents) {
      this.incidents.set(incident.id, incident);
      changedIncidentIds.add(incident.id);
    }
    for (const dispatch of snapshot.dispatches) {
      this.dispatches.set(dispatch.id, dispatch);
      changedDispatchIds.add(dispatch.id);
    }
  }

  /** The hot path: every queued position, in arrival order, into the typed arrays. */
  private applyPositions(batch: number): number {
    const frames = this.pendingPositions;
    if (frames.length === 0) return 0;
    this.pendingPositions = [];
    const table = this.units;
    if (this.movedStamp.length < table.lon.length) this.growMoved(table.lon.length);
    let movedCount = 0;
    for (const updates of frames) {
      for (let i = 0; i < updates.length; i++) {
        const update = updates[i];
        const row = table.rowOf(update.unitId);
        if (row === undefined) {
          this.unknownUnits.add(update.unitId);
          continue;
        }
        if (!table.move(row, update.lon, update.lat, update.at)) continue;
        if (this.movedStamp[row] !== batch) {
          this.movedStamp[row] = batch;
          this.movedRows[movedCount++] = row;
        }
      }
    }
    return movedCount;
  }

  private growMoved(capacity: number): void {
    const stamp = new Uint32Array(capacity);
    stamp.set(this.movedStamp);
    this.movedStamp = stamp;
    this.movedRows = new Int32Array(capacity);
  }

  private applyEvent(
    event: StoredEvent,
    changedUnitRows: Set<number>,
    changedIncidentIds: Set<string>,
    changedDispatchIds: Set<string>,
  ): void {
    switch (event.aggregateType) {
      case 'unit':
        return this.applyUnitEvent(event, changedUnitRows);
      case 'incident': {
        const id = event.aggregateId;
        changedIncidentIds.add(id);
        // Core's fold, the same the server's state follows: the queue lists open incidents only
        // (linked duplicates and cancelled calls leave it; escalation levels come from the event).
        const next = foldIncidentEvent(this.incidents.get(id), event);
        if (next && next.status === 'open')
          this.incidents.set(id, { ...next, version: event.version });
        else this.incidents.delete(id);
        return;
      }
      case 'dispatch': {
        const id = event.aggregateId;
        changedDispatchIds.add(id);
        // Core's fold, as the server's state follows it; finished dispatches leave the board.
        const next = foldDispatchEvent(this.dispatches.get(id), event);
        if (next && isLiveDispatch(next.status))
          this.dispatches.set(id, { ...next, version: event.version });
        else this.dispatches.delete(id);
        return;
      }
      default:
        return;
    }
  }

  private applyUnitEvent(event: StoredEvent<unknown>, changedUnitRows: Set<number>): void {
    const { type, version } = event;
    const payload = event.payload as Record<string, unknown>;
    if (type === 'unit.registered') {
      // decideUnit's registration event carries the whole unit (core's Unit).
      const unit = event.payload as Unit;
      changedUnitRows.add(this.units.upsert({ ...unit, position: null, version }));
      return;
    }
    const row = this.units.rowOf(payload.unitId as string);
    if (row === undefined) return;
    const view = this.units.views[row];
    if (type === 'unit.status_changed') {
      const to = payload.to as UnitView['status'];
      const next: UnitView = { ...view, status: to, since: payload.at as string, version };
      if (to !== 'notified' && to !== 'en_route' && to !== 'on_scene') delete next.assignment;
      this.units.views[row] = next;
      this.units.setStatus(row, to);
    } else if (type === 'unit.updated') {
      const changes = payload.changes as Partial<UnitView>;
      const next: UnitView = { ...view, ...changes, version };
      // As decideUnit: a renamed unit's translations were of its old call sign.
      if (changes.name !== undefined && changes.name !== view.name) delete next.localNames;
      this.units.views[row] = next;
    } else {
      return;
    }
    changedUnitRows.add(row);
  }
}
