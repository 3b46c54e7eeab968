import { describe, expect, it } from 'vitest';
import { IndexedHeap } from './indexed-heap.ts';

/** Small deterministic PRNG (mulberry32) so a failing sequence can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The semantics the heap promises, kept in the plainest possible form. */
class ReferenceQueue {
  readonly keys = new Map<number, number>();
  push(vertex: number, key: number) {
    const current = this.keys.get(vertex);
    if (current === undefined || key < current) this.keys.set(vertex, key);
  }
  minKey(): number {
    return Math.min(...this.keys.values());
  }
}

/** Pops everything, returning [vertex, key] in pop order (key read by peekKey before pop). */
function drain(heap: IndexedHeap): [number, number][] {
  const out: [number, number][] = [];
  while (heap.size > 0) {
    const key = heap.peekKey();
    out.push([heap.pop(), key]);
  }
  return out;
}

describe('IndexedHeap', () => {
  it('pops a handful of vertices in key order', () => {
    const heap = new IndexedHeap(10);
    heap.push(3, 30);
    heap.push(7, 5);
    heap.push(1, 12.5);
    heap.push(9, 0);
    heap.push(4, Infinity);
    expect(heap.size).toBe(5);
    expect(drain(heap)).toEqual([
      [9, 0],
      [7, 5],
      [1, 12.5],
      [3, 30],
      [4, Infinity],
    ]);
    expect(heap.size).toBe(0);
  });

  it('a push with a smaller key lowers it; with an equal or larger key is ignored', () => {
    const heap = new IndexedHeap(4);
    heap.push(0, 10);
    heap.push(1, 20);
    heap.push(2, 30);
    heap.push(2, 5); // lowered: now first
    heap.push(0, 50); // ignored
    heap.push(1, 20); // equal: ignored
    expect(heap.size).toBe(3);
    expect(drain(heap)).toEqual([
      [2, 5],
      [0, 10],
      [1, 20],
    ]);
  });

  it('a popped vertex can be pushed again, with any key', () => {
    const heap = new IndexedHeap(3);
    heap.push(0, 1);
    heap.push(1, 2);
    expect(heap.pop()).toBe(0);
    heap.push(0, 100);
    expect(heap.size).toBe(2);
    expect(drain(heap)).toEqual([
      [1, 2],
      [0, 100],
    ]);
  });

  it('pops in key order: 10,000 random pushes with decrease-key against a sorted reference', () => {
    const next = random(42);
    const capacity = 3000;
    const heap = new IndexedHeap(capacity);
    const reference = new ReferenceQueue();
    let lowered = 0;
    let ignored = 0;
    for (let i = 0; i < 10_000; i++) {
      const vertex = Math.floor(next() * capacity);
      const key = Math.round(next() * 1e6) / 100;
      const before = reference.keys.get(vertex);
      if (before !== undefined) {
        if (key < before) lowered++;
        else ignored++;
      }
      heap.push(vertex, key);
      reference.push(vertex, key);
      expect(heap.size).toBe(reference.keys.size);
    }
    // Both paths of push must have been exercised for the test to mean anything.
    expect(lowered).toBeGreaterThan(500);
    expect(ignored).toBeGreaterThan(500);

    const popped = drain(heap);
    const expected = [...reference.keys.values()].sort((a, b) => a - b);
    expect(popped.map(([, key]) => key)).toEqual(expected);
    // Every vertex comes out once, with the smallest key it was pushed with.
    expect(new Set(popped.map(([v]) => v)).size).toBe(popped.length);
    for (const [vertex, key] of popped) expect(key).toBe(reference.keys.get(vertex));
  });

  it('interleaved pushes and pops always pop a vertex with the smallest key', () => {
    const next = random(7);
    const capacity = 500;
    const heap = new IndexedHeap(capacity);
    const reference = new ReferenceQueue();
    for (let i = 0; i < 10_000; i++) {
      if (next() < 0.6 || heap.size === 0) {
        // Integer keys in a small range: many ties and many decrease-keys.
        const vertex = Math.floor(next() * capacity);
        const key = Math.floor(next() * 200);
        heap.push(vertex, key);
        reference.push(vertex, key);
      } else {
        const min = reference.minKey();
        expect(heap.peekKey()).toBe(min);
        const vertex = heap.pop();
        expect(reference.keys.get(vertex)).toBe(min);
        reference.keys.delete(vertex);
      }
      expect(heap.size).toBe(reference.keys.size);
    }
    const rest = drain(heap).map(([, key]) => key);
    expect(rest).toEqual([...reference.keys.values()].sort((a, b) => a - b));
  });

  it('clear() empties the heap and forgets every queued key', () => {
    const heap = new IndexedHeap(8);
    for (let v = 0; v < 8; v++) heap.push(v, v);
    heap.pop();
    heap.clear();
    expect(heap.size).toBe(0);
    // Were the old keys remembered, these larger keys would be ignored as "not a decrease".
    heap.push(5, 50);
    heap.push(6, 60);
    heap.push(7, 10);
    expect(heap.size).toBe(3);
    expect(drain(heap)).toEqual([
      [7, 10],
      [5, 50],
      [6, 60],
    ]);
  });

  it('can be cleared and reused many times, as one search after another', () => {
    const next = random(99);
    const capacity = 200;
    const heap = new IndexedHeap(capacity);
    for (let round = 0; round < 50; round++) {
      const reference = new ReferenceQueue();
      const pushes = Math.floor(next() * 400);
      for (let i = 0; i < pushes; i++) {
        const vertex = Math.floor(next() * capacity);
        const key = next() * 1000;
        heap.push(vertex, key);
        reference.push(vertex, key);
      }
      // Leave part of the heap in place, so clear() has live slots to reset.
      const pops = Math.floor(next() * heap.size);
      for (let i = 0; i < pops; i++) {
        const min = reference.minKey();
        const vertex = heap.pop();
        expect(reference.keys.get(vertex), `round ${round}`).toBe(min);
        reference.keys.delete(vertex);
      }
      expect(heap.size).toBe(reference.keys.size);
      heap.clear();
      expect(heap.size).toBe(0);
    }
    // After all that, every vertex is absent: each push is a fresh insert.
    for (let v = 0; v < capacity; v++) heap.push(v, capacity - v);
    expect(heap.size).toBe(capacity);
    expect(drain(heap).map(([v]) => v)).toEqual(
      Array.from({ length: capacity }, (_, i) => capacity - 1 - i),
    );
  });

  it('fills to capacity and empties again', () => {
    const capacity = 1000;
    const heap = new IndexedHeap(capacity);
    for (let v = 0; v < capacity; v++) heap.push(v, (v * 7919) % capacity);
    expect(heap.size).toBe(capacity);
    // 7919 is prime and coprime to 1000, so the keys are 0..999, each once.
    expect(drain(heap).map(([, key]) => key)).toEqual(
      Array.from({ length: capacity }, (_, i) => i),
    );
  });
});
