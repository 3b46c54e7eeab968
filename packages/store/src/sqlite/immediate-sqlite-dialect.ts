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

/**
 * JIEFANG_SLOW_SQL_MS: a `slow sqlite …` line on stderr for every BEGIN (waiting for the write
 * lock) or COMMIT (the durable fsync) that holds the request thread longer than that. better-
 * sqlite3 is synchronous, so these are exactly the milliseconds no request, socket or timer of
 * the process runs; the load tool turns it on to find where the slowest requests wait.
 */
const SLOW_SQL_MS = Number(process.env.JIEFANG_SLOW_SQL_MS ?? 0);

async function timed(what: string, work: () => Promise<unknown>): Promise<void> {
  if (!(SLOW_SQL_MS > 0)) {
    await work();
    return;
  }
  const started = performance.now();
  try {
    await work();
  } finally {
    const ms = performance.now() - started;
    if (ms >= SLOW_SQL_MS) process.stderr.write(`slow sqlite ${what} ${ms.toFixed(1)} ms\n`);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await timed('begin', () => connection.executeQuery(CompiledQuery.raw('begin immediate')));
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await timed('commit', () => super.commitTransaction(connection));
  }
}
