import { Stack } from 'aws-cdk-lib';
import * as eksv1 from 'aws-cdk-lib/aws-eks';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { ARGOCD_NAMESPACE, DEFAULT_DESTINATION, ESTATE_PROJECT } from '../../gitops/argocd-objects';
import { platformManifest } from '../addons/manifest';
import { managedArgoCdSettings } from './argocd-health';
import { InstalledGitOpsEngine, ManagedArgoCdOptions } from './gitops-options';

/*
 * The EKS capability for Argo CD, checked against the EKS user guide (awsdocs/amazon-eks-user-guide,
 * latest/ug/capabilities/, commit 1ec81d04): capability-role.adoc (trust), argocd-create-cli.adoc (type ARGOCD,
 * deletePropagationPolicy RETAIN, configuration.argoCd.awsIdc / rbacRoleMappings), argocd-register-clusters.adoc
 * (the local cluster is not registered by the capability; its Secret names the cluster ARN; the access entry EKS
 * creates for the capability role carries no Kubernetes RBAC; the entry's group is `eks-access-entry:<role ARN>`),
 * capability-kubernetes-resources.adoc (150 resources per Application, 3,000 Applications per capability).
 */

/** Options of {@link ManagedArgoCd}. */
export interface ManagedArgoCdProps extends ManagedArgoCdOptions {
  /** The cluster the capability runs for, and the one its Applications deploy to. */
  readonly cluster: eks.Cluster;
  /** The cluster's name, as `AWS::EKS::Capability` takes it. */
  readonly clusterName: string;
  /**
   * Argo CD's name of this cluster (the registration Secret's `name`).
   * @default 'in-cluster', as most Argo CD examples name the local cluster (argocd-register-clusters)
   */
  readonly destination?: string;
  /**
   * The namespace the capability keeps Argo CD's objects in (`configuration.argoCd.namespace`).
   * @default 'argocd'
   */
  readonly namespace?: string;
}

/** The capability's name in the cluster: one Argo CD per cluster, so a fixed name. */
export const ARGOCD_CAPABILITY_NAME = 'argocd';

/**
 * What Argo CD may do on the cluster, bound to the capability role's access-entry group. Read: everything, cluster
 * wide, as argocd-register-clusters ("Minimum permissions") requires for discovery and health. Write: exactly the
 * kinds the estate's manifests hold (lib/translate: core, apps, batch, autoscaling, networking, policy, the
 * monitoring and External Secrets kinds), and Namespaces (the estate project's only cluster-scoped kind, never
 * deleted: KEEP_NAMESPACE_SYNC_OPTIONS), not cluster-admin. A kind the estate newly emits must be added here, or its
 * sync fails with `forbidden`.
 */
export const ARGOCD_WRITE_RULES: readonly Record<string, unknown>[] = [
  { apiGroups: [''], resources: ['namespaces'], verbs: ['create', 'update', 'patch'] },
  {
    apiGroups: [''],
    resources: ['services', 'configmaps', 'secrets', 'serviceaccounts', 'persistentvolumeclaims'],
    verbs: ['create', 'update', 'patch', 'delete'],
  },
  {
    apiGroups: ['apps'],
    resources: ['deployments', 'statefulsets', 'daemonsets'],
    verbs: ['create', 'update', 'patch', 'delete'],
  },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: ['create', 'update', 'patch', 'delete'] },
  {
    apiGroups: ['autoscaling'],
    resources: ['horizontalpodautoscalers'],
    verbs: ['create', 'update', 'patch', 'delete'],
  },
  {
    apiGroups: ['networking.k8s.io'],
    resources: ['ingresses', 'networkpolicies'],
    verbs: ['create', 'update', 'patch', 'delete'],
  },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: ['create', 'update', 'patch', 'delete'] },
  {
    apiGroups: ['monitoring.coreos.com'],
    resources: ['servicemonitors', 'podmonitors', 'prometheusrules'],
    verbs: ['create', 'update', 'patch', 'delete'],
  },
  {
    apiGroups: ['external-secrets.io'],
    resources: ['externalsecrets', 'secretstores'],
    verbs: ['create', 'update', 'patch', 'delete'],
  },
];

/** In Argo CD's own namespace only: the Applications and AppProjects the root Application syncs from Git. */
const ARGOCD_NAMESPACE_RULES = [
  {
    apiGroups: ['argoproj.io'],
    resources: ['applications', 'appprojects'],
    verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
  },
];

const RBAC_NAME = 'marathon-to-eks-argocd';

/**
 * Argo CD as the EKS capability (`AWS::EKS::Capability`, type ARGOCD): AWS runs it outside the cluster, installs its
 * CRDs and keeps its objects in `namespace`. Beside the capability: its role (trusted by
 * `capabilities.eks.amazonaws.com` only, no permissions: repository credentials reach Argo CD as a Secret synced by
 * the External Secrets Operator, so the capability reads no AWS secret), the Kubernetes RBAC its access entry lacks,
 * and the registration of this cluster under `destination`.
 *
 * `deletePropagationPolicy` is RETAIN (the only value EKS accepts): deleting the capability leaves its objects, so
 * the bootstrap objects are deleted before it (they depend on `ready`), while it still runs the cascading delete.
 */
export class ManagedArgoCd extends Construct implements InstalledGitOpsEngine {
  readonly namespace: string;
  readonly destination: string;
  readonly ready: readonly IConstruct[];
  readonly capability: eksv1.CfnCapability;
  /** The capability role: EKS assumes it for Argo CD; its access entry is EKS's, made with the capability. */
  readonly role: iam.Role;
  /** The Secret that registers this cluster with Argo CD under `destination`. */
  readonly registration: eks.KubernetesManifest;
  /** The RBAC bound to the capability role's access-entry group. */
  readonly access: eks.KubernetesManifest;
  /** `argocd-cm`: the health check that makes the root Application's sync waves wait on its children. */
  readonly settings: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: ManagedArgoCdProps) {
    super(scope, id);
    const { cluster } = props;
    this.namespace = props.namespace ?? ARGOCD_NAMESPACE;
    this.destination = props.destination ?? DEFAULT_DESTINATION;
    this.role = new iam.Role(this, 'Role', {
      // capability-role.adoc: "All capability roles must include the following trust policy" (AssumeRole and
      // TagSession for capabilities.eks.amazonaws.com).
      assumedBy: new iam.SessionTagsPrincipal(new iam.ServicePrincipal('capabilities.eks.amazonaws.com')),
      description: `EKS capability for Argo CD on ${props.clusterName}`,
    });
    this.capability = new eksv1.CfnCapability(this, 'Capability', {
      capabilityName: ARGOCD_CAPABILITY_NAME,
      clusterName: props.clusterName,
      type: 'ARGOCD',
      roleArn: this.role.roleArn,
      deletePropagationPolicy: 'RETAIN',
      configuration: {
        argoCd: {
          awsIdc: {
            idcInstanceArn: props.identityCenter.instanceArn,
            idcRegion: props.identityCenter.region ?? Stack.of(this).region,
          },
          namespace: this.namespace,
          ...(props.rbac && props.rbac.length > 0
            ? {
                rbacRoleMappings: props.rbac.map((mapping) => ({
                  role: mapping.role,
                  identities: mapping.identities.map((identity) => ({ id: identity.id, type: identity.type })),
                })),
              }
            : {}),
          ...(props.vpcEndpointIds && props.vpcEndpointIds.length > 0
            ? { networkAccess: { vpceIds: [...props.vpcEndpointIds] } }
            : {}),
        },
      },
    });
    // The capability makes its access entry on the cluster, which must exist first; the role must hold its trust
    // policy before EKS assumes it. The cluster's resource only: the whole construct holds what is added to it later.
    this.capability.node.addDependency(cluster.node.defaultChild ?? cluster, this.role);

    this.access = platformManifest(this, 'Access', cluster, accessObjects(this.role.roleArn, this.namespace));
    this.registration = platformManifest(this, 'Registration', cluster, [
      clusterRegistration(this.destination, this.namespace, cluster.clusterArn),
    ]);
    // The capability creates the namespace (`configuration.argoCd.namespace`: "where Argo CD resources will be
    // created") and the CRDs: both exist once it is ACTIVE, which CloudFormation waits for.
    this.settings = platformManifest(this, 'Settings', cluster, [managedArgoCdSettings(this.namespace)]);
    this.access.node.addDependency(this.capability);
    this.registration.node.addDependency(this.capability);
    this.settings.node.addDependency(this.capability);
    this.ready = [this.capability, this.access, this.registration, this.settings];
  }
}

/**
 * The Secret that registers the local cluster (argocd-register-clusters, "Using a Kubernetes Secret"): the cluster
 * ARN as `server`, as the capability requires (`kubernetes.default.svc` is not supported). `project` scopes it to the
 * estate's project, as the managed capability asks of every cluster; in Argo CD v3.4.4 that does not keep the
 * bootstrap project from it (pkg/apis/application/v1alpha1/app_project_types.go `IsDestinationPermitted` consults
 * project-scoped clusters only under `permitOnlyProjectScopedClusters`). No credential: the capability authenticates
 * with its role.
 */
export function clusterRegistration(
  destination: string,
  namespace: string,
  clusterArn: string,
): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: `cluster-${destination}`,
      namespace,
      labels: { 'argocd.argoproj.io/secret-type': 'cluster', 'app.kubernetes.io/managed-by': 'marathon-to-eks' },
    },
    type: 'Opaque',
    stringData: { name: destination, server: clusterArn, project: ESTATE_PROJECT },
  };
}

/**
 * The RBAC of the capability role's access entry, bound to its group `eks-access-entry:<role ARN>`
 * (argocd-register-clusters, "Production setup with least privilege"): a ClusterRoleBinding, so the access entry EKS
 * created and owns is left as it is (CloudFormation cannot associate a policy with an entry it did not create).
 */
export function accessObjects(roleArn: string, namespace: string): Record<string, unknown>[] {
  const group = { kind: 'Group', name: `eks-access-entry:${roleArn}`, apiGroup: 'rbac.authorization.k8s.io' };
  const clusterRole = (name: string, rules: readonly Record<string, unknown>[]) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name },
    rules: rules.map((rule) => ({ ...rule })),
  });
  const binding = (kind: 'ClusterRoleBinding' | 'RoleBinding', name: string, roleKind: string, ns?: string) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name, ...(ns !== undefined ? { namespace: ns } : {}) },
    subjects: [{ ...group }],
    roleRef: { kind: roleKind, name, apiGroup: 'rbac.authorization.k8s.io' },
  });
  return [
    clusterRole(`${RBAC_NAME}-read`, [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }]),
    binding('ClusterRoleBinding', `${RBAC_NAME}-read`, 'ClusterRole'),
    clusterRole(`${RBAC_NAME}-apply`, ARGOCD_WRITE_RULES),
    binding('ClusterRoleBinding', `${RBAC_NAME}-apply`, 'ClusterRole'),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: `${RBAC_NAME}-applications`, namespace },
      rules: ARGOCD_NAMESPACE_RULES.map((rule) => ({ ...rule })),
    },
    binding('RoleBinding', `${RBAC_NAME}-applications`, 'Role', namespace),
  ];
}
