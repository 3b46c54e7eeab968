import type { Kysely } from 'kysely';
import type { StoreDialect } from '../dialect.ts';
import { StoreError, StoreErrorCode } from '../errors.ts';
import type { JiefangDatabase } from './tables.ts';
import { migrations as allMigrations, type Migration } from './migrations.ts';

/**
 * Brings the schema up to date in one transaction: either every pending migration applies or
 * none does. Returns the names applied now.
 */
export async function migrateToLatest(
  db: Kysely<JiefangDatabase>,
  dialect: StoreDialect,
  migrations: readonly Migration[] = allMigrations,
): Promise<string[]> {
  try {
    return await db.transaction().execute(async (trx) => {
      await dialect.lockForMigration(trx);
      await trx.schema
        .createTable('schema_migrations')
        .ifNotExists()
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('applied_at', 'text', (c) => c.notNull())
        .execute();
      const applied = new Set(
        (await trx.selectFrom('schema_migrations').select('name').execute()).map((r) => r.name),
      );
      const known = new Set(migrations.map((m) => m.name));
      const unknown = [...applied].filter((name) => !known.has(name)).sort();
      if (unknown.length > 0) {
        throw new StoreError(
          StoreErrorCode.SCHEMA_TOO_NEW,
          `The database was migrated by a newer Jiefang (unknown migrations: ${unknown.join(', ')}); upgrade Jiefang or use a backup taken before the upgrade.`,
          { unknownMigrations: unknown },
        );
      }
      const pending = migrations.filter((m) => !applied.has(m.name));
      for (const migration of pending) {
        // Cast: Kysely's transaction generic cannot widen to Kysely<unknown> for migrations.
        await migration.up(trx as unknown as Kysely<unknown>, dialect.columnTypes, dialect);
        await trx
          .insertInto('schema_migrations')
          .values({ name: migration.name, applied_at: new Date().toISOString() })
          .execute();
      }
      return pending.map((m) => m.name);
    });
  } catch (error) {
    if (error instanceof StoreError) throw error;
    const failure = dialect.classifyFailure(error);
    if (failure?.kind === 'unavailable' || failure?.kind === 'busy') {
      throw new StoreError(
        failure.kind === 'busy' ? StoreErrorCode.STORE_BUSY : StoreErrorCode.STORE_UNAVAILABLE,
        `Cannot migrate the ${dialect.name} database: ${messageOf(error)}`,
        {},
        { cause: error },
      );
    }
    throw new StoreError(
      StoreErrorCode.MIGRATION_FAILED,
      `Migrating the ${dialect.name} database failed, nothing was changed: ${messageOf(error)}`,
      {},
      { cause: error },
    );
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
