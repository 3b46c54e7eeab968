import {
  constants,
  monitorEventLoopDelay,
  PerformanceObserver,
  type IntervalHistogram,
} from 'node:perf_hooks';

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
  /**
   * How late timers ran since the last line: the time the request thread was held by anything
   * (a synchronous SQLite call, a collection, a long frame) and every request waited behind.
   */
  private readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });

  constructor() {
    this.loopDelay.enable();
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

  /**
   * One line for a log: live heap after the last major GC, heap in use now, RSS, in MB; the
   * event loop's delay since the previous line; with `forced`, the heap right after a full
   * collection run now (the process runs with --expose-gc; otherwise it is null).
   */
  describe({ forced = false }: { forced?: boolean } = {}): string {
    const mb = (bytes: number) => Math.round(bytes / 1048576);
    const ms = (ns: number) => Math.round(ns / 1e5) / 10;
    const collect = (globalThis as { gc?: () => void }).gc;
    let afterForcedGc: number | null = null;
    if (forced && collect) {
      collect();
      afterForcedGc = mb(process.memoryUsage().heapUsed);
    }
    const usage = process.memoryUsage();
    const delay = this.loopDelay;
    const line = JSON.stringify({
      heap_live_after_major_gc_mb:
        this.liveAfterMajorGc === null ? null : mb(this.liveAfterMajorGc),
      major_gcs: this.majorCollections,
      heap_used_mb: mb(usage.heapUsed),
      heap_total_mb: mb(usage.heapTotal),
      external_mb: mb(usage.external),
      rss_mb: mb(usage.rss),
      event_loop_delay_ms: {
        p50: ms(delay.percentile(50)),
        p99: ms(delay.percentile(99)),
        max: ms(delay.max),
      },
      ...(forced ? { heap_after_forced_gc_mb: afterForcedGc } : {}),
    });
    delay.reset();
    return line;
  }

  close(): void {
    this.observer.disconnect();
    this.loopDelay.disable();
  }
}
