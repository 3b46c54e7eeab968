export type {
  AuditEntry,
  AuditFilter,
  AuditLog,
  AuditRecord,
  JiefangStore,
  TrackPoint,
  TrackStore,
} from './store.ts';
export type { Lease } from './lease.ts';
export { StoreError, StoreErrorCode, isStoreError } from './errors.ts';
export { openStore } from './open-store.ts';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite/open-sqlite-store.ts';
export { openPostgresStore, type PostgresStoreOptions } from './postgres/open-postgres-store.ts';
export { parseStoreUrl, type StoreTarget } from './store-url.ts';
export { redactUrl } from './redact-url.ts';
