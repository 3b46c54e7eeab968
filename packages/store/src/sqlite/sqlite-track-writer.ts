import { Worker } from 'node:worker_threads';

/** A track row as the tracks table stores it (columns in table order). */
export type TrackRowValues = [
  unitId: string,
  at: string,
  lon: number,
  lat: number,
  accuracyM: number | null,
  edgeId: number | null,
  edgeOffset: number | null,
];

/** Writes validated track rows; the track store hands its inserts to one when it has one. */
export interface TrackRowWriter {
  write(rows: TrackRowValues[]): Promise<number>;
  /** Writes the newest fix of each unit seen since the last time into last_positions now. */
  saveLastPositions(): Promise<number>;
  close(): Promise<void>;
}

/** How the writer thread keeps the file's WAL bounded (see track-writer-worker.mjs). */
export interface WalOptions {
  walLimitBytes: number;
  checkpointIntervalMs: number;
}

type Reply =
  | { type: 'written'; id: number; count: number }
  | { type: 'failed'; id: number; message: string; code?: string }
  | { type: 'closed' };

/**
 * Inserts track rows on a worker thread with its own connection to the same SQLite file, and
 * takes the file's WAL checkpoints there. better-sqlite3 is synchronous: on the request thread
 * a city's 4,400 fixes a second cost ~40 ms per thousand rows, during which no request, socket
 * or timer runs. Here they cost the request thread a message. The two connections share the
 * write lock; the writer's transactions are short, so a command waits a few ms at most.
 */
export class SqliteTrackWriter implements TrackRowWriter {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (count: number) => void; reject: (error: Error) => void }
  >();
  private closed: Promise<void> | undefined;
  private failure: Error | undefined;

  constructor(filename: string, busyTimeoutMs: number, wal: WalOptions) {
    this.worker = new Worker(new URL('./track-writer-worker.mjs', import.meta.url), {
      workerData: { filename, busyTimeoutMs, ...wal },
    });
    this.worker.on('message', (reply: Reply) => this.onReply(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (!this.closed) this.fail(new Error(`the track writer thread exited with ${code}`));
    });
  }

  write(rows: TrackRowValues[]): Promise<number> {
    return this.request({ type: 'write', rows });
  }

  saveLastPositions(): Promise<number> {
    return this.request({ type: 'save-last' });
  }

  private request(message: { type: 'write'; rows: TrackRowValues[] } | { type: 'save-last' }) {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('the track writer is closed'));
    const id = this.nextId++;
    return new Promise<number>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  close(): Promise<void> {
    // Writes already sent are answered before 'close': the thread takes messages in order.
    this.closed ??= new Promise<void>((resolve) => {
      if (this.failure) {
        void this.worker.terminate().then(() => resolve());
        return;
      }
      this.worker.once('exit', () => resolve());
      this.worker.postMessage({ type: 'close' });
    });
    return this.closed;
  }

  private onReply(reply: Reply): void {
    if (reply.type === 'closed') {
      void this.worker.terminate();
      return;
    }
    const waiter = this.waiting.get(reply.id);
    this.waiting.delete(reply.id);
    if (!waiter) return;
    if (reply.type === 'written') waiter.resolve(reply.count);
    else waiter.reject(Object.assign(new Error(reply.message), { code: reply.code }));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
