import { WorkloadDemand } from './demand';
import { Totals } from './lower-bound';
import { NodeShape } from './node-shape';

/*
 * The integer lower bound of one node group. The fractional bound (`lowerBound`) buys nodes in fractions and cuts pods
 * into pieces, so on a small group it is loose by most of a node: the plan's ratio to it then measures the bound's
 * looseness as much as the planner's waste. This bound buys whole nodes, of one instance type, as a managed node group
 * has; the planner makes each group of one type too, so no plan it could make costs less.
 */

/** The least whole nodes of a group, and of which type, with what they cost. */
export interface IntegerBound {
  readonly usdPerHour: number;
  /** The type whose whole nodes cost least, and how many of them at the least (with the policy's floor and spares). */
  readonly instanceType: string;
  readonly nodes: number;
}

/**
 * The least any node group of one instance type, among `shapes` (the types every pod of the group fits), could cost
 * per hour: for each type, the fewest whole nodes no packing can go below (`leastWholeNodes`) raised by the group's
 * policy (`policy`: the spread floor and N+1 spares, which must be non-decreasing in the node count, so the floor of
 * the packed count gives a floor of the policy's count), times its price; the cheapest type's. It is at least the
 * fractional bound given (`fractional`, itself ≤ every type's fractional cost, and each type's whole nodes cost more
 * than its fractional ones), and taking the larger of the two keeps it a bound when rounding makes them cross.
 *
 * Why it is a true lower bound: a plan's group is `policy(packed)` nodes of one type t, where `packed` is a packing of
 * every pod onto nodes of t; `packed ≥ leastWholeNodes(t)` (each term below is a count no packing beats), `policy` is
 * non-decreasing, so the plan costs at least `policy(leastWholeNodes(t)) × price(t)` ≥ the minimum over t.
 */
export function integerLowerBound(
  demands: readonly WorkloadDemand[],
  totals: Totals,
  shapes: readonly NodeShape[],
  policy: (nodes: number) => number,
  fractional: number,
): IntegerBound | undefined {
  let best: IntegerBound | undefined;
  for (const shape of shapes) {
    const nodes = policy(leastWholeNodes(demands, totals, shape));
    const usdPerHour = nodes * shape.usdPerHour;
    if (
      !best ||
      usdPerHour < best.usdPerHour ||
      (usdPerHour === best.usdPerHour && shape.instanceType < best.instanceType)
    ) {
      best = { usdPerHour, instanceType: shape.instanceType, nodes };
    }
  }
  return best && { ...best, usdPerHour: Math.max(best.usdPerHour, fractional) };
}

/**
 * The fewest nodes of one shape that could hold the demands, each count one that no packing goes below:
 * - every resource in total (CPU, memory, pod slots, GPUs) over a node's share of it, rounded up;
 * - each workload alone: its pods over how many of them one node holds (its per-node limit, or what fits), which
 *   covers pods limited to one per node and pods too large for two to a node;
 * - pods larger than half a node in CPU (or in memory): no two share a node, so each needs its own;
 * - Martello and Toth's L2 bound ("Lower bounds and reduction procedures for the bin packing problem", 1990) in CPU
 *   and in memory, each resource as a one-dimensional bin packing (a relaxation of the vector packing).
 */
export function leastWholeNodes(demands: readonly WorkloadDemand[], totals: Totals, shape: NodeShape): number {
  let nodes = Math.max(
    totals.pods > 0 ? 1 : 0,
    Math.ceil(totals.cpuMillis / shape.cpuMillis),
    Math.ceil(totals.memoryMib / shape.memoryMib),
    Math.ceil(totals.pods / shape.pods),
    totals.gpus > 0 ? Math.ceil(totals.gpus / shape.gpus) : 0,
  );
  for (const d of demands) {
    if (d.replicas === 0) {
      continue;
    }
    const perNode = Math.min(
      d.maxPerNode ?? Infinity,
      shape.pods,
      d.cpuMillis > 0 ? Math.floor(shape.cpuMillis / d.cpuMillis) : Infinity,
      d.memoryMib > 0 ? Math.floor(shape.memoryMib / d.memoryMib) : Infinity,
      d.gpus > 0 ? Math.floor(shape.gpus / d.gpus) : Infinity,
    );
    nodes = Math.max(nodes, perNode > 0 ? Math.ceil(d.replicas / perNode) : Infinity);
  }
  return Math.max(
    nodes,
    martelloTothL2(demands, (d) => d.cpuMillis, shape.cpuMillis),
    martelloTothL2(demands, (d) => d.memoryMib, shape.memoryMib),
  );
}

/**
 * L2 of Martello and Toth for one resource of capacity `capacity`: for each threshold k ≤ capacity / 2, the items
 * above capacity − k each need a bin no item of size ≥ k can join; the items in (capacity / 2, capacity − k] each
 * need a bin of their own too; and the items in [k, capacity / 2] fill the room those leave, then bins of their own.
 * The maximum over the thresholds (the distinct item sizes, and 0) is a lower bound on the bins.
 */
function martelloTothL2(
  demands: readonly WorkloadDemand[],
  size: (d: WorkloadDemand) => number,
  capacity: number,
): number {
  const items = demands.filter((d) => d.replicas > 0 && size(d) > 0).map((d) => ({ size: size(d), count: d.replicas }));
  // With no item above half the capacity, every L(k) is a plain total over the capacity: no better than the CPU or
  // memory total the caller already takes.
  if (!items.some((item) => item.size > capacity / 2)) {
    return 0;
  }
  const thresholds = [0, ...new Set(items.map((item) => item.size).filter((s) => s <= capacity / 2))];
  let best = 0;
  for (const k of thresholds) {
    let large = 0; // > capacity − k
    let medium = 0; // (capacity / 2, capacity − k]
    let mediumSize = 0;
    let smallSize = 0; // [k, capacity / 2]
    for (const item of items) {
      if (item.size > capacity - k) {
        large += item.count;
      } else if (item.size > capacity / 2) {
        medium += item.count;
        mediumSize += item.size * item.count;
      } else if (item.size >= k) {
        smallSize += item.size * item.count;
      }
    }
    const room = medium * capacity - mediumSize;
    best = Math.max(best, large + medium + Math.max(0, Math.ceil((smallSize - room) / capacity - 1e-9)));
  }
  return best;
}
