import pg from 'pg';
import type { Lease } from '../lease.ts';
import { LOCK_SPACE } from './postgres-store-dialect.ts';

/** How often the holder checks that its connection (and so its lock) is still there. */
const HEARTBEAT_MS = 1_000;

/**
 * Tries to take leadership of `name` as a PostgreSQL session advisory lock on a connection of
 * its own: the lock lives exactly as long as that session, so a leader killed with SIGKILL (its
 * socket closed by the kernel) or cut off frees it at once, and the next attempt elsewhere wins.
 * Undefined when another session holds it.
 */
export async function tryPostgresLease(
  options: { connectionString: string; schema?: string; connectTimeoutMs?: number },
  name: string,
): Promise<Lease | undefined> {
  const client = new pg.Client({
    connectionString: options.connectionString,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  client.on('error', () => undefined);
  await client.connect();
  let acquired = false;
  try {
    const { rows } = await client.query<{ ok: boolean }>(
      `select pg_try_advisory_lock($1, hashtext(current_schema() || '.lead.' || $2)) as ok`,
      [LOCK_SPACE, name],
    );
    acquired = rows[0].ok;
  } finally {
    if (!acquired) await client.end().catch(() => undefined);
  }
  if (!acquired) return undefined;

  let markLost!: () => void;
  const lost = new Promise<void>((resolve) => (markLost = resolve));
  let ended = false;
  const end = async () => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    markLost();
    // Closing the session releases its advisory lock.
    await client.end().catch(() => undefined);
  };
  client.on('end', () => void end());
  client.on('error', () => void end());
  // A dead server or a half-open socket shows only when the connection is used.
  const heartbeat = setInterval(() => {
    client.query('select 1').catch(() => void end());
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return { lost, release: end };
}
