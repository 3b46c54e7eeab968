import Database from 'better-sqlite3';
import { Kysely } from 'kysely';
import { StoreError, StoreErrorCode } from '../errors.ts';
import { createKyselyStore } from '../kysely-store.ts';
import type { JiefangDatabase } from '../schema/tables.ts';
import type { JiefangStore } from '../store.ts';
import { ImmediateSqliteDialect } from './immediate-sqlite-dialect.ts';
import { SqliteTrackWriter } from './sqlite-track-writer.ts';
import { sqliteStoreDialect } from './sqlite-store-dialect.ts';
import { WalSyncer, type FlushFile } from './wal-syncer.ts';

export interface SqliteStoreOptions {
  /** Database file path, or ':memory:' for a throwaway store. */
  filename: string;
  /** How long a write waits for another process's write lock before ERR_STORE_BUSY. */
  busyTimeoutMs?: number;
  /** The WAL file is brought back under this size (default 64 MiB). */
  walLimitBytes?: number;
  /** How often the writer thread checkpoints the WAL (default 1 s). */
  checkpointIntervalMs?: number;
  /** How the WAL is flushed to disk (default fdatasync); tests hold it to watch the order. */
  flushFile?: FlushFile;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
const DEFAULT_WAL_LIMIT_BYTES = 64 * 1024 * 1024;
const DEFAULT_CHECKPOINT_INTERVAL_MS = 1_000;

/** Opens (creating if needed) and migrates an embedded SQLite store. */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<JiefangStore> {
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  let database: Database.Database | undefined;
  try {
    database = new Database(options.filename, { timeout: busyTimeoutMs });
    database.pragma('journal_mode = WAL');
    // FULL syncs the WAL inside every COMMIT, on the request thread; a file's commits are synced
    // by the WalSyncer instead (see below), off it.
    database.pragma('synchronous = FULL');
    database.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    database.pragma('foreign_keys = ON');
  } catch (error) {
    database?.close();
    throw new StoreError(
      StoreErrorCode.STORE_UNAVAILABLE,
      `Cannot open SQLite database ${options.filename}: ${error instanceof Error ? error.message : String(error)}`,
      { filename: options.filename },
      { cause: error },
    );
  }
  // A file gets a second connection on a worker thread for tracks and checkpoints; an in-memory
  // database exists in this connection only, so it writes tracks here.
  const onDisk = options.filename !== ':memory:' && options.filename !== '';
  const wal = {
    walLimitBytes: Math.trunc(options.walLimitBytes ?? DEFAULT_WAL_LIMIT_BYTES),
    checkpointIntervalMs: Math.trunc(
      options.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS,
    ),
  };
  let walSyncer: WalSyncer | undefined;
  if (onDisk) {
    database.pragma('wal_autocheckpoint = 0');
    // This connection may be the one that restarts the WAL: it cuts the file back too.
    database.pragma(`journal_size_limit = ${wal.walLimitBytes}`);
    // Group commit: COMMIT writes the WAL without syncing it, and the store acknowledges (or
    // shows) nothing until the WalSyncer has fdatasync'ed the WAL past it, on libuv's thread
    // pool. An acknowledged command survives a killed process and a power cut as with FULL, but
    // the request thread no longer sits in fsync, and commits waiting together share one sync.
    database.pragma('synchronous = NORMAL');
    walSyncer = new WalSyncer(`${options.filename}-wal`, options.flushFile);
  }
  const db = new Kysely<JiefangDatabase>({
    dialect: new ImmediateSqliteDialect({ database, walSyncer }),
  });
  return createKyselyStore(db, sqliteStoreDialect, {
    trackWriter: onDisk
      ? () => new SqliteTrackWriter(options.filename, Math.trunc(busyTimeoutMs), wal)
      : undefined,
  });
}
