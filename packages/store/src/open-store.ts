import { StoreError, StoreErrorCode } from './errors.ts';
import { openPostgresStore } from './postgres/open-postgres-store.ts';
import { openSqliteStore } from './sqlite/open-sqlite-store.ts';
import type { JiefangStore } from './store.ts';
import { parseStoreUrl } from './store-url.ts';

/**
 * Opens the store a URL names (see parseStoreUrl), defaulting to DATABASE_URL. The returned
 * store is migrated and ready; close() it on shutdown.
 */
export async function openStore(
  url: string | undefined = process.env.DATABASE_URL,
): Promise<JiefangStore> {
  if (url === undefined) {
    throw new StoreError(
      StoreErrorCode.STORE_URL_INVALID,
      'No store URL given and DATABASE_URL is not set; use e.g. sqlite:jiefang.db or postgres://host/db.',
    );
  }
  const target = parseStoreUrl(url);
  return target.kind === 'sqlite'
    ? openSqliteStore({ filename: target.filename })
    : openPostgresStore(target);
}
