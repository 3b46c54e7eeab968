/**
 * The storage port of the command → event pipeline. `core` decides which events a command
 * produces and what the aggregate looks like afterwards; an EventStore (packages/store) writes
 * both in one transaction and acknowledges only after commit.
 */

/** An event as core produces it, before the store has given it a place in the log. */
export interface NewEvent {
  /** e.g. 'incident.created', 'dispatch.accepted' */
  type: string;
  payload: unknown;
}

/** An event as it stands in the append-only log. */
export interface StoredEvent extends NewEvent {
  /** Global, gap-free-per-commit, strictly increasing position in the log. */
  seq: number;
  aggregateType: string;
  aggregateId: string;
  /** Version of the aggregate after this event (1 for the creating event). */
  version: number;
  orgId: string;
  actorId: string | null;
  /** ISO 8601 time the command was applied. */
  at: string;
}

/** The current state of one aggregate, as kept in the current-state table. */
export interface AggregateSnapshot<T = unknown> {
  aggregateType: string;
  aggregateId: string;
  orgId: string;
  /** Short status used for listing and filtering (e.g. 'open', 'available'). */
  status: string;
  version: number;
  data: T;
  updatedAt: string;
}

export interface AppendRequest {
  aggregateType: string;
  aggregateId: string;
  orgId: string;
  actorId: string | null;
  at: string;
  /** Version the caller read; 0 when creating. A different stored version is a conflict. */
  expectedVersion: number;
  /**
   * Set on create commands: a second append with the same key returns the first result and
   * writes nothing, so a retried request never creates twice.
   */
  idempotencyKey?: string;
  /**
   * A digest of the request that carried the key. The same key with another digest is a reused
   * key (refused), never a replay of the first answer.
   */
  requestHash?: string;
  events: NewEvent[];
  /** The aggregate's state after the events, written in the same transaction. */
  status: string;
  data: unknown;
}

export interface AppendResult {
  events: StoredEvent[];
  version: number;
  /** True when the idempotency key had been used before and nothing new was written. */
  replayed: boolean;
}

export interface AggregateQuery {
  aggregateType: string;
  /** Restrict to these orgs (the caller's org subtree); undefined = no restriction. */
  orgIds?: readonly string[];
  statuses?: readonly string[];
  limit?: number;
}

export interface EventStore {
  append(request: AppendRequest): Promise<AppendResult>;
  /**
   * Several appends in one transaction (e.g. a dispatch and the unit it busies): all commit or
   * none does.
   */
  appendAll(requests: readonly AppendRequest[]): Promise<AppendResult[]>;
  get<T = unknown>(
    aggregateType: string,
    aggregateId: string,
  ): Promise<AggregateSnapshot<T> | undefined>;
  list<T = unknown>(query: AggregateQuery): Promise<AggregateSnapshot<T>[]>;
  /**
   * The aggregate a create command with this idempotency key made, if one did: lets a retried
   * request be answered before it is decided again (a client-chosen id would otherwise already
   * exist and be refused). With `requestHash`, a key stored for a request with another digest is
   * refused as reused.
   */
  findIdempotent(
    key: string,
    requestHash?: string,
  ): Promise<{ aggregateType: string; aggregateId: string } | undefined>;
  /** Events of one aggregate in version order (the incident timeline). */
  history(aggregateType: string, aggregateId: string): Promise<StoredEvent[]>;
  /** Log entries after a position, for projections, resync and statistics. */
  readLog(afterSeq: number, limit: number): Promise<StoredEvent[]>;
  close(): Promise<void>;
}
