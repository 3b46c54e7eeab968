import { existsSync, statSync } from 'node:fs';

/** The server core's `heap {…}` line (packages/server/src/runtime/heap-monitor.ts). */
export interface HeapLine {
  heap_live_after_major_gc_mb: number | null;
  major_gcs: number;
  heap_used_mb: number;
  rss_mb: number;
  event_loop_delay_ms?: { p50: number; p99: number; max: number };
  /** Only in the line a SIGUSR2 asked for; null when the server runs without --expose-gc. */
  heap_after_forced_gc_mb?: number | null;
}

/** One minute's sample of the server under load, for a soak's series. */
export interface ServerSample {
  t_s: number;
  /** Heap in use right after the last major collection V8 ran by itself. */
  heap_live_after_major_gc_mb: number | null;
  rss_mb: number | null;
  db_mb: number | null;
  wal_mb: number | null;
  /** The worst event-loop delay of the last heap line's interval (5 s). */
  event_loop_delay_max_ms: number | null;
}

const FORCED_LINE_TIMEOUT_MS = 30_000;

const megabytes = (file: string): number | null =>
  existsSync(file) ? Math.round(statSync(file).size / 1e5) / 10 : null;

/**
 * What the load tool knows of the server core's memory and store: the heap lines it prints
 * (JIEFANG_HEAP_LOG_MS), an exact heap after a full collection on request (SIGUSR2 to a server
 * started with --expose-gc), and the size of its SQLite file and WAL.
 */
export class ServerHeap {
  latest: HeapLine | undefined;
  private forcedWaiters: ((mb: number | null) => void)[] = [];

  constructor(
    private readonly pid: number | undefined,
    /** The SQLite file of a server started here (undefined: not local). */
    readonly db: string | undefined,
  ) {}

  /** Feeds one `heap {…}` line (without the `heap ` prefix). */
  line(json: string): void {
    const line = JSON.parse(json) as HeapLine;
    if ('heap_after_forced_gc_mb' in line) {
      for (const resolve of this.forcedWaiters.splice(0))
        resolve(line.heap_after_forced_gc_mb ?? null);
      return;
    }
    this.latest = line;
  }

  /** The heap in use right after a full collection run now (null if it cannot be had). */
  afterForcedGc(): Promise<number | null> {
    if (!this.pid) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.forcedWaiters = this.forcedWaiters.filter((w) => w !== settle);
        resolve(null);
      }, FORCED_LINE_TIMEOUT_MS);
      const settle = (mb: number | null) => {
        clearTimeout(timer);
        resolve(mb);
      };
      this.forcedWaiters.push(settle);
      try {
        process.kill(this.pid!, 'SIGUSR2');
      } catch {
        settle(null);
      }
    });
  }

  storage(): { db_mb: number | null; wal_mb: number | null } {
    return this.db
      ? { db_mb: megabytes(this.db), wal_mb: megabytes(`${this.db}-wal`) }
      : { db_mb: null, wal_mb: null };
  }

  sample(tS: number, rssMb: number | null): ServerSample {
    return {
      t_s: tS,
      heap_live_after_major_gc_mb: this.latest?.heap_live_after_major_gc_mb ?? null,
      rss_mb: rssMb,
      ...this.storage(),
      event_loop_delay_max_ms: this.latest?.event_loop_delay_ms?.max ?? null,
    };
  }

  describe(): string {
    const heap = this.latest
      ? `core live heap after major GC ${this.latest.heap_live_after_major_gc_mb ?? '?'} MB (${this.latest.major_gcs} major GCs), event loop delay max ${this.latest.event_loop_delay_ms?.max ?? '?'} ms`
      : 'core heap not reported';
    const { db_mb, wal_mb } = this.storage();
    return this.db
      ? `${heap}, database ${db_mb ?? 0} MB + WAL ${wal_mb ?? 0} MB`
      : `${heap}, database not local`;
  }
}
