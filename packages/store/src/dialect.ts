import type { CreateTableBuilder, Transaction } from 'kysely';
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
   * Taken inside an append transaction just before events are inserted, so that seqs become
   * visible in the order they were assigned: a projection that reads the log after seq N must
   * never later find a smaller seq committing behind it.
   */
  lockLogForAppend(trx: Transaction<JiefangDatabase>): Promise<void>;
  /** Keeps two processes starting at once from running the same migration twice. */
  lockForMigration(trx: Transaction<JiefangDatabase>): Promise<void>;
}
