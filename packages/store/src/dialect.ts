import type { CreateTableBuilder, Expression, Kysely, SqlBool, Transaction } from 'kysely';
import type { JiefangDatabase } from './schema/tables.ts';

/** Why a driver error happened, in the few categories the store reacts to differently. */
export type DriverFailure =
  /** A unique or primary-key constraint rejected a row; `table` says which. */
  | { kind: 'unique-violation'; table: string }
  /** The database refused a value (e.g. text PostgreSQL cannot encode). */
  | { kind: 'invalid-value' }
  | { kind: 'unavailable' }
  | { kind: 'busy' }
  | { kind: 'closed' };

/**
 * What differs between SQLite and PostgreSQL beyond what Kysely already hides. The event store,
 * track store, audit log and migrations are written once against this port.
 */
export interface StoreDialect {
  readonly name: 'sqlite' | 'postgres';
  /** Column types for the migrations. */
  readonly columnTypes: {
    readonly json: 'text' | 'jsonb';
    readonly timestamp: 'text' | 'timestamptz';
    /** Adds an auto-incrementing 64-bit primary key column. */
    serialPrimaryKey(
      table: CreateTableBuilder<string, string>,
      column: string,
    ): CreateTableBuilder<string, string>;
  };
  classifyFailure(error: unknown): DriverFailure | undefined;
  /**
   * Reserves `count` consecutive seqs for the events an append transaction is about to insert
   * and returns the first, or undefined when the database assigns them itself at insert time
   * (SQLite: BEGIN IMMEDIATE makes writers take turns, so seqs commit in order anyway).
   * Called once per transaction, for all of its events, after its version checks passed.
   */
  reserveLogSeqs(trx: Transaction<JiefangDatabase>, count: number): Promise<number | undefined>;
  /**
   * Restricts a read of the log to events no still-running append can precede: a reader that
   * has read the log up to seq N must never later find a smaller seq committing behind it.
   * Undefined when every committed event is safe (SQLite). See ARCHITECTURE in the README.
   */
  readonly safeLogHorizon: Expression<SqlBool> | undefined;
  /** Creates what the dialect needs beyond the shared tables (functions, extra columns). */
  migrateLog(db: Kysely<unknown>): Promise<void>;
  /** Keeps two processes starting at once from running the same migration twice. */
  lockForMigration(trx: Transaction<JiefangDatabase>): Promise<void>;
}
