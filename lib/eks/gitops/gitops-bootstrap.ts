import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import { bootstrapProject, gitOpsSourceProblems, rootApplication } from '../../gitops/argocd-objects';
import { ExternalSecretObject, ExternalSecrets, PLATFORM_STORE } from '../addons/external-secrets';
import { platformManifest } from '../addons/manifest';
import { GitOpsDeliveryOptions, InstalledGitOpsEngine } from './gitops-options';

/** The repository Secret (and its ExternalSecret) in Argo CD's namespace. */
export const REPOSITORY_SECRET = 'marathon-to-eks-repository';

/** Options of {@link GitOpsBootstrap}. */
export interface GitOpsBootstrapProps {
  /** The cluster Argo CD deploys to. */
  readonly cluster: eks.Cluster;
  /** The installed Argo CD: its namespace, its name of this cluster, and what the bootstrap objects apply after. */
  readonly engine: InstalledGitOpsEngine;
  /** The repository `convert --layout gitops` wrote, and its credentials. */
  readonly delivery: GitOpsDeliveryOptions;
  /**
   * The environment's External Secrets Operator: it syncs the repository credentials into Argo CD's namespace
   * through the platform store, whose `platformNamespaces` must include that namespace.
   * @default none: the repository must then be public (credentials are reported as a synth error)
   */
  readonly externalSecrets?: ExternalSecrets;
  /**
   * What the estate's objects need while Argo CD deletes them on destroy (their controllers and webhooks), beside
   * the cluster's load balancer controller and the External Secrets Operator, which are always included when present.
   * The root Application depends on them, so CloudFormation deletes it, and Argo CD the estate, before them.
   * @default none beyond the load balancer controller and the External Secrets Operator
   */
  readonly deleteBefore?: readonly IConstruct[];
}

/**
 * The Argo CD objects a GitOps-delivered estate keeps in CloudFormation: the bootstrap AppProject, the repository
 * Secret (as an ExternalSecret: the credentials stay in Secrets Manager) and the root Application, which syncs
 * `<path>/argocd/` from Git (the estate's AppProject and one Application per namespace). The manifests themselves
 * are in Git only, so the stack's size does not grow with the estate.
 *
 * Deploy order: Argo CD (`engine.ready`: its CRDs, namespace and, for the managed capability, this cluster's
 * registration and RBAC) → bootstrap project and repository Secret → root Application.
 *
 * Destroy runs it backwards, and that is the point of the dependencies:
 * 1. CloudFormation deletes the root Application first (nothing depends on it). The kubectl handler runs
 *    `kubectl delete`, which waits while the Application's finalizer (`resources-finalizer.argocd.argoproj.io`) is
 *    there. Argo CD deletes the estate's Applications; each deletes its objects first (foreground), so a Service or
 *    Ingress is deleted while the load balancer controller still runs and removes its load balancer
 *    (argo-cd v3.4.4 controller/appcontroller.go `finalizeApplicationDeletion` keeps the finalizer while any
 *    managed object is still being deleted). Namespaces stay (Prune=false,Delete=false), as CloudFormation delivery
 *    retains them.
 * 2. Then the bootstrap project and the repository Secret, then Argo CD and the cluster registration — which must
 *    outlive the root Application: with its destination cluster gone, `finalizeApplicationDeletion` removes the
 *    finalizers and orphans everything — and only then the load balancer controller, the External Secrets Operator
 *    and whatever `deleteBefore` names.
 *
 * A very large estate: the kubectl Lambda has 15 minutes. If Argo CD needs longer, the Lambda times out, the root
 * Application's resource fails to delete and the stack stops in DELETE_FAILED with Argo CD, the registration and the
 * controllers still running (the handler swallows kubectl errors, not a timeout), so nothing is orphaned and Argo CD
 * carries on. Wait until `kubectl get applications -n argocd` shows no estate Application, then run `cdk destroy`
 * again; or delete the root Application yourself first (`kubectl delete application marathon-to-eks -n argocd`).
 */
export class GitOpsBootstrap extends Construct {
  readonly project: eks.KubernetesManifest;
  readonly root: eks.KubernetesManifest;
  /** The repository credentials' ExternalSecret, when the repository has credentials. */
  readonly repositorySecret?: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: GitOpsBootstrapProps) {
    super(scope, id);
    const { cluster, engine, delivery, externalSecrets } = props;
    this.node.addValidation({ validate: () => bootstrapProblems(delivery, externalSecrets !== undefined) });
    const layout = { ...delivery, destination: engine.destination, namespace: engine.namespace };

    this.project = platformManifest(this, 'Project', cluster, [bootstrapProject(layout)]);
    this.project.node.addDependency(...engine.ready);
    this.root = platformManifest(this, 'Root', cluster, [rootApplication(layout)]);
    this.root.node.addDependency(...engine.ready, this.project);

    if (delivery.credentials !== undefined && externalSecrets !== undefined) {
      const { secretName } = delivery.credentials;
      // The platform store's role reads exactly this secret (GetSecretValue, DescribeSecret on its ARN pattern).
      secretsmanager.Secret.fromSecretNameV2(this, 'Credentials', secretName).grantRead(externalSecrets.platformRole);
      this.repositorySecret = platformManifest(this, 'Repository', cluster, [
        repositoryExternalSecret(engine.namespace, delivery.repository, secretName),
      ]);
      this.repositorySecret.node.addDependency(...engine.ready, externalSecrets.store);
      this.root.node.addDependency(this.repositorySecret);
    }
    const outlive: IConstruct[] = [...(props.deleteBefore ?? [])];
    if (cluster.albController) {
      outlive.push(cluster.albController);
    }
    if (externalSecrets) {
      outlive.push(externalSecrets.chart);
    }
    if (outlive.length > 0) {
      this.root.node.addDependency(...outlive);
    }
  }
}

/** What is wrong with a GitOps delivery, in words a user can act on. */
export function bootstrapProblems(delivery: GitOpsDeliveryOptions, externalSecrets: boolean): string[] {
  const problems = gitOpsSourceProblems(delivery).map((problem) => `Delivery.gitOps: ${problem}`);
  if (typeof delivery.repository === 'string' && delivery.repository.includes('{{')) {
    // The URL is written into the ExternalSecret's template, where `{{` starts a template expression.
    problems.push('Delivery.gitOps: repository: a URL with "{{" cannot be templated into the repository Secret');
  }
  if (delivery.credentials !== undefined) {
    if (!externalSecrets) {
      problems.push(
        'Delivery.gitOps: credentials need the externalSecrets add-on, which syncs the Secrets Manager secret into ' +
          "Argo CD's namespace; turn the add-on on, or leave credentials out for a public repository",
      );
    }
    if (delivery.credentials.secretName.trim() === '') {
      problems.push('Delivery.gitOps: credentials: GitCredentials.secretsManager needs a secret name');
    }
  }
  return problems;
}

/**
 * The repository Secret as an ExternalSecret through the platform store: the template adds the label that makes it
 * a repository Secret and its `url` and `type` (argo-cd v3.4.4 docs/operator-manual/declarative-setup.md,
 * "Repositories"); `dataFrom.extract` copies every key of the JSON secret (username/password, sshPrivateKey, GitHub
 * App fields). `mergePolicy: Merge` keeps the extracted keys beside the template's; the default, Replace, would keep
 * only `url` and `type`. Field names from external-secrets v2.9.0 apis/externalsecrets/v1/externalsecret_types.go
 * (ExternalSecretTemplate.engineVersion, metadata.labels, mergePolicy, data; ExternalSecretDataFromRemoteRef.extract).
 */
export function repositoryExternalSecret(
  namespace: string,
  repository: string,
  secretName: string,
): ExternalSecretObject {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: REPOSITORY_SECRET, namespace },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { ...PLATFORM_STORE },
      target: {
        name: REPOSITORY_SECRET,
        creationPolicy: 'Owner',
        template: {
          engineVersion: 'v2',
          mergePolicy: 'Merge',
          metadata: { labels: { 'argocd.argoproj.io/secret-type': 'repository' } },
          data: { url: repository, type: 'git' },
        },
      },
      dataFrom: [{ extract: { key: secretName } }],
    },
  };
}
