import type { StoreDialect } from '../dialect.ts';

const UNIQUE_FAILED = /^UNIQUE constraint failed: (\w+)\./;

/** SQLite's answers to the store's dialect questions (see StoreDialect). */
export const sqliteStoreDialect: StoreDialect = {
  name: 'sqlite',
  columnTypes: {
    json: 'text',
    timestamp: 'text',
    serialPrimaryKey: (table, column) =>
      // AUTOINCREMENT keeps SQLite from ever reusing a seq, even of a deleted last row.
      table.addColumn(column, 'integer', (c) => c.primaryKey().autoIncrement()),
  },
  classifyFailure(error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code !== 'string') {
      return error instanceof TypeError && /database connection is not open/.test(error.message)
        ? { kind: 'closed' }
        : undefined;
    }
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      const table = UNIQUE_FAILED.exec((error as Error).message)?.[1] ?? 'unknown';
      return { kind: 'unique-violation', table };
    }
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return { kind: 'busy' };
    if (
      code.startsWith('SQLITE_CANTOPEN') ||
      code.startsWith('SQLITE_IOERR') ||
      code.startsWith('SQLITE_READONLY') ||
      code === 'SQLITE_FULL' ||
      code === 'SQLITE_NOTADB' ||
      code.startsWith('SQLITE_CORRUPT')
    ) {
      return { kind: 'unavailable' };
    }
    return undefined;
  },
  // BEGIN IMMEDIATE already holds the only write lock, so seqs commit in the order AUTOINCREMENT
  // assigns them and every committed event is safe to read.
  reserveLogSeqs: async () => undefined,
  safeLogHorizon: undefined,
  migrateLog: async () => undefined,
  lockForMigration: async () => undefined,
};
