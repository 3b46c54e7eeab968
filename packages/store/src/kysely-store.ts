import type { Kysely } from 'kysely';
import type { StoreDialect } from './dialect.ts';
import { KyselyAuditLog } from './kysely-audit-log.ts';
import { KyselyEventStore } from './kysely-event-store.ts';
import { KyselyTrackStore } from './kysely-track-store.ts';
import { migrateToLatest } from './schema/migrate.ts';
import type { JiefangDatabase } from './schema/tables.ts';
import { StoreGuard } from './store-guard.ts';
import type { JiefangStore } from './store.ts';

/**
 * Migrates the database and assembles the store over an open Kysely instance. Both adapters end
 * here; they differ only in how they build `db` and `dialect`.
 */
export async function createKyselyStore(
  db: Kysely<JiefangDatabase>,
  dialect: StoreDialect,
): Promise<JiefangStore> {
  try {
    await migrateToLatest(db, dialect);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
  return new KyselyStore(db, dialect, new StoreGuard(dialect));
}

class KyselyStore extends KyselyEventStore implements JiefangStore {
  readonly dialect: JiefangStore['dialect'];
  readonly tracks: KyselyTrackStore;
  readonly audit: KyselyAuditLog;

  constructor(db: Kysely<JiefangDatabase>, dialect: StoreDialect, guard: StoreGuard) {
    super(db, dialect, guard);
    this.dialect = dialect.name;
    this.tracks = new KyselyTrackStore(db, guard.run);
    this.audit = new KyselyAuditLog(db, guard.run);
  }
}
