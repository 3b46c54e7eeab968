// The SQLite track writer's thread (see sqlite-track-writer.ts). Plain JavaScript: a worker
// thread does not inherit the TypeScript loader the rest of the code runs under.
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const database = new Database(workerData.filename, { timeout: workerData.busyTimeoutMs });
database.pragma(`busy_timeout = ${workerData.busyTimeoutMs}`);
// The WAL is shared: the event store's FULL commits sync these frames too. Tracks may lose
// the last fraction of a second on a power cut (DESIGN §4); events never.
database.pragma('synchronous = NORMAL');
// This thread takes WAL checkpoints for the file (the request thread has them switched off).
database.pragma('wal_autocheckpoint = 1000');
const insert = database.prepare(
  'INSERT INTO tracks (unit_id, at, lon, lat, accuracy_m, edge_id, edge_offset) VALUES (?, ?, ?, ?, ?, ?, ?)',
);
// After a checkpoint resets the WAL, the file is cut back to this size instead of staying at
// its high-water mark (it reached 763 MB beside a 24 MB database without it).
database.pragma(`journal_size_limit = ${workerData.walLimitBytes}`);
const walFile = `${workerData.filename}-wal`;
/**
 * Events alone would grow the WAL when no tracks come in, and a PASSIVE checkpoint every 10 s
 * fell behind steady writes (51 → 477 MB in 45 s). Checkpoint often so each one copies little;
 * a PASSIVE one never waits for anybody. Only when the WAL is past its limit all the same (a
 * long reader kept it from restarting) does a TRUNCATE take the write lock to bring it back.
 */
const checkpoints = setInterval(() => {
  try {
    database.pragma(
      walSize() > workerData.walLimitBytes ? 'wal_checkpoint(TRUNCATE)' : 'wal_checkpoint(PASSIVE)',
    );
  } catch {
    // Busy now: the next tick checkpoints.
  }
}, workerData.checkpointIntervalMs);

function walSize() {
  try {
    return statSync(walFile).size;
  } catch {
    return 0;
  }
}

// Each unit's newest fix, for a restarted server (an older fix arriving late changes nothing).
// Kept here and upserted every LAST_POSITIONS_MS (and on close, and when read) rather than with
// every row: a city reports each unit every few seconds, and the write lock is shared with
// the request thread's commands.
const LAST_POSITIONS_MS = 15_000;
const upsertLast = database.prepare(
  `INSERT INTO last_positions (unit_id, at, lon, lat, accuracy_m, edge_id, edge_offset)
   VALUES (?, ?, ?, ?, ?, ?, ?)
   ON CONFLICT (unit_id) DO UPDATE SET at = excluded.at, lon = excluded.lon, lat = excluded.lat,
     accuracy_m = excluded.accuracy_m, edge_id = excluded.edge_id, edge_offset = excluded.edge_offset
   WHERE excluded.at > last_positions.at`,
);
const latest = new Map();
const insertAll = database.transaction((rows) => {
  for (const row of rows) insert.run(row);
  return rows.length;
});
const upsertAll = database.transaction((rows) => {
  for (const row of rows) upsertLast.run(row);
  return rows.length;
});

/**
 * Rows per transaction. The request thread's commands share the file's write lock: while a
 * transaction of ours holds it, a command's BEGIN IMMEDIATE sleeps in SQLite's busy handler
 * (1, 2, 5, 10 … ms steps). Short transactions, each followed by a pause as long as it took,
 * hold the lock at most half the time even while a backlog is written, so a command waits a
 * few milliseconds at most; a city's steady 4,400 fixes a second need about a tenth of it.
 */
const ROWS_PER_TRANSACTION = 200;
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function inChunks(rows, writeChunk) {
  let count = 0;
  for (let start = 0; start < rows.length; start += ROWS_PER_TRANSACTION) {
    const began = performance.now();
    count += writeChunk(rows.slice(start, start + ROWS_PER_TRANSACTION));
    await pause(Math.max(1, performance.now() - began));
  }
  return count;
}

async function write(rows) {
  const count = await inChunks(rows, insertAll);
  for (const row of rows) {
    const known = latest.get(row[0]);
    if (!known || known[1] < row[1]) latest.set(row[0], row);
  }
  return count;
}

async function saveLast() {
  const rows = [...latest.values()];
  latest.clear();
  try {
    return await inChunks(rows, upsertAll);
  } catch (error) {
    // Not saved: keep them (unless newer ones came meanwhile) for the next attempt.
    for (const row of rows) if (!latest.has(row[0])) latest.set(row[0], row);
    throw error;
  }
}

// One message at a time, in order: close() relies on every earlier write being answered first.
let queue = Promise.resolve();
const lastPositions = setInterval(() => {
  queue = queue.then(() => saveLast().catch(() => undefined));
}, LAST_POSITIONS_MS);
parentPort.on('message', (message) => {
  queue = queue.then(async () => {
    if (message.type === 'close') {
      clearInterval(checkpoints);
      clearInterval(lastPositions);
      await saveLast().catch(() => undefined);
      database.close();
      parentPort.postMessage({ type: 'closed' });
      return;
    }
    try {
      const count = message.type === 'save-last' ? await saveLast() : await write(message.rows);
      parentPort.postMessage({ type: 'written', id: message.id, count });
    } catch (error) {
      parentPort.postMessage({
        type: 'failed',
        id: message.id,
        message: error instanceof Error ? error.message : String(error),
        code: error && typeof error === 'object' ? error.code : undefined,
      });
    }
  });
});
