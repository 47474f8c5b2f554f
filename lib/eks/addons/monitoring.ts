import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ExternalSecrets, SecretKeySource, externalSecret } from './external-secrets';
import { helmRelease } from './helm';

const NAMESPACE = 'monitoring';
const RECEIVER_SECRET = 'alertmanager-receivers';
const RECEIVER_FILES = `/etc/alertmanager/secrets/${RECEIVER_SECRET}`;

/** Where Alertmanager sends alerts. Every credential comes from AWS Secrets Manager into a mounted file. */
export class AlertReceiver {
  /** A Slack channel through an incoming webhook, whose URL is the secret. */
  static slack(options: { readonly name?: string; readonly channel: string; readonly webhookUrl: secretsmanager.ISecret; readonly severities?: readonly string[] }): AlertReceiver {
    const name = options.name ?? 'slack';
    const key = `${name}-webhook-url`;
    return new AlertReceiver(name, options.severities, [{ key, secret: options.webhookUrl }], { slack_configs: [{ api_url_file: `${RECEIVER_FILES}/${key}`, channel: options.channel, send_resolved: true }] });
  }

  /** PagerDuty (Events API v2), whose integration routing key is the secret. */
  static pagerDuty(options: { readonly name?: string; readonly routingKey: secretsmanager.ISecret; readonly severities?: readonly string[] }): AlertReceiver {
    const name = options.name ?? 'pagerduty';
    const key = `${name}-routing-key`;
    return new AlertReceiver(name, options.severities, [{ key, secret: options.routingKey }], { pagerduty_configs: [{ routing_key_file: `${RECEIVER_FILES}/${key}`, send_resolved: true }] });
  }

  /** Email through an SMTP relay (e.g. Amazon SES); the SMTP password is the secret (stored without a trailing newline). */
  static email(options: {
    readonly name?: string;
    readonly to: string;
    readonly from: string;
    /** `host:port`, e.g. `email-smtp.eu-west-1.amazonaws.com:587`. */
    readonly smarthost: string;
    readonly username: string;
    readonly password: secretsmanager.ISecret;
    readonly severities?: readonly string[];
  }): AlertReceiver {
    const name = options.name ?? 'email';
    const key = `${name}-smtp-password`;
    return new AlertReceiver(name, options.severities, [{ key, secret: options.password }], {
      email_configs: [{ to: options.to, from: options.from, smarthost: options.smarthost, auth_username: options.username, auth_password_file: `${RECEIVER_FILES}/${key}`, require_tls: true, send_resolved: true }],
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

export interface MonitoringProps {
  readonly cluster: eks.Cluster;
  /** Credentials (Grafana's admin, the receivers') come through it. */
  readonly externalSecrets: ExternalSecrets;
  /** Name prefix of the Secrets Manager secrets this environment creates. */
  readonly secretsPrefix: string;
  /** Names the environment's own secrets, so two environments in one account do not collide. */
  readonly clusterName: string;
  /** How long Prometheus keeps metrics. @default '15d' */
  readonly retention?: string;
  /** Size of Prometheus's volume in GiB; it also keeps at most 90 % of it. @default 50 */
  readonly prometheusStorageGib?: number;
  /** StorageClass of the Prometheus, Alertmanager and Grafana volumes. @default 'gp3' */
  readonly storageClassName?: string;
  /** Where alerts go. @default none: alerts are visible in Alertmanager and Grafana only */
  readonly alertReceivers?: readonly AlertReceiver[];
  /** kube-prometheus-stack chart version. @default '88.2.0' */
  readonly chartVersion?: string;
  /** prometheus-operator-crds chart version, matching it. @default '31.0.1' */
  readonly crdsChartVersion?: string;
}

/**
 * Prometheus, Alertmanager and Grafana (kube-prometheus-stack), with persistent storage and retention. The
 * operator's CRDs come from their own chart, kept on uninstall (removing them would delete every Prometheus object);
 * Grafana's admin login is generated in Secrets Manager; receivers read their credentials from mounted files.
 */
export class Monitoring extends Construct {
  readonly chart: eks.HelmChart;
  readonly crds: eks.HelmChart;
  /** Grafana's admin user and password (JSON keys `admin-user`, `admin-password`). */
  readonly grafanaAdmin: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { cluster, externalSecrets } = props;
    const storageClassName = props.storageClassName ?? 'gp3';
    const storageGib = props.prometheusStorageGib ?? 50;
    const receivers = props.alertReceivers ?? [];
    const names = receivers.map((receiver) => receiver.name);
    const duplicate = names.find((name, i) => names.indexOf(name) !== i);
    if (duplicate !== undefined) throw new Error(`two alert receivers are named ${duplicate}; give one a name`);

    const namespace = new eks.KubernetesManifest(this, 'Namespace', {
      cluster,
      overwrite: true,
      manifest: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } }],
    });

    this.grafanaAdmin = new secretsmanager.Secret(this, 'GrafanaAdmin', {
      secretName: `${props.secretsPrefix}${props.clusterName}/grafana-admin`,
      description: 'Grafana admin login of the marathon-to-eks environment',
      generateSecretString: { secretStringTemplate: JSON.stringify({ 'admin-user': 'admin' }), generateStringKey: 'admin-password', excludePunctuation: true, passwordLength: 32 },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.grafanaAdmin.grantRead(externalSecrets.role);
    const secretObjects = [
      externalSecret(NAMESPACE, 'grafana-admin', [
        { secretKey: 'admin-user', remoteKey: this.grafanaAdmin.secretName, property: 'admin-user' },
        { secretKey: 'admin-password', remoteKey: this.grafanaAdmin.secretName, property: 'admin-password' },
      ]),
    ];
    const receiverSources: SecretKeySource[] = receivers.flatMap((receiver) => receiver.secrets.map(({ key, secret }) => ({ secretKey: key, remoteKey: secret.secretName })));
    for (const receiver of receivers) for (const { secret } of receiver.secrets) secret.grantRead(externalSecrets.role);
    if (receiverSources.length > 0) secretObjects.push(externalSecret(NAMESPACE, RECEIVER_SECRET, receiverSources));
    const secrets = new eks.KubernetesManifest(this, 'Secrets', { cluster, overwrite: true, manifest: secretObjects });
    secrets.node.addDependency(namespace, externalSecrets.store);

    this.crds = helmRelease(this, 'Crds', {
      cluster,
      repository: 'https://prometheus-community.github.io/helm-charts',
      chart: 'prometheus-operator-crds',
      version: props.crdsChartVersion ?? '31.0.1',
      namespace: NAMESPACE,
      // Uninstalling the CRDs would delete every Prometheus, Alertmanager and ServiceMonitor object.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.crds.node.addDependency(namespace);

    const volume = (gib: number) => ({ volumeClaimTemplate: { spec: { storageClassName, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: `${gib}Gi` } } } } });
    this.chart = helmRelease(this, 'Chart', {
      cluster,
      repository: 'https://prometheus-community.github.io/helm-charts',
      chart: 'kube-prometheus-stack',
      version: props.chartVersion ?? '88.2.0',
      namespace: NAMESPACE,
      // The admission-webhook hooks run within it too; still below the kubectl Lambda's 15 minutes.
      timeout: Duration.minutes(12),
      values: {
        fullnameOverride: 'kps',
        crds: { enabled: false },
        prometheusOperator: { admissionWebhooks: { enabled: true, failurePolicy: 'Ignore', patch: { enabled: true } } },
        prometheus: {
          prometheusSpec: {
            retention: props.retention ?? '15d',
            retentionSize: `${Math.floor(storageGib * 0.9)}GiB`,
            walCompression: true,
            serviceMonitorSelectorNilUsesHelmValues: false,
            podMonitorSelectorNilUsesHelmValues: false,
            ruleSelectorNilUsesHelmValues: false,
            resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '4Gi' } },
            storageSpec: volume(storageGib),
          },
        },
        grafana: {
          admin: { existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' },
          persistence: { enabled: true, type: 'pvc', storageClassName, accessModes: ['ReadWriteOnce'], size: '10Gi' },
          // A ReadWriteOnce volume cannot follow a rolling update to another node.
          deploymentStrategy: { type: 'Recreate' },
        },
        alertmanager: {
          alertmanagerSpec: {
            ...(receiverSources.length > 0 ? { secrets: [RECEIVER_SECRET] } : {}),
            storage: volume(5),
            resources: { requests: { cpu: '50m', memory: '128Mi' } },
          },
          config: alertmanagerConfig(receivers),
        },
      },
    });
    this.chart.node.addDependency(this.crds, secrets);
  }
}

/** Alertmanager's configuration: the chart's Watchdog route kept, then each receiver for its severities. */
export function alertmanagerConfig(receivers: readonly AlertReceiver[]): Record<string, unknown> {
  return {
    global: { resolve_timeout: '5m' },
    route: {
      receiver: receivers[0]?.name ?? 'null',
      group_by: ['namespace', 'alertname'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '12h',
      routes: [
        { receiver: 'null', matchers: ['alertname = "Watchdog"'] },
        ...receivers.map((receiver) => ({
          receiver: receiver.name,
          ...(receiver.severities ? { matchers: [`severity =~ "${receiver.severities.join('|')}"`] } : {}),
          continue: true,
        })),
      ],
    },
    receivers: [{ name: 'null' }, ...receivers.map((receiver) => ({ name: receiver.name, ...receiver.config }))],
  };
}
