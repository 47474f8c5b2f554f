/** EKS on aws-cdk-lib/aws-eks-v2: the environment migrated workloads land on, and how they are delivered. */
export { EksEnvironment } from './eks-environment';
export type { EksEnvironmentAddons, EksEnvironmentProps } from './eks-environment';
export { ClusterEndpoint } from './cluster-endpoint';
export { NatGateways } from './network';
export { DEFAULT_NODE_GROUP, NODE_GROUP_LABEL, NodeCapacity, defaultNodeGroups } from './node-groups';
export type { NodeGroupSpec, NodeTaint } from './node-groups';
export { AlertReceiver } from './addons/monitoring';
export { WorkloadDelivery } from './workload-delivery';
export type { DeliverableWorkload, WorkloadDeliveryOptions } from './workload-delivery';
export { DEFAULT_DELIVERY_LIMITS, planDelivery } from './delivery';
export type { DeliveryLimits, DeliveryPlan } from './delivery';
export { CLOUDFORMATION_LIMITS, MarathonToEksChecks } from './checks';
export { estimateHourlyCost } from './cost';
export type { CostEstimate } from './cost';
export { nodeGroupsFromPlan } from './node-groups';
