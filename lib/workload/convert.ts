import { LoadResult } from '../marathon/load/definition';
import { EstateTranslation, TranslatedWorkload, translateEstate } from '../translate/estate-translation';
import { TranslateOptions } from '../translate/options';
import { ResolvedSelection, WorkloadSelection, checkedSelection } from './selection';
import { KubeObject } from '../translate/kube';
import { KubeObjectProblems, validateKubeObjects } from '../validate/kubernetes';
import {
  NAMESPACES_FILE,
  monitoringFile,
  renderedObject,
  workloadFile,
  workloadHeader,
  yamlDocuments,
} from './manifests';
import { MigrationReport, ReportError, migrationReport, reportErrors } from './migration-report';
import { reportMarkdownPieces } from './report-markdown';
import { GitOpsLayoutOptions, gitOpsSourceProblems } from '../gitops/argocd-objects';
import { GitOpsLayout, LAYOUT_README } from './gitops-layout';
import { secretSync } from '../translate/external-secret-objects';
import { kustomizationProblems } from '../validate/kustomization';

/**
 * The estate translated, and what was selected. Objects are rendered (exactly as the `MarathonWorkload` chart renders
 * them: a test holds the two byte-for-byte equal over the whole corpus) one workload at a time as they are written,
 * without building the chart: at 10,000 apps its construct tree costs seconds and hundreds of megabytes that writing
 * manifests does not need, and so would holding every rendered copy at once.
 */
function translated(
  estate: LoadResult,
  options: ConvertOptions,
): { translation: EstateTranslation; selection?: ResolvedSelection } {
  const { select, layout: _layout, gitOps: _gitOps, ...translateOptions } = options;
  const selection = select ? checkedSelection(select, estate.definitions, estate.groups) : undefined;
  const translation = translateEstate(estate.definitions, estate.groups, translateOptions, selection?.selection);
  return { translation, selection };
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
export interface Conversion extends ConversionOutcome {
  readonly files: ReadonlyMap<string, string>;
}

/** What a conversion found, besides its files. */
export interface ConversionOutcome {
  readonly report: MigrationReport;
  /** Objects the strict validation rejected: translation bugs, reported and not written. */
  readonly invalidObjects: number;
}

/** Where a conversion's files go as they are made: a map ({@link convertEstate}) or a staging directory (the CLI). */
export interface ConversionSink {
  /** One file, whole or in pieces (written in order; a big report is never one string). */
  write(path: string, text: string | Iterable<string>): void;
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
  const files = new Map<string, string>();
  const sink: ConversionSink = {
    write: (path, text) => void files.set(path, typeof text === 'string' ? text : [...text].join('')),
  };
  const outcome = convertEstateInto(estate, options, sink, onProgress);
  return { files, ...outcome };
}

/**
 * {@link convertEstate} one file at a time: each file goes to `sink` as soon as it is made, so a caller writing to
 * disk frees each file's text at once (and each workload's rendered objects go with its file) instead of holding a
 * big estate's manifests to the end. Same files, same bytes, same order, same report as {@link convertEstate}.
 */
export function convertEstateInto(
  estate: LoadResult,
  options: ConvertOptions,
  sink: ConversionSink,
  onProgress?: (done: number, total: number) => void,
): ConversionOutcome {
  const { translation, selection } = translated(estate, options);
  const gitOps = gitOpsLayoutOf(options, selection);
  const errors: ReportError[] = reportErrors(estate.diagnostics);
  /** Failures to write a workload's YAML: reported after every validation problem, as they always were. */
  const writeErrors: ReportError[] = [];
  let invalidObjects = 0;
  /** Documents per file written, for the gitops layout's per-Application object counts. */
  const documents = new Map<string, number>();
  /** A file of `count` objects, to the sink and to the counts. */
  const emit = (path: string, text: string, count: number) => {
    sink.write(path, text);
    documents.set(path, count);
  };
  const write = (path: string, objects: readonly unknown[], header: string) =>
    emit(path, yamlDocuments(objects, header), objects.length);
  /** The objects of `objects` that pass strict validation, rendered; each problem of the others is reported. */
  const validRendered = (objects: readonly KubeObject[], owner: TranslatedWorkload | undefined): KubeObject[] => {
    const rendered = objects.map(renderedObject);
    const invalid = validateKubeObjects(rendered);
    if (invalid.length === 0) {
      return rendered;
    }
    invalidObjects += invalid.length;
    for (const problem of invalid) {
      errors.push(...objectErrors(rendered[problem.index], problem, owner));
    }
    const rejected = new Set(invalid.map((problem) => problem.index));
    return rendered.filter((_, i) => !rejected.has(i));
  };

  const { namespaces, workloads } = translation;
  const validNamespaces = validRendered(namespaces, undefined);
  if (gitOps) {
    gitOps.namespaceFiles(validNamespaces).forEach(([path, text]) => {
      emit(path, text, 1);
    });
  } else if (validNamespaces.length > 0) {
    write(
      NAMESPACES_FILE,
      validNamespaces,
      '# Generated by marathon-to-eks: the namespaces of the migrated workloads.\n',
    );
  }
  for (const [i, workload] of workloads.entries()) {
    const objects = validRendered(workload.translation.objects, workload);
    if (objects.length > 0) {
      // Only making the text is caught: a failure of the sink (a full disk) ends the conversion, as it must.
      let file: { path: string; objects: readonly unknown[]; text: string } | undefined;
      try {
        const path = workloadFile(workload);
        const written = gitOps
          ? gitOps.workloadObjects(workload.report.id, path.slice(0, path.indexOf('/')), objects)
          : objects;
        file = {
          path: gitOps ? gitOps.namespacedPath(path) : path,
          objects: written,
          text: yamlDocuments(written, workloadHeader(workload)),
        };
      } catch (cause) {
        const { report } = workload;
        writeErrors.push({
          source: report.source,
          path: report.pointer,
          message: `translation bug: writing the manifests of ${report.kind} ${report.id} failed: ${cause instanceof Error ? cause.message : String(cause)} (not written; please report it)`,
        });
      }
      if (file) {
        emit(file.path, file.text, file.objects.length);
      }
    }
    onProgress?.(i + 1, workloads.length);
  }
  // Each namespace's monitoring objects (its migration overview dashboard ConfigMap) go to
  // `<namespace>/monitoring.yaml`, which no workload file can be: those are `<app|pod|job>-<name>.yaml`.
  // The alert rules are each workload's own, in its file.
  const byNamespace = new Map<string, KubeObject[]>();
  for (const object of validRendered(translation.monitoring, undefined)) {
    const namespace = object.metadata?.namespace ?? 'default';
    byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), object]);
  }
  errors.push(...writeErrors);
  for (const [namespace, objects] of byNamespace) {
    write(
      gitOps ? gitOps.namespacedPath(monitoringFile(namespace)) : monitoringFile(namespace),
      objects,
      `# Generated by marathon-to-eks: the migration overview dashboard of the namespace ${namespace}.\n`,
    );
  }
  for (const {
    translation: { forwarder },
  } of workloads) {
    if (forwarder) {
      emit(forwarder.file, `${JSON.stringify(forwarder.app, null, 2)}\n`, 1);
    }
  }
  if (gitOps) {
    for (const [path, text, count] of externalSecretFiles(
      gitOps,
      translation,
      options.gitOps?.secretsPrefix ?? DEFAULT_SECRETS_PREFIX,
      errors,
    )) {
      emit(path, text, count);
    }
    const { kustomizations, argoCd, readme } = gitOps.finish(documents);
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
        sink.write(kustomization.path, kustomization.text);
      }
    }
    for (const file of argoCd) {
      if (layoutObjectsValid(file.path, file.objects, errors)) {
        sink.write(file.path, file.text);
      }
    }
    sink.write(LAYOUT_README, readme);
  }
  const report = migrationReport(translation, errors, estate.rejected.length, selection);
  sink.write(REPORT_JSON, reportJsonPieces(report));
  sink.write(REPORT_MARKDOWN, reportMarkdownPieces(report));
  return { report, invalidObjects };
}

/**
 * `JSON.stringify(report, null, 2)` and a line break, in pieces: the workloads (the first key, most of the report)
 * one at a time, so the report of 10,000 apps is never one string of 90 MB. The same bytes: each workload is
 * stringified where it sits, as the one element of the `workloads` array, and cut out of that wrapper.
 */
export function* reportJsonPieces(report: MigrationReport): Generator<string> {
  const rest = JSON.stringify({ ...report, workloads: undefined }, null, 2);
  if (report.workloads.length === 0 || !rest.startsWith('{\n  "')) {
    yield `${JSON.stringify(report, null, 2)}\n`;
    return;
  }
  const opening = '{\n  "workloads": [\n';
  const closing = '\n  ]\n}';
  yield opening;
  for (const [i, workload] of report.workloads.entries()) {
    const wrapped = JSON.stringify({ workloads: [workload] }, null, 2);
    yield `${i === 0 ? '' : ',\n'}${wrapped.slice(opening.length, wrapped.length - closing.length)}`;
  }
  yield `\n  ],\n${rest.slice(2)}\n`;
}

/** A rendered object's validation problems as report errors: translation bugs, named by the definition it came from. */
function objectErrors(
  object: KubeObject,
  invalid: KubeObjectProblems,
  owner: TranslatedWorkload | undefined,
): ReportError[] {
  const what = `${invalid.kind ?? 'object'} ${object.metadata?.namespace ?? ''}/${invalid.name ?? ''}`;
  return invalid.problems.map((problem) => ({
    source: owner?.report.source ?? '(namespaces)',
    path: owner?.report.pointer ?? '$',
    message: `translation bug: the ${what}${owner ? ` made from ${owner.report.kind} ${owner.report.id}` : ''} is invalid at ${problem.path}: ${problem.message} (not written; please report it)`,
  }));
}

/** The environment's default `secretsPrefix` (EksEnvironmentProps), which the layout's ExternalSecrets must match. */
export const DEFAULT_SECRETS_PREFIX = 'marathon-to-eks/';

/**
 * Under GitOps the ExternalSecrets travel with the manifests: `namespaces/<ns>/externalsecrets.yaml`, the same
 * objects CloudFormation delivery applies (`secretSync`), read through the namespace's SecretStore, which the
 * environment's stack still makes with its role. With a wave plan they take the namespace's first wave.
 */
function externalSecretFiles(
  gitOps: GitOpsLayout,
  translation: EstateTranslation,
  secretsPrefix: string,
  errors: ReportError[],
): [path: string, text: string, documents: number][] {
  const byNamespace = new Map<string, KubeObject[]>();
  for (const object of secretSync(translation.secrets, secretsPrefix).objects.values()) {
    const namespace = object.metadata.namespace;
    byNamespace.set(namespace, [
      ...(byNamespace.get(namespace) ?? []),
      renderedObject(object) as unknown as KubeObject,
    ]);
  }
  const files: [string, string, number][] = [];
  for (const [namespace, unwaved] of byNamespace) {
    const objects = gitOps.externalSecretObjects(namespace, unwaved);
    const path = gitOps.namespacedPath(`${namespace}/${EXTERNAL_SECRETS_FILE}`);
    if (layoutObjectsValid(path, objects, errors)) {
      files.push([
        path,
        yamlDocuments(
          objects,
          `# Generated by marathon-to-eks: the Secrets of the namespace ${namespace}, read from AWS Secrets Manager (names under ${JSON.stringify(secretsPrefix)}) through its SecretStore.\n`,
        ),
        objects.length,
      ]);
    }
  }
  return files;
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
