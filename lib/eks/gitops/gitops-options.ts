import { IConstruct } from 'constructs';
import { GitOpsSource } from '../../gitops/argocd-objects';
import { HelmAddonOptions } from '../addons/addon-options';

/**
 * How Argo CD reaches a private repository: a Secrets Manager secret, synced into Argo CD's namespace as a
 * repository Secret by the External Secrets Operator. The value never appears in a template, a manifest or Git.
 */
export class GitCredentials {
  /**
   * The secret named `secretName` holds a JSON object whose keys are Argo CD repository Secret fields: `username` and
   * `password` (a token), or `sshPrivateKey`, or `githubAppID`, `githubAppInstallationID` and `githubAppPrivateKey`.
   * Every key present is copied; nothing else is read.
   */
  static secretsManager(secretName: string): GitCredentials {
    return new GitCredentials(secretName);
  }

  private constructor(
    /** The Secrets Manager secret's name. */
    readonly secretName: string,
  ) {}
}

/** Options of {@link Delivery.gitOps}. */
export interface GitOpsDeliveryOptions extends GitOpsSource {
  /**
   * Credentials of a private repository.
   * @default none: a public repository (or one the engine reaches by itself, such as CodeCommit for the managed one)
   */
  readonly credentials?: GitCredentials;
  /**
   * For the one deploy that moves an estate CloudFormation already delivers to Argo CD. CloudFormation deletes what
   * a manifest applied when the manifest leaves the template (and prunes what leaves a manifest), so dropping the
   * buckets at once would delete every workload before Argo CD adopts it. With `handoff` the buckets stay as they
   * were, but without prune and retained, and Argo CD is bootstrapped beside them; once every Application reports
   * Synced, deploy without `handoff`: the buckets leave the template and CloudFormation deletes nothing.
   * @default false
   */
  readonly handoff?: boolean;
}

/**
 * How a compiled estate reaches the cluster. `Delivery.cloudFormation()` (the default) applies every manifest from
 * the stacks; `Delivery.gitOps({...})` leaves the manifests to Argo CD, which syncs them from the repository that
 * `marathon-to-eks convert --layout gitops` writes, and the stacks hold only the Argo CD bootstrap objects.
 */
export class Delivery {
  /** Every manifest in CloudFormation, in buckets and workload stacks (see `planDelivery`). */
  static cloudFormation(): Delivery {
    return new Delivery('cloudformation');
  }

  /** Argo CD syncs the manifests from Git; see README "Large estates". */
  static gitOps(options: GitOpsDeliveryOptions): Delivery {
    return new Delivery('gitops', options);
  }

  private constructor(
    readonly kind: 'cloudformation' | 'gitops',
    /** The repository, for `gitops`. */
    readonly gitOps?: GitOpsDeliveryOptions,
  ) {}
}

/** One IAM Identity Center user or group. */
export interface IdentityCenterIdentity {
  /** Its id in the Identity Store. */
  readonly id: string;
  /** `SSO_USER` or `SSO_GROUP`. */
  readonly type: 'SSO_USER' | 'SSO_GROUP';
}

/** Who gets which Argo CD role (the capability's `rbacRoleMappings`). */
export interface ArgoCdRoleMapping {
  readonly role: 'ADMIN' | 'EDITOR' | 'VIEWER';
  readonly identities: readonly IdentityCenterIdentity[];
}

/** Options of {@link GitOpsEngine.managedArgoCd}. */
export interface ManagedArgoCdOptions {
  /** The IAM Identity Center instance Argo CD signs users in with (required by the capability). */
  readonly identityCenter: {
    /** `arn:aws:sso:::instance/ssoins-…`. */
    readonly instanceArn: string;
    /** The instance's region. @default the stack's region */
    readonly region?: string;
  };
  /**
   * Who may use Argo CD's UI and API, and how.
   * @default none: nobody signs in until mappings are added
   */
  readonly rbac?: readonly ArgoCdRoleMapping[];
  /**
   * VPC endpoints through which the Argo CD server is reached privately.
   * @default none: the server's public endpoint only
   */
  readonly vpcEndpointIds?: readonly string[];
}

/**
 * Options of {@link GitOpsEngine.argoCdHelm}: the chart version, and values over the add-on's own (a component's
 * requests as `values.<component>.resources`, which `ArgoCdHelm.pods` then counts). A type, as `MetricsServerOptions`.
 */
export type ArgoCdHelmOptions = HelmAddonOptions;

/** Which Argo CD syncs the repository. */
export class GitOpsEngine {
  /** The EKS capability for Argo CD (`AWS::EKS::Capability`, type `ARGOCD`): AWS runs it outside the cluster. */
  static managedArgoCd(options: ManagedArgoCdOptions): GitOpsEngine {
    return new GitOpsEngine('managed', options);
  }

  /** Argo CD from its Helm chart (argo-helm `argo-cd`, pinned), on the cluster's own nodes. */
  static argoCdHelm(options: ArgoCdHelmOptions = {}): GitOpsEngine {
    return new GitOpsEngine('helm', undefined, options);
  }

  private constructor(
    readonly kind: 'managed' | 'helm',
    readonly managed?: ManagedArgoCdOptions,
    readonly helm?: ArgoCdHelmOptions,
  ) {}
}

/** An engine once installed on the environment: what the bootstrap objects need of it. */
export interface InstalledGitOpsEngine extends IConstruct {
  /** Argo CD's namespace, where its Applications, AppProjects and repository Secrets live. */
  readonly namespace: string;
  /** Argo CD's name of this cluster. */
  readonly destination: string;
  /**
   * What the bootstrap objects apply after (Argo CD's CRDs exist, the cluster is registered) and, by the same
   * dependency, what outlives them on destroy (Argo CD is still there to run the cascading delete).
   */
  readonly ready: readonly IConstruct[];
}
