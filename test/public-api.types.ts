/*
 * The type-level public surface, checked at compile time (`npm run typecheck`; jest does not run this file). Each
 * value below is what a README example or props table passes, typed with the props interface the package root
 * exports: a props type that leaves the root, or a prop the README names that the interface lacks, fails tsc.
 */
import type { IHostedZone } from 'aws-cdk-lib/aws-route53';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type {
  CapacityPlan,
  ClusterAutoscalerOptions,
  CoexistenceOptions,
  Conversion,
  CoreDnsOptions,
  Definition,
  EbsCsiOptions,
  EksEnvironmentAddons,
  EksEnvironmentProps,
  EstateTranslation,
  ExternalDnsOptions,
  ExternalSecretsOptions,
  LoadBalancerControllerOptions,
  LoadOptions,
  LoadResult,
  MarathonWorkloadProps,
  MesosDnsOptions,
  MetricsServerOptions,
  MigrationReport,
  MonitoringOptions,
  NodeGroupSpec,
  PlanOptions,
  PodIdentityAgentOptions,
  TranslateOptions,
  WorkloadDeliveryOptions,
  WorkloadDemand,
} from '../lib';
import type { AlertReceiver, ClusterEndpoint, DcosConnection, NatGateways, NodeCapacity } from '../lib';

declare const routingKey: ISecret;
declare const estate: LoadResult;
declare const receiver: AlertReceiver;
declare const endpoint: ClusterEndpoint;
declare const natGateways: NatGateways;
declare const capacity: NodeCapacity;
declare const dcos: DcosConnection;
declare const zone: IHostedZone;

/** README, "What normalization does": `loadEstate({ paths, marathonUrl, token })`. */
export const loadOptions: LoadOptions = {
  paths: ['marathon/'],
  marathonUrl: 'https://dcos.example.com/service/marathon',
  token: 'token',
};

/** README, "MarathonWorkload": `{ definitions: estate.definitions, groups: estate.groups }`. */
export const workloadProps: MarathonWorkloadProps = { definitions: estate.definitions, groups: estate.groups };

/** README, "Node groups": what a `NodeGroupSpec` takes. */
export const nodeGroup: NodeGroupSpec = {
  name: 'general',
  instanceTypes: ['m6i.large'],
  minSize: 1,
  desiredSize: 1,
  maxSize: 3,
  labels: { 'node-class': 'batch' },
  taints: [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }],
  capacity,
  zone: 0,
};

/** README, "Add-ons": each add-on's own props, as the add-on table lists them. */
export const addons: EksEnvironmentAddons = {
  loadBalancerController: { values: {}, resources: { requests: { cpu: '100m', memory: '128Mi' } } },
  metricsServer: { addonVersion: 'v0.8.0-eksbuild.1', configurationValues: {} },
  clusterAutoscaler: { chartVersion: '9.59.0', values: {}, imageTag: 'v1.36.1', resources: {} },
  ebsCsi: { addonVersion: 'v1.57.1-eksbuild.1', configurationValues: {}, storageClassName: 'gp3', defaultClass: true },
  externalSecrets: {
    chartVersion: '2.9.0',
    values: {},
    resources: {},
    webhookResources: {},
    certControllerResources: {},
  },
  monitoring: {
    chartVersion: '88.2.0',
    crdsChartVersion: '31.0.1',
    values: {},
    alertReceivers: [receiver],
    retention: '15d',
    prometheusStorageGib: 50,
    alertmanagerStorageGib: 5,
    grafanaStorageGib: 10,
    storageClassName: 'gp3',
    prometheusResources: {},
    alertmanagerResources: {},
    grafanaResources: {},
  },
  podIdentityAgent: { addonVersion: 'v1.3.10-eksbuild.2' },
  coreDns: { addonVersion: 'v1.13.2-eksbuild.3', configurationValues: {} },
  externalDns: { chartVersion: '1.21.1', values: {}, resources: {} },
};

/** README, "DC/OS coexistence": `DcosConnection.mesosDns({ servers, zones })` and the coexistence zone. */
export const mesosDns: MesosDnsOptions = { servers: ['10.0.1.10', '10.0.1.11:53'], zones: ['mesos'] };
export const coexistence: CoexistenceOptions = { zone };

/** README, "EksEnvironment" and "Add-ons": the props of its examples and list. */
export const environmentProps: EksEnvironmentProps = {
  endpoint,
  natGateways,
  adminRoleArns: ['arn:aws:iam::111122223333:role/Admin'],
  nodeGroups: [nodeGroup],
  capacity: { zones: 3 },
  addons: { clusterAutoscaler: false, monitoring: { retention: '30d' } },
  dcos,
  coexistence: { zone },
};

/** README, `addWorkload(workload, { bucketCount?, namespaceBucketCount? })`. */
export const deliveryOptions: WorkloadDeliveryOptions = { bucketCount: 16, namespaceBucketCount: 2 };

/** The add-on option types, one by one (each is also reachable through `EksEnvironmentAddons`). */
export type AddonOptionTypes = [
  LoadBalancerControllerOptions,
  MetricsServerOptions,
  ClusterAutoscalerOptions,
  EbsCsiOptions,
  ExternalSecretsOptions,
  MonitoringOptions,
  PodIdentityAgentOptions,
  CoreDnsOptions,
  ExternalDnsOptions,
];

/** What the pipeline entry points take and give (README, "Public API"). */
export type PipelineTypes = [
  Definition,
  TranslateOptions,
  EstateTranslation,
  Conversion,
  MigrationReport,
  WorkloadDemand,
  PlanOptions,
  CapacityPlan,
];

/** A README alert receiver factory call type-checks with a Secrets Manager secret. */
export type PagerDutyCall = ReturnType<typeof AlertReceiver.pagerDuty> extends AlertReceiver ? true : never;
export const pagerDutyArgs: Parameters<typeof AlertReceiver.pagerDuty>[0] = { routingKey, severities: ['critical'] };
