import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { ArgoCdHelm } from '../gitops/argocd-helm';
import { GitOpsEngine } from '../gitops/gitops-options';
import type { CapacityMode } from '../capacity/capacity';
import { WorkloadDemand } from '../../capacity/demand';
import { ContainerResources, EksAddonOptions, PlatformPods, platformDemand } from './addon-options';
import { ClusterAutoscaler, ClusterAutoscalerOptions } from './cluster-autoscaler';
import { CoreDns, CoreDnsOptions } from './coredns';
import { EbsCsi, EbsCsiOptions } from './ebs-csi';
import { CUTOVER_RELEASE, ExternalDns, ExternalDnsOptions } from './external-dns';
import { ExternalSecrets, ExternalSecretsOptions } from './external-secrets';
import { MetricsServer, MetricsServerOptions } from './metrics-server';
import { Monitoring, MonitoringOptions } from './monitoring';

/** What a caller can set of the AWS Load Balancer Controller (installed by aws-eks-v2's `albController`). */
export interface LoadBalancerControllerOptions {
  /** The controller's version, which picks its chart and image. @default AlbControllerVersion.V3_2_2 (chart 3.2.2) */
  readonly version?: eks.AlbControllerVersion;
  /** Chart values over aws-cdk-lib's (`additionalHelmChartValues`); never a credential. @default none */
  readonly values?: Readonly<Record<string, unknown>>;
  /** The controller's resources. @default requests 100m CPU / 128Mi */
  readonly resources?: ContainerResources;
}

/** The pod identity agent (always on: the add-ons' credentials come through it). */
export type PodIdentityAgentOptions = Pick<EksAddonOptions, 'addonVersion'>;

/**
 * The add-ons, each on unless `false`; `true` or options turn one on with its defaults or with those options
 * (cdk-eks-blueprints style: every add-on takes its own props).
 */
export interface EksEnvironmentAddons {
  /** AWS Load Balancer Controller: Ingresses (class `alb`) become ALBs, LoadBalancer Services NLBs. @default on */
  readonly loadBalancerController?: boolean | LoadBalancerControllerOptions;
  /** metrics-server (EKS community add-on). @default on */
  readonly metricsServer?: boolean | MetricsServerOptions;
  /** Cluster Autoscaler for the managed node groups. @default on with `Capacity.nodeGroups()`, else off (and refused) */
  readonly clusterAutoscaler?: boolean | ClusterAutoscalerOptions;
  /** EBS CSI driver and the default gp3 StorageClass. @default on, except with `Capacity.autoMode()` (built in; refused) */
  readonly ebsCsi?: boolean | EbsCsiOptions;
  /** External Secrets Operator reading AWS Secrets Manager; syncs the Secrets the migration report lists. @default on */
  readonly externalSecrets?: boolean | ExternalSecretsOptions;
  /** Prometheus, Alertmanager and Grafana (needs ebsCsi and externalSecrets). @default on */
  readonly monitoring?: boolean | MonitoringOptions;
  /** The EKS Pod Identity agent, which every add-on's credentials need: it cannot be switched off. @default its pinned version */
  readonly podIdentityAgent?: PodIdentityAgentOptions;
  /**
   * CoreDNS as an EKS managed add-on (EKS runs a self-managed one otherwise), which the DC/OS zones are forwarded
   * through; `dcos` needs it.
   * @default on when `dcos` is set, else off (EKS's self-managed CoreDNS)
   */
  readonly coreDns?: boolean | CoreDnsOptions;
  /**
   * ExternalDNS, naming the internal NLBs DC/OS callers reach in the `coexistence` zone, and writing the ALB records of
   * the `trafficCutover` zone (a release of its own, `external-dns-cutover`; these options apply to both releases); it
   * needs one of the two zones.
   * @default on when `coexistence` or `trafficCutover` is set, else off
   */
  readonly externalDns?: boolean | ExternalDnsOptions;
}

/** The add-ons with their options resolved: an add-on that is off is absent. */
export interface ResolvedAddons {
  readonly loadBalancerController?: LoadBalancerControllerOptions;
  readonly metricsServer?: MetricsServerOptions;
  readonly clusterAutoscaler?: ClusterAutoscalerOptions;
  readonly ebsCsi?: EbsCsiOptions;
  readonly externalSecrets?: ExternalSecretsOptions;
  readonly monitoring?: MonitoringOptions;
  readonly podIdentityAgent: PodIdentityAgentOptions;
  readonly coreDns?: CoreDnsOptions;
  readonly externalDns?: ExternalDnsOptions;
}

/** Which of the add-ons that are off by default the environment's other props turn on when they are not named. */
export interface AddonTriggers {
  /** `dcos` is set: the managed CoreDNS forwards its zones. */
  readonly dcos?: boolean;
  /** `coexistence` is set: ExternalDNS names the NLBs in its zone. */
  readonly coexistence?: boolean;
  /** `trafficCutover` is set: a second ExternalDNS release writes the ALB records of its zone. */
  readonly trafficCutover?: boolean;
  /**
   * Where the nodes come from: the Cluster Autoscaler is on by default with node groups only (Karpenter and Auto Mode
   * scale the nodes themselves), the EBS CSI driver except under Auto Mode (its block storage is built in).
   * @default 'node-groups'
   */
  readonly capacityMode?: CapacityMode;
  /** Argo CD of GitOps delivery: from its chart, its pods run on the nodes. @default none */
  readonly gitOpsEngine?: GitOpsEngine;
}

/** Which add-ons are on, and with what options. */
export function resolveAddons(addons: EksEnvironmentAddons = {}, triggers: AddonTriggers = {}): ResolvedAddons {
  const on = <T extends object>(value: boolean | T | undefined, byDefault = true): T | undefined =>
    value === false || (value === undefined && !byDefault)
      ? undefined
      : value === true || value === undefined
        ? ({} as T)
        : value;
  const resolved = {
    loadBalancerController: on(addons.loadBalancerController),
    metricsServer: on(addons.metricsServer),
    clusterAutoscaler: on(addons.clusterAutoscaler, (triggers.capacityMode ?? 'node-groups') === 'node-groups'),
    ebsCsi: on(addons.ebsCsi, triggers.capacityMode !== 'auto-mode'),
    externalSecrets: on(addons.externalSecrets),
    monitoring: on(addons.monitoring),
    coreDns: on(addons.coreDns, triggers.dcos === true),
    externalDns: on(addons.externalDns, triggers.coexistence === true || triggers.trafficCutover === true),
  };
  const present = Object.fromEntries(Object.entries(resolved).filter(([, options]) => options !== undefined));
  return { ...present, podIdentityAgent: addons.podIdentityAgent ?? {} };
}

/** The default resources of the load balancer controller: aws-cdk-lib's chart values set none. */
export const LOAD_BALANCER_CONTROLLER_RESOURCES: ContainerResources = { requests: { cpu: '100m', memory: '128Mi' } };

/**
 * The platform's own pods, for the capacity plan: CoreDNS (which EKS runs, managed as an add-on or not: two replicas of
 * 100m / 70Mi unless its add-on's configuration says otherwise) and every add-on that is on, as each declares them.
 * DaemonSets are in the node shape's DaemonSet overhead instead. With `triggers`, ExternalDNS counts a release per zone
 * it writes (coexistence, cut-over); without, one release when it is on.
 */
export function platformPods(addons: ResolvedAddons, triggers?: AddonTriggers): PlatformPods[] {
  return [
    ...CoreDns.pods(addons.coreDns),
    // aws-cdk-lib installs the controller chart with its default of two replicas (aws-load-balancer-controller chart 3.2.2 replicaCount).
    ...(addons.loadBalancerController
      ? [
          {
            name: 'kube-system/aws-load-balancer-controller',
            replicas: 2,
            containers: [addons.loadBalancerController.resources ?? LOAD_BALANCER_CONTROLLER_RESOURCES],
          },
        ]
      : []),
    ...(addons.metricsServer ? MetricsServer.pods() : []),
    ...(addons.clusterAutoscaler ? ClusterAutoscaler.pods(addons.clusterAutoscaler) : []),
    ...(addons.ebsCsi ? EbsCsi.pods() : []),
    ...(addons.externalSecrets ? ExternalSecrets.pods(addons.externalSecrets) : []),
    ...(addons.monitoring ? Monitoring.pods(addons.monitoring) : []),
    ...(addons.externalDns ? externalDnsPods(addons.externalDns, triggers) : []),
    ...(triggers?.gitOpsEngine?.kind === 'helm' ? ArgoCdHelm.pods(triggers.gitOpsEngine.helm) : []),
  ];
}

function externalDnsPods(options: ExternalDnsOptions, triggers: AddonTriggers | undefined): PlatformPods[] {
  if (!triggers) {
    return ExternalDns.pods(options);
  }
  return [
    ...(triggers.coexistence ? ExternalDns.pods(options) : []),
    ...(triggers.trafficCutover ? ExternalDns.pods(options, CUTOVER_RELEASE) : []),
  ];
}

/** The platform's pods as the planner's demand (see `platformPods` for `triggers`). */
export function platformWorkloadDemand(addons: ResolvedAddons, triggers?: AddonTriggers): WorkloadDemand[] {
  return platformPods(addons, triggers).map(platformDemand);
}
