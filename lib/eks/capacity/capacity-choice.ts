import { NodePoolPlan, nodePoolsFromPlan } from '../../capacity/node-pools';
import { CapacityPlan, PlanOptions } from '../../capacity/plan';
import { EksEnvironmentAddons } from '../addons/addons';
import { NodeGroupSpec, defaultNodeGroups, nodeGroupsFromPlan } from '../node-groups';
import { AutoModeCapacityOptions, Capacity, KarpenterCapacityOptions } from './capacity';
import { validateKubeObjects } from '../../validate/kubernetes';
import { autoModeNodePoolObjects } from './auto-mode';
import { KARPENTER_CONTROLLER_NODE_GROUP } from './karpenter';
import { KARPENTER_FLAVOR } from './karpenter-objects';
import { nodePoolObject } from './node-pool-object';
import { NodePoolOptions, nodePoolOptionProblems, resolveNodePoolOptions } from './node-pool-options';

/*
 * What the environment makes of its `capacity` prop, as pure functions: the mode, what it rules out, its node groups
 * and its NodePools.
 */

/** The `capacity` prop as a `Capacity`: earlier versions took the planner's options alone. */
export function resolveCapacity(capacity: Capacity | PlanOptions | undefined): Capacity {
  if (capacity instanceof Capacity) {
    return capacity;
  }
  return Capacity.nodeGroups(capacity ? { plan: capacity } : {});
}

/** What the other props ask for that the capacity mode rules out. */
export interface CapacityContext {
  /** The add-ons as given (not resolved): an add-on named there was asked for. */
  readonly addons: EksEnvironmentAddons;
  /** `EksEnvironmentProps.nodeGroups`. */
  readonly nodeGroups?: readonly NodeGroupSpec[];
  /** `EksEnvironmentProps.dcos` is set. @default false */
  readonly dcos?: boolean;
}

export function capacityProblems(capacity: Capacity, context: CapacityContext): string[] {
  const problems: string[] = [];
  const groups = (capacity.options as { groups?: readonly NodeGroupSpec[] }).groups;
  if (capacity.mode === 'node-groups') {
    if (context.nodeGroups && groups) {
      problems.push('nodeGroups and capacity: Capacity.nodeGroups({ groups }) both name the node groups: give one');
    }
    return problems;
  }
  const mode = capacity.mode === 'karpenter' ? 'Capacity.karpenter()' : 'Capacity.autoMode()';
  if (context.nodeGroups) {
    problems.push(
      capacity.mode === 'karpenter'
        ? `nodeGroups is for Capacity.nodeGroups(): with ${mode} Karpenter launches the nodes of the planned NodePools, and its controller runs on controllerNodeGroup`
        : `nodeGroups is for Capacity.nodeGroups(): ${mode} runs no managed node groups, its NodePools launch the nodes`,
    );
  }
  if (context.addons.clusterAutoscaler !== undefined && context.addons.clusterAutoscaler !== false) {
    problems.push(
      `addons.clusterAutoscaler is on with ${mode}: ${capacity.mode === 'karpenter' ? 'Karpenter' : 'Auto Mode'} scales the nodes, and the Cluster Autoscaler would scale the same nodes against it; leave it out`,
    );
  }
  if (capacity.mode === 'auto-mode' && context.addons.ebsCsi !== undefined && context.addons.ebsCsi !== false) {
    problems.push(
      `addons.ebsCsi is on with ${mode}: Auto Mode runs its own EBS driver (block storage) and its StorageClass is made for you; leave it out`,
    );
  }
  if (capacity.mode === 'auto-mode') {
    // Auto Mode runs CoreDNS on each node as a system service, with no Deployment for the managed add-on's Corefile
    // to configure (aws/containers-roadmap#2546; EKS user guide, "CoreDNS in EKS Auto Mode").
    if (context.dcos) {
      problems.push(
        `dcos is not available with ${mode}: Auto Mode runs CoreDNS itself, so the DC/OS zones cannot be forwarded through the CoreDNS add-on's Corefile; use Capacity.karpenter() or Capacity.nodeGroups() while apps run on both`,
      );
    } else if (context.addons.coreDns !== undefined && context.addons.coreDns !== false) {
      problems.push(`addons.coreDns is on with ${mode}: Auto Mode runs CoreDNS itself; leave it out`);
    }
  }
  return problems;
}

/** What the node groups are made from. */
export interface NodeGroupSources {
  /** The node groups given (`nodeGroups`, or `Capacity.nodeGroups({ groups })`). */
  readonly given?: readonly NodeGroupSpec[];
  readonly plan?: CapacityPlan;
  readonly zones: number;
  /** Whether pods keep zonal (EBS) volumes without a plan (monitoring on). */
  readonly zonalVolumes: boolean;
}

/**
 * The managed node groups of a mode: node groups, those given or planned (else the defaults); Karpenter, its
 * controller's group; Auto Mode, none.
 */
export function nodeGroupSpecsOf(capacity: Capacity, sources: NodeGroupSources): readonly NodeGroupSpec[] {
  switch (capacity.mode) {
    case 'node-groups':
      return (
        sources.given ??
        (sources.plan
          ? nodeGroupsFromPlan(sources.plan)
          : defaultNodeGroups({ zones: sources.zones, zonalVolumes: sources.zonalVolumes }))
      );
    case 'karpenter':
      return [(capacity.options as KarpenterCapacityOptions).controllerNodeGroup ?? KARPENTER_CONTROLLER_NODE_GROUP];
    case 'auto-mode':
      return [];
  }
}

/**
 * What the API server would refuse of the NodePools, checked at synth rather than at deploy, where one bad pool fails
 * the manifest that carries them all.
 */
export function nodePoolProblems(capacity: Capacity, pools: readonly NodePoolPlan[]): string[] {
  // A bad option is reported once, by the mode's own problems, not again for every pool it would break.
  if (nodePoolOptionProblems(capacity.options as NodePoolOptions, 'capacity').length > 0) {
    return [];
  }
  const objects =
    capacity.mode === 'karpenter'
      ? pools.map((pool) =>
          nodePoolObject(pool, KARPENTER_FLAVOR, resolveNodePoolOptions(capacity.options as KarpenterCapacityOptions)),
        )
      : capacity.mode === 'auto-mode'
        ? autoModeNodePoolObjects(pools, capacity.options as AutoModeCapacityOptions)
        : [];
  return validateKubeObjects(objects).flatMap((invalid) =>
    invalid.problems.map((problem) => `NodePool ${invalid.name ?? invalid.index}: ${problem.path}: ${problem.message}`),
  );
}

/** The NodePools of a mode: the plan's under Karpenter, and under Auto Mode unless `plannedNodePools` is false. */
export function nodePoolsOf(capacity: Capacity, plan: CapacityPlan | undefined): readonly NodePoolPlan[] {
  if (!plan || capacity.mode === 'node-groups') {
    return [];
  }
  if (capacity.mode === 'auto-mode' && (capacity.options as AutoModeCapacityOptions).plannedNodePools === false) {
    return [];
  }
  return nodePoolsFromPlan(plan);
}
