import { PlanOptions } from '../../capacity/plan';
import { ContainerResources, HelmAddonOptions } from '../addons/addon-options';
import { NodeGroupSpec } from '../node-groups';
import { NodePoolOptions } from './node-pool-options';

/** Managed node groups, scaled by the Cluster Autoscaler (today's behaviour). */
export interface NodeGroupsCapacityOptions {
  /** Options of the capacity planner, when it sizes the node groups for the workloads. @default the planner's defaults */
  readonly plan?: PlanOptions;
  /**
   * The node groups, instead of planned ones (as `EksEnvironmentProps.nodeGroups`; give one of the two).
   * @default planned for the workloads; without workloads `defaultNodeGroups`
   */
  readonly groups?: readonly NodeGroupSpec[];
}

/** Karpenter, launching the nodes of NodePools derived from the capacity plan. */
export interface KarpenterCapacityOptions extends HelmAddonOptions, NodePoolOptions {
  /** Options of the capacity planner the NodePools come from. @default the planner's defaults */
  readonly plan?: PlanOptions;
  /**
   * The managed node group the Karpenter controller runs on (it cannot run on nodes it launches), with room for the
   * add-ons. Not autoscaled: Karpenter launches every other node.
   * @default `karpenter`: 2 × m6i.large over the AZs (min 2, max 2)
   */
  readonly controllerNodeGroup?: NodeGroupSpec;
  /**
   * The controller container's resources (two replicas). The chart sets none (`controller.resources: {}`, karpenter
   * 1.14.1 values.yaml).
   * @default requests 1 CPU / 1Gi, memory limit 1Gi (the v1.14 getting-started guide's, less its CPU limit)
   */
  readonly resources?: ContainerResources;
  /**
   * The EC2NodeClass's AMI alias (`amiSelectorTerms[0].alias`): Amazon Linux 2023 at a pinned release, so nodes change
   * AMI only when you change this (Karpenter replaces them, within the disruption budget).
   * @default `al2023@v20260714`, the EKS AMI release this library was checked against (Kubernetes 1.36 AMIs)
   */
  readonly amiAlias?: string;
}

/** EKS Auto Mode: AWS runs Karpenter, the node AMIs, storage and load balancing; NodePools come from the plan. */
export interface AutoModeCapacityOptions extends NodePoolOptions {
  /** Options of the capacity planner the NodePools come from. @default the planner's defaults */
  readonly plan?: PlanOptions;
  /**
   * Auto Mode's built-in pools to keep: `system` (tainted `CriticalAddonsOnly`) and `general-purpose` (weight 0, so the
   * planned pools come first). An empty list still needs planned pools to run anything.
   * @default ['system', 'general-purpose']
   */
  readonly builtInNodePools?: readonly ('system' | 'general-purpose')[];
  /**
   * Whether NodePools are derived from the capacity plan (one per planned group). Without them every pod runs on the
   * built-in `general-purpose` pool, and a pod that selects a label no pool carries stays Pending.
   * @default true
   */
  readonly plannedNodePools?: boolean;
}

/** The capacity modes. */
export type CapacityMode = 'node-groups' | 'karpenter' | 'auto-mode';

/**
 * Where the cluster's nodes come from: managed node groups with the Cluster Autoscaler, Karpenter, or EKS Auto Mode.
 * Each sizes from the capacity plan of the workloads (README, "Choosing a capacity mode").
 *
 * ```ts
 * new EksEnvironment(stack, 'Eks', { workloads, capacity: Capacity.karpenter({ capacityTypes: ['spot', 'on-demand'] }) });
 * ```
 */
export class Capacity {
  /** Managed node groups planned for the workloads, scaled by the Cluster Autoscaler: the default. */
  static nodeGroups(options: NodeGroupsCapacityOptions = {}): Capacity {
    return new Capacity('node-groups', options);
  }

  /**
   * Karpenter (its chart from the OCI registry, pinned), on a small managed node group of its own, launching the nodes
   * of one NodePool per planned group; no Cluster Autoscaler.
   */
  static karpenter(options: KarpenterCapacityOptions = {}): Capacity {
    return new Capacity('karpenter', options);
  }

  /**
   * EKS Auto Mode (`computeConfig` on the cluster): the built-in pools and one NodePool per planned group; no managed
   * node groups, no Cluster Autoscaler, EBS volumes through Auto Mode's storage.
   */
  static autoMode(options: AutoModeCapacityOptions = {}): Capacity {
    return new Capacity('auto-mode', options);
  }

  private constructor(
    readonly mode: CapacityMode,
    readonly options: NodeGroupsCapacityOptions | KarpenterCapacityOptions | AutoModeCapacityOptions,
  ) {}

  /** The planner's options of any mode. */
  get planOptions(): PlanOptions | undefined {
    return this.options.plan;
  }
}
