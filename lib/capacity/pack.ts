import { WorkloadDemand } from './demand';
import { NodeShape } from './node-shape';

/** One node of a packing: what it runs and what is left. */
export interface PackedNode {
  /** Pods per workload (index into the demands). */
  readonly pods: Map<number, number>;
  freeCpuMillis: number;
  freeMemoryMib: number;
  freeGpus: number;
  freePods: number;
}

/** The demands of one node group, each pod to be placed. */
interface Item {
  readonly index: number;
  readonly demand: WorkloadDemand;
  readonly count: number;
  readonly cap: number;
}

/**
 * The classic baseline: first-fit decreasing by CPU request, pods in demand order, no second pass. Returns
 * undefined when some pod does not fit the shape at all.
 */
export function firstFitDecreasing(demands: readonly WorkloadDemand[], shape: NodeShape): PackedNode[] | undefined {
  const items = itemsOf(demands).sort((a, b) => b.demand.cpuMillis - a.demand.cpuMillis || a.index - b.index);
  return firstFit(items, shape, []);
}

/**
 * The planner's packing, first pass: first-fit decreasing by each pod's dominant share of this shape (so CPU-heavy
 * and memory-heavy pods are both placed early, and pods limited per node before the rest).
 */
export function packByDominantShare(demands: readonly WorkloadDemand[], shape: NodeShape): PackedNode[] | undefined {
  const share = (d: WorkloadDemand) =>
    Math.max(
      d.cpuMillis / shape.cpuMillis,
      d.memoryMib / shape.memoryMib,
      1 / shape.pods,
      shape.gpus > 0 ? d.gpus / shape.gpus : 0,
    );
  // Workloads limited per node first, most distinct nodes first: they set how many nodes there must be, and the
  // rest then fills those nodes instead of opening new ones.
  const spread = (item: Item) => (item.cap < Infinity ? Math.ceil(item.count / item.cap) : 0);
  const items = itemsOf(demands).sort(
    (a, b) => spread(b) - spread(a) || share(b.demand) - share(a.demand) || a.index - b.index,
  );
  return firstFit(items, shape, []);
}

/**
 * The planner's packing, second pass: the pods into exactly `count` nodes, largest first, each into the node whose
 * free capacity it matches best (the dot product of its requests and the node's free CPU, memory and pod slots, all
 * as shares of the node: Panigrahy et al., "Heuristics for Vector Bin Packing", 2011). Filling nodes in step, in
 * every resource at once, is what lets a count close to the lower bound succeed where first fit opens more nodes.
 * Returns undefined when the pods do not all fit.
 */
export function packIntoNodes(
  demands: readonly WorkloadDemand[],
  shape: NodeShape,
  count: number,
): PackedNode[] | undefined {
  const size = (d: WorkloadDemand) =>
    d.cpuMillis / shape.cpuMillis +
    d.memoryMib / shape.memoryMib +
    1 / shape.pods +
    (shape.gpus > 0 ? d.gpus / shape.gpus : 0);
  const spread = (item: Item) => (item.cap < Infinity ? Math.ceil(item.count / item.cap) : 0);
  const items = itemsOf(demands).sort(
    (a, b) => spread(b) - spread(a) || size(b.demand) - size(a.demand) || a.index - b.index,
  );
  const nodes = Array.from({ length: count }, () => emptyNode(shape));
  for (const { index, demand, count: pods, cap } of items) {
    const cpu = demand.cpuMillis / shape.cpuMillis;
    const memory = demand.memoryMib / shape.memoryMib;
    const slot = 1 / shape.pods;
    const gpu = shape.gpus > 0 ? demand.gpus / shape.gpus : 0;
    for (let pod = 0; pod < pods; pod++) {
      let best: PackedNode | undefined;
      let bestScore = -1;
      for (const node of nodes) {
        if (room(node, demand, index, cap) === 0) {
          continue;
        }
        const score =
          cpu * (node.freeCpuMillis / shape.cpuMillis) +
          memory * (node.freeMemoryMib / shape.memoryMib) +
          slot * (node.freePods / shape.pods) +
          (gpu > 0 ? gpu * (node.freeGpus / shape.gpus) : 0);
        if (score > bestScore) {
          best = node;
          bestScore = score;
        }
      }
      if (!best) {
        return undefined;
      }
      place(best, demand, index, 1);
    }
  }
  return nodes.filter((node) => node.pods.size > 0);
}

function itemsOf(demands: readonly WorkloadDemand[]): Item[] {
  return demands
    .map((demand, index) => ({ index, demand, count: demand.replicas, cap: demand.maxPerNode ?? Infinity }))
    .filter((item) => item.count > 0);
}

/** How many more pods of a demand fit on a node. */
function room(node: PackedNode, demand: WorkloadDemand, index: number, cap: number): number {
  const already = node.pods.get(index) ?? 0;
  return Math.max(
    0,
    Math.min(
      cap - already,
      node.freePods,
      demand.cpuMillis > 0 ? Math.floor(node.freeCpuMillis / demand.cpuMillis) : Infinity,
      demand.memoryMib > 0 ? Math.floor(node.freeMemoryMib / demand.memoryMib) : Infinity,
      demand.gpus > 0 ? Math.floor(node.freeGpus / demand.gpus) : Infinity,
    ),
  );
}

function place(node: PackedNode, demand: WorkloadDemand, index: number, count: number): void {
  node.pods.set(index, (node.pods.get(index) ?? 0) + count);
  node.freeCpuMillis -= demand.cpuMillis * count;
  node.freeMemoryMib -= demand.memoryMib * count;
  node.freeGpus -= demand.gpus * count;
  node.freePods -= count;
}

function emptyNode(shape: NodeShape): PackedNode {
  return {
    pods: new Map(),
    freeCpuMillis: shape.cpuMillis,
    freeMemoryMib: shape.memoryMib,
    freeGpus: shape.gpus,
    freePods: shape.pods,
  };
}

function firstFit(items: readonly Item[], shape: NodeShape, nodes: PackedNode[]): PackedNode[] | undefined {
  // Nodes before `first` have no room for the smallest pod of any demand: no need to look at them again.
  const smallestCpu = Math.min(...items.map((i) => i.demand.cpuMillis));
  const smallestMemory = Math.min(...items.map((i) => i.demand.memoryMib));
  let first = 0;
  for (const { index, demand, count, cap } of items) {
    if (room(emptyNode(shape), demand, index, cap) === 0) {
      return undefined;
    }
    let left = count;
    for (let n = first; n < nodes.length && left > 0; n++) {
      const fits = Math.min(left, room(nodes[n], demand, index, cap));
      if (fits > 0) {
        place(nodes[n], demand, index, fits);
        left -= fits;
      }
    }
    while (left > 0) {
      const node = emptyNode(shape);
      const fits = Math.min(left, room(node, demand, index, cap));
      place(node, demand, index, fits);
      nodes.push(node);
      left -= fits;
    }
    while (
      first < nodes.length &&
      (nodes[first].freePods === 0 ||
        nodes[first].freeCpuMillis < smallestCpu ||
        nodes[first].freeMemoryMib < smallestMemory)
    ) {
      first++;
    }
  }
  return nodes;
}

/** The share of a node in use, by its busiest resource. */
function utilisation(node: PackedNode, shape: NodeShape): number {
  return Math.max(
    1 - node.freeCpuMillis / shape.cpuMillis,
    1 - node.freeMemoryMib / shape.memoryMib,
    1 - node.freePods / shape.pods,
  );
}

/** How many of the least-used nodes each round of the local search tries to empty. */
const SEARCH_WINDOW = 24;

/**
 * Local search: try to empty one of the least-used nodes by moving every one of its pods into the others; keep the
 * move if they all fit, and repeat until a round empties nothing.
 */
export function improve(nodes: PackedNode[], demands: readonly WorkloadDemand[], shape: NodeShape): void {
  for (let emptied = true; emptied && nodes.length > 1;) {
    emptied = false;
    const order = nodes
      .map((node, i) => ({ i, used: utilisation(node, shape) }))
      .sort((a, b) => a.used - b.used || a.i - b.i);
    for (const { i } of order.slice(0, SEARCH_WINDOW)) {
      if (tryToEmpty(nodes, i, demands)) {
        nodes.splice(i, 1);
        emptied = true;
        break;
      }
    }
  }
}

/** Moves node i's pods into the other nodes if they all fit; otherwise leaves everything as it was. */
function tryToEmpty(nodes: PackedNode[], victim: number, demands: readonly WorkloadDemand[]): boolean {
  const moves: { node: PackedNode; index: number; count: number }[] = [];
  for (const [index, count] of nodes[victim].pods) {
    const demand = demands[index];
    const cap = demand.maxPerNode ?? Infinity;
    let left = count;
    for (let n = 0; n < nodes.length && left > 0; n++) {
      if (n === victim) {
        continue;
      }
      const fits = Math.min(left, room(nodes[n], demand, index, cap));
      if (fits > 0) {
        place(nodes[n], demand, index, fits);
        moves.push({ node: nodes[n], index, count: fits });
        left -= fits;
      }
    }
    if (left > 0) {
      for (const move of moves) {
        place(move.node, demands[move.index], move.index, -move.count);
        if (move.node.pods.get(move.index) === 0) {
          move.node.pods.delete(move.index);
        }
      }
      return false;
    }
  }
  return true;
}
