import { restrictedLabelProblem } from '../validate/kube-karpenter';
import { instanceTypes } from './instance-types';
import { CapacityPlan, NodeGroupPlan } from './plan';

/**
 * The NodePools (Karpenter, or EKS Auto Mode's own Karpenter) of a capacity plan: one per planned group, a group split
 * by AZ merged back into one pool, as Karpenter puts a node in the AZ of a Pending pod's volume itself
 * (volume topology) where the Cluster Autoscaler needs one node group per AZ.
 */

/** The node label naming a node's planned group, on node groups and NodePools alike. */
export const POOL_GROUP_LABEL = 'marathon-to-eks/node-group';

/**
 * Pool weights. Karpenter tries the NodePools a pod fits in order of weight (highest first; equal weights by name,
 * descending: kubernetes-sigs/karpenter v1.14.1 pkg/utils/nodepool/nodepool.go OrderByWeight): the planned pool that
 * requires no labels, has no taints and no GPUs takes every pod without a node selector, ahead of the labelled,
 * tainted or GPU pools those pods would also fit; every planned pool comes before a pool of weight 0 (EKS Auto Mode's
 * built-in `general-purpose`, or a pool of the user's without a weight).
 */
export const POOL_WEIGHTS = { general: 100, constrained: 50 } as const;

/**
 * Node labels a group may require that are a node's own, not a pool's to set: Karpenter refuses them in a pool's
 * labels, and they become requirements instead (topology.kubernetes.io/zone In [us-east-1a]).
 */
const WELL_KNOWN_NODE_LABELS = new Set([
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'node.kubernetes.io/instance-type',
  'kubernetes.io/arch',
]);

/** One NodePool, as the plan sizes it; the Karpenter and Auto Mode renderers write its requirement keys. */
export interface NodePoolPlan {
  /** The pool's name: the group's (less the `-azN` of a group split by AZ). */
  readonly name: string;
  /** Labels of the pool's nodes: the group's, and `marathon-to-eks/node-group: <name>`. */
  readonly labels: Readonly<Record<string, string>>;
  /** The group's well-known node labels (zone, region, instance type, arch), as requirements of one value each. */
  readonly requirements: readonly { readonly key: string; readonly values: readonly string[] }[];
  /**
   * Labels the group requires that its pool cannot give, with why: restricted keys (`karpenter.sh/…`,
   * `kubernetes.io/hostname`, which the demand already drops), an architecture or instance type the plan did not
   * choose. The environment warns of them: those pods would stay Pending.
   */
  readonly unmetLabels: readonly string[];
  readonly taints: NodeGroupPlan['taints'];
  /** The architecture of the planned types (one per pool: the planner never mixes them). */
  readonly arch: 'amd64' | 'arm64';
  /** Its pods request GPUs. */
  readonly gpu: boolean;
  /** Families of the types the planner weighed (`candidateTypes`), sorted. */
  readonly instanceFamilies: readonly string[];
  /** Sizes of those types (`large`, `2xlarge`, …), smallest first. */
  readonly instanceSizes: readonly string[];
  /** The types the planner weighed, sorted. */
  readonly candidateTypes: readonly string[];
  /** The type the plan packed onto (of the first AZ's group, for a group split by AZ). */
  readonly plannedType: string;
  /** Nodes the plan runs (summed over the AZs). */
  readonly plannedNodes: number;
  /** The most nodes of the planned type: the plan's `maxSize`, summed over the AZs. */
  readonly maxNodes: number;
  /**
   * The pool's ceiling, what `maxNodes` nodes of the planned type offer: Karpenter launches no node that would take
   * the pool's nodes' capacity past it, whichever types it picks.
   */
  readonly limits: { readonly cpu: number; readonly memoryMib: number };
  /** See `POOL_WEIGHTS`. */
  readonly weight: number;
  /** The group was split by AZ (its pods mount EBS volumes). */
  readonly zonal: boolean;
  /** The plan groups the pool stands for (`general-az1` …, or the one group). */
  readonly groups: readonly string[];
}

/** The NodePools of a plan, in the plan's group order. */
export function nodePoolsFromPlan(plan: CapacityPlan): NodePoolPlan[] {
  const byName = new Map<string, NodeGroupPlan[]>();
  for (const group of plan.groups) {
    const name = poolName(group);
    byName.set(name, [...(byName.get(name) ?? []), group]);
  }
  return [...byName].map(([name, groups]) => nodePool(name, groups));
}

function nodePool(name: string, groups: readonly NodeGroupPlan[]): NodePoolPlan {
  const first = groups[0];
  const types = instanceTypes();
  const candidates = [...new Set(groups.flatMap((group) => group.candidateTypes))].sort();
  const known = candidates.flatMap((type) => {
    const info = types.get(type);
    return info ? [info] : [];
  });
  const planned = types.get(first.instanceType);
  const maxNodes = groups.reduce((sum, group) => sum + group.maxSize, 0);
  const sizes = new Map<string, number>();
  for (const info of known) {
    const size = info.name.slice(info.name.indexOf('.') + 1);
    sizes.set(size, Math.min(sizes.get(size) ?? Infinity, info.vcpu));
  }
  const gpu = (planned?.gpus ?? 0) > 0;
  const arch = planned?.arch ?? 'amd64';
  const constrained = Object.keys(first.labels).length > 0 || first.taints.length > 0 || gpu;
  const labels: Record<string, string> = {};
  const requirements: { key: string; values: string[] }[] = [];
  const unmetLabels: string[] = [];
  for (const [key, value] of Object.entries(first.labels)) {
    const restricted = restrictedLabelProblem(key);
    if (restricted !== undefined) {
      unmetLabels.push(`${key}=${value}: ${restricted}`);
    } else if (key === 'kubernetes.io/arch' && value !== arch) {
      unmetLabels.push(`${key}=${value}: the plan chose ${arch} instance types for the group`);
    } else if (key === 'node.kubernetes.io/instance-type' && !candidates.includes(value)) {
      unmetLabels.push(`${key}=${value}: not among the instance types the plan weighed (${candidates.join(', ')})`);
    } else if (WELL_KNOWN_NODE_LABELS.has(key)) {
      requirements.push({ key, values: [value] });
    } else {
      labels[key] = value;
    }
  }
  return {
    name,
    labels: { ...labels, [POOL_GROUP_LABEL]: name },
    requirements,
    unmetLabels,
    taints: first.taints,
    arch,
    gpu,
    instanceFamilies: [...new Set(known.map((info) => info.name.slice(0, info.name.indexOf('.'))))].sort(),
    instanceSizes: [...sizes].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).map(([size]) => size),
    candidateTypes: candidates,
    plannedType: first.instanceType,
    plannedNodes: groups.reduce((sum, group) => sum + group.desiredSize, 0),
    maxNodes,
    limits: { cpu: maxNodes * (planned?.vcpu ?? 0), memoryMib: maxNodes * (planned?.memoryMib ?? 0) },
    weight: constrained ? POOL_WEIGHTS.constrained : POOL_WEIGHTS.general,
    zonal: first.zone !== undefined,
    groups: groups.map((group) => group.name),
  };
}

/** A group's pool: its name less the `-az<zone + 1>` of a group split by AZ. */
function poolName(group: NodeGroupPlan): string {
  const suffix = group.zone !== undefined ? `-az${group.zone + 1}` : undefined;
  return suffix !== undefined && group.name.endsWith(suffix) ? group.name.slice(0, -suffix.length) : group.name;
}
