import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreErrorCode } from './errors.ts';
import { openStore } from './open-store.ts';
import { openPostgresStore } from './postgres/open-postgres-store.ts';
import { openSqliteStore } from './sqlite/open-sqlite-store.ts';

describe('opening a store', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiefang-open-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('picks SQLite for sqlite: URLs and sets it up for durable writes', async () => {
    const file = join(tempDir(), 'jiefang.db');
    const store = await openStore(`sqlite:${file}`);
    expect(store.dialect).toBe('sqlite');
    await store.close();

    const raw = new Database(file);
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      const tables = raw
        .prepare("select name from sqlite_master where type = 'table' order by name")
        .pluck()
        .all();
      expect(tables).toEqual(
        expect.arrayContaining([
          'aggregates',
          'audit_log',
          'events',
          'idempotency_keys',
          'schema_migrations',
          'tracks',
        ]),
      );
    } finally {
      raw.close();
    }
  });

  it('opens an in-memory SQLite store', async () => {
    const store = await openStore(':memory:');
    expect(store.dialect).toBe('sqlite');
    expect(await store.readLog(0, 10)).toEqual([]);
    await store.close();
  });

  it('reads DATABASE_URL when no URL is given, and complains when neither is set', async () => {
    const saved = process.env.DATABASE_URL;
    try {
      delete process.env.DATABASE_URL;
      await expect(openStore()).rejects.toMatchObject({ code: StoreErrorCode.STORE_URL_INVALID });
      process.env.DATABASE_URL = 'sqlite::memory:';
      const store = await openStore();
      expect(store.dialect).toBe('sqlite');
      await store.close();
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });

  it('reports an unopenable SQLite file as ERR_STORE_UNAVAILABLE', async () => {
    await expect(
      openSqliteStore({ filename: join(tempDir(), 'no', 'such', 'dir', 'jiefang.db') }),
    ).rejects.toMatchObject({ code: StoreErrorCode.STORE_UNAVAILABLE });
  });

  it('reports an unreachable PostgreSQL as ERR_STORE_UNAVAILABLE without the password', async () => {
    const attempt = openPostgresStore({
      connectionString: 'postgres://jiefang:s3cret@127.0.0.1:1/jiefang',
      connectTimeoutMs: 2_000,
    });
    await expect(attempt).rejects.toMatchObject({ code: StoreErrorCode.STORE_UNAVAILABLE });
    await expect(attempt).rejects.toThrow(/^(?!.*s3cret)/);
  });

  it('rejects a PostgreSQL schema name that is not a plain identifier', async () => {
    await expect(
      openPostgresStore({ connectionString: 'postgres://127.0.0.1/x', schema: 'a"; drop' }),
    ).rejects.toMatchObject({ code: StoreErrorCode.STORE_URL_INVALID });
  });

  it('refuses a database migrated by a newer version with ERR_SCHEMA_TOO_NEW', async () => {
    const file = join(tempDir(), 'jiefang.db');
    await (await openSqliteStore({ filename: file })).close();
    const raw = new Database(file);
    raw
      .prepare('insert into schema_migrations (name, applied_at) values (?, ?)')
      .run('9999_from_the_future', new Date().toISOString());
    raw.close();

    await expect(openSqliteStore({ filename: file })).rejects.toMatchObject({
      code: StoreErrorCode.SCHEMA_TOO_NEW,
      details: { unknownMigrations: ['9999_from_the_future'] },
    });
  });
});
