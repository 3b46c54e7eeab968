import type {
  Bus,
  Commit,
  CommittedState,
  EventHandler,
  EventStore,
  StoredEvent,
} from '@jiefang/core';
import type { World } from './world.ts';

/** Log entries read per catch-up page. */
const CATCH_UP_PAGE = 1000;

export interface WorldFeedOptions {
  /**
   * How long a commit that arrived ahead of a missing one waits for it on the bus before the
   * missing part is read from the store (commits of several processes cross on the way).
   */
  gapWaitMs?: number;
  /**
   * With no commit for this long, the store's log is asked whether anything was missed (a
   * commit whose publish was lost while the broker was down). 0 = never (a single process owns
   * its database and its bus).
   */
  idlePollMs?: number;
  /** A subscriber or a catch-up read failed; the feed carries on. */
  onError?: (error: unknown) => void;
}

interface Waiter {
  seq: number;
  resolve: () => void;
}

/**
 * The one way state enters a process's world: committed transactions from the bus, applied in
 * log sequence order, the process's own commands included. A commit that arrives ahead of
 * another is held until the missing one arrives or, after `gapWaitMs`, the missing part is read
 * from the store's log (with the current state of the aggregates it touched). Subscribers (the
 * live hub, clocks, the simulator) get each event once, in sequence order, after the world
 * holds its state.
 */
export class WorldFeed {
  /** Every log position up to here is in the world (or was a hole the log never filled). */
  private applied: number;
  /** Commits that arrived ahead of a missing one, by their first seq. */
  private readonly ahead = new Map<number, Commit>();
  private readonly handlers = new Set<{ handler: EventHandler; types?: Set<string> }>();
  private waiters: Waiter[] = [];
  private catchUpRunning: Promise<void> | undefined;
  private catchUpAgain = false;
  private gapTimer: NodeJS.Timeout | undefined;
  private readonly pollTimer: NodeJS.Timeout | undefined;
  private lastReceived = Date.now();
  private readonly unsubscribe: () => void;
  private closed = false;
  private readonly gapWaitMs: number;
  private readonly onError: (error: unknown) => void;

  constructor(
    private readonly store: Pick<EventStore, 'readLog' | 'get'>,
    private readonly world: World,
    bus: Bus,
    /** The log position the world was loaded at (read before loading). */
    loadedAt: number,
    options: WorldFeedOptions = {},
  ) {
    this.applied = loadedAt;
    this.gapWaitMs = options.gapWaitMs ?? 25;
    this.onError = options.onError ?? (() => {});
    this.unsubscribe = bus.subscribe(
      (commit) => this.receive(commit),
      () => void this.catchUp(),
    );
    const idlePollMs = options.idlePollMs ?? 0;
    if (idlePollMs > 0) {
      this.pollTimer = setInterval(() => {
        if (Date.now() - this.lastReceived >= idlePollMs) void this.catchUp();
      }, idlePollMs);
      this.pollTimer.unref();
    }
  }

  /** The log position the world has reached. */
  get appliedSeq(): number {
    return this.applied;
  }

  /** Committed events in log order, after the world applied them. Returns an unsubscriber. */
  subscribe(handler: EventHandler, types?: readonly string[]): () => void {
    const entry = { handler, types: types ? new Set(types) : undefined };
    this.handlers.add(entry);
    return () => this.handlers.delete(entry);
  }

  /**
   * Resolves once the world holds every commit up to `seq`, or after `timeoutMs`. A commit that
   * does not come back on the bus within `stallMs` (the broker is down) is read from the store.
   */
  reached(seq: number, { stallMs = 250, timeoutMs = Infinity } = {}): Promise<void> {
    if (this.applied >= seq || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      let stall: NodeJS.Timeout | undefined;
      let limit: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        seq,
        resolve: () => {
          clearTimeout(stall);
          clearTimeout(limit);
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve();
        },
      };
      const retry = () => {
        stall = setTimeout(() => {
          void this.catchUp().then(() => {
            if (this.applied < seq && !this.closed && this.waiters.includes(waiter)) retry();
          });
        }, stallMs);
      };
      if (Number.isFinite(timeoutMs)) limit = setTimeout(() => waiter.resolve(), timeoutMs);
      this.waiters.push(waiter);
      retry();
    });
  }

  /**
   * Reads the log after the applied position until its end and applies what it finds: after a
   * version conflict (another process wrote first), a reconnect, or a gap nobody filled. One
   * read runs at a time; a call during a read gets a second read after it.
   */
  catchUp(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.catchUpRunning) {
      this.catchUpAgain = true;
      return this.catchUpRunning;
    }
    this.catchUpRunning = (async () => {
      try {
        do {
          this.catchUpAgain = false;
          await this.readLogToEnd();
        } while (this.catchUpAgain && !this.closed);
      } catch (error) {
        this.onError(error);
      } finally {
        this.catchUpRunning = undefined;
      }
    })();
    return this.catchUpRunning;
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
    clearTimeout(this.gapTimer);
    clearInterval(this.pollTimer);
    for (const waiter of [...this.waiters]) waiter.resolve();
  }

  private receive(commit: Commit): void {
    if (this.closed || commit.events.length === 0) return;
    this.lastReceived = Date.now();
    const first = commit.events[0].seq;
    const last = commit.events[commit.events.length - 1].seq;
    if (last <= this.applied) return; // already applied (a repeat, or read from the log)
    if (first === this.applied + 1 && this.catchUpRunning === undefined) {
      this.applyCommit(commit);
      this.drainAhead();
      return;
    }
    this.ahead.set(first, commit);
    this.armGapTimer();
  }

  private armGapTimer(): void {
    if (this.gapTimer !== undefined || this.ahead.size === 0) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = undefined;
      void this.catchUp();
    }, this.gapWaitMs);
  }

  /** Applies held commits that have become next in line. */
  private drainAhead(): void {
    for (;;) {
      let next: Commit | undefined;
      for (const [first, commit] of this.ahead) {
        const last = commit.events[commit.events.length - 1].seq;
        if (last <= this.applied) this.ahead.delete(first);
        else if (first === this.applied + 1) next = commit;
      }
      if (!next) break;
      this.ahead.delete(next.events[0].seq);
      this.applyCommit(next);
    }
    if (this.ahead.size === 0) {
      clearTimeout(this.gapTimer);
      this.gapTimer = undefined;
    }
  }

  private async readLogToEnd(): Promise<void> {
    for (;;) {
      const events = await this.store.readLog(this.applied, CATCH_UP_PAGE);
      if (this.closed) return;
      if (events.length === 0) break;
      let orphans: StoredEvent[] = [];
      for (let i = 0; i < events.length;) {
        const event = events[i];
        if (event.seq <= this.applied) {
          i++;
          continue;
        }
        // A commit the bus already brought carries its states: no database read for it.
        const held = this.ahead.get(event.seq);
        if (held) {
          await this.applyOrphans(orphans);
          orphans = [];
          this.ahead.delete(event.seq);
          this.applyCommit(held);
          i += held.events.length;
          continue;
        }
        orphans.push(event);
        i++;
      }
      await this.applyOrphans(orphans);
      if (events.length < CATCH_UP_PAGE) break;
    }
    this.drainAhead();
    // Held commits still ahead of the log's end (the log has not shown them yet): try again.
    this.armGapTimer();
  }

  /** Events read from the log alone: their aggregates' current state is read from the store. */
  private async applyOrphans(events: StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    const keys = new Map<string, { type: string; id: string }>();
    for (const event of events) {
      keys.set(`${event.aggregateType}\u0000${event.aggregateId}`, {
        type: event.aggregateType,
        id: event.aggregateId,
      });
    }
    const states: CommittedState[] = [];
    for (const { type, id } of keys.values()) {
      const snapshot = await this.store.get(type, id);
      if (snapshot) states.push(snapshot);
    }
    if (this.closed) return;
    const fresh = events.filter((event) => event.seq > this.applied);
    if (fresh.length > 0) this.applyCommit({ events: fresh, states });
  }

  private applyCommit(commit: Commit): void {
    for (const state of commit.states) this.world.apply(state);
    this.applied = Math.max(this.applied, commit.events[commit.events.length - 1].seq);
    for (const event of commit.events) {
      for (const entry of this.handlers) {
        if (entry.types && !entry.types.has(event.type)) continue;
        try {
          entry.handler(event);
        } catch (error) {
          this.onError(error);
        }
      }
    }
    for (const waiter of this.waiters) if (waiter.seq <= this.applied) waiter.resolve();
  }
}
