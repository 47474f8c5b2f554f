/**
 * marathon-to-eks: move DC/OS Marathon and Metronome workloads to Amazon EKS.
 *
 * The public API, named one by one (test/public-api.test.ts pins it): the constructs `EksEnvironment` and
 * `MarathonWorkload` with their props, and the pure pipeline a CI job can call without CDK: `loadEstate` →
 * `translateEstate` / `convertEstate` → `validateKubeObjects`, `demandOf` → `planCapacity`, and `estateGraph` →
 * `planWaves`. Everything else
 * is internal; the library itself imports by deep path, never through an index.
 */

// Loading an estate: files, directories, API responses, live Marathon and Metronome.
export { MARATHON_DEFAULTS, METRONOME_DEFAULTS, formatDiagnostic, loadEstate, loadTexts } from './marathon';
export type {
  AppDefinition,
  Definition,
  DefinitionKind,
  Diagnostic,
  GroupDefinition,
  IgnoredField,
  IgnoredKind,
  InputFailure,
  InputText,
  JobDefinition,
  LoadOptions,
  LoadResult,
  PathMove,
  PodDefinition,
  Provenance,
  RejectedDefinition,
  RemoteOptions,
  Severity,
  SourceSummary,
} from './marathon';
export type { JsonPath, PathSegment } from './util/json-path';

// The normalized model of apps, pods and jobs (`Definition.spec`).
export type {
  AppCheck,
  AppContainer,
  AppHealthCheck,
  AppHealthCheckProtocol,
  AppVolume,
  Artifact,
  Constraint,
  ConstraintOperator,
  DockerSettings,
  Endpoint,
  EnvValue,
  ExecutorResources,
  ExternalVolume,
  HostVolume,
  JobConstraint,
  JobConstraintOperator,
  JobRun,
  JobSchedule,
  JobVolume,
  KillSelection,
  LinuxInfo,
  MarathonApp,
  MarathonPod,
  MesosCommand,
  MetronomeJob,
  Network,
  NetworkMode,
  PersistentVolume,
  PersistentVolumeInfo,
  PodCheck,
  PodContainer,
  PodHealthCheck,
  PodVolume,
  PortDefinition,
  PortMapping,
  PortProtocol,
  ReadinessCheck,
  ResourceLimits,
  SecretDef,
  SecretVolume,
  StringMap,
  UnreachableStrategy,
  UpgradeStrategy,
} from './marathon';

// Translation into Kubernetes objects, with the report line of every input field.
export { DEFAULT_OPTIONS, FIELD_STATUSES, PUBLIC_NODE, translateEstate } from './translate';
export type {
  DcosCaller,
  DcosForwarder,
  EstateSelection,
  EstateTranslation,
  FieldNote,
  FieldReport,
  FieldStatus,
  KubeObject,
  LeftOnDcos,
  NamespaceStrategy,
  NodeLabelRequirement,
  NodeTaintRequirement,
  Notes,
  ObjectRef,
  ResolvedTranslateOptions,
  SecretRequirement,
  TrafficCutoverOptions,
  TranslateOptions,
  TranslatedWorkload,
  Translation,
  TranslationFailure,
  WorkloadReport,
} from './translate';

// Migration waves: the dependency graph of an estate and its order into waves.
export {
  EstateGraphError,
  WavePlanError,
  estateGraph,
  idsThroughWave,
  planWaves,
  wavesHtml,
  wavesTable,
} from './waves';
export type {
  DependencyEdge,
  EdgeKind,
  EstateGraph,
  GraphNode,
  UnresolvedReference,
  Wave,
  WaveOptions,
  WavePlan,
  WavesHtmlOptions,
  WavesTableOptions,
} from './waves';

// The cdk8s chart, and manifests with the migration report for review.
export {
  MarathonWorkload,
  REPORT_JSON,
  REPORT_MARKDOWN,
  SelectionError,
  WorkloadSelection,
  convertEstate,
  reportMarkdown,
  toYaml,
  yamlDocuments,
} from './workload';
export type {
  CoexistenceReference,
  Conversion,
  ConvertOptions,
  CutoverStep,
  MarathonReplacement,
  MarathonWorkloadProps,
  MigrationReport,
  ReportError,
  ReportSummary,
} from './workload';

// Strict validation of Kubernetes objects.
export { validateKubeObject, validateKubeObjects } from './validate/kubernetes';
export type { KubeObjectProblems, KubeProblem } from './validate/kubernetes';

// The EKS environment, its add-ons and node groups.
export {
  ADDON_VERSIONS_CONTEXT,
  AlertReceiver,
  AutoModeNodePools,
  AutoModeStorage,
  Capacity,
  AlertRouting,
  ClusterEndpoint,
  DEFAULT_DELIVERY_LIMITS,
  DEFAULT_NODE_GROUP,
  DcosConnection,
  EksEnvironment,
  KARPENTER_CHART,
  KARPENTER_CONTROLLER_NODE_GROUP,
  Karpenter,
  MarathonLbAddress,
  MarathonToEksChecks,
  NODE_GROUP_LABEL,
  NatGateways,
  NodeCapacity,
  TrafficCutover,
  defaultNodeGroups,
  nodeGroupsFromPlan,
  platformWorkloadDemand,
  resolveAddons,
} from './eks';
export type {
  AlertReceiverOptions,
  AutoModeCapacityOptions,
  CapacityMode,
  ClusterAutoscalerOptions,
  CoexistenceOptions,
  CoexistenceZone,
  ContainerResources,
  CoreDnsOptions,
  CostEstimate,
  DefaultNodeGroupsOptions,
  DeliverableWorkload,
  DeliveryLimits,
  DeliveryPlan,
  HashedManifest,
  PlannedBucket,
  PlannedManifest,
  RenderedObject,
  EbsCsiOptions,
  EksAddonOptions,
  EksEnvironmentAddons,
  EksEnvironmentProps,
  EmailReceiverOptions,
  EscalationStep,
  ExternalDnsOptions,
  ExternalSecretsOptions,
  HelmAddonOptions,
  KarpenterCapacityOptions,
  LoadBalancerControllerOptions,
  MarathonLbHealthCheckOptions,
  MarathonLbLoadBalancerOptions,
  MesosDnsOptions,
  MetricsServerOptions,
  MonitoringOptions,
  NodeGroupSpec,
  NodeGroupsCapacityOptions,
  NodePoolOptions,
  NodeTaint,
  PagerDutyReceiverOptions,
  PodIdentityAgentOptions,
  ResolvedAddons,
  SlackReceiverOptions,
  TrafficCutoverProps,
  WorkloadDelivery,
  WorkloadDeliveryOptions,
} from './eks';

// Capacity planning: node groups sized for the workloads, and their cost.
export {
  DEFAULT_DAEMONSET_OVERHEAD,
  DEFAULT_FAMILIES,
  POOL_WEIGHTS,
  PlanError,
  demandOf,
  nodePoolsFromPlan,
  parseFleet,
  parsePrices,
  planCapacity,
  planHtml,
  planTable,
} from './capacity';
export type {
  CapacityPlan,
  CostSummary,
  DaemonSetOverhead,
  Fleet,
  NodeGroupPlan,
  NodePoolPlan,
  NodeShapeOptions,
  PlanCapacityMode,
  PlanReportOptions,
  NodeSlot,
  PlanOptions,
  PlannedNode,
  Unplaced,
  WorkloadDemand,
} from './capacity';
