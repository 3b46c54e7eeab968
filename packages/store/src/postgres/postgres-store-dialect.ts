import { sql } from 'kysely';
import type { StoreDialect } from '../dialect.ts';

/** Advisory-lock namespace ("JF"); the second key is the schema, so schemas never block each other. */
const LOCK_SPACE = 0x4a46;
const LOG_LOCK = sql`select pg_advisory_xact_lock(${sql.lit(LOCK_SPACE)}, hashtext(current_schema() || '.events'))`;
const MIGRATION_LOCK = sql`select pg_advisory_xact_lock(${sql.lit(LOCK_SPACE)}, hashtext(current_schema() || '.schema_migrations'))`;

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  '3D000', // database does not exist
  '28000', // invalid authorization
  '28P01', // wrong password
  '53300', // too many connections
  '57P01', // admin shutdown
  '57P02', // crash shutdown
  '57P03', // cannot connect now (starting up, recovering)
]);

/** PostgreSQL's answers to the store's dialect questions (see StoreDialect). */
export const postgresStoreDialect: StoreDialect = {
  name: 'postgres',
  columnTypes: {
    json: 'jsonb',
    timestamp: 'timestamptz',
    serialPrimaryKey: (table, column) =>
      table.addColumn(column, 'bigserial', (c) => c.primaryKey()),
  },
  classifyFailure(error) {
    if (!(error instanceof Error)) return undefined;
    const { code, table } = error as Error & { code?: unknown; table?: unknown };
    if (code === '23505') {
      return { kind: 'unique-violation', table: typeof table === 'string' ? table : 'unknown' };
    }
    if (typeof code === 'string') {
      if (UNREACHABLE_CODES.has(code) || code.startsWith('08')) return { kind: 'unavailable' };
      if (code === '55P03' || code === '40P01') return { kind: 'busy' };
      // Unencodable text: lone surrogates in JSON, invalid UTF-8.
      if (code === '22P05' || code === '22021') return { kind: 'invalid-value' };
    }
    if (/pool after calling end|has already been destroyed/i.test(error.message)) {
      return { kind: 'closed' };
    }
    if (/connection terminated|connection timeout|timeout expired/i.test(error.message)) {
      return { kind: 'unavailable' };
    }
    return undefined;
  },
  async lockLogForAppend(trx) {
    await LOG_LOCK.execute(trx);
  },
  async lockForMigration(trx) {
    await MIGRATION_LOCK.execute(trx);
  },
};
