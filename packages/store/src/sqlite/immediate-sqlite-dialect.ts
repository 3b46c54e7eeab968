import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type SqliteDialectConfig,
} from 'kysely';
import { logIfSlow } from './slow-sqlite-log.ts';
import type { WalSyncer } from './wal-syncer.ts';

export interface ImmediateSqliteDialectConfig extends SqliteDialectConfig {
  database: BetterSqlite3.Database;
  /**
   * Group commit: the connection commits without syncing (synchronous = NORMAL) and nothing
   * leaves the store until this has synced the WAL past every write so far.
   */
  walSyncer?: WalSyncer;
}

/**
 * Kysely's SqliteDialect with transactions opened by BEGIN IMMEDIATE. A plain (deferred) BEGIN
 * takes the write lock only at the first write; if another process wrote in between, SQLite
 * fails the upgrade with SQLITE_BUSY at once instead of waiting for busy_timeout. Taking the lock
 * up front makes a second process (CLI next to the server) wait its turn instead.
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ImmediateSqliteDialectConfig;

  constructor(config: ImmediateSqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

async function timed(what: string, work: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  try {
    await work();
  } finally {
    logIfSlow(what, started);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  readonly #database: BetterSqlite3.Database;
  readonly #syncer: WalSyncer | undefined;

  constructor(config: ImmediateSqliteDialectConfig) {
    super(config);
    this.#database = config.database;
    this.#syncer = config.walSyncer;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    const syncer = this.#syncer;
    if (!syncer) return connection;
    const database = this.#database;
    return {
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
        const result = await connection.executeQuery<R>(query);
        // A statement that is not a reader and left no transaction open wrote to the WAL: a
        // COMMIT, or a write in autocommit (a BEGIN leaves one open; a reader has no count).
        if (result.numAffectedRows !== undefined && !database.inTransaction) syncer.wrote();
        return result;
      },
      streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
    };
  }

  override async releaseConnection(): Promise<void> {
    await super.releaseConnection();
    // The connection is free for the next caller (whose commit may share this sync); this one
    // gets its result — an acknowledgement or what it read — only once it is on disk.
    if (!this.#syncer) return;
    const started = performance.now();
    await this.#syncer.durable();
    logIfSlow('durable', started);
  }

  override async destroy(): Promise<void> {
    await this.#syncer?.close();
    await super.destroy();
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await timed('begin', () => connection.executeQuery(CompiledQuery.raw('begin immediate')));
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await timed('commit', () => super.commitTransaction(connection));
  }
}
