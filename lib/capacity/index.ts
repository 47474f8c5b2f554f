/** Capacity planning: node groups sized for the workloads, with their cost before and after. */
export { PRICES_DATE, instanceTypes, parseInstanceTable } from './instance-types';
export type { InstanceType } from './instance-types';
export { demandOf, podRequests } from './demand';
export type { WorkloadDemand } from './demand';
export { DEFAULT_DAEMONSET_OVERHEAD, DEFAULT_FAMILIES, candidateShapes, nodeShape } from './node-shape';
export type { DaemonSetOverhead, NodeShape, NodeShapeOptions } from './node-shape';
export { lowerBound } from './lower-bound';
export { PlanError, parseFleet, planCapacity } from './plan';
export type { CapacityPlan, CostSummary, Fleet, NodeGroupPlan, PlanOptions, PlannedNode } from './plan';
export { planHtml, planTable } from './plan-report';
export { parsePrices } from './prices';
