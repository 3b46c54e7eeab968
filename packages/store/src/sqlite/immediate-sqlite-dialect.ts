import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';

/**
 * Kysely's SqliteDialect with transactions opened by BEGIN IMMEDIATE. A plain (deferred) BEGIN
 * takes the write lock only at the first write; if another process wrote in between, SQLite
 * fails the upgrade with SQLITE_BUSY at once instead of waiting for busy_timeout. Taking the lock
 * up front makes a second process (CLI next to the server) wait its turn instead.
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
