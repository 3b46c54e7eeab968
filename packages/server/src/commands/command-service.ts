import {
  DomainError,
  DomainErrorCode,
  type AppendRequest,
  type Bus,
  type Clock,
  type Decision,
  type StoredEvent,
} from '@jiefang/core';
import { isStoreError, StoreErrorCode, type JiefangStore } from '@jiefang/store';
import { AggregateLocks } from './aggregate-locks.ts';
import type { WorldFeed } from '../world/world-feed.ts';
import type { World } from '../world/world.ts';

/** One aggregate's part of a command. */
export interface CommandPart<S> {
  aggregateType: string;
  aggregateId: string;
  orgId: string;
  // Method syntax on purpose: a command mixes parts of several aggregates, and method parameters
  // are bivariant, so a CommandPart<Incident> is a CommandPart<unknown> without a cast. Each part's
  // decide only ever receives the state stored under its own aggregate type and id.
  decide(state: S | undefined): Decision<S>;
  /** The short status kept for listing (e.g. incident 'open', unit 'available'). */
  status(state: S): string;
  /** Version the client read (If-Match); default: the version the server holds now. */
  expectedVersion?: number;
  idempotencyKey?: string;
  /** Digest of the request that carried the key (see http/idempotency.ts). */
  requestHash?: string;
  /** Event payload rewrite before storing (e.g. drop password hashes). */
  redact?: (events: Decision<S>['events']) => Decision<S>['events'];
  /**
   * null: this part's events are the system's own (the loop moving an incident because a unit
   * accepted), not the caller's, though they commit with the caller's change.
   */
  systemPart?: true;
}

export interface CommandResult {
  events: StoredEvent[];
  states: {
    aggregateType: string;
    aggregateId: string;
    orgId: string;
    version: number;
    data: unknown;
  }[];
  replayed: boolean;
}

/** Decisions tried per command when other processes keep winning the race. */
const ATTEMPTS = 12;

/** The store refused an append because another writer (process) changed an aggregate first. */
class LostRace extends Error {}

/**
 * The command pipeline: decide in core against the world, append events and state in ONE
 * transaction, acknowledge only after commit, publish the commit on the bus and answer once the
 * world holds it (the world changes only through the WorldFeed, this process's commits
 * included). When another process wrote one of the aggregates first, the world catches up from
 * the store and the command is decided again (bounded): a client sees a conflict only when its
 * own If-Match is stale. Several aggregates (a dispatch and its unit) go through `executeAll`
 * and commit together or not at all.
 */
export class CommandService {
  private readonly locks = new AggregateLocks();

  constructor(
    private readonly store: JiefangStore,
    private readonly world: World,
    private readonly feed: WorldFeed,
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly onPublishError: (error: unknown) => void = () => {},
  ) {}

  now(): number {
    return this.clock.now();
  }

  async execute<S>(part: CommandPart<S>, actorId: string | null): Promise<CommandResult> {
    return this.executeAll([part], actorId);
  }

  async executeAll(parts: CommandPart<unknown>[], actorId: string | null): Promise<CommandResult> {
    return this.run(() => parts, actorId, false);
  }

  /**
   * For commands whose parts are built from the world (dispatch offers, transitions, the
   * scheduler's timeouts, arrivals by position): after another writer won the race, the parts
   * are built again from the caught-up world and decided again, instead of failing.
   */
  async executeWithRetry(
    parts: () => CommandPart<unknown>[],
    actorId: string | null,
  ): Promise<CommandResult> {
    return this.run(parts, actorId, true);
  }

  private async run(
    build: () => CommandPart<unknown>[],
    actorId: string | null,
    rebuild: boolean,
  ): Promise<CommandResult> {
    let builtAt = this.feed.appliedSeq;
    const first = build();
    const keyed = first.find((p) => p.idempotencyKey !== undefined);
    if (keyed !== undefined) {
      // A retried create (on this process or another): answer with what the first attempt
      // stored, before deciding again.
      // The same key with another request is refused here (ERR_IDEMPOTENCY_KEY_REUSED).
      const earlier = await this.store.findIdempotent(keyed.idempotencyKey!, keyed.requestHash);
      if (earlier !== undefined && earlier.aggregateType === keyed.aggregateType) {
        const snapshot = await this.store.get(earlier.aggregateType, earlier.aggregateId);
        if (snapshot) {
          await this.feed.catchUp();
          return { events: [], states: [snapshot], replayed: true };
        }
      }
    }
    const keys = first.map((p) => `${p.aggregateType}\u0000${p.aggregateId}`);
    return this.locks.run(keys, async () => {
      let parts = first;
      for (let attempt = 1; ; attempt++) {
        if (rebuild && this.feed.appliedSeq !== builtAt) {
          // The world moved since the parts were built (a command queued before this one,
          // another process): build them from what it holds now.
          builtAt = this.feed.appliedSeq;
          parts = build();
        }
        try {
          return await this.attempt(parts, actorId);
        } catch (error) {
          const lost = error instanceof LostRace;
          if (!lost && !(rebuild && error instanceof DomainError)) throw error;
          if (attempt >= ATTEMPTS) {
            if (lost)
              throw new DomainError(DomainErrorCode.VERSION_CONFLICT, error.message, 'If-Match');
            throw error;
          }
          if (lost) {
            // Another process wrote first: bring the world up to the log's end, decide again —
            // after a random pause growing with each loss, so a process that keeps losing to
            // another's queue of commands on the same aggregate lets that queue drain.
            const pauseMs = Math.random() * Math.min(2 ** attempt, 100);
            await new Promise((resolve) => setTimeout(resolve, pauseMs));
          }
          await this.feed.catchUp();
          // A refusal decided on parts built from a world that has not moved since stands
          // (a client's stale If-Match, a unit truly busy).
          if (!lost && this.feed.appliedSeq === builtAt) throw error;
        }
      }
    });
  }

  private async attempt(parts: CommandPart<unknown>[], actorId: string | null) {
    const at = new Date(this.clock.now()).toISOString();
    const requests: AppendRequest[] = [];
    const decided: { part: CommandPart<unknown>; decision: Decision<unknown> }[] = [];
    for (const part of parts) {
      let current = this.world.version(part.aggregateType, part.aggregateId);
      if (part.expectedVersion !== undefined && part.expectedVersion > current) {
        // The client read a version another process wrote that this world has not seen yet.
        await this.feed.catchUp();
        current = this.world.version(part.aggregateType, part.aggregateId);
      }
      if (part.expectedVersion !== undefined && part.expectedVersion !== current) {
        throw new DomainError(
          DomainErrorCode.VERSION_CONFLICT,
          `${part.aggregateType} ${part.aggregateId} is at version ${current}, not ${part.expectedVersion}: reload and retry`,
          'If-Match',
        );
      }
      const state = this.world.get(part.aggregateType, part.aggregateId);
      const decision = part.decide(state);
      // Decided again after losing a race, a follow-up may owe nothing any more (the winner
      // raised the escalation): nothing to append for it, rather than an empty change.
      if (decision.events.length === 0) continue;
      decided.push({ part, decision });
      requests.push({
        aggregateType: part.aggregateType,
        aggregateId: part.aggregateId,
        orgId: part.orgId,
        actorId: part.systemPart ? null : actorId,
        at,
        expectedVersion: current,
        idempotencyKey: part.idempotencyKey,
        requestHash: part.requestHash,
        events: part.redact ? part.redact(decision.events) : decision.events,
        status: part.status(decision.state),
        data: decision.state,
      });
    }
    if (requests.length === 0) return { events: [], states: [], replayed: false };
    let results;
    try {
      results = await this.store.appendAll(requests);
    } catch (error) {
      if (isStoreError(error) && error.code === StoreErrorCode.VERSION_CONFLICT) {
        throw new LostRace(error.message);
      }
      throw error;
    }
    const replayed = results.some((r) => r.replayed);
    const states: CommandResult['states'] = [];
    for (let i = 0; i < decided.length; i++) {
      const { part } = decided[i];
      if (results[i].replayed) {
        // A concurrent duplicate that won the race: answer with what it stored (its id may
        // differ from the one this attempt generated).
        const originalId = results[i].events[0]?.aggregateId ?? part.aggregateId;
        const snapshot = await this.store.get(part.aggregateType, originalId);
        if (snapshot) states.push(snapshot);
        continue;
      }
      states.push({
        aggregateType: part.aggregateType,
        aggregateId: part.aggregateId,
        orgId: part.orgId,
        version: results[i].version,
        data: decided[i].decision.state,
      });
    }
    const events = results.flatMap((r) => (r.replayed ? [] : r.events));
    if (events.length > 0) {
      // Committed: a lost publish must not fail the command. The world reads the log instead
      // (WorldFeed.reached), other processes on their next catch-up.
      this.bus.publish({ events, states }).catch(this.onPublishError);
      await this.feed.reached(events[events.length - 1].seq);
    } else if (replayed) {
      await this.feed.catchUp();
    }
    return { events, states, replayed };
  }
}
