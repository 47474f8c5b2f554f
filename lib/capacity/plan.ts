import { WorkloadDemand } from './demand';
import { instanceTypes } from './instance-types';
import { Group, partition, runsOn } from './label-groups';
import { integerLowerBound } from './integer-bound';
import { lowerBound, Totals } from './lower-bound';
import {
  NodeShape,
  NodeShapeOptions,
  candidateShapes,
  DEFAULT_DAEMONSET_OVERHEAD,
  DEFAULT_FAMILIES,
  DEFAULT_GPU_FAMILIES,
  nodeShape,
} from './node-shape';
import { PackedNode, firstFitDecreasing, improve, packByDominantShare, packIntoNodes } from './pack';

export const HOURS_PER_MONTH = 730;

/** A fleet of DC/OS agents, to compare with the plan. */
export interface Fleet {
  readonly instanceType: string;
  readonly count: number;
}

export interface PlanOptions extends NodeShapeOptions {
  /** Instance families to choose from. @default DEFAULT_FAMILIES (current x86 m, c and r) */
  readonly families?: readonly string[];
  /** Instance families for pods that request GPUs. @default DEFAULT_GPU_FAMILIES (g4dn, g5, g6, g6e) */
  readonly gpuFamilies?: readonly string[];
  /** Largest instance size considered, in vCPUs. @default 64 */
  readonly maxVcpu?: number;
  /** Every node group has at least this many nodes (spread over AZs), if it has that many pods. @default 2 */
  readonly minNodes?: number;
  /**
   * One more node per group, so the loss of any one node leaves room for its pods (a group split by AZ: one more in
   * each AZ, as pods bound to a volume can only move within its AZ). @default false
   */
  readonly nPlusOne?: boolean;
  /** The instance type of the baseline first-fit decreasing packing. @default 'm6i.xlarge' */
  readonly baselineType?: string;
  /** How many of the most promising instance types are packed in full. @default 8 */
  readonly searchWidth?: number;
  /** The DC/OS agents today. @default none */
  readonly before?: readonly Fleet[];
  /**
   * The AZs the node groups span. A group whose pods mount zonal (EBS) volumes becomes one node group per AZ
   * (`<name>-az1` … `-azN`), so that the Cluster Autoscaler can add a node in the AZ of a Pending pod's volume; a
   * node group spanning AZs may add it elsewhere, or not at all (Cluster Autoscaler FAQ).
   * @default 3
   */
  readonly zones?: number;
}

/** The pods of one workload on one node. */
export interface NodeSlot {
  readonly workload: string;
  readonly pods: number;
}

export interface PlannedNode {
  readonly slots: readonly NodeSlot[];
  readonly cpuUsed: number;
  readonly memoryUsed: number;
  readonly podsUsed: number;
}

/** One managed node group: instance type, sizes, labels, taints, and the packing that sized it. */
export interface NodeGroupPlan {
  readonly name: string;
  /**
   * One AZ's share of a group whose pods mount zonal volumes: the 0-based index of the VPC's AZ (its private subnet)
   * the group's nodes run in. Absent: the group spans every AZ.
   */
  readonly zone?: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly {
    readonly key: string;
    readonly value: string;
    readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  }[];
  readonly instanceType: string;
  /**
   * The instance types the planner weighed for this group, `instanceType` among them, sorted: the most promising
   * (`searchWidth`) that every pod of the group fits. Karpenter and Auto Mode NodePools choose among their families
   * and sizes.
   */
  readonly candidateTypes: readonly string[];
  readonly minSize: number;
  readonly desiredSize: number;
  /** The Cluster Autoscaler's ceiling: room for rollouts and growth. */
  readonly maxSize: number;
  readonly nodes: readonly PlannedNode[];
  /** DaemonSet workloads with a pod on every node of the group: their requests are part of each node's overhead. */
  readonly perNode: readonly string[];
  readonly workloads: number;
  readonly pods: number;
  readonly usdPerHour: number;
  /** The fractional bound: nodes in fractions, types mixed (`lowerBound`). */
  readonly lowerBoundUsdPerHour: number;
  /** The integer bound: whole nodes of one type, with the spread floor and N+1 (`integerLowerBound`); ≥ the fractional. */
  readonly integerBoundUsdPerHour: number;
  /** First-fit decreasing onto the baseline type, for comparison. */
  readonly baseline: { readonly instanceType: string; readonly nodes: number; readonly usdPerHour: number };
}

export interface CostSummary {
  readonly nodes: number;
  readonly usdPerHour: number;
  readonly usdPerMonth: number;
}

export interface CapacityPlan {
  readonly groups: readonly NodeGroupPlan[];
  readonly total: CostSummary;
  /** The fractional-node lower bound (see `lowerBound`), summed over the groups. */
  readonly lowerBound: { readonly usdPerHour: number; readonly usdPerMonth: number };
  /** total ÷ the fractional lower bound. */
  readonly gap: number;
  /** The integer lower bound (whole nodes of one type per group, see `integerLowerBound`), summed over the groups. */
  readonly integerBound: { readonly usdPerHour: number; readonly usdPerMonth: number };
  /** total ÷ the integer lower bound: what the packing wastes, as the bound's own looseness is mostly gone. */
  readonly integerGap: number;
  readonly baseline: CostSummary & { readonly gap: number; readonly integerGap: number };
  readonly before?: CostSummary & { readonly fleet: readonly Fleet[]; readonly savings: number };
  /** Workloads left out: their pods fit no candidate instance type. */
  readonly unplaced: readonly Unplaced[];
  readonly options: {
    readonly families: readonly string[];
    readonly minNodes: number;
    readonly nPlusOne: boolean;
    readonly prefixDelegation: boolean;
    readonly baselineType: string;
    /** The AZs a group with zonal volumes is split over. */
    readonly zones: number;
    /** Whether a user price table replaced the shipped on-demand us-east-1 prices. */
    readonly userPrices: boolean;
  };
}

/** Thrown when a pod fits no candidate instance type, or an option is wrong; the message says which. */
export class PlanError extends Error {}

/**
 * Sizes managed node groups for the demand: pods are grouped by the node labels they require (and taints they need),
 * and each group gets the instance type, among the most promising candidates, whose packing costs least.
 */
export function planCapacity(demands: readonly WorkloadDemand[], options: PlanOptions = {}): CapacityPlan {
  const families = options.families ?? DEFAULT_FAMILIES;
  const gpuFamilies = options.gpuFamilies ?? DEFAULT_GPU_FAMILIES;
  const shapes = [
    ...candidateShapes(families, options),
    ...candidateShapes(gpuFamilies, options).filter((shape) => shape.gpus > 0),
  ];
  if (shapes.every((shape) => shape.gpus > 0)) {
    throw new PlanError(`no priced instance type in families ${families.join(', ')}`);
  }
  const minNodes = options.minNodes ?? 2;
  const baselineType = options.baselineType ?? 'm6i.xlarge';
  const zones = options.zones ?? 3;
  if (!Number.isInteger(zones) || zones < 1) {
    throw new PlanError(`zones must be a whole number ≥ 1, got ${zones}`);
  }
  // A pod no candidate type can hold is reported, and the rest is planned without it.
  const unplaced: Unplaced[] = [];
  const placeable = demands.filter((demand) => {
    if (shapes.some((shape) => (demand.gpus > 0 ? shape.gpus > 0 : shape.gpus === 0) && fitsAlone(demand, shape))) {
      return true;
    }
    unplaced.push({
      workload: demand.name,
      reason: `a pod needs ${demand.cpuMillis}m CPU, ${demand.memoryMib} MiB${demand.gpus ? `, ${demand.gpus} GPU` : ''}: more than any ${demand.gpus ? 'GPU ' : ''}candidate instance type offers (widen the families or maxVcpu)`,
    });
    return false;
  });
  const perNode = placeable.filter((demand) => demand.perNode);
  const groups = partition(placeable.filter((demand) => !demand.perNode)).flatMap((group) => {
    // Pods bound to a zonal volume: one node group per AZ (DaemonSets' volumes do not count: they run everywhere).
    const groupZones = group.demands.some((demand) => demand.zonalVolumes) ? zones : undefined;
    const daemons = perNode.filter((demand) => runsOn(demand, group));
    if (daemons.length === 0) {
      return planGroup(group, shapes, { ...options, minNodes, baselineType }, [], groupZones);
    }
    // Every node of the group keeps room for these DaemonSets' pods, on top of the platform's.
    const base = options.daemonSets ?? DEFAULT_DAEMONSET_OVERHEAD;
    const daemonSets = {
      cpuMillis: base.cpuMillis + sum(daemons, (d) => d.cpuMillis),
      memoryMib: base.memoryMib + sum(daemons, (d) => d.memoryMib),
      pods: base.pods + daemons.length,
    };
    const groupOptions = { ...options, daemonSets };
    const groupShapes = [
      ...candidateShapes(families, groupOptions),
      ...candidateShapes(gpuFamilies, groupOptions).filter((shape) => shape.gpus > 0),
    ];
    return planGroup(
      group,
      groupShapes,
      { ...groupOptions, minNodes, baselineType },
      daemons.map((d) => d.name),
      groupZones,
    );
  });
  const total = summary(
    groups.reduce((n, g) => n + g.desiredSize, 0),
    groups.reduce((sum, g) => sum + g.usdPerHour, 0),
  );
  const bound = groups.reduce((sum, g) => sum + g.lowerBoundUsdPerHour, 0);
  const integer = groups.reduce((sum, g) => sum + g.integerBoundUsdPerHour, 0);
  const baseline = summary(
    groups.reduce((n, g) => n + g.baseline.nodes, 0),
    groups.reduce((sum, g) => sum + g.baseline.usdPerHour, 0),
  );
  return {
    groups,
    total,
    lowerBound: { usdPerHour: round(bound), usdPerMonth: round(bound * HOURS_PER_MONTH) },
    gap: bound > 0 ? round(total.usdPerHour / bound) : 1,
    integerBound: { usdPerHour: round(integer), usdPerMonth: round(integer * HOURS_PER_MONTH) },
    integerGap: integer > 0 ? round(total.usdPerHour / integer) : 1,
    baseline: {
      ...baseline,
      gap: bound > 0 ? round(baseline.usdPerHour / bound) : 1,
      integerGap: integer > 0 ? round(baseline.usdPerHour / integer) : 1,
    },
    ...(options.before?.length ? { before: beforeSummary(options.before, options, total) } : {}),
    unplaced,
    options: {
      families,
      minNodes,
      nPlusOne: options.nPlusOne ?? false,
      prefixDelegation: options.prefixDelegation ?? false,
      baselineType,
      zones,
      userPrices: options.prices !== undefined,
    },
  };
}

/** A workload the plan could not place, and why. */
export interface Unplaced {
  readonly workload: string;
  readonly reason: string;
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

function totalsOf(demands: readonly WorkloadDemand[]): Totals {
  let cpuMillis = 0;
  let memoryMib = 0;
  let pods = 0;
  let gpus = 0;
  for (const d of demands) {
    const count = d.replicas;
    cpuMillis += count * d.cpuMillis;
    memoryMib += count * d.memoryMib;
    pods += count;
    gpus += count * d.gpus;
  }
  return { cpuMillis, memoryMib, pods, gpus };
}

/**
 * The cheapest packing of a group's pods, as one node group, or (`zones` given: its pods mount zonal volumes) as one
 * node group per AZ, its nodes dealt round-robin (`splitByZone`), N+1 a spare in each AZ with nodes (`withPolicy`).
 */
function planGroup(
  group: Group,
  allShapes: readonly NodeShape[],
  options: PlanOptions & { minNodes: number; baselineType: string },
  perNode: readonly string[],
  zones?: number,
): NodeGroupPlan[] {
  const totals = totalsOf(group.demands);
  const needsGpu = totals.gpus > 0;
  const kind = allShapes.filter((shape) => (needsGpu ? shape.gpus > 0 : shape.gpus === 0));
  const shapes = kind.filter((shape) => group.demands.every((d) => fitsAlone(d, shape)));
  if (shapes.length === 0) {
    throw new PlanError(
      `node group ${group.name}: no single candidate instance type fits all of its pods; widen the families or maxVcpu`,
    );
  }
  const podCount = totals.pods;
  const floorNodes = Math.max(1, Math.min(options.minNodes, podCount));
  const cap1 = Math.max(
    0,
    ...group.demands.map((d) => (d.maxPerNode !== undefined ? Math.ceil(d.replicas / d.maxPerNode) : 0)),
  );
  // No packing on a shape needs fewer nodes than this.
  const leastNodes = (shape: NodeShape) =>
    Math.max(
      floorNodes,
      cap1,
      Math.ceil(totals.cpuMillis / shape.cpuMillis),
      Math.ceil(totals.memoryMib / shape.memoryMib),
      Math.ceil(totals.pods / shape.pods),
      shape.gpus > 0 ? Math.ceil(totals.gpus / shape.gpus) : 0,
    );
  const nPlusOne = options.nPlusOne ?? false;
  // The fewest nodes with the policy's spares: without them (as for groups not split by AZ, once) N+1 made the dearer
  // types look cheap enough to try, and each one tried replaced the best.
  const estimate = (shape: NodeShape) => withPolicy(leastNodes(shape), floorNodes, nPlusOne, zones) * shape.usdPerHour;
  const byEstimate = [...shapes].sort(
    (a, b) => estimate(a) - estimate(b) || (a.instanceType < b.instanceType ? -1 : 1),
  );
  const promising = byEstimate.slice(0, options.searchWidth ?? 8);

  // A fast first pass over every promising type; the local search then works on the two cheapest.
  const scored = (shape: NodeShape, nodes: PackedNode[]) => {
    const count = withPolicy(nodes.length, floorNodes, nPlusOne, zones);
    return { shape, nodes, count, cost: count * shape.usdPerHour };
  };
  const cheaper = (
    a: { cost: number; count: number; shape: NodeShape },
    b: { cost: number; count: number; shape: NodeShape },
  ) => a.cost - b.cost || a.count - b.count || (a.shape.instanceType < b.shape.instanceType ? -1 : 1);
  const firstPass = promising.flatMap((shape) => {
    const nodes = packByDominantShare(group.demands, shape);
    return nodes ? [scored(shape, nodes)] : [];
  });
  if (firstPass.length === 0) {
    throw new PlanError(`node group ${group.name}: no packing found`);
  }
  const baselineShape = baselineShapeFor(group, options, shapes);
  const baselineNodes = firstFitDecreasing(group.demands, baselineShape);
  const baselineCount = withPolicy(baselineNodes?.length ?? 0, floorNodes, nPlusOne, zones);

  const finalists = firstPass.sort(cheaper).slice(0, 2);
  // The planner is never worse than the baseline: when the baseline comes close, its packing competes too.
  if (baselineNodes && baselineCount * baselineShape.usdPerHour <= finalists[0].cost * 1.05) {
    finalists.push(scored(baselineShape, baselineNodes));
  }
  for (const finalist of finalists) {
    improve(finalist.nodes, group.demands, finalist.shape);
  }
  let best = finalists.map((f) => scored(f.shape, f.nodes)).sort(cheaper)[0];
  // Second pass, branch and bound: on each shape whose fewest possible nodes still cost less than the best packing
  // so far, the fewest nodes the pods go into (that count first, as it usually works; else a binary search up to the
  // count that would cost as much as the best).
  for (const candidate of byEstimate) {
    if (estimate(candidate) >= best.cost) {
      break;
    }
    const least = leastNodes(candidate);
    let most = least;
    while (withPolicy(most + 1, floorNodes, nPlusOne, zones) * candidate.usdPerHour < best.cost) {
      most++;
    }
    let found = packIntoNodes(group.demands, candidate, least);
    if (!found && most > least && (found = packIntoNodes(group.demands, candidate, most))) {
      for (let low = least + 1, high = most - 1; low <= high;) {
        const middle = Math.floor((low + high) / 2);
        const packed = packIntoNodes(group.demands, candidate, middle);
        if (packed) {
          found = packed;
          high = middle - 1;
        } else {
          low = middle + 1;
        }
      }
    }
    const packed = found && scored(candidate, found);
    if (packed && cheaper(packed, best) < 0) {
      best = packed;
    }
  }
  const { shape, nodes, count } = best;
  // Pods limited to one per node need that many nodes, whatever their size.
  const fractional = Math.max(lowerBound(totals, shapes), cap1 * Math.min(...shapes.map((s) => s.usdPerHour)));
  const integer = integerLowerBound(
    group.demands,
    totals,
    shapes,
    (packed) => withPolicy(packed, floorNodes, nPlusOne, zones),
    fractional,
  );
  const plan: NodeGroupPlan = {
    name: group.name,
    labels: group.labels,
    taints: group.taints,
    instanceType: shape.instanceType,
    candidateTypes: [...new Set([shape.instanceType, ...promising.map((s) => s.instanceType)])].sort(),
    minSize: count,
    desiredSize: count,
    maxSize: Math.max(count + 2, Math.ceil(count * 1.5), count + surgeNodes(group.demands, shape)),
    nodes: nodes.map((node) => plannedNode(node, group.demands, shape)),
    perNode,
    workloads: group.demands.length,
    pods: podCount,
    usdPerHour: round(count * shape.usdPerHour),
    lowerBoundUsdPerHour: round(fractional),
    integerBoundUsdPerHour: round(integer?.usdPerHour ?? fractional),
    baseline: {
      instanceType: baselineShape.instanceType,
      nodes: baselineCount,
      usdPerHour: round(baselineCount * baselineShape.usdPerHour),
    },
  };
  return zones === undefined ? [plan] : splitByZone(plan, zones, shape.usdPerHour, baselineShape.usdPerHour, nPlusOne);
}

/**
 * A group as one node group per AZ, `<name>-az1` … `-azN`: its nodes dealt round-robin (node i to AZ i mod N), so
 * the AZs' sizes differ by one at most and add up to the group's. An AZ whose share is no node starts empty (min 0):
 * no volume can have been made there, as volumes bind where their pod first runs (WaitForFirstConsumer), and the
 * autoscaler can still grow it from zero. The lower bounds are split evenly (summing to the group's), the baseline as
 * the nodes are.
 */
function splitByZone(
  group: NodeGroupPlan,
  zones: number,
  nodeUsdPerHour: number,
  baselineUsdPerHour: number,
  nPlusOne: boolean,
): NodeGroupPlan[] {
  const evenShare = (total: number, zone: number) => Math.floor(total / zones) + (zone < total % zones ? 1 : 0);
  // With N+1, `withPolicy` added a spare to each AZ that has nodes: take them off, share, and give them back.
  const share = (total: number, zone: number) => {
    if (!nPlusOne) {
      return evenShare(total, zone);
    }
    const nodes = total >= 2 * zones ? total - zones : total / 2;
    const even = evenShare(nodes, zone);
    return even > 0 ? even + 1 : 0;
  };
  // The autoscaler grows each AZ's group on its own (a pod bound to a volume can only use its AZ's nodes, and a
  // rollout's surge lands in whichever AZ the scheduler picks), so each gets its share of the ceiling and a node more.
  const maxSize = Math.ceil(group.maxSize / zones) + 1;
  // Every AZ's name has the same base (of a length that leaves room for the longest suffix), within EKS's 63.
  const base = group.name.slice(0, 63 - `-az${zones}`.length).replace(/-+$/, '');
  const bound = round(group.lowerBoundUsdPerHour / zones);
  const integer = round(group.integerBoundUsdPerHour / zones);
  const empty: PlannedNode = { slots: [], cpuUsed: 0, memoryUsed: 0, podsUsed: 0 };
  return Array.from({ length: zones }, (_, zone): NodeGroupPlan => {
    const size = share(group.desiredSize, zone);
    const dealt = group.nodes.filter((_node, i) => i % zones === zone);
    const nodes = [...dealt, ...Array.from({ length: Math.max(0, size - dealt.length) }, () => empty)];
    const slots = nodes.flatMap((node) => node.slots);
    const baselineNodes = share(group.baseline.nodes, zone);
    return {
      ...group,
      name: `${base}-az${zone + 1}`,
      zone,
      minSize: size,
      desiredSize: size,
      maxSize,
      nodes,
      workloads: new Set(slots.map((slot) => slot.workload)).size,
      pods: slots.reduce((pods, slot) => pods + slot.pods, 0),
      usdPerHour: round(size * nodeUsdPerHour),
      // The first AZ takes the rounding, so the AZs' bounds add up to the group's.
      lowerBoundUsdPerHour: zone === 0 ? round(group.lowerBoundUsdPerHour - (zones - 1) * bound) : bound,
      integerBoundUsdPerHour: zone === 0 ? round(group.integerBoundUsdPerHour - (zones - 1) * integer) : integer,
      baseline: {
        instanceType: group.baseline.instanceType,
        nodes: baselineNodes,
        usdPerHour: round(baselineNodes * baselineUsdPerHour),
      },
    };
  });
}

/**
 * Nodes a rolling update of the largest workload may add (the Cluster Autoscaler adds them for the rollout only):
 * its surge pods, on distinct nodes when it is limited per node.
 */
function surgeNodes(demands: readonly WorkloadDemand[], shape: NodeShape): number {
  return Math.max(
    0,
    ...demands.map((d) =>
      d.maxPerNode !== undefined
        ? Math.ceil(d.surge / d.maxPerNode)
        : Math.ceil(
            Math.max(
              (d.surge * d.cpuMillis) / shape.cpuMillis,
              (d.surge * d.memoryMib) / shape.memoryMib,
              d.surge / shape.pods,
            ),
          ),
    ),
  );
}

/**
 * The node count after the spread floor and N+1 (empty nodes added to a homogeneous group); for a group split over
 * `zones` AZs, N+1 is a spare node in each AZ that has nodes (a pod bound to its AZ's volume can only move there).
 */
function withPolicy(packed: number, floorNodes: number, nPlusOne: boolean, zones?: number): number {
  const nodes = Math.max(packed, floorNodes);
  if (!nPlusOne) {
    return nodes;
  }
  return nodes + (zones === undefined ? 1 : Math.min(nodes, zones));
}

function fitsAlone(demand: WorkloadDemand, shape: NodeShape): boolean {
  return (
    demand.cpuMillis <= shape.cpuMillis &&
    demand.memoryMib <= shape.memoryMib &&
    demand.gpus <= shape.gpus &&
    shape.pods >= 1
  );
}

/** The baseline type, or (if a pod does not fit it) the cheapest candidate every pod fits. */
function baselineShapeFor(
  group: Group,
  options: PlanOptions & { baselineType: string },
  shapes: readonly NodeShape[],
): NodeShape {
  const type = instanceTypes().get(options.baselineType);
  const shape = type ? nodeShape(type, options) : undefined;
  if (shape && group.demands.every((d) => fitsAlone(d, shape))) {
    return shape;
  }
  return [...shapes].sort((a, b) => a.usdPerHour - b.usdPerHour)[0];
}

function plannedNode(node: PackedNode, demands: readonly WorkloadDemand[], shape: NodeShape): PlannedNode {
  return {
    slots: [...node.pods.entries()]
      .filter(([, pods]) => pods > 0)
      .map(([index, pods]) => ({ workload: demands[index].name, pods })),
    cpuUsed: round(1 - node.freeCpuMillis / shape.cpuMillis),
    memoryUsed: round(1 - node.freeMemoryMib / shape.memoryMib),
    podsUsed: shape.pods - node.freePods,
  };
}

function beforeSummary(
  fleet: readonly Fleet[],
  options: NodeShapeOptions,
  after: CostSummary,
): CostSummary & { fleet: readonly Fleet[]; savings: number } {
  let usdPerHour = 0;
  for (const { instanceType, count } of fleet) {
    const price = options.prices?.get(instanceType) ?? instanceTypes().get(instanceType)?.usdPerHour;
    if (price === undefined) {
      throw new PlanError(`no price for the DC/OS agents' instance type ${instanceType}; give one in a price table`);
    }
    usdPerHour += count * price;
  }
  const before = summary(
    fleet.reduce((n, f) => n + f.count, 0),
    usdPerHour,
  );
  return { ...before, fleet, savings: before.usdPerHour > 0 ? round(1 - after.usdPerHour / before.usdPerHour) : 0 };
}

function summary(nodes: number, usdPerHour: number): CostSummary {
  return { nodes, usdPerHour: round(usdPerHour), usdPerMonth: round(usdPerHour * HOURS_PER_MONTH) };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** Parses `m5.xlarge:15` (or several, comma-separated) into a fleet. */
export function parseFleet(text: string): Fleet[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const match = /^([a-z0-9-]+\.[a-z0-9-]+):(\d+)$/.exec(item);
      if (!match || Number(match[2]) < 1) {
        throw new PlanError(`expected instance-type:count (e.g. m5.xlarge:15), got ${JSON.stringify(item)}`);
      }
      return { instanceType: match[1], count: Number(match[2]) };
    });
}
