import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { ArgoCdHelm } from './argocd-helm';
import { GitOpsEngine, InstalledGitOpsEngine } from './gitops-options';
import { ManagedArgoCd } from './managed-argocd';

/** What {@link installGitOpsEngine} needs of the environment. */
export interface GitOpsEngineProps {
  /** The cluster Argo CD deploys to. */
  readonly cluster: eks.Cluster;
  /** The cluster's name (the managed capability's `clusterName`). */
  readonly clusterName: string;
}

/** Installs the chosen Argo CD as `scope`/`GitOpsEngine`: the EKS capability, or the chart on the cluster's nodes. */
export function installGitOpsEngine(
  scope: Construct,
  engine: GitOpsEngine,
  props: GitOpsEngineProps,
): InstalledGitOpsEngine {
  if (engine.kind === 'managed') {
    if (engine.managed === undefined) {
      throw new Error('GitOpsEngine.managedArgoCd: its options are missing');
    }
    return new ManagedArgoCd(scope, 'GitOpsEngine', { ...engine.managed, ...props });
  }
  return new ArgoCdHelm(scope, 'GitOpsEngine', { ...engine.helm, cluster: props.cluster });
}
