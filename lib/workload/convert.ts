import { LoadResult } from '../marathon/load/definition';
import { estateObjectOwners, estateObjects } from '../translate/estate-objects';
import { EstateTranslation, translateEstate } from '../translate/estate-translation';
import { TranslateOptions } from '../translate/options';
import { ResolvedSelection, WorkloadSelection, checkedSelection } from './selection';
import { KubeObject } from '../translate/kube';
import { validateKubeObjects } from '../validate/kubernetes';
import {
  NAMESPACES_FILE,
  monitoringFile,
  renderedObject,
  workloadFile,
  workloadHeader,
  yamlDocuments,
} from './manifests';
import { MigrationReport, ReportError, migrationReport, reportErrors } from './migration-report';
import { reportMarkdown } from './report-markdown';
import { GitOpsLayoutOptions, gitOpsSourceProblems } from '../gitops/argocd-objects';
import { GitOpsLayout, LAYOUT_README } from './gitops-layout';
import { secretSync } from '../translate/external-secret-objects';
import { kustomizationProblems } from '../validate/kustomization';

/**
 * The estate's objects exactly as the `MarathonWorkload` chart renders them (a test holds the two byte-for-byte
 * equal over the whole corpus), without building the chart: at 10,000 apps its construct tree costs seconds and
 * hundreds of megabytes that writing manifests does not need.
 */
function renderEstate(
  estate: LoadResult,
  options: ConvertOptions,
): { rendered: KubeObject[]; translation: EstateTranslation; selection?: ResolvedSelection } {
  const { select, layout: _layout, gitOps: _gitOps, ...translateOptions } = options;
  const selection = select ? checkedSelection(select, estate.definitions, estate.groups) : undefined;
  const translation = translateEstate(estate.definitions, estate.groups, translateOptions, selection?.selection);
  return { rendered: estateObjects(translation).map(renderedObject), translation, selection };
}

/** What `convert` takes: the translation's options, and which part of the estate to convert. */
export interface ConvertOptions extends TranslateOptions {
  /** Convert only these workloads; the rest of the estate is still read, so every reference resolves. @default all */
  readonly select?: WorkloadSelection;
  /**
   * How the files are laid out: `plain`, a folder per namespace and `namespaces.yaml`; `gitops`, a repository Argo
   * CD syncs (lib/workload/gitops-layout.ts), which needs {@link gitOps}.
   * @default 'plain'
   */
  readonly layout?: 'plain' | 'gitops';
  /**
   * Where Argo CD reads the gitops layout, and its destination; required with `layout: 'gitops'`, ignored otherwise.
   * @default none
   */
  readonly gitOps?: GitOpsLayoutOptions;
}

/** The gitops layout of this run, or `undefined` for the plain one; a bad source is the caller's error. */
function gitOpsLayoutOf(options: ConvertOptions, selection: ResolvedSelection | undefined): GitOpsLayout | undefined {
  if ((options.layout ?? 'plain') === 'plain') {
    return undefined;
  }
  if (options.layout !== 'gitops') {
    throw new Error(`layout: expected 'plain' or 'gitops', got ${JSON.stringify(options.layout)}`);
  }
  if (options.gitOps === undefined) {
    throw new Error("layout 'gitops' needs gitOps: the repository Argo CD reads the output from");
  }
  const problems = gitOpsSourceProblems(options.gitOps);
  if (problems.length > 0) {
    throw new Error(`gitOps: ${problems.join('; ')}`);
  }
  // Sync waves only when the run selected by wave: without `--wave` there is no plan the user asked for.
  return new GitOpsLayout(options.gitOps, options.select?.wave !== undefined ? selection?.selection.waveOf : undefined);
}

/** Everything `convert` writes, by path relative to the output directory. */
export interface Conversion {
  readonly files: ReadonlyMap<string, string>;
  readonly report: MigrationReport;
  /** Objects the strict validation rejected: translation bugs, reported and not written. */
  readonly invalidObjects: number;
}

export const REPORT_JSON = 'migration-report.json';
export const REPORT_MARKDOWN = 'migration-report.md';

/**
 * Compiles a loaded estate into manifests and the migration report. Every emitted object is validated strictly
 * first; one that fails is a translation bug: it is reported with its Marathon id and not written.
 */
export function convertEstate(
  estate: LoadResult,
  options: ConvertOptions = {},
  onProgress?: (done: number, total: number) => void,
): Conversion {
  const { rendered, translation, selection } = renderEstate(estate, options);
  const gitOps = gitOpsLayoutOf(options, selection);
  const errors: ReportError[] = reportErrors(estate.diagnostics);
  const rejected = new Set<number>();

  const { namespaces, workloads } = translation;
  const owners = estateObjectOwners(translation);
  for (const invalid of validateKubeObjects(rendered)) {
    rejected.add(invalid.index);
    const owner = owners[invalid.index];
    const what = `${invalid.kind ?? 'object'} ${rendered[invalid.index].metadata?.namespace ?? ''}/${invalid.name ?? ''}`;
    for (const problem of invalid.problems) {
      errors.push({
        source: owner?.report.source ?? '(namespaces)',
        path: owner?.report.pointer ?? '$',
        message: `translation bug: the ${what}${owner ? ` made from ${owner.report.kind} ${owner.report.id}` : ''} is invalid at ${problem.path}: ${problem.message} (not written; please report it)`,
      });
    }
  }

  const files = new Map<string, string>();
  const validNamespaces = rendered.slice(0, namespaces.length).filter((_, i) => !rejected.has(i));
  if (gitOps) {
    gitOps.namespaceFiles(validNamespaces).forEach(([path, text]) => files.set(path, text));
  } else if (validNamespaces.length > 0) {
    files.set(
      NAMESPACES_FILE,
      yamlDocuments(validNamespaces, '# Generated by marathon-to-eks: the namespaces of the migrated workloads.\n'),
    );
  }
  let offset = namespaces.length;
  workloads.forEach((translated, i) => {
    const objects = rendered
      .slice(offset, offset + translated.translation.objects.length)
      .filter((_, j) => !rejected.has(offset + j));
    // Written objects are dropped at once: for a big estate the rendered JSON is most of the heap.
    rendered.fill(undefined as unknown as KubeObject, offset, offset + translated.translation.objects.length);
    offset += translated.translation.objects.length;
    if (objects.length > 0) {
      try {
        const path = workloadFile(translated);
        files.set(
          gitOps ? gitOps.namespacedPath(path) : path,
          yamlDocuments(
            gitOps ? gitOps.workloadObjects(translated.report.id, path.slice(0, path.indexOf('/')), objects) : objects,
            workloadHeader(translated),
          ),
        );
      } catch (cause) {
        const { report } = translated;
        errors.push({
          source: report.source,
          path: report.pointer,
          message: `translation bug: writing the manifests of ${report.kind} ${report.id} failed: ${cause instanceof Error ? cause.message : String(cause)} (not written; please report it)`,
        });
      }
    }
    onProgress?.(i + 1, workloads.length);
  });
  // Each namespace's monitoring objects (after the workloads' in `rendered`: its migration overview dashboard
  // ConfigMap) go to `<namespace>/monitoring.yaml`, which no workload file can be: those are `<app|pod|job>-<name>.yaml`.
  // The alert rules are each workload's own, in its file.
  const byNamespace = new Map<string, KubeObject[]>();
  rendered.slice(offset).forEach((object, i) => {
    if (!rejected.has(offset + i)) {
      const namespace = object.metadata?.namespace ?? 'default';
      byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), object]);
    }
  });
  for (const [namespace, objects] of byNamespace) {
    files.set(
      gitOps ? gitOps.namespacedPath(monitoringFile(namespace)) : monitoringFile(namespace),
      yamlDocuments(
        objects,
        `# Generated by marathon-to-eks: the migration overview dashboard of the namespace ${namespace}.\n`,
      ),
    );
  }
  for (const {
    translation: { forwarder },
  } of workloads) {
    if (forwarder) {
      files.set(forwarder.file, `${JSON.stringify(forwarder.app, null, 2)}\n`);
    }
  }
  if (gitOps) {
    addExternalSecrets(files, gitOps, translation, options.gitOps?.secretsPrefix ?? DEFAULT_SECRETS_PREFIX, errors);
    const { kustomizations, argoCd, readme } = gitOps.finish(files);
    // A kustomization kustomize would refuse fails its whole Application: a translation bug, reported, not written.
    for (const kustomization of kustomizations) {
      const problems = kustomizationProblems(kustomization.value, kustomization.folderFiles);
      for (const problem of problems) {
        errors.push({
          source: '(gitops layout)',
          path: '$',
          message: `translation bug: ${kustomization.path} is invalid at ${problem.path}: ${problem.message} (not written; please report it)`,
        });
      }
      if (problems.length === 0) {
        files.set(kustomization.path, kustomization.text);
      }
    }
    for (const file of argoCd) {
      if (layoutObjectsValid(file.path, file.objects, errors)) {
        files.set(file.path, file.text);
      }
    }
    files.set(LAYOUT_README, readme);
  }
  const report = migrationReport(translation, errors, estate.rejected.length, selection);
  files.set(REPORT_JSON, `${JSON.stringify(report, null, 2)}\n`);
  files.set(REPORT_MARKDOWN, reportMarkdown(report));
  return { files, report, invalidObjects: rejected.size };
}

/** The environment's default `secretsPrefix` (EksEnvironmentProps), which the layout's ExternalSecrets must match. */
export const DEFAULT_SECRETS_PREFIX = 'marathon-to-eks/';

/**
 * Under GitOps the ExternalSecrets travel with the manifests: `namespaces/<ns>/externalsecrets.yaml`, the same
 * objects CloudFormation delivery applies (`secretSync`), read through the namespace's SecretStore, which the
 * environment's stack still makes with its role. With a wave plan they take the namespace's first wave.
 */
function addExternalSecrets(
  files: Map<string, string>,
  gitOps: GitOpsLayout,
  translation: EstateTranslation,
  secretsPrefix: string,
  errors: ReportError[],
): void {
  const byNamespace = new Map<string, KubeObject[]>();
  for (const object of secretSync(translation.secrets, secretsPrefix).objects.values()) {
    const namespace = object.metadata.namespace;
    byNamespace.set(namespace, [
      ...(byNamespace.get(namespace) ?? []),
      renderedObject(object) as unknown as KubeObject,
    ]);
  }
  for (const [namespace, unwaved] of byNamespace) {
    const objects = gitOps.externalSecretObjects(namespace, unwaved);
    const path = gitOps.namespacedPath(`${namespace}/${EXTERNAL_SECRETS_FILE}`);
    if (layoutObjectsValid(path, objects, errors)) {
      files.set(
        path,
        yamlDocuments(
          objects,
          `# Generated by marathon-to-eks: the Secrets of the namespace ${namespace}, read from AWS Secrets Manager (names under ${JSON.stringify(secretsPrefix)}) through its SecretStore.\n`,
        ),
      );
    }
  }
}

/** A namespace's ExternalSecrets in the gitops layout; no workload file is named so (theirs are `<app|pod|job>-…`). */
export const EXTERNAL_SECRETS_FILE = 'externalsecrets.yaml';

/**
 * Whether the objects of a file the gitops layout adds (Argo CD objects, ExternalSecrets) pass strict validation;
 * each problem is reported as a translation bug, and the caller writes the file only when there is none.
 */
function layoutObjectsValid(
  path: string,
  objects: readonly {
    readonly kind?: string;
    readonly metadata?: { readonly name?: string; readonly namespace?: string };
  }[],
  errors: ReportError[],
): boolean {
  const invalid = validateKubeObjects(objects);
  for (const { index, problems } of invalid) {
    const { kind, metadata } = objects[index];
    for (const problem of problems) {
      errors.push({
        source: '(gitops layout)',
        path: '$',
        message: `translation bug: the ${kind} ${metadata?.namespace ?? ''}/${metadata?.name ?? ''} of ${path} is invalid at ${problem.path}: ${problem.message} (not written; please report it)`,
      });
    }
  }
  return invalid.length === 0;
}
