/**
 * The Argo CD objects of GitOps delivery, shared by `convert --layout gitops` (which writes them into the repository)
 * and `Delivery.gitOps` (whose stack applies only the bootstrap ones). Pure: no CDK, no I/O.
 *
 * The shape is app-of-apps: CloudFormation holds a bootstrap AppProject and one root Application whose source is
 * `<path>/argocd/` in Git; that folder holds the estate's AppProject and one Application per namespace, each syncing
 * `<path>/namespaces/<namespace>/` (a kustomization). The stack therefore stays the same size however large the
 * estate grows, and Git, not a template, says which namespaces exist.
 *
 * Field names checked against argoproj/argo-cd v3.4.4 (the appVersion of the argo-cd chart 10.1.1):
 * manifests/crds/application-crd.yaml, appproject-crd.yaml; the finalizer names in
 * pkg/apis/application/v1alpha1/application_defaults.go; the deletion order in controller/appcontroller.go
 * (`finalizeApplicationDeletion` waits while a managed object, a child Application included, is still being
 * deleted; `finalizeProjectDeletion` keeps a project while any Application names it); the annotations and sync
 * options in gitops-engine/pkg/sync/common/types.go (in the argo-cd tree at v3.4.4: `PruneLast=true`,
 * `ApplyOutOfSyncOnly=true`, `Prune`/`Delete`, which controller/state.go and appcontroller.go read per object).
 * `validateKubeObjects` checks every object here against those CRDs (lib/validate/crd-schemas-argocd.generated.json).
 */

/** Where Argo CD reads the output of `convert --layout gitops`. */
export interface GitOpsSource {
  /** The Git repository URL (`https://…` or `ssh://…` / `git@host:…`), without credentials in it. */
  readonly repository: string;
  /**
   * The branch, tag or commit Argo CD follows.
   * @default 'HEAD'
   */
  readonly revision?: string;
  /**
   * The folder inside the repository that `convert --layout gitops --out` wrote.
   * @default '.' (the repository root)
   */
  readonly path?: string;
}

/** Where the Applications deploy to, and where Argo CD keeps its objects. */
export interface ArgoCdTarget {
  /**
   * Argo CD's name of the destination cluster. Argo CD installed by Helm names its own cluster `in-cluster`; the EKS
   * capability registers none, so `GitOpsEngine.managedArgoCd` registers this cluster under this name.
   * @default 'in-cluster'
   */
  readonly destination?: string;
  /**
   * The namespace Argo CD watches for Applications and AppProjects.
   * @default 'argocd'
   */
  readonly namespace?: string;
}

export interface GitOpsLayoutOptions extends GitOpsSource, ArgoCdTarget {
  /**
   * Name prefix of the Secrets Manager secrets the ExternalSecrets in the layout read: the environment's
   * `secretsPrefix`, whose SecretStores may read exactly those names.
   * @default 'marathon-to-eks/'
   */
  readonly secretsPrefix?: string;
}

export const ARGOCD_NAMESPACE = 'argocd';
export const DEFAULT_DESTINATION = 'in-cluster';
/** The estate's AppProject (in Git) and the bootstrap one (in the stack). */
export const ESTATE_PROJECT = 'marathon-to-eks';
export const BOOTSTRAP_PROJECT = 'marathon-to-eks-bootstrap';
/** The root Application, in the stack. */
export const ROOT_APPLICATION = 'marathon-to-eks';
/** Cascading deletion, foreground: Argo CD deletes what the Application made before the Application goes. */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
export const SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';
/** On a Namespace: never pruned, never deleted with its Application (as CloudFormation delivery retains them). */
export const KEEP_NAMESPACE_SYNC_OPTIONS = 'Prune=false,Delete=false';

/** Paths of the gitops layout, relative to the output directory (`path` in the repository). */
export const GITOPS_PATHS = {
  /** The root Application's source: the estate's AppProject and the per-namespace Applications. */
  argocd: 'argocd',
  project: 'argocd/project.yaml',
  application: (namespace: string): string => `argocd/applications/${namespace}.yaml`,
  namespaceDir: (namespace: string): string => `namespaces/${namespace}`,
} as const;

const LABELS = { 'app.kubernetes.io/managed-by': 'marathon-to-eks', 'app.kubernetes.io/part-of': 'marathon-to-eks' };

export interface ArgoObject {
  readonly apiVersion: 'argoproj.io/v1alpha1';
  readonly kind: 'Application' | 'AppProject';
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
    readonly finalizers?: string[];
  };
  readonly spec: Record<string, unknown>;
}

/** What is wrong with a source, in words a user can act on; empty when it is usable. */
export function gitOpsSourceProblems(source: GitOpsSource): string[] {
  const problems: string[] = [];
  const { repository } = source;
  if (typeof repository !== 'string' || repository.trim() === '') {
    problems.push('repository: a Git URL is required');
  } else {
    problems.push(...repositoryProblems(repository).map((problem) => `repository: ${problem}`));
  }
  const path = normalizedPath(source.path);
  if (path.split('/').includes('..') || path.startsWith('/')) {
    problems.push(`path: ${JSON.stringify(source.path)} must be a folder inside the repository`);
  }
  if (source.revision !== undefined && !/^[^\s~^:?*[\\]+$/.test(source.revision)) {
    problems.push(`revision: ${JSON.stringify(source.revision)} is not a branch, tag or commit`);
  }
  return problems;
}

const CREDENTIALS =
  'the URL carries credentials; give them as credentials (a Secrets Manager secret, or a repository Secret of Argo CD) instead';

/**
 * The problems of a repository URL. Whatever it carries would be written into templates and Git, so no message
 * repeats it: each describes it by {@link redactedUrl}.
 */
function repositoryProblems(repository: string): string[] {
  const notAUrl = `${JSON.stringify(redactedUrl(repository))} is not an https://, ssh:// or git@host: URL`;
  if (/\s/.test(repository)) {
    return [notAUrl];
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(repository);
  if (scheme === null) {
    // scp-like `git@host:path`: the user is `git`, and that syntax has no place for a password or a query.
    return /^git@[^:/@?#]+:[^?#]+$/.test(repository) ? [] : [notAUrl];
  }
  const protocol = scheme[1].toLowerCase();
  if (protocol !== 'https' && protocol !== 'http' && protocol !== 'ssh') {
    return [notAUrl];
  }
  const problems: string[] = [];
  // Read from the text as well as by `URL`: `https://user:pa/ss@host/x` does not parse, yet holds a password. The
  // last `@` of the whole rest counts, so a `?`, `#` or `/` inside a password (`user:pa?ss@host`) hides nothing.
  const rest = repository.slice(scheme[0].length);
  const at = rest.lastIndexOf('@');
  const userinfo = at < 0 ? undefined : rest.slice(0, at);
  let url: URL | undefined;
  try {
    url = new URL(repository);
  } catch {
    url = undefined;
  }
  const http = protocol !== 'ssh';
  // Over https any user is a credential (a token as the user name, as GitHub takes); over ssh only a password is.
  if (
    (userinfo !== undefined && (http || userinfo.includes(':'))) ||
    (url !== undefined && (url.password !== '' || (http && url.username !== '')))
  ) {
    problems.push(CREDENTIALS);
  }
  if (/[?#]/.test(repository)) {
    problems.push(
      `${JSON.stringify(redactedUrl(repository))} has a query or fragment: Argo CD needs neither in a repository URL, and tokens hide there`,
    );
  }
  // A URL that does not parse because of its credentials (`https://user:pa/ss@host`) says so once.
  if ((url === undefined || url.hostname === '') && !problems.includes(CREDENTIALS)) {
    problems.push(notAUrl);
  }
  return problems;
}

/**
 * A repository URL as a message may show it: the user information (everything between the scheme and the last `@`)
 * becomes `***`, then a query `?…` and a fragment `#…`. A URL without them comes back unchanged.
 */
export function redactedUrl(value: string): string {
  // The user information first, up to the last `@` anywhere: a password may hold `?`, `#` or `/`.
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(value);
  const start = scheme ? scheme[0].length : 0;
  const at = value.lastIndexOf('@');
  const masked = at < start ? value : `${value.slice(0, start)}***${value.slice(at)}`;
  const query = masked.search(/[?#]/);
  return query < 0 ? masked : `${masked.slice(0, query)}${masked[query]}…`;
}

/** `path` without `./`, leading or trailing slashes; '.' for the repository root. */
export function normalizedPath(path: string | undefined): string {
  const trimmed = (path ?? '.').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return trimmed === '' ? '.' : trimmed;
}

/** A path of the layout as the repository sees it (under `source.path`). */
export function repositoryPath(source: GitOpsSource, layoutPath: string): string {
  const base = normalizedPath(source.path);
  return base === '.' ? layoutPath : `${base}/${layoutPath}`;
}

function target(options: ArgoCdTarget): { destination: string; namespace: string } {
  return { destination: options.destination ?? DEFAULT_DESTINATION, namespace: options.namespace ?? ARGOCD_NAMESPACE };
}

const SYNC_RETRY = { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } };

/**
 * The estate's AppProject: the repository as its only source, the estate's namespaces on the destination cluster
 * as its only destinations, Namespaces as the only cluster-scoped kind. Its finalizer keeps it until no Application
 * names it, so a cascading delete never strands an Application without its project.
 */
export function estateProject(options: GitOpsLayoutOptions, namespaces: readonly string[]): ArgoObject {
  const { destination, namespace } = target(options);
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: ESTATE_PROJECT, namespace, labels: { ...LABELS }, finalizers: [RESOURCES_FINALIZER] },
    spec: {
      description: 'Workloads migrated from DC/OS by marathon-to-eks',
      sourceRepos: [options.repository],
      destinations: [...namespaces].sort().map((name) => ({ name: destination, namespace: name })),
      clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
    },
  };
}

/**
 * One namespace's Application: syncs `namespaces/<namespace>/` with prune and self-heal, foreground cascading
 * deletion (its finalizer), and `wave` as its sync wave among the root Application's children.
 */
export function namespaceApplication(
  options: GitOpsLayoutOptions,
  workloadNamespace: string,
  wave?: number,
): ArgoObject {
  const { destination, namespace } = target(options);
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: `${ESTATE_PROJECT}-${workloadNamespace}`,
      namespace,
      labels: { ...LABELS, 'marathon-to-eks/namespace': workloadNamespace },
      ...(wave !== undefined ? { annotations: { [SYNC_WAVE_ANNOTATION]: String(wave) } } : {}),
      finalizers: [RESOURCES_FINALIZER],
    },
    spec: {
      project: ESTATE_PROJECT,
      source: {
        repoURL: options.repository,
        targetRevision: options.revision ?? 'HEAD',
        path: repositoryPath(options, GITOPS_PATHS.namespaceDir(workloadNamespace)),
      },
      destination: { name: destination, namespace: workloadNamespace },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['PruneLast=true', 'ApplyOutOfSyncOnly=true'],
        retry: SYNC_RETRY,
      },
    },
  };
}

/**
 * The bootstrap AppProject (in the stack): it may only put Applications and AppProjects into Argo CD's namespace.
 */
export function bootstrapProject(options: GitOpsLayoutOptions): ArgoObject {
  const { destination, namespace } = target(options);
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: BOOTSTRAP_PROJECT, namespace, labels: { ...LABELS }, finalizers: [RESOURCES_FINALIZER] },
    spec: {
      description: 'The root Application of marathon-to-eks: the estate project and its Applications, from Git',
      sourceRepos: [options.repository],
      destinations: [{ name: destination, namespace }],
      clusterResourceWhitelist: [],
      namespaceResourceWhitelist: [
        { group: 'argoproj.io', kind: 'Application' },
        { group: 'argoproj.io', kind: 'AppProject' },
      ],
    },
  };
}

/**
 * The root Application (in the stack, or `bootstrap.yaml` of the layout): syncs `argocd/` of the layout, without
 * pruning (see below). Deleting it (cdk destroy) deletes the
 * namespace Applications, each of which deletes its objects first (load balancers through the controller), and the
 * root goes only when they have: `kubectl delete` waits for the finalizer.
 */
export function rootApplication(options: GitOpsLayoutOptions): ArgoObject {
  const { destination, namespace } = target(options);
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: ROOT_APPLICATION, namespace, labels: { ...LABELS }, finalizers: [RESOURCES_FINALIZER] },
    spec: {
      project: BOOTSTRAP_PROJECT,
      source: {
        repoURL: options.repository,
        targetRevision: options.revision ?? 'HEAD',
        path: repositoryPath(options, GITOPS_PATHS.argocd),
        directory: { recurse: true },
      },
      destination: { name: destination, namespace },
      // No prune: an Application file that vanishes from `argocd/applications/` (a namespace emptied by a partial
      // convert, a bad merge) must not make the root delete that Application, whose finalizer would cascade into
      // every object of the namespace. Removing a namespace is deliberate: `kubectl delete application …` (or a
      // manual sync with prune). Self-heal stays: an edited child Application is put back as Git says.
      syncPolicy: { automated: { prune: false, selfHeal: true }, retry: SYNC_RETRY },
    },
  };
}
