import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { NodePoolPlan } from '../../capacity/node-pools';
import { DEFAULT_STORAGE_CLASS, VOLUME_TAG } from '../addons/ebs-csi';
import { platformManifest } from '../addons/manifest';
import { AutoModeCapacityOptions } from './capacity';
import { nodePoolObject, NodePoolFlavor } from './node-pool-object';
import { nodePoolOptionProblems, ResolvedNodePoolOptions, resolveNodePoolOptions } from './node-pool-options';

/**
 * EKS Auto Mode: the cluster's compute, its NodePools from the capacity plan, and the StorageClass of its block
 * storage. Sources, all read 2026-12 (awsdocs/amazon-eks-user-guide, latest/ug/automode/*.adoc, and the pages of
 * https://docs.aws.amazon.com/eks/latest/userguide/ of the same names):
 * - create-node-pool: the `karpenter.sh/v1` NodePool, `nodeClassRef { group: eks.amazonaws.com, kind: NodeClass }`,
 *   the `eks.amazonaws.com/instance-*` labels, and "EKS Auto Mode does not support … `kubernetes.io/os`".
 * - set-builtin-node-pools: "Enabling at least one built-in NodePool is required for EKS to provision the `default`
 *   NodeClass. If you disable all built-in NodePools, you'll need to create a custom NodeClass".
 * - create-node-class: the `eks.amazonaws.com/v1` NodeClass (`role`, `subnetSelectorTerms`,
 *   `securityGroupSelectorTerms` required); a node role other than the cluster's compute role needs its own access
 *   entry with the `AmazonEKSAutoNodePolicy` access policy.
 * - create-storage-class: "EKS Auto Mode does not create a StorageClass for you", provisioner
 *   `ebs.csi.eks.amazonaws.com`.
 * - automode.adoc: nodes live at most 21 days; no Pod Identity Agent to install.
 */

/** The built-in pools Auto Mode offers (aws-cdk-lib 2.276 aws-eks-v2/lib/cluster.js `isValidAutoModeConfig`). */
export const BUILT_IN_NODE_POOLS = ['system', 'general-purpose'] as const;

export type BuiltInNodePool = (typeof BUILT_IN_NODE_POOLS)[number];

/**
 * The NodeClass the planned pools use when no built-in pool is kept (EKS then makes no `default` NodeClass,
 * set-builtin-node-pools.adoc).
 */
export const AUTO_MODE_NODE_CLASS = 'marathon-to-eks';

/** The NodeClass EKS makes while a built-in pool is enabled (set-builtin-node-pools.adoc). */
export const DEFAULT_NODE_CLASS = 'default';

/** The CSI driver of Auto Mode's block storage (create-storage-class.adoc; migrate-auto.adoc's migration reference). */
export const AUTO_MODE_EBS_PROVISIONER = 'ebs.csi.eks.amazonaws.com';

/**
 * The label Auto Mode puts on its nodes, `eks.amazonaws.com/compute-type: auto` (create-node-pool.adoc, supported
 * labels; create-storage-class.adoc uses it in `allowedTopologies`).
 */
export const AUTO_MODE_COMPUTE_TYPE_LABEL = 'eks.amazonaws.com/compute-type';

/** Auto Mode replaces a node after 21 days at most (automode.adoc, "Upgrades"). */
export const AUTO_MODE_MAX_NODE_LIFETIME_HOURS = 21 * 24;

/**
 * A node's lifetime when none is given: 14 days, the `expireAfter` of the NodePool examples in create-node-pool.adoc
 * (the shared default, 720h, is past Auto Mode's 21-day maximum).
 */
export const AUTO_MODE_DEFAULT_EXPIRE_AFTER = '336h';

/** Requirement keys the shared renderer writes that Auto Mode does not support (create-node-pool.adoc). */
const UNSUPPORTED_REQUIREMENT_KEYS: ReadonlySet<string> = new Set([
  'kubernetes.io/os',
  'node.kubernetes.io/windows-build',
  // Not among the keys create-node-pool.adoc lists; a cluster's nodes are all in its region anyway.
  'topology.kubernetes.io/region',
]);

/** The built-in pools kept: the valid names asked for, deduplicated, in Auto Mode's order. */
export function resolveBuiltInNodePools(options: AutoModeCapacityOptions = {}): BuiltInNodePool[] {
  const asked: readonly string[] = options.builtInNodePools ?? BUILT_IN_NODE_POOLS;
  return BUILT_IN_NODE_POOLS.filter((pool) => asked.includes(pool));
}

/** The node class the planned pools launch with: `default` while a built-in pool keeps it, else ours. */
export function autoModeNodeClassName(options: AutoModeCapacityOptions = {}): string {
  return resolveBuiltInNodePools(options).length > 0 ? DEFAULT_NODE_CLASS : AUTO_MODE_NODE_CLASS;
}

/** The Auto Mode flavor of the shared NodePool renderer. */
export function autoModeFlavor(options: AutoModeCapacityOptions = {}): NodePoolFlavor {
  return {
    instanceLabelDomain: 'eks.amazonaws.com',
    nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: autoModeNodeClassName(options) },
  };
}

/** The NodePool options with their defaults, Auto Mode's node lifetime among them. */
export function resolveAutoModeNodePoolOptions(options: AutoModeCapacityOptions = {}): ResolvedNodePoolOptions {
  return resolveNodePoolOptions({ ...options, expireAfter: options.expireAfter ?? AUTO_MODE_DEFAULT_EXPIRE_AFTER });
}

/**
 * The cluster props of Auto Mode: `defaultCapacityType: AUTOMODE` and the built-in pools kept. With at least one,
 * aws-eks-v2 sets `computeConfig.nodeRoleArn` to `nodeRole`, or to a role it makes (AmazonEKSWorkerNodePolicy,
 * AmazonEC2ContainerRegistryReadOnly); with none it sets no node role, and `AutoModeNodePools` makes the one of its
 * NodeClass (aws-cdk-lib 2.276 aws-eks-v2/lib/cluster.js, `computeConfig`).
 */
export function autoModeCompute(
  options: AutoModeCapacityOptions = {},
  nodeRole?: iam.IRole,
): Pick<eks.ClusterProps, 'defaultCapacityType' | 'compute'> {
  const nodePools = resolveBuiltInNodePools(options);
  return {
    defaultCapacityType: eks.DefaultCapacityType.AUTOMODE,
    compute: { nodePools, ...(nodeRole && nodePools.length > 0 ? { nodeRole } : {}) },
  };
}

/** The planned pools as Auto Mode NodePools (none when `plannedNodePools` is false). */
export function autoModeNodePoolObjects(
  pools: readonly NodePoolPlan[],
  options: AutoModeCapacityOptions = {},
): Record<string, unknown>[] {
  if (options.plannedNodePools === false) {
    return [];
  }
  const flavor = autoModeFlavor(options);
  const resolved = resolveAutoModeNodePoolOptions(options);
  return pools.map((pool) => withoutUnsupportedRequirements(nodePoolObject(pool, flavor, resolved)));
}

/** The shared renderer's NodePool less the requirements Auto Mode does not support (it runs Linux only). */
function withoutUnsupportedRequirements(object: Record<string, unknown>): Record<string, unknown> {
  const spec = object.spec as { template: { spec: { requirements: { key: string }[] } } };
  const templateSpec = spec.template.spec;
  return {
    ...object,
    spec: {
      ...spec,
      template: {
        ...spec.template,
        spec: {
          ...templateSpec,
          requirements: templateSpec.requirements.filter((r) => !UNSUPPORTED_REQUIREMENT_KEYS.has(r.key)),
        },
      },
    },
  };
}

/** What the NodeClass of the planned pools is made of, when no built-in pool keeps the `default` one. */
export interface AutoModeNodeClassSpec {
  /** The node IAM role's name (not its ARN: create-node-class.adoc, "Name of IAM Role for Nodes"). */
  readonly roleName: string;
  /** The subnets nodes are launched in. */
  readonly subnetIds: readonly string[];
  /** The nodes' security groups. */
  readonly securityGroupIds: readonly string[];
}

/** The `eks.amazonaws.com/v1` NodeClass of the planned pools (create-node-class.adoc, "Node Class Specification"). */
export function autoModeNodeClassObject(spec: AutoModeNodeClassSpec): Record<string, unknown> {
  return {
    apiVersion: 'eks.amazonaws.com/v1',
    kind: 'NodeClass',
    metadata: { name: AUTO_MODE_NODE_CLASS },
    spec: {
      role: spec.roleName,
      subnetSelectorTerms: spec.subnetIds.map((id) => ({ id })),
      securityGroupSelectorTerms: spec.securityGroupIds.map((id) => ({ id })),
    },
  };
}

/** Problems of the Auto Mode options, for synth to list. */
export function autoModeProblems(options: AutoModeCapacityOptions, where = 'capacity'): string[] {
  const problems = nodePoolOptionProblems(options, where);
  const valid: readonly string[] = BUILT_IN_NODE_POOLS;
  for (const pool of options.builtInNodePools ?? []) {
    if (!valid.includes(pool)) {
      problems.push(
        `${where}.builtInNodePools: ${JSON.stringify(pool)} is not a built-in pool of EKS Auto Mode (${BUILT_IN_NODE_POOLS.join(', ')})`,
      );
    }
  }
  const builtIn = resolveBuiltInNodePools(options);
  if (builtIn.length === 0 && options.plannedNodePools === false) {
    problems.push(
      `${where}: with no built-in pool (builtInNodePools: []) and no planned pools (plannedNodePools: false) EKS Auto Mode has no NodePool: no pod could run`,
    );
  } else if (!builtIn.includes('general-purpose') && options.plannedNodePools === false) {
    // The system pool is tainted CriticalAddonsOnly (set-builtin-node-pools.adoc): the add-ons' and workloads' pods
    // tolerate no such taint, and their Helm releases would wait for them until they time out.
    problems.push(
      `${where}: with only the built-in system pool (tainted CriticalAddonsOnly) and no planned pools (plannedNodePools: false), no add-on or workload pod could run: keep general-purpose or the planned pools`,
    );
  }
  const hours = durationHours(options.expireAfter);
  if (options.expireAfter === 'Never' || (hours !== undefined && hours > AUTO_MODE_MAX_NODE_LIFETIME_HOURS)) {
    problems.push(
      `${where}.expireAfter: EKS Auto Mode replaces a node after ${AUTO_MODE_MAX_NODE_LIFETIME_HOURS}h (21 days) at most, got ${JSON.stringify(options.expireAfter)}`,
    );
  }
  return problems;
}

/** A Go duration of hours, minutes and seconds, in hours; undefined when it is not one. */
function durationHours(value: string | undefined): number | undefined {
  if (value === undefined || !/^([0-9]+(s|m|h))+$/.test(value)) {
    return undefined;
  }
  const unit = { h: 1, m: 1 / 60, s: 1 / 3600 } as const;
  return [...value.matchAll(/([0-9]+)(s|m|h)/g)].reduce(
    (sum, [, n, u]) => sum + Number(n) * unit[u as keyof typeof unit],
    0,
  );
}

/**
 * The node role AWS recommends for Auto Mode nodes: trusted by EC2, with AmazonEKSWorkerNodeMinimalPolicy and
 * AmazonEC2ContainerRegistryPullOnly (auto-create-node-role.adoc; auto-learn-iam.adoc, "Node IAM role").
 */
export function autoModeNodeRole(scope: Construct, id: string): iam.Role {
  return new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: [
      iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEKSWorkerNodeMinimalPolicy'),
      iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEC2ContainerRegistryPullOnly'),
    ],
  });
}

export interface AutoModeNodePoolsProps {
  /** The Auto Mode cluster (made with `autoModeCompute`). */
  readonly cluster: eks.Cluster;
  /** The planned pools (`nodePoolsFromPlan`). */
  readonly pools: readonly NodePoolPlan[];
  /** The capacity options. */
  readonly options: AutoModeCapacityOptions;
  /**
   * The subnets of the NodeClass made when no built-in pool is kept.
   * @default the cluster VPC's private subnets
   */
  readonly subnets?: readonly ec2.ISubnet[];
}

/**
 * The planned NodePools of an Auto Mode cluster and, when no built-in pool keeps the `default` NodeClass, the
 * NodeClass they launch with, its node role and the role's access entry.
 */
export class AutoModeNodePools extends Construct {
  /** Problems of the options, for synth to list. */
  static problems(options: AutoModeCapacityOptions, where = 'capacity'): string[] {
    return autoModeProblems(options, where);
  }

  /** The NodePools' manifest; undefined when there are none. */
  readonly nodePools?: eks.KubernetesManifest;
  /** Our NodeClass's manifest; undefined while the `default` NodeClass is used. */
  readonly nodeClass?: eks.KubernetesManifest;
  /** Our NodeClass's node role; undefined while the `default` NodeClass is used. */
  readonly nodeRole?: iam.Role;
  /** The NodePools applied, in plan order. */
  readonly objects: readonly Record<string, unknown>[];

  constructor(scope: Construct, id: string, props: AutoModeNodePoolsProps) {
    super(scope, id);
    const { cluster, options } = props;
    this.objects = autoModeNodePoolObjects(props.pools, options);
    if (autoModeNodeClassName(options) === AUTO_MODE_NODE_CLASS && this.objects.length > 0) {
      this.nodeRole = autoModeNodeRole(this, 'NodeRole');
      // A role other than the compute config's needs its own access entry of type EC2 with AmazonEKSAutoNodePolicy
      // (create-node-class.adoc, "Considerations"; aws-eks-v2 GrantAccessOptions.accessEntryType).
      const nodeAccess = new eks.AccessEntry(this, 'NodeAccess', {
        cluster,
        principal: this.nodeRole.roleArn,
        accessEntryType: eks.AccessEntryType.EC2,
        accessPolicies: [
          eks.AccessPolicy.fromAccessPolicyName('AmazonEKSAutoNodePolicy', {
            accessScopeType: eks.AccessScopeType.CLUSTER,
          }),
        ],
      });
      const subnets = props.subnets ?? cluster.vpc.privateSubnets;
      this.nodeClass = platformManifest(this, 'NodeClass', cluster, [
        autoModeNodeClassObject({
          roleName: this.nodeRole.roleName,
          subnetIds: subnets.map((subnet) => subnet.subnetId),
          // The cluster security group (eks-cluster-sg-*), which the default NodeClass uses too, and the only one
          // Auto Mode's load balancing may add rules to without more IAM (auto-networking.adoc, load balancing).
          securityGroupIds: [cluster.clusterSecurityGroupId],
        }),
      ]);
      // Nodes join only once their role's access entry exists; on destroy it outlives the nodes being drained.
      this.nodeClass.node.addDependency(nodeAccess);
    }
    if (this.objects.length > 0) {
      this.nodePools = platformManifest(this, 'NodePools', cluster, [...this.objects]);
      if (this.nodeClass) {
        this.nodePools.node.addDependency(this.nodeClass);
      }
    }
  }
}

export interface AutoModeStorageProps {
  /** The Auto Mode cluster; its role is granted what tagging the volumes takes. */
  readonly cluster: eks.Cluster;
  /** Every volume is tagged `marathon-to-eks/cluster=<clusterName>`, as the EBS CSI add-on's are. */
  readonly clusterName: string;
  /** Name of the StorageClass. @default 'gp3' (the EBS CSI add-on's, which workloads and monitoring claim) */
  readonly storageClassName?: string;
  /** Make it the cluster's default StorageClass. @default true */
  readonly defaultClass?: boolean;
}

/**
 * The default StorageClass of Auto Mode's block storage: the EBS CSI add-on's class (name, encrypted gp3, ext4, the
 * cluster tag, bound where the pod is scheduled) served by Auto Mode's driver instead, so nothing that claims it
 * changes. Auto Mode makes none itself (create-storage-class.adoc).
 */
export class AutoModeStorage extends Construct {
  /** Its pods: none, Auto Mode runs the driver itself. */
  static pods(): [] {
    return [];
  }

  readonly storageClass: eks.KubernetesManifest;
  readonly storageClassName: string;

  constructor(scope: Construct, id: string, props: AutoModeStorageProps) {
    super(scope, id);
    this.storageClassName = props.storageClassName ?? DEFAULT_STORAGE_CLASS;
    this.storageClass = platformManifest(this, 'StorageClass', props.cluster, [
      autoModeStorageClassObject({
        name: this.storageClassName,
        defaultClass: props.defaultClass !== false,
        clusterName: props.clusterName,
      }),
    ]);
    // The Auto Mode managed policies let the cluster role tag only with EKS's own keys; a user tag on created
    // volumes takes this statement (auto-learn-iam.adoc, "Custom AWS tags for EKS Auto resources", Sid Storage).
    const stack = Stack.of(this);
    props.cluster.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'AutoModeVolumeTags',
        actions: ['ec2:CreateVolume', 'ec2:CreateSnapshot'],
        resources: [
          stack.formatArn({ service: 'ec2', resource: 'volume', resourceName: '*' }),
          // Snapshot ARNs carry no account (Service Authorization Reference, Amazon EC2 resource types).
          stack.formatArn({ service: 'ec2', resource: 'snapshot', resourceName: '*', account: '' }),
        ],
        conditions: {
          StringEquals: { 'aws:RequestTag/eks:eks-cluster-name': '${aws:PrincipalTag/eks:eks-cluster-name}' },
        },
      }),
    );
  }
}

/** What the StorageClass is made of. */
export interface AutoModeStorageClassSpec {
  /** The StorageClass's name. */
  readonly name: string;
  /** It carries the default-class annotation. */
  readonly defaultClass: boolean;
  /** The value of the `marathon-to-eks/cluster` tag on its volumes. */
  readonly clusterName: string;
}

/**
 * The StorageClass (create-storage-class.adoc: provisioner, `type`, `encrypted`, `csi.storage.k8s.io/fstype`,
 * `allowedTopologies` on the compute-type label; tags through `tagSpecification_N`, the EBS CSI driver's StorageClass
 * tagging the page refers to).
 */
export function autoModeStorageClassObject(spec: AutoModeStorageClassSpec): Record<string, unknown> {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name: spec.name,
      ...(spec.defaultClass ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}),
    },
    provisioner: AUTO_MODE_EBS_PROVISIONER,
    parameters: {
      type: 'gp3',
      encrypted: 'true',
      'csi.storage.k8s.io/fstype': 'ext4',
      tagSpecification_1: `${VOLUME_TAG}=${spec.clusterName}`,
    },
    // Bind where the pod is scheduled: an EBS volume lives in one AZ.
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
    reclaimPolicy: 'Delete',
    // Only Auto Mode nodes run its driver: a pod whose volume it provisions must land on one.
    allowedTopologies: [{ matchLabelExpressions: [{ key: AUTO_MODE_COMPUTE_TYPE_LABEL, values: ['auto'] }] }],
  };
}
