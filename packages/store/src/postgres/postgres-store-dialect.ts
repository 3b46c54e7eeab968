import { sql } from 'kysely';
import type { StoreDialect } from '../dialect.ts';

/** Advisory-lock namespace ("JF"); the second key is the schema, so schemas never block each other. */
export const LOCK_SPACE = 0x4a46;
/**
 * Concurrent appends and a log readers can follow by seq (documented in packages/store/README.md,
 * "Concurrent appends on PostgreSQL"):
 *
 * - Writers never wait for each other's transactions. Per-aggregate concurrency is the version
 *   check plus UNIQUE(aggregate, version); the only thing taken in turn is jf_reserve_log_seqs,
 *   a few microseconds under a session advisory lock released before the function returns. In
 *   it a transaction takes the shared "appending" lock, gets its transaction id, then its seqs,
 *   so among appenders a smaller transaction id always holds smaller seqs.
 * - A reader returns only events whose transaction id is below the horizon: the smallest
 *   transaction id its snapshot sees running that is not proven to be an unrelated transaction
 *   (one still running without this schema's appending lock), or the snapshot's xmax when none
 *   is. Every appender that could still commit a smaller seq is at or above that horizon.
 */
const RESERVE_KEY = sql`hashtext(current_schema() || '.events.reserve')`;
const APPENDING_KEY = sql`hashtext(current_schema() || '.events.appending')`;
const RESERVE_FUNCTION = sql`
  create function jf_reserve_log_seqs(n integer) returns bigint language plpgsql as $$
  declare
    first_seq bigint;
    seq_name text := pg_get_serial_sequence(current_schema() || '.events', 'seq');
  begin
    perform pg_advisory_lock(${sql.lit(LOCK_SPACE)}, ${RESERVE_KEY});
    begin
      perform pg_advisory_xact_lock_shared(${sql.lit(LOCK_SPACE)}, ${APPENDING_KEY});
      perform pg_current_xact_id();
      first_seq := nextval(seq_name);
      if n > 1 then
        perform setval(seq_name, first_seq + n - 1);
      end if;
    exception when others or query_canceled then
      -- A session lock outlives a failed statement; never leave it held.
      perform pg_advisory_unlock(${sql.lit(LOCK_SPACE)}, ${RESERVE_KEY});
      raise;
    end;
    perform pg_advisory_unlock(${sql.lit(LOCK_SPACE)}, ${RESERVE_KEY});
    return first_seq;
  end $$`;
// pg_locks is read once (a materialised CTE): two scans of it are two different instants, and
// an appender committing between them would look like an unrelated transaction.
const SAFE_LOG_HORIZON = sql<boolean>`tx_id < (
  with locks as materialized (
    select pid, locktype, mode, granted, transactionid, classid, objid, objsubid from pg_locks),
  appenders as (
    select pid from locks
    where locktype = 'advisory' and objsubid = 2 and classid = ${sql.lit(LOCK_SPACE)}
      and objid = (${APPENDING_KEY})::oid),
  unrelated as (
    select transactionid from locks
    where locktype = 'transactionid' and mode = 'ExclusiveLock' and granted
      and pid not in (select pid from appenders))
  select least(
    pg_snapshot_xmax(snap),
    (select min(running) from pg_snapshot_xip(snap) running
      where (running::text::bigint % 4294967296)::text::xid not in (
        select transactionid from unrelated)))
  from pg_current_snapshot() snap)`;
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
  async reserveLogSeqs(trx, count) {
    const { rows } = await sql<{
      first: number;
    }>`select jf_reserve_log_seqs(${count}) as first`.execute(trx);
    return Number(rows[0].first);
  },
  safeLogHorizon: SAFE_LOG_HORIZON,
  async migrateLog(db) {
    // Existing rows get the migration's own transaction id, below every later append's.
    await sql`alter table events add column tx_id xid8 not null default pg_current_xact_id()`.execute(
      db,
    );
    await RESERVE_FUNCTION.execute(db);
  },
  async lockForMigration(trx) {
    await MIGRATION_LOCK.execute(trx);
  },
};
