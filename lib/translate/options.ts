import { NamespaceStrategy } from './naming';

/**
 * Choices a platform team makes once for the whole estate. Every member is optional: an option left out takes the
 * default documented here (and in the README), which {@link DEFAULT_OPTIONS} holds.
 */
export interface TranslateOptions {
  /** How groups become namespaces. @default "top-level-group" */
  readonly namespaceStrategy?: NamespaceStrategy;
  /** Namespace for top-level ids (and for everything with `single`). @default "default" */
  readonly defaultNamespace?: string;
  /** StorageClass of the volumes that replace persistent and external volumes. @default "gp3" */
  readonly storageClass?: string;
  /** Run apps that used host networking with `hostNetwork: true` instead of pod networking. @default false */
  readonly hostNetworking?: boolean;
  /** Keep fixed host ports (`requirePorts`, non-zero host ports) as `hostPort`. @default false */
  readonly hostPorts?: boolean;
  /** Leave CPU limits out (Mesos enforced `cpus` as a CFS quota; many teams drop CPU limits on Kubernetes). @default false */
  readonly dropCpuLimits?: boolean;
  /** IngressClass for marathon-lb HTTP routes. @default "alb" */
  readonly ingressClass?: string;
  /**
   * ACM certificate ARNs the ALBs of HTTPS routes (`HAPROXY_n_REDIRECT_TO_HTTPS`, `SSL_CERT`) serve, as the
   * `alb.ingress.kubernetes.io/certificate-arn` annotation. Without one, the controller looks for an issued ACM
   * certificate matching the Ingress hosts (certificate discovery); when none matches, the Ingress fails to reconcile
   * and no ALB is made (aws-load-balancer-controller pkg/ingress/cert_discovery.go: "no certificate found for host").
   * @default []
   */
  readonly certificateArns?: readonly string[];
  /** Labels added to every object. @default {} */
  readonly extraLabels?: Readonly<Record<string, string>>;
  /** Image for command apps and jobs that ran on the agent's filesystem without one. @default "debian:bookworm-slim" */
  readonly commandImage?: string;
  /** Image of the init container that downloads `fetch` / `uris` artifacts. @default "busybox:1.36" */
  readonly fetchImage?: string;
  /** Add init containers that wait for each dependency's Service to accept connections. @default false */
  readonly waitForDependencies?: boolean;
  /** `backoffLimit` of jobs whose Metronome restart policy is ON_FAILURE. @default 6 */
  readonly jobBackoffLimit?: number;
  /**
   * An app limited to one instance per host (`[hostname, UNIQUE]` or `[hostname, MAX_PER, 1]`) with at least this
   * many instances is DC/OS's way of running a task on every agent (cadvisor, log shippers, image pullers): it becomes
   * a DaemonSet instead of a Deployment that would wait for that many nodes. 0 keeps every app a Deployment.
   * @default 100
   */
  readonly perNodeInstances?: number;
  /**
   * The Route 53 private zone (e.g. `eks.example.internal`) in which ExternalDNS names the internal NLBs that apps
   * still on DC/OS reach migrated workloads through, during a migration in waves. With it, a converted subset gets an
   * NLB Service per workload with DC/OS callers and a Marathon forwarder app (`dcos/forwarders/`) to replace the
   * original at cut-over; it must be the zone given to `EksEnvironment` (`coexistence`).
   * @default none: no NLB and no forwarder is made; the report lists the DC/OS callers that would need them
   */
  readonly coexistenceDomain?: string;
  /**
   * Image of the Marathon forwarder apps (`dcos/forwarders/`) that take a migrated workload's place on DC/OS and
   * relay its ports to EKS. It needs `socat` and `/bin/sh`: Marathon runs the forwarder's `cmd` as `/bin/sh -c`, in
   * place of the image's entrypoint, in both the Docker and the Mesos containerizer (apache/mesos 1.11.0
   * src/docker/docker.cpp `Docker::RunOptions::create`, src/slave/containerizer/mesos/isolators/docker/runtime.cpp
   * `getLaunchCommand`). The default is the socat image of alpine-docker/multi-arch-libs (socat/Dockerfile: Alpine
   * with `apk add socat`, tagged with the socat version by socat/version-tag.sh), at the tag testcontainers-go
   * v0.44.0 pins (modules/socat/socat.go).
   * @default "alpine/socat:1.8.0.1"
   */
  readonly forwarderImage?: string;
  /**
   * CIDRs of the DC/OS agents whose apps call migrated workloads: the only sources the coexistence NLBs admit
   * (`loadBalancerSourceRanges`).
   * @default none: the load balancer controller admits 0.0.0.0/0 (the NLB is internal, so only networks routed to the VPC reach it)
   */
  readonly coexistenceSourceRanges?: readonly string[];
  /**
   * Emit what watches the workloads on EKS: a ServiceMonitor / PodMonitor per app or pod with DC/OS metrics labels
   * (`DCOS_METRICS_FORMAT=prometheus`) and a PrometheusRule per namespace with each workload's alerts
   * (docs/monitoring.md). Both are prometheus-operator objects: the cluster needs its CRDs (the monitoring add-on).
   * @default true
   */
  readonly alerts?: boolean;
  /**
   * The `runbook_url` annotation of every alert: `{namespace}`, `{name}` (the workload's Kubernetes namespace and
   * name) and `{id}` (its Marathon / Metronome id) are replaced, URL-encoded.
   * @default "https://wiki.example.com/runbooks/{namespace}/{name}"
   */
  readonly runbookUrl?: string;
  /**
   * Move marathon-lb's public routes to the ALBs by weight: every Ingress host in `zone` gets ExternalDNS's
   * weighted-record annotations (set identifier `eks`, weight `weight`), and `EksEnvironment({ trafficCutover })` makes
   * the marathon-lb record of each pair with the rest (docs/traffic-cutover.md). Moving 0 → 10 → 50 → 100 and back is
   * a change of `weight` and a deploy. Hosts outside `zone` keep their rules but get no weighted record (their report
   * line says so); the migration report's `routeCutover` guides each route's handover and steps.
   * @default none: the Ingresses carry no DNS annotations; the public names are moved by hand
   */
  readonly trafficCutover?: TrafficCutoverOptions;
}

/**
 * A weighted cut-over of marathon-lb's public routes (translation option `trafficCutover`, CLI `--cutover-weight` and
 * `--cutover-zone`): each vhost of an Ingress that lies in `zone` gets a Route 53 weighted record pair, one record for
 * marathon-lb (made by CloudFormation, `TrafficCutover`) and one for the workload's ALB (made by ExternalDNS from the
 * Ingress annotations below, since the ALB's name is known only once the controller has made it).
 */
export interface TrafficCutoverOptions {
  /**
   * The Route 53 public zone the vhosts are in, e.g. `example.com`: a DNS name, compared with the hosts lowercase and
   * without a trailing dot (`Example.COM.` is `example.com`, `normalizeCutoverZone`).
   */
  readonly zone: string;
  /**
   * The percentage of each route's queries answered with the ALB, a whole number from 0 to 100 (checked before
   * translation: ExternalDNS itself takes any integer); marathon-lb gets the rest.
   */
  readonly weight: number;
}

/** The options with every default filled in: what the translation itself reads. */
export type ResolvedTranslateOptions = Required<Omit<TranslateOptions, 'coexistenceDomain' | 'trafficCutover'>> &
  Pick<TranslateOptions, 'coexistenceDomain' | 'trafficCutover'>;

export const DEFAULT_OPTIONS: ResolvedTranslateOptions = {
  namespaceStrategy: 'top-level-group',
  defaultNamespace: 'default',
  storageClass: 'gp3',
  hostNetworking: false,
  hostPorts: false,
  dropCpuLimits: false,
  ingressClass: 'alb',
  certificateArns: [],
  extraLabels: {},
  commandImage: 'debian:bookworm-slim',
  fetchImage: 'busybox:1.36',
  waitForDependencies: false,
  jobBackoffLimit: 6,
  perNodeInstances: 100,
  forwarderImage: 'alpine/socat:1.8.0.1',
  coexistenceSourceRanges: [],
  alerts: true,
  runbookUrl: 'https://wiki.example.com/runbooks/{namespace}/{name}',
};

/**
 * The given options over the defaults. An option given as `undefined` (`storageClass: process.env.SC` with the
 * variable unset) takes its default, as `@default` promises, instead of overriding it with nothing.
 */
export function resolveOptions(options: TranslateOptions = {}): ResolvedTranslateOptions {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const { trafficCutover } = options;
  return {
    ...DEFAULT_OPTIONS,
    ...given,
    ...(trafficCutover
      ? { trafficCutover: { ...trafficCutover, zone: normalizeCutoverZone(trafficCutover.zone) } }
      : {}),
  };
}

/**
 * The zone as hosts are compared with it and as the report names it: DNS is case-blind and a trailing dot is the
 * root, so `Example.COM.` is `example.com`. Resolved options carry it so; the option checks read it so too.
 */
export function normalizeCutoverZone(zone: string): string {
  return zone.trim().toLowerCase().replace(/\.+$/, '');
}

/** Labels and taints the translation puts on workloads that ran on DC/OS public agents (`slave_public`). */
export const PUBLIC_NODE = { key: 'marathon-to-eks/node-role', value: 'public' } as const;
