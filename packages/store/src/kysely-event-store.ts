import type { Kysely, Selectable, Transaction } from 'kysely';
import type {
  AggregateQuery,
  AggregateSnapshot,
  AppendRequest,
  AppendResult,
  EventStore,
  StoredEvent,
} from '@jiefang/core';
import type { StoreDialect } from './dialect.ts';
import { StoreError, StoreErrorCode } from './errors.ts';
import type { StoreGuard } from './store-guard.ts';
import type { AggregatesTable, EventsTable, JiefangDatabase } from './schema/tables.ts';
import {
  decodeJson,
  encodeJson,
  invalidArgument,
  normalizeTime,
  requireLimit,
  requireText,
} from './values.ts';

type StoredResult = Omit<AppendResult, 'replayed'>;

/**
 * The one EventStore implementation, shared by SQLite and PostgreSQL. Each append is a single
 * transaction: idempotency check, version check, event insert, current-state write, idempotency
 * record. The version check reads before writing, and the UNIQUE(aggregate, version) constraint
 * catches the writer that read the same version concurrently.
 */
export class KyselyEventStore implements EventStore {
  constructor(
    private readonly db: Kysely<JiefangDatabase>,
    private readonly sqlDialect: StoreDialect,
    protected readonly guard: StoreGuard,
  ) {}

  async append(request: AppendRequest): Promise<AppendResult> {
    const [result] = await this.appendAll([request]);
    return result;
  }

  async appendAll(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    requests.forEach(validateRequest);
    if (requests.length === 0) return [];
    return this.guard.run('append events', async () => {
      try {
        return await this.#applyInTransaction(requests);
      } catch (error) {
        if (this.sqlDialect.classifyFailure(error)?.kind !== 'unique-violation') throw error;
        // A concurrent writer committed the same version or idempotency key between our checks
        // and our insert. Running once more sees its commit, so the caller gets a replay or a
        // conflict that names the actual version instead of a constraint name.
      }
      try {
        return await this.#applyInTransaction(requests);
      } catch (error) {
        if (this.sqlDialect.classifyFailure(error)?.kind !== 'unique-violation') throw error;
        const ids = requests.map((r) => `${r.aggregateType} ${r.aggregateId}`).join(', ');
        throw new StoreError(
          StoreErrorCode.VERSION_CONFLICT,
          `Version conflict on ${ids}: concurrent writers kept changing it; reload and retry.`,
          { aggregates: requests.map((r) => r.aggregateId) },
          { cause: error },
        );
      }
    });
  }

  async get<T = unknown>(
    aggregateType: string,
    aggregateId: string,
  ): Promise<AggregateSnapshot<T> | undefined> {
    return this.guard.run('read an aggregate', async () => {
      const row = await this.db
        .selectFrom('aggregates')
        .selectAll()
        .where('aggregate_type', '=', aggregateType)
        .where('aggregate_id', '=', aggregateId)
        .executeTakeFirst();
      return row ? toSnapshot<T>(row) : undefined;
    });
  }

  async list<T = unknown>(query: AggregateQuery): Promise<AggregateSnapshot<T>[]> {
    if (query.limit !== undefined) requireLimit(query.limit, 'limit');
    // An empty restriction means "none of them" (a caller scoped to no org sees nothing), never
    // "no restriction".
    if (query.orgIds?.length === 0 || query.statuses?.length === 0) return [];
    return this.guard.run('list aggregates', async () => {
      let select = this.db
        .selectFrom('aggregates')
        .selectAll()
        .where('aggregate_type', '=', query.aggregateType);
      if (query.orgIds) select = select.where('org_id', 'in', [...query.orgIds]);
      if (query.statuses) select = select.where('status', 'in', [...query.statuses]);
      select = select.orderBy('updated_at', 'desc').orderBy('aggregate_id');
      if (query.limit !== undefined) select = select.limit(query.limit);
      return (await select.execute()).map((row) => toSnapshot<T>(row));
    });
  }

  async findIdempotent(
    key: string,
    requestHash?: string,
  ): Promise<{ aggregateType: string; aggregateId: string } | undefined> {
    return this.guard.run('read an idempotency key', async () => {
      const row = await this.db
        .selectFrom('idempotency_keys')
        .select(['aggregate_type', 'aggregate_id', 'request_hash'])
        .where('key', '=', key)
        .executeTakeFirst();
      if (!row) return undefined;
      refuseOtherRequest(row, key, requestHash);
      return { aggregateType: row.aggregate_type, aggregateId: row.aggregate_id };
    });
  }

  async history(aggregateType: string, aggregateId: string): Promise<StoredEvent[]> {
    return this.guard.run('read an aggregate history', async () => {
      const rows = await this.db
        .selectFrom('events')
        .selectAll()
        .where('aggregate_type', '=', aggregateType)
        .where('aggregate_id', '=', aggregateId)
        .orderBy('version')
        .execute();
      return rows.map(toStoredEvent);
    });
  }

  async readLog(afterSeq: number, limit: number): Promise<StoredEvent[]> {
    if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) {
      throw invalidArgument(
        `afterSeq must be a non-negative integer, got ${afterSeq}.`,
        'afterSeq',
      );
    }
    requireLimit(limit, 'limit');
    return this.guard.run('read the event log', async () => {
      let select = this.db.selectFrom('events').selectAll().where('seq', '>', afterSeq);
      if (this.sqlDialect.safeLogHorizon) select = select.where(this.sqlDialect.safeLogHorizon);
      const rows = await select.orderBy('seq').limit(limit).execute();
      return rows.map(toStoredEvent);
    });
  }

  async close(): Promise<void> {
    if (this.guard.closed) return;
    this.guard.markClosed();
    await this.db.destroy();
  }

  async #applyInTransaction(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    return this.db.transaction().execute(async (trx) => {
      const results: (AppendResult | undefined)[] = [];
      // Versions this batch's earlier requests will have written, so that two changes of one
      // aggregate in one appendAll are checked against each other rather than the table.
      const batchVersions = new Map<string, number>();
      for (const request of requests) {
        const replay = await findReplay(trx, request);
        if (!replay) {
          const key = `${request.aggregateType}\u0000${request.aggregateId}`;
          await checkVersion(trx, request, batchVersions.get(key));
          batchVersions.set(key, request.expectedVersion + request.events.length);
        }
        results.push(replay);
      }
      // All seqs of the transaction are reserved at once, after every check passed: readers
      // following the log rely on a transaction's seqs being taken in one step (see dialect).
      const eventCount = requests.reduce(
        (sum, request, i) => sum + (results[i] ? 0 : request.events.length),
        0,
      );
      if (eventCount === 0) return results.filter((r) => r !== undefined);
      let nextSeq = await this.sqlDialect.reserveLogSeqs(trx, eventCount);
      const written: AppendResult[] = [];
      for (const [i, request] of requests.entries()) {
        const replay = results[i];
        if (replay) {
          written.push(replay);
          continue;
        }
        written.push(await writeAppend(trx, request, nextSeq));
        if (nextSeq !== undefined) nextSeq += request.events.length;
      }
      return written;
    });
  }
}

function validateRequest(request: AppendRequest, index: number): void {
  const where = `requests[${index}]`;
  requireText(request.aggregateType, `${where}.aggregateType`);
  requireText(request.aggregateId, `${where}.aggregateId`);
  requireText(request.orgId, `${where}.orgId`);
  requireText(request.status, `${where}.status`);
  if (request.actorId !== null) requireText(request.actorId, `${where}.actorId`);
  normalizeTime(request.at, `${where}.at`);
  if (!Number.isSafeInteger(request.expectedVersion) || request.expectedVersion < 0) {
    throw invalidArgument(
      `${where}.expectedVersion must be a non-negative integer, got ${request.expectedVersion}.`,
      `${where}.expectedVersion`,
    );
  }
  // A change without events would move the current state without a trace in the log.
  if (!Array.isArray(request.events) || request.events.length === 0) {
    throw invalidArgument(`${where}.events must hold at least one event.`, `${where}.events`);
  }
  request.events.forEach((event, i) => requireText(event.type, `${where}.events[${i}].type`));
  if (request.idempotencyKey !== undefined) {
    requireText(request.idempotencyKey, `${where}.idempotencyKey`);
  }
  if (request.requestHash !== undefined) requireText(request.requestHash, `${where}.requestHash`);
}

/** A key first stored for a request with another digest was reused: refuse, never replay. */
function refuseOtherRequest(
  row: { aggregate_type: string; aggregate_id: string; request_hash: string | null },
  key: string,
  requestHash: string | undefined,
): void {
  if (requestHash === undefined || row.request_hash === null || row.request_hash === requestHash) {
    return;
  }
  throw new StoreError(
    StoreErrorCode.IDEMPOTENCY_KEY_REUSED,
    `Idempotency key ${key} was already used for another request (${row.aggregate_type} ${row.aggregate_id}); send a new key for a new request.`,
    { idempotencyKey: key, aggregateType: row.aggregate_type, aggregateId: row.aggregate_id },
  );
}

async function findReplay(
  trx: Transaction<JiefangDatabase>,
  request: AppendRequest,
): Promise<AppendResult | undefined> {
  if (request.idempotencyKey === undefined) return undefined;
  const row = await trx
    .selectFrom('idempotency_keys')
    .select(['aggregate_type', 'aggregate_id', 'result', 'request_hash'])
    .where('key', '=', request.idempotencyKey)
    .executeTakeFirst();
  if (!row) return undefined;
  refuseOtherRequest(row, request.idempotencyKey, request.requestHash);
  // The same key from a retried request may carry a freshly generated aggregate id, so only a
  // different aggregate type proves the key was reused for another command.
  if (row.aggregate_type !== request.aggregateType) {
    throw new StoreError(
      StoreErrorCode.IDEMPOTENCY_KEY_REUSED,
      `Idempotency key ${request.idempotencyKey} was already used for ${row.aggregate_type} ${row.aggregate_id}, not for a ${request.aggregateType}.`,
      {
        idempotencyKey: request.idempotencyKey,
        aggregateType: row.aggregate_type,
        aggregateId: row.aggregate_id,
      },
    );
  }
  const stored = decodeJson(row.result) as StoredResult;
  return { ...stored, replayed: true };
}

async function checkVersion(
  trx: Transaction<JiefangDatabase>,
  request: AppendRequest,
  /** The version an earlier request of the same transaction leaves the aggregate at. */
  batchVersion: number | undefined,
): Promise<void> {
  const current =
    batchVersion === undefined
      ? await trx
          .selectFrom('aggregates')
          .select('version')
          .where('aggregate_type', '=', request.aggregateType)
          .where('aggregate_id', '=', request.aggregateId)
          .executeTakeFirst()
      : { version: batchVersion };
  const actualVersion = Number(current?.version ?? 0);
  if (actualVersion !== request.expectedVersion) {
    throw new StoreError(
      StoreErrorCode.VERSION_CONFLICT,
      `Version conflict on ${request.aggregateType} ${request.aggregateId}: expected version ${request.expectedVersion}, but it is at version ${actualVersion}; reload and retry.`,
      {
        aggregateType: request.aggregateType,
        aggregateId: request.aggregateId,
        expectedVersion: request.expectedVersion,
        actualVersion,
      },
    );
  }
}

async function writeAppend(
  trx: Transaction<JiefangDatabase>,
  request: AppendRequest,
  /** The first of the seqs reserved for this request's events; undefined = assigned on insert. */
  firstSeq: number | undefined,
): Promise<AppendResult> {
  const at = normalizeTime(request.at, 'at');
  const events: StoredEvent[] = request.events.map((event, i) => ({
    seq: 0,
    aggregateType: request.aggregateType,
    aggregateId: request.aggregateId,
    version: request.expectedVersion + i + 1,
    orgId: request.orgId,
    actorId: request.actorId ?? null,
    at,
    type: event.type,
    payload: event.payload,
  }));
  const inserted = await trx
    .insertInto('events')
    .values(
      events.map((event, i) => ({
        ...(firstSeq === undefined ? {} : { seq: firstSeq + i }),
        aggregate_type: event.aggregateType,
        aggregate_id: event.aggregateId,
        version: event.version,
        type: event.type,
        payload: encodeJson(event.payload, `events[${i}].payload`),
        org_id: event.orgId,
        actor_id: event.actorId,
        at,
      })),
    )
    .returning(['seq', 'version'])
    .execute();
  // RETURNING order is not guaranteed by SQL, so match rows by version.
  const seqByVersion = new Map(inserted.map((row) => [Number(row.version), Number(row.seq)]));
  for (const event of events) event.seq = seqByVersion.get(event.version) ?? 0;

  const version = request.expectedVersion + events.length;
  const aggregate = {
    org_id: request.orgId,
    status: request.status,
    version,
    data: encodeJson(request.data, 'data'),
    updated_at: at,
  };
  if (request.expectedVersion === 0) {
    await trx
      .insertInto('aggregates')
      .values({
        aggregate_type: request.aggregateType,
        aggregate_id: request.aggregateId,
        ...aggregate,
      })
      .execute();
  } else {
    const updated = await trx
      .updateTable('aggregates')
      .set(aggregate)
      .where('aggregate_type', '=', request.aggregateType)
      .where('aggregate_id', '=', request.aggregateId)
      .where('version', '=', request.expectedVersion)
      .executeTakeFirst();
    if (updated.numUpdatedRows !== 1n) {
      throw new Error(
        `Aggregate ${request.aggregateType} ${request.aggregateId} changed inside its own transaction.`,
      );
    }
  }

  const result: StoredResult = { events, version };
  if (request.idempotencyKey !== undefined) {
    await trx
      .insertInto('idempotency_keys')
      .values({
        key: request.idempotencyKey,
        aggregate_type: request.aggregateType,
        aggregate_id: request.aggregateId,
        result: encodeJson(result, 'result'),
        created_at: at,
        request_hash: request.requestHash ?? null,
      })
      .execute();
  }
  return { ...result, replayed: false };
}

function toSnapshot<T>(row: Selectable<AggregatesTable>): AggregateSnapshot<T> {
  return {
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    orgId: row.org_id,
    status: row.status,
    version: Number(row.version),
    data: decodeJson(row.data) as T,
    updatedAt: row.updated_at,
  };
}

function toStoredEvent(row: Selectable<EventsTable>): StoredEvent {
  return {
    seq: Number(row.seq),
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    version: Number(row.version),
    type: row.type,
    payload: decodeJson(row.payload),
    orgId: row.org_id,
    actorId: row.actor_id,
    at: row.at,
  };
}
