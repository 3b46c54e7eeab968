import { open, type FileHandle } from 'node:fs/promises';
import { StoreError, StoreErrorCode } from '../errors.ts';
import { logIfSlow } from './slow-sqlite-log.ts';

/** Flushes a file to disk; the default is fdatasync of the WAL on libuv's thread pool. */
export type FlushFile = (file: FileHandle) => Promise<void>;

/**
 * Group commit for the request connection's WAL, off the event loop.
 *
 * With `synchronous = FULL` SQLite fsyncs the WAL inside COMMIT, and better-sqlite3 runs COMMIT
 * on the request thread: under a loaded disk one fsync held it 25–240 ms, during which no
 * request, socket frame or timer of the process ran, and every command queued behind it.
 *
 * The connection commits with `synchronous = NORMAL` instead (the frames are written to the WAL
 * but not synced), and the store hands nothing out — no acknowledgement, no read — until this
 * syncer has fdatasync'ed the WAL file past that commit. fsync works on the file, not on the
 * descriptor that wrote it, so one sync on our own descriptor covers every commit written before
 * it began: commits that arrive while a sync runs share the next one (group commit). A WAL that
 * a checkpoint copied and cut back meanwhile is durable already (a checkpoint syncs the WAL before
 * copying and the database after), so a sync never comes too late.
 */
export class WalSyncer {
  /** Counts commits written to the WAL (and not necessarily synced). */
  private written = 0;
  private synced = 0;
  private running: Promise<void> | undefined;
  private file: Promise<FileHandle> | undefined;
  private closed = false;

  constructor(
    private readonly walPath: string,
    private readonly flush: FlushFile = (file) => file.datasync(),
  ) {}

  /** A commit (or any write outside a transaction) has just been written to the WAL. */
  wrote(): void {
    this.written++;
  }

  /** Resolves once every commit written so far is on disk. */
  async durable(): Promise<void> {
    const target = this.written;
    while (this.synced < target) await (this.running ??= this.syncOnce());
  }

  async close(): Promise<void> {
    await this.durable().catch(() => undefined);
    this.closed = true;
    const file = this.file;
    this.file = undefined;
    await (await file?.catch(() => undefined))?.close();
  }

  private async syncOnce(): Promise<void> {
    const target = this.written;
    try {
      if (this.closed) throw new Error(`the store is closed: ${this.walPath} was not synced`);
      // Opened on first use: SQLite creates the WAL with the first write, not at open.
      this.file ??= open(this.walPath, 'r');
      const file = await this.file;
      const started = performance.now();
      await this.flush(file);
      logIfSlow('sync', started);
      this.synced = Math.max(this.synced, target);
    } catch (error) {
      // A descriptor that failed to sync is not trusted again: the next sync opens a new one.
      const file = this.file;
      this.file = undefined;
      void file?.then((handle) => handle.close()).catch(() => undefined);
      // The commits are in the WAL but maybe not on disk: the caller is not told they are.
      throw new StoreError(
        StoreErrorCode.STORE_UNAVAILABLE,
        `Cannot sync ${this.walPath} to disk: ${error instanceof Error ? error.message : String(error)}`,
        {},
        { cause: error },
      );
    } finally {
      this.running = undefined;
    }
  }
}
