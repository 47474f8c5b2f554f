import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Annotations } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { EstateTranslation } from '../translate/estate-translation';
import type { DeliverableWorkload } from './workload-delivery';
import { normalizedPath, redactedUrl } from '../gitops/argocd-objects';
import { secretSync } from '../translate/external-secret-objects';
import { ExternalSecrets } from './addons/external-secrets';
import { GitOpsBootstrap } from './gitops/gitops-bootstrap';
import { GitOpsDeliveryOptions, GitOpsEngine, InstalledGitOpsEngine } from './gitops/gitops-options';
import { installGitOpsEngine } from './gitops/gitops-engine';
import { ArgoCdHelm } from './gitops/argocd-helm';

export interface GitOpsDeliveriesProps {
  /** The environment's cluster. */
  readonly cluster: eks.Cluster;
  /** Its name, for the engine's resources. */
  readonly clusterName: string;
  /** The engine the environment was given. @default none: a GitOps delivery is a problem */
  readonly engine?: GitOpsEngine;
  /** The External Secrets add-on, which syncs the repository credentials. @default none: no credentials can be given */
  readonly externalSecrets?: ExternalSecrets;
  /** Where a problem goes: synth fails with every one of them. */
  readonly problems: string[];
  /** Called on Argo CD from its chart, so its pods start once nodes and the load balancer controller are up. */
  readonly afterPlatform: (construct: Construct) => void;
  /**
   * What must outlive the Argo CD objects on destroy, beside the engine and the load balancer controller: the
   * monitoring add-on, whose CRDs the synced ServiceMonitors and PrometheusRules need. @default none
   */
  readonly deleteBefore?: readonly IConstruct[];
}

/**
 * The GitOps side of an environment: its Argo CD, installed with the environment, and the one bootstrap (root
 * Application, projects, repository Secret) every `Delivery.gitOps` workload of it shares. One repository folder per
 * environment: the root Application syncs one `argocd/` folder, so two estates delivered by GitOps must be
 * converted into the same one (`convert --layout gitops` of both, or of the whole estate).
 */
export class GitOpsDeliveries {
  /** Argo CD, when the environment has an engine. */
  readonly engine?: InstalledGitOpsEngine;
  private bootstrap?: {
    readonly construct: GitOpsBootstrap;
    readonly options: GitOpsDeliveryOptions;
    readonly by: string;
  };

  constructor(
    private readonly scope: Construct,
    private readonly props: GitOpsDeliveriesProps,
  ) {
    if (props.engine) {
      this.engine = installGitOpsEngine(scope, props.engine, {
        cluster: props.cluster,
        clusterName: props.clusterName,
      });
      // The managed engine runs outside the cluster: only the chart's pods wait for nodes.
      if (this.engine instanceof ArgoCdHelm) {
        props.afterPlatform(this.engine);
      }
    }
  }

  /** The bootstrap for a workload delivered by GitOps; a problem when there is no engine or another repository. */
  bootstrapFor(workload: DeliverableWorkload, options: GitOpsDeliveryOptions): IConstruct | undefined {
    const workloadId = workload.node.id;
    if (!options.handoff) {
      Annotations.of(this.scope).addWarningV2(
        'marathon-to-eks:gitOpsHandoff',
        `${workloadId}: delivered by GitOps: if CloudFormation delivered it before, deploy once with Delivery.gitOps({ ..., handoff: true }) first, or its buckets delete every workload as they leave the template (README, "Large estates"); acknowledge this warning once that is done`,
      );
    }
    if (this.props.engine?.kind === 'managed') {
      for (const warning of managedLimitWarnings(workload.translation)) {
        Annotations.of(this.scope).addWarningV2('marathon-to-eks:argoCdCapabilityLimit', `${workloadId}: ${warning}`);
      }
    }
    if (!this.engine) {
      this.props.problems.push(
        `${workloadId}: Delivery.gitOps needs Argo CD on the environment: set gitOpsEngine to GitOpsEngine.argoCdHelm() or GitOpsEngine.managedArgoCd({ identityCenter })`,
      );
      return undefined;
    }
    if (this.bootstrap) {
      const first = this.bootstrap.options;
      if (sourceKey(first) !== sourceKey(options)) {
        this.props.problems.push(
          `${workloadId}: delivered from ${describe(options)}, but ${this.bootstrap.by} already is from ${describe(first)}: an environment syncs one repository folder; convert both estates into it`,
        );
      }
      return this.bootstrap.construct;
    }
    const construct = new GitOpsBootstrap(this.scope, 'GitOps', {
      cluster: this.props.cluster,
      engine: this.engine,
      delivery: options,
      ...(this.props.externalSecrets ? { externalSecrets: this.props.externalSecrets } : {}),
      ...(this.props.deleteBefore ? { deleteBefore: this.props.deleteBefore } : {}),
    });
    this.bootstrap = { construct, options, by: workloadId };
    return construct;
  }
}

function sourceKey(options: GitOpsDeliveryOptions): string {
  return JSON.stringify([
    options.repository,
    options.revision ?? 'HEAD',
    normalizedPath(options.path),
    options.credentials?.secretName ?? null,
  ]);
}

function describe(options: GitOpsDeliveryOptions): string {
  return `${redactedUrl(options.repository)} (${options.revision ?? 'HEAD'}, ${normalizedPath(options.path)})`;
}

/**
 * The EKS capability manages at most 150 Kubernetes resources per Application and 3,000 Applications (EKS user guide,
 * capabilities/capability-kubernetes-resources.adoc, "Resource limits"); `convert --layout gitops` makes one
 * Application per namespace, so a namespace past 150 objects would not sync there (Argo CD from its chart has no
 * such limit).
 */
export const MANAGED_ARGOCD_LIMITS = { objectsPerApplication: 150, applications: 3_000 } as const;

function managedLimitWarnings(translation: EstateTranslation): string[] {
  const perNamespace = new Map<string, number>();
  const count = (namespace: string | undefined, objects: number) =>
    perNamespace.set(namespace ?? 'default', (perNamespace.get(namespace ?? 'default') ?? 0) + objects);
  for (const namespace of translation.namespaces) {
    count(namespace.metadata?.name, 1);
  }
  for (const { translation: workload } of translation.workloads) {
    for (const object of workload.objects) {
      count(object.metadata?.namespace, 1);
    }
  }
  for (const object of translation.monitoring) {
    count(object.metadata?.namespace, 1);
  }
  // The ExternalSecrets are in the namespace's Application too (the prefix does not change their number).
  for (const object of secretSync(translation.secrets ?? [], '').objects.values()) {
    count(object.metadata.namespace, 1);
  }
  const over = [...perNamespace].filter(([, objects]) => objects > MANAGED_ARGOCD_LIMITS.objectsPerApplication).sort();
  const warnings = over.map(
    ([namespace, objects]) =>
      `namespace ${namespace} has ${objects} objects, and the EKS Argo CD capability manages at most ${MANAGED_ARGOCD_LIMITS.objectsPerApplication} per Application (convert --layout gitops makes one per namespace): give it fewer workloads (namespaceStrategy, groups) or use GitOpsEngine.argoCdHelm()`,
  );
  if (perNamespace.size > MANAGED_ARGOCD_LIMITS.applications) {
    warnings.push(
      `${perNamespace.size} namespaces, and the EKS Argo CD capability holds at most ${MANAGED_ARGOCD_LIMITS.applications} Applications: use GitOpsEngine.argoCdHelm() or split the estate into clusters (marathon-to-eks plan)`,
    );
  }
  return warnings;
}
