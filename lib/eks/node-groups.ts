import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { instanceTypes } from '../capacity/instance-types';
import { POOL_GROUP_LABEL } from '../capacity/node-pools';
import { CapacityPlan } from '../capacity/plan';
import { NodeLabelRequirement } from '../translate/requirements';

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
  /** The taint's key, e.g. `marathon-to-eks/node-role`. */
  readonly key: string;
  /** The taint's value, e.g. `public`. */
  readonly value: string;
  /** What happens to pods that do not tolerate it. @default 'NoSchedule' */
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/**
 * The node label naming a node's group (its value: the group's name, less the `-azN` of a group split by AZ), so that
 * people and selectors find a group's nodes: EKS names the node groups themselves (see `addNodeGroup`).
 */
export const NODE_GROUP_LABEL = POOL_GROUP_LABEL;

/** A managed node group (Amazon Linux 2023). */
export interface NodeGroupSpec {
  /**
   * Name, unique in the environment (lowercase letters, digits, `-`, at most 63): the construct id, and the value of
   * the node label `marathon-to-eks/node-group` (less a trailing `-az<zone + 1>` when `zone` is set, so that the AZs'
   * groups of one plan group carry the same value). The EKS node group's own name is generated, so that changes
   * that replace it (instance types, AMI, disk, capacity type, subnets) can.
   */
  readonly name: string;
  /**
   * Index (0-based) of the VPC's AZ whose private subnet the group's nodes run in: one node group per AZ for pods
   * that mount zonal (EBS) volumes, so the Cluster Autoscaler adds nodes where their volumes are.
   * @default every AZ
   */
  readonly zone?: number;
  /** Instance types, all of one architecture (the AMI follows it). @default ['m6i.large'] */
  readonly instanceTypes?: readonly string[];
  /** The fewest nodes the Cluster Autoscaler keeps. @default 1 */
  readonly minSize?: number;
  /** How many nodes the group runs; the Cluster Autoscaler moves it between minSize and maxSize. @default minSize */
  readonly desiredSize?: number;
  /** The Cluster Autoscaler's ceiling. @default 3 × desiredSize */
  readonly maxSize?: number;
  /** Node labels (e.g. those the workloads' constraints select). @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Node taints. @default none */
  readonly taints?: readonly NodeTaint[];
  /** How the nodes are bought: on demand or spot. @default NodeCapacity.onDemand() */
  readonly capacity?: NodeCapacity;
  /** Root volume size in GiB. @default 50 */
  readonly diskSizeGib?: number;
}

/** The group an environment without workloads or monitoring gets: three general-purpose nodes over the AZs. */
export const DEFAULT_NODE_GROUP: NodeGroupSpec = {
  name: 'general',
  instanceTypes: ['m6i.large'],
  minSize: 3,
  maxSize: 9,
};

/** What the default node groups depend on. */
export interface DefaultNodeGroupsOptions {
  /** How many AZs the VPC has private subnets in. */
  readonly zones: number;
  /**
   * Whether pods keep EBS volumes, which live in one AZ (as monitoring's Prometheus, Alertmanager and Grafana do).
   * @default false
   */
  readonly zonalVolumes?: boolean;
}

/**
 * The node groups of an environment given neither node groups nor workloads. With zonal volumes: one group per AZ,
 * `general-az1` … `-az<zones>`, each 1 × m6i.large autoscaling to 3. Otherwise `DEFAULT_NODE_GROUP`.
 */
export function defaultNodeGroups({ zones, zonalVolumes = false }: DefaultNodeGroupsOptions): NodeGroupSpec[] {
  if (!zonalVolumes) {
    return [DEFAULT_NODE_GROUP];
  }
  return Array.from({ length: zones }, (_, zone) => ({
    name: `general-az${zone + 1}`,
    zone,
    instanceTypes: ['m6i.large'],
    minSize: 1,
    desiredSize: 1,
    maxSize: 3,
  }));
}

const TAINT_EFFECTS = {
  NoSchedule: eks.TaintEffect.NO_SCHEDULE,
  PreferNoSchedule: eks.TaintEffect.PREFER_NO_SCHEDULE,
  NoExecute: eks.TaintEffect.NO_EXECUTE,
} as const;

/** A spec with every default filled in. */
export interface ResolvedNodeGroup {
  readonly name: string;
  readonly zone?: number;
  readonly instanceTypes: readonly string[];
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  /** The spec's labels and `marathon-to-eks/node-group`. */
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
  if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(spec.name)) {
    problems.push(`${where}: the name must be lowercase letters, digits and "-" (at most 63)`);
  }
  const types = spec.instanceTypes ?? ['m6i.large'];
  if (types.length === 0) {
    problems.push(`${where}: instanceTypes is empty`);
  }
  const known = types.map((type) => instanceTypes().get(type));
  types.forEach((type, i) => {
    if (!known[i]) {
      problems.push(`${where}: unknown instance type ${type}`);
    }
  });
  const archs = new Set(known.filter((t) => t !== undefined).map((t) => t.arch));
  if (archs.size > 1) {
    problems.push(`${where}: instance types mix architectures (${[...archs].join(', ')}); one node group runs one AMI`);
  }
  const gpus = known.some((t) => (t?.gpus ?? 0) > 0);
  const minSize = spec.minSize ?? 1;
  const desiredSize = spec.desiredSize ?? minSize;
  const maxSize = spec.maxSize ?? Math.max(3 * desiredSize, 1);
  if (!(minSize >= 0 && minSize <= desiredSize && desiredSize <= maxSize && maxSize >= 1)) {
    problems.push(
      `${where}: sizes must satisfy 0 ≤ minSize (${minSize}) ≤ desiredSize (${desiredSize}) ≤ maxSize (${maxSize}), maxSize ≥ 1`,
    );
  }
  if (spec.zone !== undefined && !(Number.isInteger(spec.zone) && spec.zone >= 0)) {
    problems.push(`${where}: zone must be a whole number ≥ 0 (the index of the VPC's AZ), got ${spec.zone}`);
  }
  if (problems.length > 0) {
    return { problems };
  }
  const arm = archs.has('arm64');
  return {
    group: {
      name: spec.name,
      ...(spec.zone !== undefined ? { zone: spec.zone } : {}),
      instanceTypes: types,
      minSize,
      desiredSize,
      maxSize,
      labels: { [NODE_GROUP_LABEL]: groupLabel(spec), ...spec.labels },
      taints: (spec.taints ?? []).map((taint) => ({ ...taint, effect: taint.effect ?? 'NoSchedule' })),
      capacity: spec.capacity ?? NodeCapacity.onDemand(),
      diskSizeGib: spec.diskSizeGib ?? 50,
      amiType: gpus
        ? arm
          ? eks.NodegroupAmiType.AL2023_ARM_64_NVIDIA
          : eks.NodegroupAmiType.AL2023_X86_64_NVIDIA
        : arm
          ? eks.NodegroupAmiType.AL2023_ARM_64_STANDARD
          : eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
    },
    problems,
  };
}

/**
 * The value of `marathon-to-eks/node-group`: the same for every AZ's group of one plan group. The Cluster
 * Autoscaler balances a scale-up over similar node groups (`--balance-similar-node-groups`) only when their nodes'
 * labels are equal, except those it ignores. For the AWS provider (builder/autoscaler.go picks
 * CreateAwsNodeInfoComparator), cluster-autoscaler-1.36.0 processors/nodegroupset/aws_nodegroups.go ignores:
 *
 *     "alpha.eksctl.io/instance-id":    true, // this is a label used by eksctl to identify instances.
 *     "alpha.eksctl.io/nodegroup-name": true, // this is a label used by eksctl to identify "node group" names.
 *     "eks.amazonaws.com/nodegroup":    true, // this is a label used by eks to identify "node group".
 *     "k8s.amazonaws.com/eniConfig":    true, // this is a label used by the AWS CNI for custom networking.
 *     "lifecycle":                      true, // this is a label used by the AWS for spot.
 *     "topology.ebs.csi.aws.com/zone":  true, // ... target for Persistent Volume Node Affinity
 *     "topology.k8s.aws/zone-id":       true, // ... location of resources in an account relative to those in another one
 *
 * and BasicIgnoredLabels (compare_nodegroups.go): `kubernetes.io/hostname`, `topology.kubernetes.io/zone`,
 * `topology.kubernetes.io/region` and their `failure-domain.beta.kubernetes.io` forms,
 * `beta.kubernetes.io/fluentd-ds-ready`, `kops.k8s.io/instancegroup`. So the AZs' groups differ only in ignored
 * labels; ours is not one of them, and with the `-azN` name as its value they would never count as similar.
 */
function groupLabel(spec: NodeGroupSpec): string {
  const suffix = spec.zone !== undefined ? `-az${spec.zone + 1}` : undefined;
  return suffix !== undefined && spec.name.endsWith(suffix) && spec.name.length > suffix.length
    ? spec.name.slice(0, -suffix.length)
    : spec.name;
}

/** The VPC's private subnets with egress, one per AZ in the VPC's order: a group's `zone` indexes them. */
export function privateSubnetsPerAz(vpc: ec2.IVpc): ec2.ISubnet[] {
  return vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, onePerAz: true }).subnets;
}

/**
 * Adds the managed node group to the cluster, in the private subnets of every AZ, or of its `zone`'s AZ.
 *
 * It sets no `nodegroupName`: changing the instance types, AMI, disk, capacity type or subnets replaces an
 * `AWS::EKS::Nodegroup`, and under a fixed name the replacement fails, the name being taken by the group it replaces
 * (aws-cdk#26931). Without one, aws-cdk-lib 2.276.0 (aws-eks-v2/lib/managed-nodegroup.js) passes
 * `nodegroupName: props.nodegroupName` (undefined) to the `CfnNodegroup` and `physicalName: props.nodegroupName` to
 * its Resource, so CloudFormation generates the name (despite the `@default - resource ID` of its d.ts); the
 * logical id stays the construct id. The node label `marathon-to-eks/node-group` names the group instead.
 */
export function addNodeGroup(cluster: eks.Cluster, group: ResolvedNodeGroup, vpc: ec2.IVpc): eks.Nodegroup {
  const zones = group.zone !== undefined ? privateSubnetsPerAz(vpc) : [];
  const subnet = group.zone !== undefined ? zones[group.zone] : undefined;
  const nodegroup = cluster.addNodegroupCapacity(group.name, {
    amiType: group.amiType,
    capacityType: group.capacity.capacityType,
    instanceTypes: group.instanceTypes.map((type) => new ec2.InstanceType(type)),
    minSize: group.minSize,
    desiredSize: group.desiredSize,
    maxSize: group.maxSize,
    diskSize: group.diskSizeGib,
    subnets: subnet ? { subnets: [subnet] } : { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    labels: { ...group.labels },
    taints: group.taints.map((taint) => ({ key: taint.key, value: taint.value, effect: TAINT_EFFECTS[taint.effect] })),
  });
  if (group.zone !== undefined && !subnet) {
    const problem = `node group ${JSON.stringify(group.name)}: zone ${group.zone} is the VPC's AZ ${group.zone + 1}, but the VPC has private subnets (with egress) in ${zones.length} AZ${zones.length === 1 ? '' : 's'}`;
    nodegroup.node.addValidation({ validate: () => [problem] });
  }
  return nodegroup;
}

/** Labels every EKS node has (set by the kubelet and the cloud provider), by key or key prefix. */
const WELL_KNOWN_LABELS = [
  'kubernetes.io/hostname',
  'kubernetes.io/arch',
  'kubernetes.io/os',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'node.kubernetes.io/instance-type',
  'eks.amazonaws.com/',
];

/** Labels the workloads select that no node group (or NodePool) carries: their pods would stay Pending. */
export function unmetLabels(
  groups: readonly { readonly labels: Readonly<Record<string, string>> }[],
  needs: readonly NodeLabelRequirement[],
): string[] {
  const unmet: string[] = [];
  for (const need of needs) {
    if (WELL_KNOWN_LABELS.some((known) => need.key === known || (known.endsWith('/') && need.key.startsWith(known)))) {
      continue;
    }
    const carriers = groups.filter((group) => group.labels[need.key] !== undefined);
    if (need.values.length === 0) {
      if (carriers.length === 0) {
        unmet.push(`no node group carries the label ${need.key} (${need.reason})`);
      }
      continue;
    }
    const missing = need.values.filter((value) => !carriers.some((group) => group.labels[need.key] === value));
    if (missing.length > 0) {
      unmet.push(`no node group carries ${missing.map((value) => `${need.key}=${value}`).join(', ')} (${need.reason})`);
    }
  }
  return unmet;
}

/** The node groups of a capacity plan: one per group, of its instance type, at the planned sizes, labels, taints and AZ. */
export function nodeGroupsFromPlan(plan: CapacityPlan): NodeGroupSpec[] {
  return plan.groups.map((group) => ({
    name: group.name,
    ...(group.zone !== undefined ? { zone: group.zone } : {}),
    instanceTypes: [group.instanceType],
    minSize: group.minSize,
    desiredSize: group.desiredSize,
    maxSize: group.maxSize,
    labels: group.labels,
    taints: group.taints,
  }));
}
