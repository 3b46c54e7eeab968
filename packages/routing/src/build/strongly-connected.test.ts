import { describe, expect, it } from 'vitest';
import { stronglyConnectedComponents } from './strongly-connected.ts';

/** Runs the function on arcs written as [tail, head] pairs. */
function scc(vertexCount: number, arcs: [number, number][]) {
  return stronglyConnectedComponents(
    vertexCount,
    Uint32Array.from(arcs.map(([t]) => t)),
    Uint32Array.from(arcs.map(([, h]) => h)),
  );
}

/**
 * The partition as sorted groups of sorted vertices, so tests compare which vertices share a
 * component without depending on how components are numbered. Also checks the numbering is
 * dense: every id in [0, count) used and no other.
 */
function groups(result: { component: Int32Array; count: number }): number[][] {
  const byId = new Map<number, number[]>();
  result.component.forEach((id, v) => {
    expect(id, `vertex ${v}`).toBeGreaterThanOrEqual(0);
    expect(id, `vertex ${v}`).toBeLessThan(result.count);
    byId.set(id, [...(byId.get(id) ?? []), v]);
  });
  expect(byId.size).toBe(result.count);
  return [...byId.values()].map((g) => g.sort((a, b) => a - b)).sort((a, b) => a[0] - b[0]);
}

/** Reference partition by brute force: u and v share a component iff each reaches the other. */
function referenceGroups(vertexCount: number, arcs: [number, number][]): number[][] {
  const out: number[][] = Array.from({ length: vertexCount }, () => []);
  for (const [t, h] of arcs) out[t].push(h);
  const reach = Array.from({ length: vertexCount }, (_, s) => {
    const seen = new Uint8Array(vertexCount);
    const todo = [s];
    seen[s] = 1;
    while (todo.length > 0) {
      for (const w of out[todo.pop()!]) {
        if (!seen[w]) {
          seen[w] = 1;
          todo.push(w);
        }
      }
    }
    return seen;
  });
  const assigned = new Uint8Array(vertexCount);
  const result: number[][] = [];
  for (let u = 0; u < vertexCount; u++) {
    if (assigned[u]) continue;
    const group: number[] = [];
    for (let v = u; v < vertexCount; v++) {
      if (reach[u][v] && reach[v][u]) {
        group.push(v);
        assigned[v] = 1;
      }
    }
    result.push(group);
  }
  return result;
}

/** Small deterministic PRNG (mulberry32) so a failing random case can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('stronglyConnectedComponents', () => {
  it.each<[string, number, [number, number][], number[][]]>([
    ['no vertices', 0, [], []],
    ['one vertex', 1, [], [[0]]],
    [
      'a cycle',
      3,
      [
        [0, 1],
        [1, 2],
        [2, 0],
      ],
      [[0, 1, 2]],
    ],
    [
      'two cycles joined one way',
      5,
      [
        [0, 1],
        [1, 2],
        [2, 0],
        [3, 4],
        [4, 3],
        [2, 3],
      ],
      [
        [0, 1, 2],
        [3, 4],
      ],
    ],
    [
      'two cycles joined one way, the arc pointing the other way',
      5,
      [
        [0, 1],
        [1, 2],
        [2, 0],
        [3, 4],
        [4, 3],
        [4, 0],
      ],
      [
        [0, 1, 2],
        [3, 4],
      ],
    ],
    [
      'two cycles joined both ways become one',
      5,
      [
        [0, 1],
        [1, 2],
        [2, 0],
        [3, 4],
        [4, 3],
        [2, 3],
        [4, 1],
      ],
      [[0, 1, 2, 3, 4]],
    ],
    [
      'a chain',
      4,
      [
        [0, 1],
        [1, 2],
        [2, 3],
      ],
      [[0], [1], [2], [3]],
    ],
    [
      'a chain walked from its end',
      4,
      [
        [3, 2],
        [2, 1],
        [1, 0],
      ],
      [[0], [1], [2], [3]],
    ],
    ['isolated vertices', 4, [], [[0], [1], [2], [3]]],
    [
      'isolated vertices beside a cycle',
      6,
      [
        [1, 3],
        [3, 4],
        [4, 1],
      ],
      [[0], [1, 3, 4], [2], [5]],
    ],
    [
      'two-way streets of a tree',
      4,
      [
        [0, 1],
        [1, 0],
        [1, 2],
        [2, 1],
        [1, 3],
        [3, 1],
      ],
      [[0, 1, 2, 3]],
    ],
    [
      'self-loops and parallel arcs',
      3,
      [
        [0, 0],
        [0, 1],
        [0, 1],
        [1, 1],
        [2, 2],
      ],
      [[0], [1], [2]],
    ],
    [
      'a cycle with a tail in and a tail out',
      6,
      [
        [0, 1],
        [1, 2],
        [2, 3],
        [3, 1],
        [3, 4],
        [5, 0],
      ],
      [[0], [1, 2, 3], [4], [5]],
    ],
    [
      // A cross arc into a finished component must not merge it (the onStack check).
      'a cross arc into a finished component',
      5,
      [
        [0, 1],
        [1, 2],
        [2, 1],
        [0, 3],
        [3, 4],
        [4, 3],
        [4, 2],
      ],
      [[0], [1, 2], [3, 4]],
    ],
    [
      'arcs listed in no particular order',
      5,
      [
        [4, 2],
        [0, 3],
        [2, 0],
        [3, 4],
        [1, 0],
      ],
      [[0, 2, 3, 4], [1]],
    ],
  ])('%s', (_label, vertexCount, arcs, expected) => {
    const result = scc(vertexCount, arcs);
    expect(result.component).toHaveLength(vertexCount);
    expect(result.count).toBe(expected.length);
    expect(groups(result)).toEqual(expected);
  });

  it('agrees with brute-force reachability on random digraphs', () => {
    const next = random(12345);
    for (let trial = 0; trial < 300; trial++) {
      const vertexCount = 1 + Math.floor(next() * 25);
      const arcCount = Math.floor(next() * vertexCount * 2.5);
      const arcs: [number, number][] = [];
      for (let a = 0; a < arcCount; a++) {
        arcs.push([Math.floor(next() * vertexCount), Math.floor(next() * vertexCount)]);
      }
      const expected = referenceGroups(vertexCount, arcs);
      const result = scc(vertexCount, arcs);
      expect(result.count, `trial ${trial}`).toBe(expected.length);
      expect(groups(result), `trial ${trial}`).toEqual(expected);
    }
  });

  // Recursion would need one stack frame per vertex of the search path.
  it('handles a 200,000-vertex cycle without overflowing the stack', () => {
    const n = 200_000;
    const tail = new Uint32Array(n);
    const head = new Uint32Array(n);
    for (let v = 0; v < n; v++) {
      tail[v] = v;
      head[v] = (v + 1) % n;
    }
    const { component, count } = stronglyConnectedComponents(n, tail, head);
    expect(count).toBe(1);
    expect(component.every((c) => c === 0)).toBe(true);
  });

  it('handles a 200,000-vertex cycle walked backwards from vertex 0', () => {
    const n = 200_000;
    const tail = new Uint32Array(n);
    const head = new Uint32Array(n);
    for (let v = 0; v < n; v++) {
      tail[v] = v;
      head[v] = (v + n - 1) % n;
    }
    const { component, count } = stronglyConnectedComponents(n, tail, head);
    expect(count).toBe(1);
    expect(component.every((c) => c === 0)).toBe(true);
  });

  it('handles a 200,000-vertex chain: every vertex its own component', () => {
    const n = 200_000;
    const tail = new Uint32Array(n - 1);
    const head = new Uint32Array(n - 1);
    for (let v = 0; v < n - 1; v++) {
      tail[v] = v;
      head[v] = v + 1;
    }
    const { component, count } = stronglyConnectedComponents(n, tail, head);
    expect(count).toBe(n);
    expect(new Set(component).size).toBe(n);
  });

  it('does not modify the arc arrays', () => {
    const tail = Uint32Array.from([2, 0, 1]);
    const head = Uint32Array.from([0, 1, 2]);
    stronglyConnectedComponents(3, tail, head);
    expect(Array.from(tail)).toEqual([2, 0, 1]);
    expect(Array.from(head)).toEqual([0, 1, 2]);
  });
});
