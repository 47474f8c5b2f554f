import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ContainerResources, HelmAddonOptions, PlatformPods, oneReplica } from './addon-options';
import { DEFAULT_STORAGE_CLASS } from './ebs-csi';
import { ExternalSecrets, PLATFORM_STORE, SecretKeySource, externalSecret } from './external-secrets';
import { HelmChartSource, helmAddon, helmRelease } from './helm';
import { platformManifest } from './manifest';

const NAMESPACE = 'monitoring';
const RECEIVER_SECRET = 'alertmanager-receivers';
const RECEIVER_FILES = `/etc/alertmanager/secrets/${RECEIVER_SECRET}`;

/** What every alert receiver has. */
export interface AlertReceiverOptions {
  /**
   * The alert severities (the `severity` label, e.g. `critical`, `warning`) routed to this receiver.
   * @default every alert
   */
  readonly severities?: readonly string[];
}

/** Options of {@link AlertReceiver.slack}. */
export interface SlackReceiverOptions extends AlertReceiverOptions {
  /**
   * The receiver's name in Alertmanager's configuration, unique among the receivers; it also names the receiver's
   * key in the mounted credentials Secret (`<name>-webhook-url`).
   * @default 'slack'
   */
  readonly name?: string;
  /** The Slack channel the alerts are posted to, e.g. `#alerts`. */
  readonly channel: string;
  /** The Secrets Manager secret whose value is the incoming webhook's URL. */
  readonly webhookUrl: secretsmanager.ISecret;
}

/** Options of {@link AlertReceiver.pagerDuty}. */
export interface PagerDutyReceiverOptions extends AlertReceiverOptions {
  /**
   * The receiver's name in Alertmanager's configuration, unique among the receivers; it also names the receiver's
   * key in the mounted credentials Secret (`<name>-routing-key`).
   * @default 'pagerduty'
   */
  readonly name?: string;
  /** The Secrets Manager secret whose value is the routing key of the PagerDuty integration (Events API v2). */
  readonly routingKey: secretsmanager.ISecret;
}

/** Options of {@link AlertReceiver.email}. */
export interface EmailReceiverOptions extends AlertReceiverOptions {
  /**
   * The receiver's name in Alertmanager's configuration, unique among the receivers; it also names the receiver's
   * key in the mounted credentials Secret (`<name>-smtp-password`).
   * @default 'email'
   */
  readonly name?: string;
  /** The address the alerts are sent to. */
  readonly to: string;
  /** The sender's address: one the SMTP relay lets this user send from (for Amazon SES, a verified identity). */
  readonly from: string;
  /** The SMTP relay, `host:port`, e.g. `email-smtp.eu-west-1.amazonaws.com:587`; the connection must use TLS. */
  readonly smarthost: string;
  /** The SMTP user name. */
  readonly username: string;
  /** The Secrets Manager secret whose value is the SMTP password, stored without a trailing newline. */
  readonly password: secretsmanager.ISecret;
}

/** Where Alertmanager sends alerts. Every credential comes from AWS Secrets Manager into a mounted file. */
export class AlertReceiver {
  /** A Slack channel through an incoming webhook, whose URL is the secret. */
  static slack(options: SlackReceiverOptions): AlertReceiver {
    const credential = receiverCredential(options.name ?? 'slack', 'webhook-url', options.webhookUrl);
    const slack = { api_url_file: credential.file, channel: options.channel, send_resolved: true };
    return new AlertReceiver(credential.name, options.severities, credential.secrets, { slack_configs: [slack] });
  }

  /** PagerDuty (Events API v2), whose integration routing key is the secret. */
  static pagerDuty(options: PagerDutyReceiverOptions): AlertReceiver {
    const credential = receiverCredential(options.name ?? 'pagerduty', 'routing-key', options.routingKey);
    const pagerDuty = { routing_key_file: credential.file, send_resolved: true };
    return new AlertReceiver(credential.name, options.severities, credential.secrets, {
      pagerduty_configs: [pagerDuty],
    });
  }

  /** Email through an SMTP relay (e.g. Amazon SES); the SMTP password is the secret (stored without a trailing newline). */
  static email(options: EmailReceiverOptions): AlertReceiver {
    const credential = receiverCredential(options.name ?? 'email', 'smtp-password', options.password);
    const { to, from, smarthost, username } = options;
    const email = { to, from, smarthost, auth_username: username, auth_password_file: credential.file };
    return new AlertReceiver(credential.name, options.severities, credential.secrets, {
      email_configs: [{ ...email, require_tls: true, send_resolved: true }],
    });
  }

  private constructor(
    readonly name: string,
    /** Alert severities routed here. @default every alert */
    readonly severities: readonly string[] | undefined,
    readonly secrets: readonly { readonly key: string; readonly secret: secretsmanager.ISecret }[],
    readonly config: Record<string, unknown>,
  ) {}
}

/** A receiver's one credential: the key `<name>-<what>` of the receivers' Secret, and the file it is mounted as. */
function receiverCredential(name: string, what: string, secret: secretsmanager.ISecret) {
  const key = `${name}-${what}`;
  return { name, secrets: [{ key, secret }], file: `${RECEIVER_FILES}/${key}` };
}

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

/** The receiver every alert reaches that no route sends elsewhere: it sends nothing. */
export const NULL_RECEIVER = 'null';

/** What a caller can set of Prometheus, Alertmanager and Grafana. */
export interface MonitoringOptions extends HelmAddonOptions {
  /** Where alerts go. @default none: alerts are visible in Alertmanager and Grafana only */
  readonly alertReceivers?: readonly AlertReceiver[];
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

  /** What synth reports of the options (duplicate or reserved receiver names). */
  static problems(options: MonitoringOptions): string[] {
    const names = (options.alertReceivers ?? []).map((receiver) => receiver.name);
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
    const receivers = props.alertReceivers ?? [];

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
          serviceMonitorSelectorNilUsesHelmValues: false,
          podMonitorSelectorNilUsesHelmValues: false,
          ruleSelectorNilUsesHelmValues: false,
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
        resources: props.grafanaResources ?? DEFAULT_RESOURCES.grafana,
      },
      alertmanager: {
        alertmanagerSpec: {
          ...(receiverSources.length > 0 ? { secrets: [RECEIVER_SECRET] } : {}),
          storage: volume(props.alertmanagerStorageGib ?? 5),
          resources: props.alertmanagerResources ?? DEFAULT_RESOURCES.alertmanager,
        },
        config: alertmanagerConfig(receivers),
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

/**
 * Alertmanager's configuration. The root route sends to the null receiver, so an alert that matches no receiver's
 * severities reaches nobody (Alertmanager sends an alert no child route matches to the root's receiver); the chart's
 * Watchdog route is kept; each receiver then gets its severities, and every matching receiver is told (`continue`).
 */
export function alertmanagerConfig(receivers: readonly AlertReceiver[]): Record<string, unknown> {
  return {
    global: { resolve_timeout: '5m' },
    route: {
      receiver: NULL_RECEIVER,
      group_by: ['namespace', 'alertname'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '12h',
      routes: [
        { receiver: NULL_RECEIVER, matchers: ['alertname = "Watchdog"'] },
        ...receivers.map((receiver) => ({
          receiver: receiver.name,
          ...(receiver.severities ? { matchers: [`severity =~ "${receiver.severities.join('|')}"`] } : {}),
          continue: true,
        })),
      ],
    },
    receivers: [{ name: NULL_RECEIVER }, ...receivers.map((receiver) => ({ name: receiver.name, ...receiver.config }))],
  };
}
