import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { StoreError, StoreErrorCode } from '../errors.ts';
import { createKyselyStore } from '../kysely-store.ts';
import type { JiefangDatabase } from '../schema/tables.ts';
import type { JiefangStore } from '../store.ts';
import { redactUrl } from '../redact-url.ts';
import { tryPostgresLease } from './postgres-lease.ts';
import { postgresStoreDialect } from './postgres-store-dialect.ts';

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database */
  connectionString: string;
  /**
   * Schema holding Jiefang's tables, created if missing; defaults to the connection's search_path
   * (normally `public`). Lets tests and several deployments share one database.
   */
  schema?: string;
  /** Pool size; default 10. */
  maxConnections?: number;
  /** How long to wait for a connection before ERR_STORE_UNAVAILABLE; default 5 s. */
  connectTimeoutMs?: number;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

const OID = { int8: 20, json: 114, jsonb: 3802, timestamptz: 1184 } as const;
const parseTimestamptz = pg.types.getTypeParser(OID.timestamptz) as (text: string) => Date;

/**
 * The shared store code expects numbers for bigint columns (seqs stay far below 2^53), JSON as
 * text (so a JSON string payload is not parsed twice) and ISO 8601 time strings.
 */
const jiefangTypes = {
  getTypeParser(oid: number, format?: string): unknown {
    switch (oid) {
      case OID.int8:
        return (text: string) => Number(text);
      case OID.json:
      case OID.jsonb:
        return (text: string) => text;
      case OID.timestamptz:
        return (text: string) => parseTimestamptz(text).toISOString();
      default:
        return pg.types.getTypeParser(oid, format as 'text');
    }
  },
  // Cast: pg's CustomTypesConfig types getTypeParser as one overload set a plain object cannot meet.
} as unknown as pg.CustomTypesConfig;

/** Connects to PostgreSQL, creates the schema if asked, and migrates it. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<JiefangStore> {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new StoreError(
      StoreErrorCode.STORE_URL_INVALID,
      `PostgreSQL schema name ${JSON.stringify(options.schema)} must be a plain identifier (letters, digits, underscore).`,
      { schema: options.schema },
    );
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    types: jiefangTypes,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  // An idle client losing its server emits 'error' on the pool; unhandled it would crash the
  // process. The next query then fails and reports ERR_STORE_UNAVAILABLE instead.
  pool.on('error', () => undefined);

  if (options.schema !== undefined) {
    try {
      await pool.query(`create schema if not exists "${options.schema}"`);
    } catch (error) {
      await pool.end().catch(() => undefined);
      const failure = postgresStoreDialect.classifyFailure(error);
      throw new StoreError(
        failure?.kind === 'unavailable'
          ? StoreErrorCode.STORE_UNAVAILABLE
          : StoreErrorCode.MIGRATION_FAILED,
        `Cannot prepare schema ${options.schema} on ${redactUrl(options.connectionString)}: ${error instanceof Error ? error.message : String(error)}`,
        { schema: options.schema },
        { cause: error },
      );
    }
  }
  const db = new Kysely<JiefangDatabase>({ dialect: new PostgresDialect({ pool }) });
  return createKyselyStore(db, postgresStoreDialect, {
    lead: (name) => tryPostgresLease(options, name),
  });
}
