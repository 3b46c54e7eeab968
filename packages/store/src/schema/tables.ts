import type { Generated } from 'kysely';

/*
 * Row shapes as the shared Kysely code sees them. Both adapters are configured so that JSON
 * columns come back as JSON text and timestamps as ISO 8601 strings, which lets one
 * implementation serve SQLite (text columns) and PostgreSQL (jsonb / timestamptz) alike.
 */

export interface EventsTable {
  seq: Generated<number>;
  aggregate_type: string;
  aggregate_id: string;
  version: number;
  type: string;
  payload: string;
  org_id: string;
  actor_id: string | null;
  at: string;
}

export interface AggregatesTable {
  aggregate_type: string;
  aggregate_id: string;
  org_id: string;
  status: string;
  version: number;
  data: string;
  updated_at: string;
}

export interface IdempotencyKeysTable {
  key: string;
  aggregate_type: string;
  aggregate_id: string;
  result: string;
  created_at: string;
  /** Digest of the request that first used the key; null for keys stored before 0005. */
  request_hash: string | null;
}

export interface TracksTable {
  unit_id: string;
  at: string;
  lon: number;
  lat: number;
  accuracy_m: number | null;
  edge_id: number | null;
  edge_offset: number | null;
}

/** Each unit's newest fix (same columns as a track row, one row per unit). */
export type LastPositionsTable = TracksTable;

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_id: string;
  action: string;
  subject_type: string;
  subject_id: string;
  org_id: string;
  detail: string;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: string;
}

export interface JiefangDatabase {
  events: EventsTable;
  aggregates: AggregatesTable;
  idempotency_keys: IdempotencyKeysTable;
  tracks: TracksTable;
  last_positions: LastPositionsTable;
  audit_log: AuditLogTable;
  schema_migrations: SchemaMigrationsTable;
}
