/**
 * Tarjan's strongly connected components, iterative (an estate's chain of 10,000 dependencies must not overflow the
 * stack). `successors[v]` lists the vertices v has an edge to. Returns each vertex's component number; components
 * are numbered in reverse topological order (a component's successors have smaller numbers), as Tarjan finds them.
 */
export function stronglyConnectedComponents(successors: readonly (readonly number[])[]): {
  component: Int32Array;
  count: number;
} {
  const n = successors.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const component = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const callVertex: number[] = [];
  const callEdge: number[] = [];
  let next = 0;
  let count = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) {
      continue;
    }
    callVertex.push(root);
    callEdge.push(0);
    index[root] = low[root] = next++;
    stack.push(root);
    onStack[root] = 1;
    while (callVertex.length > 0) {
      const top = callVertex.length - 1;
      const v = callVertex[top];
      const edges = successors[v];
      if (callEdge[top] < edges.length) {
        const w = edges[callEdge[top]++];
        if (index[w] === -1) {
          index[w] = low[w] = next++;
          stack.push(w);
          onStack[w] = 1;
          callVertex.push(w);
          callEdge.push(0);
        } else if (onStack[w] === 1 && index[w] < low[v]) {
          low[v] = index[w];
        }
        continue;
      }
      callVertex.pop();
      callEdge.pop();
      if (callVertex.length > 0) {
        const parent = callVertex[callVertex.length - 1];
        if (low[v] < low[parent]) {
          low[parent] = low[v];
        }
      }
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack.pop() as number;
          onStack[w] = 0;
          component[w] = count;
        } while (w !== v);
        count++;
      }
    }
  }
  return { component, count };
}
