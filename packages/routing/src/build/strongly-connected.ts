/**
 * Strongly connected components: component[v] for every vertex, numbered from 0.
 * Iterative Tarjan: city graphs are deep enough to overflow the call stack with recursion.
 */
export function stronglyConnectedComponents(
  vertexCount: number,
  arcTail: Uint32Array,
  arcHead: Uint32Array,
): { component: Int32Array; count: number } {
  const first = new Uint32Array(vertexCount + 1);
  for (let a = 0; a < arcTail.length; a++) first[arcTail[a] + 1]++;
  for (let v = 0; v < vertexCount; v++) first[v + 1] += first[v];
  const fill = first.slice(0, vertexCount);
  const head = new Uint32Array(arcTail.length);
  for (let a = 0; a < arcTail.length; a++) head[fill[arcTail[a]]++] = arcHead[a];

  const index = new Int32Array(vertexCount).fill(-1);
  const low = new Int32Array(vertexCount);
  const onStack = new Uint8Array(vertexCount);
  const component = new Int32Array(vertexCount).fill(-1);
  const stack = new Uint32Array(vertexCount);
  let stackTop = 0;
  const callVertex = new Uint32Array(vertexCount);
  const callArc = new Uint32Array(vertexCount);
  let nextIndex = 0;
  let componentCount = 0;

  for (let root = 0; root < vertexCount; root++) {
    if (index[root] >= 0) continue;
    let depth = 0;
    callVertex[0] = root;
    callArc[0] = first[root];
    index[root] = low[root] = nextIndex++;
    stack[stackTop++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const v = callVertex[depth];
      if (callArc[depth] < first[v + 1]) {
        const w = head[callArc[depth]++];
        if (index[w] < 0) {
          index[w] = low[w] = nextIndex++;
          stack[stackTop++] = w;
          onStack[w] = 1;
          depth++;
          callVertex[depth] = w;
          callArc[depth] = first[w];
        } else if (onStack[w] === 1 && index[w] < low[v]) {
          low[v] = index[w];
        }
        continue;
      }
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack[--stackTop];
          onStack[w] = 0;
          component[w] = componentCount;
        } while (w !== v);
        componentCount++;
      }
      depth--;
      if (depth >= 0) {
        const parent = callVertex[depth];
        if (low[v] < low[parent]) low[parent] = low[v];
      }
    }
  }
  return { component, count: componentCount };
}
