import type { CreateTableBuilder, Kysely } from 'kysely';
import type { StoreDialect } from '../dialect.ts';

export interface Migration {
  /** Sorts in apply order; never rename or edit a migration once it has shipped. */
  readonly name: string;
  up(db: Kysely<unknown>, types: StoreDialect['columnTypes'], dialect: StoreDialect): Promise<void>;
}

/** The columns of one position fix, shared by the tracks and last_positions tables. */
function addFixColumns(
  table: CreateTableBuilder<string, string>,
  types: StoreDialect['columnTypes'],
): CreateTableBuilder<string, string> {
  return table
    .addColumn('at', types.timestamp, (c) => c.notNull())
    .addColumn('lon', 'double precision', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('accuracy_m', 'double precision')
    .addColumn('edge_id', 'bigint')
    .addColumn('edge_offset', 'double precision');
}

export const migrations: readonly Migration[] = [
  {
    name: '0001_event_log',
    async up(db, types) {
      await types
        .serialPrimaryKey(db.schema.createTable('events'), 'seq')
        .addColumn('aggregate_type', 'text', (c) => c.notNull())
        .addColumn('aggregate_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('payload', types.json, (c) => c.notNull())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('at', types.timestamp, (c) => c.notNull())
        // The database itself rejects a second writer appending the same version.
        .addUniqueConstraint('events_aggregate_version_unique', [
          'aggregate_type',
          'aggregate_id',
          'version',
        ])
        .execute();

      await db.schema
        .createTable('aggregates')
        .addColumn('aggregate_type', 'text', (c) => c.notNull())
        .addColumn('aggregate_id', 'text', (c) => c.notNull())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('data', types.json, (c) => c.notNull())
        .addColumn('updated_at', types.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('aggregates_pk', ['aggregate_type', 'aggregate_id'])
        .execute();
      await db.schema
        .createIndex('aggregates_type_org_status')
        .on('aggregates')
        .columns(['aggregate_type', 'org_id', 'status'])
        .execute();

      await db.schema
        .createTable('idempotency_keys')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('aggregate_type', 'text', (c) => c.notNull())
        .addColumn('aggregate_id', 'text', (c) => c.notNull())
        .addColumn('result', types.json, (c) => c.notNull())
        .addColumn('created_at', types.timestamp, (c) => c.notNull())
        .execute();
    },
  },
  {
    name: '0002_tracks_and_audit',
    async up(db, types) {
      await addFixColumns(
        db.schema.createTable('tracks').addColumn('unit_id', 'text', (c) => c.notNull()),
        types,
      ).execute();
      await db.schema
        .createIndex('tracks_unit_at')
        .on('tracks')
        .columns(['unit_id', 'at'])
        .execute();

      await types
        .serialPrimaryKey(db.schema.createTable('audit_log'), 'id')
        .addColumn('at', types.timestamp, (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('detail', types.json, (c) => c.notNull())
        .execute();
      // Reviews ask "who looked at this person" and "what did this officer look at".
      await db.schema
        .createIndex('audit_log_subject')
        .on('audit_log')
        .columns(['subject_type', 'subject_id', 'at'])
        .execute();
      await db.schema
        .createIndex('audit_log_actor')
        .on('audit_log')
        .columns(['actor_id', 'at'])
        .execute();
    },
  },
  {
    // Lets PostgreSQL writers append concurrently while readers following the log by seq still
    // never skip an event that commits late (see the dialect's reserveLogSeqs / safeLogHorizon).
    name: '0003_concurrent_log_appends',
    async up(db, _types, dialect) {
      await dialect.migrateLog(db);
    },
  },
  {
    // Each unit's newest fix, upserted with every track batch, so a restarted server can
    // recommend before phones report again.
    name: '0004_last_positions',
    async up(db, types) {
      await addFixColumns(
        db.schema.createTable('last_positions').addColumn('unit_id', 'text', (c) => c.primaryKey()),
        types,
      ).execute();
    },
  },
  {
    // A key reused with another request body is refused instead of replaying the first answer,
    // so the store keeps a digest of the request that used the key first.
    name: '0005_idempotency_request_hash',
    async up(db) {
      await db.schema.alterTable('idempotency_keys').addColumn('request_hash', 'text').execute();
    },
  },
];
