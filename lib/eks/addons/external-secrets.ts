import { Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ContainerResources, HelmAddonOptions, PlatformPods, oneReplica } from './addon-options';
import { HelmChartSource, helmAddon } from './helm';
import { platformManifest } from './manifest';
import { PodIdentity } from './pod-identity';
import { PLATFORM_SECRET_STORE, SecretStoreObject, secretStoreObject } from '../../translate/external-secret-objects';

/**
 * The chart this library was checked against: the newest release, tag helm-chart-2.9.0 of
 * external-secrets/external-secrets (2026-08-08). No 2.10.0 exists there or in the chart index.
 */
const EXTERNAL_SECRETS_CHART: HelmChartSource = {
  repository: 'https://charts.external-secrets.io',
  chart: 'external-secrets',
  version: '2.9.0',
};

/** What a caller can set of the External Secrets Operator. */
export interface ExternalSecretsOptions extends HelmAddonOptions {
  /** The controller's resources. @default requests 10m CPU / 64Mi */
  readonly resources?: ContainerResources;
  /** The webhook's resources. @default requests 10m CPU / 32Mi */
  readonly webhookResources?: ContainerResources;
  /** The certificate controller's resources. @default requests 10m CPU / 32Mi */
  readonly certControllerResources?: ContainerResources;
}

export interface ExternalSecretsProps extends ExternalSecretsOptions {
  /** The cluster the operator and its stores are installed in. */
  readonly cluster: eks.Cluster;
  /** Names the roles the stores assume (`/marathon-to-eks/<cluster>/`), so the controller may assume only this environment's. */
  readonly clusterName: string;
  /** Namespaces whose ExternalSecrets may read the platform's own secrets (Grafana's admin, alert receivers). */
  readonly platformNamespaces: readonly string[];
}

const DEFAULT_RESOURCES = {
  controller: { requests: { cpu: '10m', memory: '64Mi' } },
  webhook: { requests: { cpu: '10m', memory: '32Mi' } },
  certController: { requests: { cpu: '10m', memory: '32Mi' } },
} as const;

/**
 * The External Secrets Operator, reading AWS Secrets Manager through Pod Identity (no credentials in the cluster).
 * Its own role can read no secret: every store assumes a role of its own, so what a namespace can read is decided
 * per namespace. The platform's secrets sit behind a ClusterSecretStore that only the platform namespaces may use
 * (`spec.conditions`); each workload namespace gets a SecretStore whose role reads exactly the secrets its
 * ExternalSecrets name (`namespaceStore`). Kubernetes Secrets are then declared as ExternalSecrets: the values
 * never appear in a template or a manifest.
 */
export class ExternalSecrets extends Construct {
  /** Its pods: the controller, webhook and certificate controller, one replica each (the chart's `replicaCount: 1`). */
  static pods(options: ExternalSecretsOptions = {}): PlatformPods[] {
    return [
      oneReplica('external-secrets/external-secrets', options.resources ?? DEFAULT_RESOURCES.controller),
      oneReplica('external-secrets/external-secrets-webhook', options.webhookResources ?? DEFAULT_RESOURCES.webhook),
      oneReplica(
        'external-secrets/external-secrets-cert-controller',
        options.certControllerResources ?? DEFAULT_RESOURCES.certController,
      ),
    ];
  }

  readonly chart: eks.HelmChart;
  /** The platform's ClusterSecretStore. */
  readonly store: eks.KubernetesManifest;
  /** The admission policy that keeps every SecretStore on its own namespace's role. */
  readonly storePolicy: eks.KubernetesManifest;
  /** The controller's role: it may only assume the stores' roles. */
  readonly role: iam.Role;
  /** The role of the platform store: grant it what the platform's ExternalSecrets read. */
  readonly platformRole: iam.Role;
  /** Path under which every store role of this environment lives (`/marathon-to-eks/<cluster>/`). */
  readonly rolePath: string;

  constructor(scope: Construct, id: string, props: ExternalSecretsProps) {
    super(scope, id);
    const { cluster } = props;
    const stack = Stack.of(this);
    this.rolePath = `/marathon-to-eks/${props.clusterName}/`;
    const identity = new PodIdentity(this, 'Identity', {
      cluster,
      namespace: 'external-secrets',
      serviceAccount: 'external-secrets',
      statements: [
        new iam.PolicyStatement({
          // Pod Identity's session tags are transitive (EKS user guide, pod-id-abac "Cross-account tags"): passing them
          // on needs sts:TagSession beside sts:AssumeRole.
          actions: ['sts:AssumeRole', 'sts:TagSession'],
          resources: [
            stack.formatArn({
              service: 'iam',
              region: '',
              resource: 'role',
              resourceName: `${this.rolePath.slice(1)}*`,
            }),
          ],
        }),
      ],
    });
    this.role = identity.role;
    this.platformRole = this.storeRole(
      this,
      'PlatformStoreRole',
      `${this.rolePath}platform/`,
      'the platform namespaces',
    );
    this.chart = helmAddon(this, 'Chart', props, {
      cluster,
      chart: EXTERNAL_SECRETS_CHART,
      namespace: 'external-secrets',
      createNamespace: true,
      values: {
        installCRDs: true,
        serviceAccount: { create: true, name: 'external-secrets' },
        resources: props.resources ?? DEFAULT_RESOURCES.controller,
        webhook: { resources: props.webhookResources ?? DEFAULT_RESOURCES.webhook },
        certController: { resources: props.certControllerResources ?? DEFAULT_RESOURCES.certController },
      },
    });
    this.chart.node.addDependency(identity);
    this.store = platformManifest(this, 'Store', cluster, [
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ClusterSecretStore',
        metadata: { name: PLATFORM_SECRET_STORE },
        spec: {
          // Checked against external-secrets v2.9.0 apis/externalsecrets/v1: AWSProvider.role ("a Role ARN which
          // the provider will assume", from the default credential chain: Pod Identity) and
          // ClusterSecretStoreCondition.namespaces.
          provider: { aws: { service: 'SecretsManager', region: stack.region, role: this.platformRole.roleArn } },
          conditions: [{ namespaces: [...props.platformNamespaces] }],
        },
      },
    ]);
    this.store.node.addDependency(this.chart);
    this.storePolicy = platformManifest(this, 'StorePolicy', cluster, secretStorePolicy(`${this.rolePath}namespaces/`));
  }

  /**
   * A role one store assumes, in `scope`'s stack under `path`: the controller's credentials (Pod Identity) assume it,
   * and it reads what it is granted.
   */
  storeRole(scope: Construct, id: string, path: string, reader: string): iam.Role {
    return new iam.Role(scope, id, {
      path,
      assumedBy: new iam.SessionTagsPrincipal(new iam.ArnPrincipal(this.role.roleArn)),
      description: `External Secrets store of ${reader}`,
    });
  }

  /**
   * The SecretStore of one namespace, and its role, which reads exactly `secretNames`; the role is made in
   * `scope`'s stack, beside the manifest that applies the store. Its path names the namespace, which the admission
   * policy checks.
   */
  namespaceStore(
    scope: Construct,
    namespace: string,
    secretNames: readonly string[],
  ): { role: iam.Role; store: SecretStoreObject } {
    const role = this.storeRole(
      scope,
      `SecretStoreRole-${namespace}`,
      `${this.rolePath}namespaces/${namespace}/`,
      `namespace ${namespace}`,
    );
    secretNames.forEach((name, i) =>
      secretsmanager.Secret.fromSecretNameV2(scope, `Secret-${namespace}-${i}`, name).grantRead(role),
    );
    return {
      role,
      store: secretStoreObject(namespace, Stack.of(this).region, role.roleArn),
    };
  }
}

/**
 * The controller may assume every store role, so a SecretStore naming another namespace's role would read that
 * namespace's secrets. ValidatingAdmissionPolicies (admissionregistration.k8s.io/v1, GA since Kubernetes 1.30)
 * admit an AWS SecretStore only when its role lives under its own namespace's path and it chains no other role, and
 * the generators that assume an IAM role with the controller's credentials (ECRAuthorizationToken, STSSessionToken:
 * `spec.role`, external-secrets v2.9.0 apis/generators/v1alpha1/types_ecr.go and types_sts.go) only with such a role.
 */
export function secretStorePolicy(namespacesPath: string): Record<string, unknown>[] {
  const ownRole = (field: string) =>
    `${field}.matches('^arn:[^:]+:iam::[0-9]+:role${namespacesPath}' + object.metadata.namespace + '/[^/]+$')`;
  const policy = (
    name: string,
    rule: Record<string, unknown>,
    expression: string,
    message: string,
  ): Record<string, unknown>[] => [
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: [{ ...rule, apiVersions: ['*'], operations: ['CREATE', 'UPDATE'] }] },
        validations: [{ expression, message }],
      },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name },
      spec: { policyName: name, validationActions: ['Deny'] },
    },
  ];
  return [
    ...policy(
      'marathon-to-eks-secret-store-roles',
      { apiGroups: ['external-secrets.io'], resources: ['secretstores'] },
      `!has(object.spec.provider.aws) || (has(object.spec.provider.aws.role) && ${ownRole('object.spec.provider.aws.role')} && !has(object.spec.provider.aws.additionalRoles))`,
      `an AWS SecretStore must assume its own namespace's role (${namespacesPath}<namespace>/) and chain no other role`,
    ),
    ...policy(
      'marathon-to-eks-generator-roles',
      { apiGroups: ['generators.external-secrets.io'], resources: ['ecrauthorizationtokens', 'stssessiontokens'] },
      `!has(object.spec.role) || ${ownRole('object.spec.role')}`,
      `a generator may only assume its own namespace's role (${namespacesPath}<namespace>/)`,
    ),
  ];
}

// The objects themselves are pure (lib/translate/external-secret-objects.ts): convert's gitops layout makes them too.
export {
  NAMESPACE_STORE,
  PLATFORM_SECRET_STORE,
  PLATFORM_STORE,
  SECRET_STORE,
  externalSecret,
  secretStoreObject,
} from '../../translate/external-secret-objects';
export type {
  ExternalSecretObject,
  ExternalSecretObjectOptions,
  SecretKeySource,
  SecretStoreObject,
  StoreRef,
} from '../../translate/external-secret-objects';
