import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { instanceTypes } from '../capacity/instance-types';
import { CapacityPlan } from '../capacity/plan';

/** How a node group buys its instances. */
export class NodeCapacity {
  /** On-demand instances: the default for workloads moved from DC/OS agents. */
  static onDemand(): NodeCapacity {
    return new NodeCapacity(eks.CapacityType.ON_DEMAND);
  }

  /** Spot instances: cheaper, reclaimed at two minutes' notice; for stateless, replicated or batch work. */
  static spot(): NodeCapacity {
    return new NodeCapacity(eks.CapacityType.SPOT);
  }

  private constructor(readonly capacityType: eks.CapacityType) {}
}

/** A taint on a node group's nodes: only pods that tolerate it run there. */
export interface NodeTaint {
  readonly key: string;
  readonly value: string;
  /** @default 'NoSchedule' */
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** A managed node group (Amazon Linux 2023). */
export interface NodeGroupSpec {
  /** Name, unique in the environment: the node group's name and construct id (lowercase letters, digits, `-`). */
  readonly name: string;
  /** Instance types, all of one architecture (the AMI follows it). @default ['m6i.large'] */
  readonly instanceTypes?: readonly string[];
  /** @default 1 */
  readonly minSize?: number;
  /** @default minSize */
  readonly desiredSize?: number;
  /** The Cluster Autoscaler's ceiling. @default 3 × desiredSize */
  readonly maxSize?: number;
  /** Node labels (e.g. those the workloads' constraints select). @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Node taints. @default none */
  readonly taints?: readonly NodeTaint[];
  /** @default NodeCapacity.onDemand() */
  readonly capacity?: NodeCapacity;
  /** Root volume size in GiB. @default 50 */
  readonly diskSizeGib?: number;
}

/** The group an environment gets when none is given: three general-purpose nodes, one per AZ. */
export const DEFAULT_NODE_GROUP: NodeGroupSpec = { name: 'general', instanceTypes: ['m6i.large'], minSize: 3, maxSize: 9 };

const TAINT_EFFECTS = { NoSchedule: eks.TaintEffect.NO_SCHEDULE, PreferNoSchedule: eks.TaintEffect.PREFER_NO_SCHEDULE, NoExecute: eks.TaintEffect.NO_EXECUTE } as const;

/** A spec with every default filled in. */
export interface ResolvedNodeGroup {
  readonly name: string;
  readonly instanceTypes: readonly string[];
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Required<NodeTaint>[];
  readonly capacity: NodeCapacity;
  readonly diskSizeGib: number;
  readonly amiType: eks.NodegroupAmiType;
}

/** Fills in the defaults and checks a spec; problems are returned, not thrown, so synth lists them all. */
export function resolveNodeGroup(spec: NodeGroupSpec): { group?: ResolvedNodeGroup; problems: string[] } {
  const problems: string[] = [];
  const where = `node group ${JSON.stringify(spec.name)}`;
  if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(spec.name)) problems.push(`${where}: the name must be lowercase letters, digits and "-" (at most 63)`);
  const types = spec.instanceTypes ?? ['m6i.large'];
  if (types.length === 0) problems.push(`${where}: instanceTypes is empty`);
  const known = types.map((type) => instanceTypes().get(type));
  types.forEach((type, i) => {
    if (!known[i]) problems.push(`${where}: unknown instance type ${type}`);
  });
  const archs = new Set(known.filter((t) => t !== undefined).map((t) => t.arch));
  if (archs.size > 1) problems.push(`${where}: instance types mix architectures (${[...archs].join(', ')}); one node group runs one AMI`);
  const gpus = known.some((t) => (t?.gpus ?? 0) > 0);
  const minSize = spec.minSize ?? 1;
  const desiredSize = spec.desiredSize ?? minSize;
  const maxSize = spec.maxSize ?? Math.max(3 * desiredSize, 1);
  if (!(minSize >= 0 && minSize <= desiredSize && desiredSize <= maxSize && maxSize >= 1)) problems.push(`${where}: sizes must satisfy 0 ≤ minSize (${minSize}) ≤ desiredSize (${desiredSize}) ≤ maxSize (${maxSize}), maxSize ≥ 1`);
  if (problems.length > 0) return { problems };
  const arm = archs.has('arm64');
  return {
    group: {
      name: spec.name,
      instanceTypes: types,
      minSize,
      desiredSize,
      maxSize,
      labels: spec.labels ?? {},
      taints: (spec.taints ?? []).map((taint) => ({ ...taint, effect: taint.effect ?? 'NoSchedule' })),
      capacity: spec.capacity ?? NodeCapacity.onDemand(),
      diskSizeGib: spec.diskSizeGib ?? 50,
      amiType: gpus ? (arm ? eks.NodegroupAmiType.AL2023_ARM_64_NVIDIA : eks.NodegroupAmiType.AL2023_X86_64_NVIDIA) : arm ? eks.NodegroupAmiType.AL2023_ARM_64_STANDARD : eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
    },
    problems,
  };
}

/** Adds the managed node group to the cluster, in the private subnets. */
export function addNodeGroup(cluster: eks.Cluster, group: ResolvedNodeGroup): eks.Nodegroup {
  return cluster.addNodegroupCapacity(group.name, {
    nodegroupName: group.name,
    amiType: group.amiType,
    capacityType: group.capacity.capacityType,
    instanceTypes: group.instanceTypes.map((type) => new ec2.InstanceType(type)),
    minSize: group.minSize,
    desiredSize: group.desiredSize,
    maxSize: group.maxSize,
    diskSize: group.diskSizeGib,
    subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    labels: { ...group.labels },
    taints: group.taints.map((taint) => ({ key: taint.key, value: taint.value, effect: TAINT_EFFECTS[taint.effect] })),
  });
}

/** A node label the workloads need (from the migration report): a key, and values pods select (empty: any). */
export interface NodeLabelNeed {
  readonly key: string;
  readonly values: readonly string[];
  readonly reason: string;
}

/** Labels every EKS node has (set by the kubelet and the cloud provider), by key or key prefix. */
const WELL_KNOWN_LABELS = ['kubernetes.io/hostname', 'kubernetes.io/arch', 'kubernetes.io/os', 'topology.kubernetes.io/zone', 'topology.kubernetes.io/region', 'node.kubernetes.io/instance-type', 'eks.amazonaws.com/'];

/** Labels the workloads select that no node group carries: their pods would stay Pending. */
export function unmetLabels(groups: readonly ResolvedNodeGroup[], needs: readonly NodeLabelNeed[]): string[] {
  const unmet: string[] = [];
  for (const need of needs) {
    if (WELL_KNOWN_LABELS.some((known) => need.key === known || (known.endsWith('/') && need.key.startsWith(known)))) continue;
    const carriers = groups.filter((group) => group.labels[need.key] !== undefined);
    if (need.values.length === 0) {
      if (carriers.length === 0) unmet.push(`no node group carries the label ${need.key} (${need.reason})`);
      continue;
    }
    const missing = need.values.filter((value) => !carriers.some((group) => group.labels[need.key] === value));
    if (missing.length > 0) unmet.push(`no node group carries ${missing.map((value) => `${need.key}=${value}`).join(', ')} (${need.reason})`);
  }
  return unmet;
}

/** The node groups of a capacity plan: one per group, of its instance type, at the planned sizes, labels and taints. */
export function nodeGroupsFromPlan(plan: CapacityPlan): NodeGroupSpec[] {
  return plan.groups.map((group) => ({
    name: group.name,
    instanceTypes: [group.instanceType],
    minSize: group.minSize,
    desiredSize: group.desiredSize,
    maxSize: group.maxSize,
    labels: group.labels,
    taints: group.taints,
  }));
}
