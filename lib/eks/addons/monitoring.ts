import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ContainerResources, HelmAddonOptions, PlatformPods, oneReplica } from './addon-options';
import { AlertReceiver, NULL_RECEIVER, RECEIVER_SECRET } from './alert-receivers';
import { AlertRouting, alertmanagerConfig } from './alert-routing';
import { DEFAULT_STORAGE_CLASS } from './ebs-csi';
import { ExternalSecrets, PLATFORM_STORE, SecretKeySource, externalSecret } from './external-secrets';
import { HelmChartSource, helmAddon, helmRelease } from './helm';
import { platformManifest } from './manifest';
import { GRAFANA_DASHBOARD_LABEL, GRAFANA_DASHBOARD_LABEL_VALUE } from '../../translate/migration-dashboard';

export { AlertReceiver, NULL_RECEIVER } from './alert-receivers';
export type {
  AlertReceiverOptions,
  EmailReceiverOptions,
  PagerDutyReceiverOptions,
  SlackReceiverOptions,
} from './alert-receivers';
export { AlertRouting, alertmanagerConfig } from './alert-routing';
export type { EscalationStep } from './alert-routing';

const NAMESPACE = 'monitoring';

/**
 * The label (and value) that makes Grafana load a ConfigMap's dashboards, from any namespace: the dashboard sidecar
 * of the grafana chart 12.10.4 (kube-prometheus-stack 88.2.0's dependency) watches for it (templates/_pod.tpl:483-508).
 * The translation's dashboards carry it, so it is defined there, once.
 */
export { GRAFANA_DASHBOARD_LABEL, GRAFANA_DASHBOARD_LABEL_VALUE };

const PROMETHEUS_COMMUNITY = 'https://prometheus-community.github.io/helm-charts';
/** The charts this library was checked against. */
const KUBE_PROMETHEUS_STACK_CHART: HelmChartSource = {
  repository: PROMETHEUS_COMMUNITY,
  chart: 'kube-prometheus-stack',
  version: '88.2.0',
};
/**
 * prometheus-operator-crds 31.0.1 (operator v0.93.1): the chart's 10 CRDs are the schemas kube-prometheus-stack 88.2.0
 * (operator v0.93.0) bundles, apart from the version label.
 */
const PROMETHEUS_OPERATOR_CRDS_CHART: HelmChartSource = {
  repository: PROMETHEUS_COMMUNITY,
  chart: 'prometheus-operator-crds',
  version: '31.0.1',
};

/** What a caller can set of Prometheus, Alertmanager and Grafana. */
export interface MonitoringOptions extends HelmAddonOptions {
  /** Where alerts go. @default none: alerts are visible in Alertmanager and Grafana only */
  readonly alertReceivers?: readonly AlertReceiver[];
  /**
   * How alerts reach the receivers: each at once by its severities, or an escalation whose steps tell receivers one
   * after another while an alert keeps firing (their receivers need not be listed in `alertReceivers`).
   * @default AlertRouting.bySeverity()
   */
  readonly alertRouting?: AlertRouting;
  /** How long Prometheus keeps metrics. @default '15d' */
  readonly retention?: string;
  /** Size of Prometheus's volume in GiB; it also keeps at most 90 % of it. @default 50 */
  readonly prometheusStorageGib?: number;
  /** Size of Alertmanager's volume in GiB. @default 5 */
  readonly alertmanagerStorageGib?: number;
  /** Size of Grafana's volume in GiB. @default 10 */
  readonly grafanaStorageGib?: number;
  /** StorageClass of the three volumes. @default the ebsCsi add-on's StorageClass ('gp3') */
  readonly storageClassName?: string;
  /** prometheus-operator-crds chart version, matching `chartVersion`'s operator. @default '31.0.1' */
  readonly crdsChartVersion?: string;
  /** Prometheus's resources. @default requests 500m CPU / 2Gi, memory limit 4Gi */
  readonly prometheusResources?: ContainerResources;
  /** Alertmanager's resources. @default requests 50m CPU / 128Mi */
  readonly alertmanagerResources?: ContainerResources;
  /** Grafana's resources. @default requests 100m CPU / 256Mi */
  readonly grafanaResources?: ContainerResources;
}

export interface MonitoringProps extends MonitoringOptions {
  /** The cluster Prometheus, Alertmanager and Grafana are installed in. */
  readonly cluster: eks.Cluster;
  /** Credentials (Grafana's admin, the receivers') come through it. */
  readonly externalSecrets: ExternalSecrets;
  /** Name prefix of the Secrets Manager secrets this environment creates. */
  readonly secretsPrefix: string;
  /** Names the environment's own secrets, so two environments in one account do not collide. */
  readonly clusterName: string;
}

/** The namespace of Prometheus, Alertmanager and Grafana: one of the platform namespaces. */
export const MONITORING_NAMESPACE = NAMESPACE;

const DEFAULT_RESOURCES = {
  prometheus: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '4Gi' } },
  alertmanager: { requests: { cpu: '50m', memory: '128Mi' } },
  grafana: { requests: { cpu: '100m', memory: '256Mi' } },
  // The chart sets none for these; ours make the capacity plan's figures true.
  operator: { requests: { cpu: '100m', memory: '128Mi' } },
  kubeStateMetrics: { requests: { cpu: '10m', memory: '64Mi' } },
} as const;

/**
 * Prometheus, Alertmanager and Grafana (kube-prometheus-stack), with persistent storage and retention. The
 * operator's CRDs come from their own chart, kept on uninstall (removing them would delete every Prometheus object);
 * Grafana's admin login is generated in Secrets Manager; receivers read their credentials from mounted files.
 */
export class Monitoring extends Construct {
  /** Its pods (Prometheus, Alertmanager and Grafana on zonal volumes), one replica each. */
  static pods(options: MonitoringOptions = {}): PlatformPods[] {
    const zonal = { zonalVolumes: true };
    return [
      oneReplica('monitoring/prometheus', options.prometheusResources ?? DEFAULT_RESOURCES.prometheus, zonal),
      oneReplica('monitoring/alertmanager', options.alertmanagerResources ?? DEFAULT_RESOURCES.alertmanager, zonal),
      oneReplica('monitoring/grafana', options.grafanaResources ?? DEFAULT_RESOURCES.grafana, zonal),
      oneReplica('monitoring/prometheus-operator', DEFAULT_RESOURCES.operator),
      oneReplica('monitoring/kube-state-metrics', DEFAULT_RESOURCES.kubeStateMetrics),
    ];
  }

  /** What synth reports of the options (duplicate or reserved receiver names, impossible escalation steps). */
  static problems(options: MonitoringOptions): string[] {
    const routing = options.alertRouting ?? AlertRouting.bySeverity();
    const alertReceivers = options.alertReceivers ?? [];
    const receivers = routing.receivers(alertReceivers);
    const names = receivers.map((receiver) => receiver.name);
    const problems: string[] = [];
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i) {
        problems.push(`two alert receivers are named ${JSON.stringify(name)}; give one a name`);
      }
    });
    if (names.includes(NULL_RECEIVER)) {
      problems.push(
        `an alert receiver is named ${JSON.stringify(NULL_RECEIVER)}, the name of the receiver that drops unrouted alerts; give it another name`,
      );
    }
    problems.push(...routing.problems(alertReceivers));
    return problems;
  }

  readonly chart: eks.HelmChart;
  readonly crds: eks.HelmChart;
  /** Grafana's admin user and password (JSON keys `admin-user`, `admin-password`). */
  readonly grafanaAdmin: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { cluster, externalSecrets } = props;
    const storageClassName = props.storageClassName ?? DEFAULT_STORAGE_CLASS;
    const storageGib = props.prometheusStorageGib ?? 50;
    const routing = props.alertRouting ?? AlertRouting.bySeverity();
    const alertReceivers = props.alertReceivers ?? [];
    // The escalation's receivers as well: each one's credential is mounted.
    const receivers = routing.receivers(alertReceivers);

    const namespace = platformManifest(this, 'Namespace', cluster, [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } },
    ]);

    this.grafanaAdmin = new secretsmanager.Secret(this, 'GrafanaAdmin', {
      secretName: `${props.secretsPrefix}${props.clusterName}/grafana-admin`,
      description: 'Grafana admin login of the marathon-to-eks environment',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ 'admin-user': 'admin' }),
        generateStringKey: 'admin-password',
        excludePunctuation: true,
        passwordLength: 32,
      },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Only the platform store's role reads these; only the platform namespaces may use that store.
    this.grafanaAdmin.grantRead(externalSecrets.platformRole);
    const secretObjects = [
      externalSecret(
        NAMESPACE,
        'grafana-admin',
        [
          { secretKey: 'admin-user', remoteKey: this.grafanaAdmin.secretName, property: 'admin-user' },
          { secretKey: 'admin-password', remoteKey: this.grafanaAdmin.secretName, property: 'admin-password' },
        ],
        { store: PLATFORM_STORE },
      ),
    ];
    const receiverSources: SecretKeySource[] = receivers.flatMap((receiver) =>
      receiver.secrets.map(({ key, secret }) => ({ secretKey: key, remoteKey: secret.secretName })),
    );
    for (const receiver of receivers) {
      for (const { secret } of receiver.secrets) {
        secret.grantRead(externalSecrets.platformRole);
      }
    }
    if (receiverSources.length > 0) {
      secretObjects.push(externalSecret(NAMESPACE, RECEIVER_SECRET, receiverSources, { store: PLATFORM_STORE }));
    }
    const secrets = platformManifest(this, 'Secrets', cluster, secretObjects);
    secrets.node.addDependency(namespace, externalSecrets.store);

    this.crds = helmRelease(this, 'Crds', {
      cluster,
      chart: PROMETHEUS_OPERATOR_CRDS_CHART,
      version: props.crdsChartVersion,
      namespace: NAMESPACE,
      // Uninstalling the CRDs would delete every Prometheus, Alertmanager and ServiceMonitor object.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.crds.node.addDependency(namespace);

    const volume = (gib: number) => ({
      volumeClaimTemplate: {
        spec: { storageClassName, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: `${gib}Gi` } } },
      },
    });
    const values = {
      fullnameOverride: 'kps',
      crds: { enabled: false },
      // EKS runs the scheduler, controller manager and etcd out of the cluster's reach: their monitors would have no
      // target, and the chart's absent(up{job="kube-scheduler"}) and absent(up{job="kube-controller-manager"})
      // alerts would fire at severity critical forever (kube-prometheus-stack 88.2.0 values.yaml enables both).
      kubeScheduler: { enabled: false },
      kubeControllerManager: { enabled: false },
      kubeEtcd: { enabled: false },
      // kube-proxy binds its metrics to 127.0.0.1:10249 (the chart README, "KubeProxy"): scrapes are refused and
      // TargetDown would fire forever.
      kubeProxy: { enabled: false },
      prometheusOperator: {
        admissionWebhooks: { enabled: true, failurePolicy: 'Ignore', patch: { enabled: true } },
        resources: DEFAULT_RESOURCES.operator,
      },
      'kube-state-metrics': { resources: DEFAULT_RESOURCES.kubeStateMetrics },
      prometheus: {
        prometheusSpec: {
          retention: props.retention ?? '15d',
          retentionSize: `${Math.floor(storageGib * 0.9)}GiB`,
          walCompression: true,
          // Every ServiceMonitor, PodMonitor and PrometheusRule of every namespace, the migrated workloads' included.
          // With the NilUsesHelmValues switches off, the chart renders each empty selector as `{}`
          // (kube-prometheus-stack 88.2.0 templates/prometheus/prometheus.yaml:193-224, 271-286), and to the operator
          // an empty selector matches every object and an empty namespace selector every namespace, where a null one
          // means only Prometheus's own (prometheus-operator-crds 31.0.1 crd-prometheuses.yaml: podMonitorSelector,
          // serviceMonitorNamespaceSelector, ruleNamespaceSelector…). The chart's defaults are `{}` already
          // (values.yaml:4441-4511); stating them keeps them so if those defaults change.
          serviceMonitorSelectorNilUsesHelmValues: false,
          podMonitorSelectorNilUsesHelmValues: false,
          ruleSelectorNilUsesHelmValues: false,
          serviceMonitorSelector: {},
          serviceMonitorNamespaceSelector: {},
          podMonitorSelector: {},
          podMonitorNamespaceSelector: {},
          ruleSelector: {},
          ruleNamespaceSelector: {},
          resources: props.prometheusResources ?? DEFAULT_RESOURCES.prometheus,
          storageSpec: volume(storageGib),
        },
      },
      grafana: {
        admin: { existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' },
        persistence: {
          enabled: true,
          type: 'pvc',
          storageClassName,
          accessModes: ['ReadWriteOnce'],
          size: `${props.grafanaStorageGib ?? 10}Gi`,
        },
        // A ReadWriteOnce volume cannot follow a rolling update to another node.
        deploymentStrategy: { type: 'Recreate' },
        // Dashboards from ConfigMaps labelled grafana_dashboard: "1" in any namespace, the migrated workloads' included:
        // kube-prometheus-stack 88.2.0 sets these (values.yaml:1536-1542); the grafana chart 12.10.4 alone would watch
        // only its own namespace (values.yaml:1197 searchNamespace: null) and passes them to the sidecar as LABEL,
        // LABEL_VALUE and NAMESPACE (templates/_pod.tpl:483-508), reading ConfigMaps cluster-wide through its
        // ClusterRole (rbac.namespaced: false).
        sidecar: {
          dashboards: {
            enabled: true,
            label: GRAFANA_DASHBOARD_LABEL,
            labelValue: GRAFANA_DASHBOARD_LABEL_VALUE,
            searchNamespace: 'ALL',
          },
        },
        resources: props.grafanaResources ?? DEFAULT_RESOURCES.grafana,
      },
      alertmanager: {
        alertmanagerSpec: {
          ...(receiverSources.length > 0 ? { secrets: [RECEIVER_SECRET] } : {}),
          storage: volume(props.alertmanagerStorageGib ?? 5),
          resources: props.alertmanagerResources ?? DEFAULT_RESOURCES.alertmanager,
        },
        config: alertmanagerConfig(alertReceivers, routing),
      },
    };
    this.chart = helmAddon(this, 'Chart', props, {
      cluster,
      chart: KUBE_PROMETHEUS_STACK_CHART,
      namespace: NAMESPACE,
      // The admission-webhook hooks run within it too; still below the kubectl Lambda's 15 minutes.
      timeout: Duration.minutes(12),
      values,
    });
    this.chart.node.addDependency(this.crds, secrets);
  }
}
