import pg from 'pg';

/** The PostgreSQL the tests use (CI provides it); each test works in a schema of its own. */
export const TEST_POSTGRES_URL =
  process.env.JIEFANG_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Why the test PostgreSQL cannot be used, or undefined when it answers. */
export async function postgresUnreachableReason(): Promise<string | undefined> {
  const client = new pg.Client({
    connectionString: TEST_POSTGRES_URL,
    connectionTimeoutMillis: 3_000,
  });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs PostgreSQL tests when it answers, and always in CI (where unreachable must fail). */
export const runPostgresTests =
  (await postgresUnreachableReason()) === undefined || process.env.CI === 'true';

/** Drops a test's schema. */
export async function dropTestSchema(schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await admin.end();
  }
}
