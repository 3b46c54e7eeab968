import { describe, expect, it } from 'vitest';
import { HeapMonitor } from './heap-monitor.ts';

describe('HeapMonitor', () => {
  it('records the live heap after major collections, and it follows data kept alive', async () => {
    const monitor = new HeapMonitor();
    try {
      // Allocate and keep ~80 MB alive across a few turns, so V8 runs mark-compact by itself.
      const kept: number[][] = [];
      for (let round = 0; round < 20 && monitor.majorCollections < 2; round++) {
        for (let i = 0; i < 200; i++) kept.push(new Array(12_500).fill(round));
        await new Promise((resolve) => setImmediate(resolve));
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(monitor.majorCollections).toBeGreaterThan(0);
      expect(monitor.liveAfterMajorGc).toBeGreaterThan(0);
      const line = JSON.parse(monitor.describe()) as Record<string, number>;
      expect(Object.keys(line)).toEqual([
        'heap_live_after_major_gc_mb',
        'major_gcs',
        'heap_used_mb',
        'heap_total_mb',
        'external_mb',
        'rss_mb',
        'event_loop_delay_ms',
      ]);
      expect(line.heap_live_after_major_gc_mb).toBeGreaterThan(10);
      expect(kept.length).toBeGreaterThan(0);
      // A forced collection is asked for: null without --expose-gc, the live heap with it.
      const forced = JSON.parse(monitor.describe({ forced: true })) as Record<string, unknown>;
      expect(forced).toHaveProperty('heap_after_forced_gc_mb');
      if (typeof (globalThis as { gc?: unknown }).gc !== 'function')
        expect(forced.heap_after_forced_gc_mb).toBeNull();
    } finally {
      monitor.close();
    }
  }, 30_000);
});
