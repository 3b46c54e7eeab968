/**
 * JIEFANG_SLOW_SQL_MS: a `slow sqlite <what> <ms> ms` line on stderr for every step of a SQLite
 * commit that took longer than that — BEGIN waiting for the write lock or COMMIT on the request
 * thread (better-sqlite3 is synchronous: no request, socket or timer of the process runs
 * meanwhile), the WAL's fdatasync on the thread pool (`sync`), and a caller's wait for its
 * commit to be on disk (`durable`). The load tool turns it on and sums the lines per step, to
 * find where the slowest requests wait.
 */
const SLOW_SQL_MS = Number(process.env.JIEFANG_SLOW_SQL_MS ?? 0);

export const slowSqliteLogging = SLOW_SQL_MS > 0;

export function logIfSlow(what: string, startedAt: number): void {
  const ms = performance.now() - startedAt;
  if (slowSqliteLogging && ms >= SLOW_SQL_MS)
    process.stderr.write(`slow sqlite ${what} ${ms.toFixed(1)} ms\n`);
}
