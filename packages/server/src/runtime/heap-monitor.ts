import { constants, PerformanceObserver } from 'node:perf_hooks';

/**
 * What the process keeps alive, as opposed to what it has reserved: the heap in use right after
 * each major (mark-compact) collection. RSS only says how much memory V8 has taken and not yet
 * returned; this figure grows only if live data does, which is what a leak looks like.
 */
export class HeapMonitor {
  /** Heap in use just after the last major collection (bytes); null before the first. */
  liveAfterMajorGc: number | null = null;
  majorCollections = 0;
  private readonly observer: PerformanceObserver;

  constructor() {
    this.observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
        if (kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
        this.majorCollections++;
        this.liveAfterMajorGc = process.memoryUsage().heapUsed;
      }
    });
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** One line for a log: live heap after the last major GC, heap in use now, RSS, in MB. */
  describe(): string {
    const mb = (bytes: number) => Math.round(bytes / 1048576);
    const usage = process.memoryUsage();
    return JSON.stringify({
      heap_live_after_major_gc_mb:
        this.liveAfterMajorGc === null ? null : mb(this.liveAfterMajorGc),
      major_gcs: this.majorCollections,
      heap_used_mb: mb(usage.heapUsed),
      heap_total_mb: mb(usage.heapTotal),
      external_mb: mb(usage.external),
      rss_mb: mb(usage.rss),
    });
  }

  close(): void {
    this.observer.disconnect();
  }
}
