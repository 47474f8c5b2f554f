import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { helmRelease } from './helm';
import { PodIdentity } from './pod-identity';

export interface ExternalSecretsProps {
  readonly cluster: eks.Cluster;
  /** Secrets Manager names the operator may read start with this prefix. */
  readonly secretsPrefix: string;
  /** Chart version (https://charts.external-secrets.io). @default '2.10.0' */
  readonly chartVersion?: string;
}

/** The ClusterSecretStore every ExternalSecret of the environment reads from. */
export const SECRET_STORE = 'aws-secrets-manager';

/** One key of a Kubernetes Secret, read from AWS Secrets Manager. */
export interface SecretKeySource {
  /** The key in the Kubernetes Secret. */
  readonly secretKey: string;
  /** The Secrets Manager secret name. */
  readonly remoteKey: string;
  /** A property of a JSON secret. @default the whole secret string */
  readonly property?: string;
}

/**
 * The External Secrets Operator, reading AWS Secrets Manager through Pod Identity (no credentials in the cluster),
 * limited to secrets under one name prefix. Kubernetes Secrets are then declared as ExternalSecrets: the values
 * never appear in a template or a manifest.
 */
export class ExternalSecrets extends Construct {
  readonly chart: eks.HelmChart;
  readonly store: eks.KubernetesManifest;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ExternalSecretsProps) {
    super(scope, id);
    const { cluster } = props;
    const stack = Stack.of(this);
    const identity = new PodIdentity(this, 'Identity', {
      cluster,
      namespace: 'external-secrets',
      serviceAccount: 'external-secrets',
      statements: [
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetResourcePolicy', 'secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:ListSecretVersionIds'],
          resources: [stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${props.secretsPrefix}*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
        }),
      ],
    });
    this.role = identity.role;
    this.chart = helmRelease(this, 'Chart', {
      cluster,
      repository: 'https://charts.external-secrets.io',
      chart: 'external-secrets',
      version: props.chartVersion ?? '2.10.0',
      namespace: 'external-secrets',
      createNamespace: true,
      values: {
        installCRDs: true,
        serviceAccount: { create: true, name: 'external-secrets' },
        resources: { requests: { cpu: '10m', memory: '64Mi' } },
        webhook: { resources: { requests: { cpu: '10m', memory: '32Mi' } } },
        certController: { resources: { requests: { cpu: '10m', memory: '32Mi' } } },
      },
    });
    this.chart.node.addDependency(identity);
    this.store = new eks.KubernetesManifest(this, 'Store', {
      cluster,
      overwrite: true,
      manifest: [
        {
          apiVersion: 'external-secrets.io/v1',
          kind: 'ClusterSecretStore',
          metadata: { name: SECRET_STORE },
          // No auth block: the controller's Pod Identity credentials are used.
          spec: { provider: { aws: { service: 'SecretsManager', region: stack.region } } },
        },
      ],
    });
    this.store.node.addDependency(this.chart);
  }
}

/** An ExternalSecret object, ready for a manifest. */
export interface ExternalSecretObject {
  readonly apiVersion: 'external-secrets.io/v1';
  readonly kind: 'ExternalSecret';
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: Record<string, unknown>;
}

/** An ExternalSecret that makes the Kubernetes Secret `namespace/name` from Secrets Manager. */
export function externalSecret(namespace: string, name: string, sources: readonly SecretKeySource[], type: 'Opaque' | 'kubernetes.io/dockerconfigjson' = 'Opaque'): ExternalSecretObject {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name, namespace },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: SECRET_STORE },
      target: { name, creationPolicy: 'Owner', ...(type !== 'Opaque' ? { template: { type } } : {}) },
      data: sources.map((source) => ({ secretKey: source.secretKey, remoteRef: { key: source.remoteKey, ...(source.property !== undefined ? { property: source.property } : {}) } })),
    },
  };
}
