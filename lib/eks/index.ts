/** EKS on aws-cdk-lib/aws-eks-v2: the environment migrated workloads land on, and how they are delivered. */
export { EksEnvironment } from './eks-environment';
export type { EksEnvironmentAddons, EksEnvironmentProps } from './eks-environment';
export { ClusterEndpoint } from './cluster-endpoint';
export { DcosConnection } from './dcos-connection';
export type { CoexistenceOptions, MesosDnsOptions } from './dcos-connection';
export { NatGateways } from './network';
export { MarathonLbAddress, TrafficCutover } from './traffic-cutover';
export type {
  MarathonLbHealthCheckOptions,
  MarathonLbLoadBalancerOptions,
  TrafficCutoverProps,
} from './traffic-cutover';
export { Capacity } from './capacity/capacity';
export type {
  AutoModeCapacityOptions,
  CapacityMode,
  KarpenterCapacityOptions,
  NodeGroupsCapacityOptions,
} from './capacity/capacity';
export type { NodePoolOptions } from './capacity/node-pool-options';
export { KARPENTER_CHART, KARPENTER_CONTROLLER_NODE_GROUP, Karpenter } from './capacity/karpenter';
export { AutoModeNodePools, AutoModeStorage } from './capacity/auto-mode';
export { DEFAULT_NODE_GROUP, NODE_GROUP_LABEL, NodeCapacity, defaultNodeGroups } from './node-groups';
export type { DefaultNodeGroupsOptions, NodeGroupSpec, NodeTaint } from './node-groups';
export { AlertReceiver, AlertRouting } from './addons/monitoring';
export type {
  AlertReceiverOptions,
  EmailReceiverOptions,
  EscalationStep,
  MonitoringOptions,
  PagerDutyReceiverOptions,
  SlackReceiverOptions,
} from './addons/monitoring';
export type { ClusterAutoscalerOptions } from './addons/cluster-autoscaler';
export type { CoreDnsOptions } from './addons/coredns';
export type { CoexistenceZone, ExternalDnsOptions } from './addons/external-dns';
export type { EbsCsiOptions } from './addons/ebs-csi';
export type { ExternalSecretsOptions } from './addons/external-secrets';
export type { MetricsServerOptions } from './addons/metrics-server';
export type { LoadBalancerControllerOptions, PodIdentityAgentOptions, ResolvedAddons } from './addons/addons';
export { platformWorkloadDemand, resolveAddons } from './addons/addons';
export type { ContainerResources, EksAddonOptions, HelmAddonOptions } from './addons/addon-options';
export { ADDON_VERSIONS_CONTEXT } from './addons/addon-versions';
export type { DeliverableWorkload, WorkloadDelivery, WorkloadDeliveryOptions } from './workload-delivery';
export { DEFAULT_DELIVERY_LIMITS } from './delivery';
export type {
  DeliveryLimits,
  DeliveryPlan,
  HashedManifest,
  PlannedBucket,
  PlannedManifest,
  RenderedObject,
} from './delivery';
export { MarathonToEksChecks } from './checks';
export type { CostEstimate } from './cost';
export { nodeGroupsFromPlan } from './node-groups';
export { Delivery, GitCredentials, GitOpsEngine } from './gitops/gitops-options';
export type {
  ArgoCdHelmOptions,
  ArgoCdRoleMapping,
  GitOpsDeliveryOptions,
  IdentityCenterIdentity,
  InstalledGitOpsEngine,
  ManagedArgoCdOptions,
} from './gitops/gitops-options';
export { GitOpsDeliveries } from './gitops-deliveries';
