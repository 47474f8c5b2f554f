/**
 * Capacity planning: node groups sized for the workloads, with their cost before and after. The public part: the
 * demand of a translation, the planner, its options, result and reports; instance data, node shapes, packing and the
 * lower bound are internal.
 */
export { demandOf } from './demand';
export type { WorkloadDemand } from './demand';
export { DEFAULT_DAEMONSET_OVERHEAD, DEFAULT_FAMILIES } from './node-shape';
export type { DaemonSetOverhead, NodeShapeOptions } from './node-shape';
export { PlanError, parseFleet, planCapacity } from './plan';
export { POOL_WEIGHTS, nodePoolsFromPlan } from './node-pools';
export type { NodePoolPlan } from './node-pools';
export type {
  CapacityPlan,
  CostSummary,
  Fleet,
  NodeGroupPlan,
  NodeSlot,
  PlanOptions,
  PlannedNode,
  Unplaced,
} from './plan';
export { planHtml, planTable } from './plan-report';
export type { PlanCapacityMode, PlanReportOptions } from './plan-report';
export { parsePrices } from './prices';
export { KUBERNETES_CLUSTER_LIMITS, proposeClusters } from './cluster-split';
export type {
  ClusterLimits,
  ClusterSize,
  ClusterSplit,
  ClusterSplitOptions,
  CrossEdge,
  ProposedCluster,
} from './cluster-split';
export { clusterEnvironments } from './cluster-selections';
export type { ClusterEnvironment } from './cluster-selections';
