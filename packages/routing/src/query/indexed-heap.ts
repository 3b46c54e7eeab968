/**
 * A binary min-heap of vertex ids keyed by seconds, with decrease-key. Each vertex is in the
 * heap at most once, so the heap stays as small as the search frontier; all storage is typed
 * arrays allocated once per graph and reused by every query.
 */
export class IndexedHeap {
  private readonly vertices: Uint32Array;
  private readonly keys: Float64Array;
  /** Heap slot of each vertex, -1 when absent. */
  private readonly slot: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.vertices = new Uint32Array(capacity);
    this.keys = new Float64Array(capacity);
    this.slot = new Int32Array(capacity).fill(-1);
  }

  /** Inserts the vertex, or lowers its key if it is already queued with a larger one. */
  push(vertex: number, key: number): void {
    let i = this.slot[vertex];
    if (i < 0) {
      i = this.size++;
    } else if (key >= this.keys[i]) {
      return;
    }
    const vertices = this.vertices;
    const keys = this.keys;
    const slot = this.slot;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentKey = keys[parent];
      if (parentKey <= key) break;
      const parentVertex = vertices[parent];
      vertices[i] = parentVertex;
      keys[i] = parentKey;
      slot[parentVertex] = i;
      i = parent;
    }
    vertices[i] = vertex;
    keys[i] = key;
    slot[vertex] = i;
  }

  peekKey(): number {
    return this.keys[0];
  }

  /** Removes and returns the vertex with the smallest key. */
  pop(): number {
    const vertices = this.vertices;
    const keys = this.keys;
    const slot = this.slot;
    const top = vertices[0];
    slot[top] = -1;
    const size = --this.size;
    if (size === 0) return top;
    const lastVertex = vertices[size];
    const lastKey = keys[size];
    let i = 0;
    while (true) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && keys[child + 1] < keys[child]) child++;
      if (keys[child] >= lastKey) break;
      const childVertex = vertices[child];
      vertices[i] = childVertex;
      keys[i] = keys[child];
      slot[childVertex] = i;
      i = child;
    }
    vertices[i] = lastVertex;
    keys[i] = lastKey;
    slot[lastVertex] = i;
    return top;
  }

  /** Empties the heap, touching only the slots in use. */
  clear(): void {
    for (let i = 0; i < this.size; i++) this.slot[this.vertices[i]] = -1;
    this.size = 0;
  }
}
