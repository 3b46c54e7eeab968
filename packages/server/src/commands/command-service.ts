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
import type { World } from '../world/world.ts';

/** One aggregate's part of a command. */
export interface CommandPart<S> {
  aggregateType: string;
  aggregateId: string;
  orgId: string;
  decide: (state: S | undefined) => Decision<S>;
  /** The short status kept for listing (e.g. incident 'open', unit 'available'). */
  status: (state: S) => string;
  /** Version the client read (If-Match); default: the version the server holds now. */
  expectedVersion?: number;
  idempotencyKey?: string;
  /** Event payload rewrite before storing (e.g. drop password hashes). */
  redact?: (events: Decision<S>['events']) => Decision<S>['events'];
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

/**
 * The command pipeline: decide in core, append events and state in ONE transaction, acknowledge
 * only after commit, then update the in-memory world and publish on the bus. Several aggregates
 * (a dispatch and its unit) go through `executeAll` and commit together or not at all.
 */
export class CommandService {
  constructor(
    private readonly store: JiefangStore,
    private readonly world: World,
    private readonly bus: Bus,
    private readonly clock: Clock,
  ) {}

  now(): number {
    return this.clock.now();
  }

  async execute<S>(part: CommandPart<S>, actorId: string | null): Promise<CommandResult> {
    return this.executeAll([part as CommandPart<unknown>], actorId);
  }

  async executeAll(parts: CommandPart<unknown>[], actorId: string | null): Promise<CommandResult> {
    const keyed = parts.find((p) => p.idempotencyKey !== undefined);
    if (keyed !== undefined) {
      // A retried create: answer with what the first attempt stored, before deciding again.
      const earlier = await this.store.findIdempotent(keyed.idempotencyKey!);
      if (earlier !== undefined && earlier.aggregateType === keyed.aggregateType) {
        const snapshot = await this.store.get(earlier.aggregateType, earlier.aggregateId);
        if (snapshot) {
          this.world.apply(snapshot);
          return { events: [], states: [snapshot], replayed: true };
        }
      }
    }
    const at = new Date(this.clock.now()).toISOString();
    const requests: AppendRequest[] = [];
    const decided: { part: CommandPart<unknown>; decision: Decision<unknown> }[] = [];
    for (const part of parts) {
      const current = this.world.version(part.aggregateType, part.aggregateId);
      if (part.expectedVersion !== undefined && part.expectedVersion !== current) {
        throw new DomainError(
          DomainErrorCode.VERSION_CONFLICT,
          `${part.aggregateType} ${part.aggregateId} is at version ${current}, not ${part.expectedVersion}: reload and retry`,
          'If-Match',
        );
      }
      const state = this.world.get(part.aggregateType, part.aggregateId);
      const decision = part.decide(state);
      decided.push({ part, decision });
      requests.push({
        aggregateType: part.aggregateType,
        aggregateId: part.aggregateId,
        orgId: part.orgId,
        actorId,
        at,
        expectedVersion: current,
        idempotencyKey: part.idempotencyKey,
        events: part.redact ? part.redact(decision.events) : decision.events,
        status: part.status(decision.state),
        data: decision.state,
      });
    }
    let results;
    try {
      results = await this.store.appendAll(requests);
    } catch (error) {
      if (isStoreError(error) && error.code === StoreErrorCode.VERSION_CONFLICT) {
        throw new DomainError(DomainErrorCode.VERSION_CONFLICT, error.message, 'If-Match');
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
        if (snapshot) {
          this.world.apply(snapshot);
          states.push(snapshot);
        }
        continue;
      }
      const snapshot = {
        aggregateType: part.aggregateType,
        aggregateId: part.aggregateId,
        orgId: part.orgId,
        version: results[i].version,
        data: decided[i].decision.state,
      };
      this.world.apply(snapshot);
      states.push(snapshot);
    }
    const events = results.flatMap((r) => (r.replayed ? [] : r.events));
    if (events.length > 0) await this.bus.publish(events);
    return { events, states, replayed };
  }

  /**
   * For commands the server issues itself (timeouts, arrivals by position): a concurrent human
   * action may win the race; then decide again on the new state instead of failing.
   */
  async executeWithRetry(
    parts: () => CommandPart<unknown>[],
    actorId: string | null,
    attempts = 3,
  ) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.executeAll(parts(), actorId);
      } catch (error) {
        const conflict =
          error instanceof DomainError && error.code === DomainErrorCode.VERSION_CONFLICT;
        if (!conflict || attempt >= attempts) throw error;
      }
    }
  }
}
