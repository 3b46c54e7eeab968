import type { Kysely } from 'kysely';
import type { StoreDialect } from './dialect.ts';
import { KyselyAuditLog } from './kysely-audit-log.ts';
import { KyselyEventStore } from './kysely-event-store.ts';
import { KyselyTrackStore } from './kysely-track-store.ts';
import { soleProcessLease, type Lease } from './lease.ts';
import type { TrackRowWriter } from './sqlite/sqlite-track-writer.ts';
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
  options: {
    /** Started once the tables exist; gets the track inserts (see SqliteTrackWriter). */
    trackWriter?: () => TrackRowWriter;
    /** How leadership is taken among processes; default: this process is the only one. */
    lead?: (name: string) => Promise<Lease | undefined>;
  } = {},
): Promise<JiefangStore> {
  try {
    await migrateToLatest(db, dialect);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
  return new KyselyStore(
    db,
    dialect,
    new StoreGuard(dialect),
    options.trackWriter?.(),
    options.lead ?? (async () => soleProcessLease()),
  );
}

class KyselyStore extends KyselyEventStore implements JiefangStore {
  readonly dialect: JiefangStore['dialect'];
  readonly tracks: KyselyTrackStore;
  readonly audit: KyselyAuditLog;

  constructor(
    db: Kysely<JiefangDatabase>,
    dialect: StoreDialect,
    guard: StoreGuard,
    private readonly trackWriter: TrackRowWriter | undefined,
    private readonly lead: (name: string) => Promise<Lease | undefined>,
  ) {
    super(db, dialect, guard);
    this.dialect = dialect.name;
    this.tracks = new KyselyTrackStore(db, guard.run, trackWriter);
    this.audit = new KyselyAuditLog(db, guard.run);
  }

  tryLead(name: string): Promise<Lease | undefined> {
    return this.guard.run(`take the lead of ${name}`, () => this.lead(name));
  }

  override async close(): Promise<void> {
    // Track batches already handed over are written before the connections close.
    await this.trackWriter?.close();
    await super.close();
  }
}
