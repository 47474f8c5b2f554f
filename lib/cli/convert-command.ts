import { Command, InvalidArgumentError, Option } from 'commander';
import { loadEstate } from '../marathon/load/estate';
import { formatDiagnostic } from '../marathon/diagnostics';
import { DEFAULT_OPTIONS, ResolvedTranslateOptions, TranslateOptions } from '../translate/options';
import { LoadResult } from '../marathon/load/definition';
import {
  ConversionOutcome,
  ConvertOptions as ConversionOptions,
  REPORT_JSON,
  REPORT_MARKDOWN,
  convertEstateInto,
} from '../workload/convert';
import { SelectionError, WorkloadSelection } from '../workload/selection';
import { WaveFlags, addWaveOptions, positiveWholeNumber, waveOptionsFrom } from './wave-options';
import { MigrationReport } from '../workload/migration-report';
import { translateOptionProblems } from '../workload/option-problems';
import { CliIo, ExitCode, UsageError } from './io';
import { InputOptions, addInputOptions, loadOptionsFrom } from './inputs';
import { StagingOutput, recoverInterruptedRun } from './output-dir';
import { lockOutput } from './output-lock';
import { inspectOutput } from './output-record';
import { resolveOutputTarget } from './output-target';
import { progressBar } from './progress';
import { escapeControlCharacters } from '../util/control-characters';
import { DEFAULT_DESTINATION, GitOpsLayoutOptions, gitOpsSourceProblems } from '../gitops/argocd-objects';
import { plural } from '../util/text';

interface ConvertOptions extends InputOptions, WaveFlags {
  readonly out: string;
  readonly only: string[];
  readonly wave?: number;
  readonly coexistenceDomain?: string;
  readonly forwarderImage: string;
  readonly coexistenceSourceRange: string[];
  readonly strict?: boolean;
  readonly namespaceStrategy: ResolvedTranslateOptions['namespaceStrategy'];
  readonly defaultNamespace: string;
  readonly storageClass: string;
  readonly hostNetworking?: boolean;
  readonly hostPorts?: boolean;
  readonly dropCpuLimits?: boolean;
  readonly ingressClass: string;
  readonly certificateArn: string[];
  readonly label: Record<string, string>;
  readonly commandImage: string;
  readonly fetchImage: string;
  readonly waitForDependencies?: boolean;
  readonly jobBackoffLimit: number;
  readonly perNodeInstances: number;
  /** `--no-alerts` makes it false. */
  readonly alerts: boolean;
  readonly runbookUrl: string;
  readonly cutoverWeight?: number;
  readonly cutoverZone?: string;
  readonly layout: 'plain' | 'gitops';
  readonly repository?: string;
  readonly revision?: string;
  readonly repoPath?: string;
  readonly argocdDestination?: string;
  readonly secretsPrefix?: string;
  readonly allowRemoval?: boolean;
}

/**
 * `convert <paths…> --out DIR`: manifests and the migration report. Exit 0 when everything converted, 1 when an
 * input was invalid or an object failed validation (the rest is still written), also on unsupported fields with
 * `--strict`; 2 on usage errors.
 */
export function convertCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  const command = addInputOptions(new Command('convert'))
    .description(
      'compile Marathon apps, pods, groups and Metronome jobs into Kubernetes manifests and a migration report',
    )
    .requiredOption(
      '-o, --out <dir>',
      'output directory: created, or replaced when it holds only what an earlier convert wrote',
    )
    .option('--strict', 'also exit 1 when any field is unsupported')
    .addOption(
      new Option(
        '--namespace-strategy <strategy>',
        'top-level-group: /shop/api runs in namespace shop; single: everything in --default-namespace',
      )
        .choices(['top-level-group', 'single'])
        .default(DEFAULT_OPTIONS.namespaceStrategy),
    )
    .option('--default-namespace <name>', 'namespace of top-level ids', DEFAULT_OPTIONS.defaultNamespace)
    .option('--storage-class <name>', 'StorageClass for persistent and external volumes', DEFAULT_OPTIONS.storageClass)
    .option('--host-networking', 'keep host networking (hostNetwork: true) for apps that used it')
    .option('--host-ports', 'keep fixed host ports (requirePorts) as hostPort')
    .option('--drop-cpu-limits', 'leave CPU limits out (Mesos enforced cpus as a hard quota)')
    .option('--ingress-class <name>', 'IngressClass for marathon-lb HTTP routes', DEFAULT_OPTIONS.ingressClass)
    .option(
      '--certificate-arn <arn>',
      'ACM certificate the ALBs of HTTPS routes serve (repeatable; default: discovered by host)',
      collectValue,
      [],
    )
    .option('--label <key=value>', 'add a label to every object (repeatable)', collectLabel, {})
    .option(
      '--command-image <image>',
      'image for apps and jobs that ran a command without one',
      DEFAULT_OPTIONS.commandImage,
    )
    .option(
      '--fetch-image <image>',
      'image of the init container that downloads fetch / uris artifacts',
      DEFAULT_OPTIONS.fetchImage,
    )
    .option('--wait-for-dependencies', 'add init containers that wait for each dependency to accept connections')
    .option(
      '--job-backoff-limit <n>',
      'backoffLimit of jobs with restart policy ON_FAILURE',
      wholeNumber,
      DEFAULT_OPTIONS.jobBackoffLimit,
    )
    .addOption(perNodeInstancesOption())
    .option(
      '--only <id-or-glob>',
      'convert only these workloads (an id, a group, or a glob: /shop/*, /shop/**; repeatable); the rest stays on DC/OS',
      collectValue,
      [],
    )
    .option('--wave <n>', "convert waves 1 to n of the estate's wave plan (as `waves` prints it)", positiveWholeNumber)
    .option(
      '--coexistence-domain <zone>',
      'Route 53 private zone of the NLBs that apps left on DC/OS reach migrated ones through; adds the NLBs and dcos/forwarders/',
    )
    .option('--forwarder-image <image>', 'image of the dcos/forwarders/ apps (socat)', DEFAULT_OPTIONS.forwarderImage)
    .option(
      '--coexistence-source-range <cidr>',
      'CIDR of DC/OS agents the coexistence NLBs admit (repeatable; default: the controller admits any)',
      collectValue,
      [],
    )
    .option('--no-alerts', 'emit no ServiceMonitors, PodMonitors or PrometheusRules (docs/monitoring.md)')
    .option(
      '--runbook-url <template>',
      "runbook_url of every alert; {namespace}, {name} and {id} are the workload's",
      DEFAULT_OPTIONS.runbookUrl,
    )
    .option(
      '--cutover-weight <percent>',
      "weighted DNS cut-over: the ALBs' share (0-100) of each marathon-lb route in --cutover-zone; marathon-lb keeps the rest (docs/traffic-cutover.md)",
      percentage,
    )
    .option(
      '--cutover-zone <zone>',
      'the Route 53 public zone of the routes to cut over by weight (with --cutover-weight); other hosts are moved by hand',
    )
    .addOption(
      new Option(
        '--layout <layout>',
        'plain: a folder per namespace; gitops: a repository Argo CD syncs (namespaces/<ns>/ kustomizations, argocd/ Applications, bootstrap.yaml); ' +
          "EKS's managed Argo CD syncs at most 150 objects per Application (namespace) and 3,000 Applications: its README lists larger namespaces",
      )
        .choices(['plain', 'gitops'])
        .default('plain'),
    )
    .option('--repository <url>', 'with --layout gitops: the Git URL Argo CD reads (no credentials in it)')
    .option('--revision <ref>', 'with --layout gitops: the branch, tag or commit Argo CD follows (default: HEAD)')
    .option(
      '--repo-path <dir>',
      "with --layout gitops: the repository folder --out is committed to (default: '.', the root)",
    )
    .option(
      '--argocd-destination <name>',
      `with --layout gitops: Argo CD's name of the cluster to deploy to (default: ${DEFAULT_DESTINATION})`,
    )
    .option(
      '--secrets-prefix <prefix>',
      "with --layout gitops: name prefix of the Secrets Manager secrets the ExternalSecrets read, the environment's secretsPrefix (default: marathon-to-eks/)",
    )
    .option(
      '--allow-removal',
      'with --layout gitops: let this run remove workloads an earlier run wrote: Argo CD deletes them (without it such a run is refused)',
    );
  return addWaveOptions(command).action(async (paths: string[], options: ConvertOptions) => {
    const target = resolveOutputTarget(options.out, paths);
    const loadOptions = loadOptionsFrom(paths, options, io);
    const translate = { ...checkedTranslateOptions(options), ...selectionOf(options), ...layoutOf(options) };
    const lock = lockOutput(target);
    try {
      for (const warning of recoverInterruptedRun(target)) {
        io.stderr(`marathon-to-eks: warning: ${warning}\n`);
      }
      // Refused before anything is read: a foreign directory is never going to be written.
      const previous = inspectOutput(target.absolute, target.display);
      const estate = await loadEstate(loadOptions);
      for (const diagnostic of estate.diagnostics.filter((d) => d.severity === 'error')) {
        io.stderr(`${formatDiagnostic(diagnostic)}\n`);
      }
      const keep = reasonToKeepPreviousOutput(estate, previous.state === 'ours');
      if (keep !== undefined) {
        io.stderr(
          `marathon-to-eks: ${keep}; ${previous.state === 'ours' ? `${target.display} keeps its previous output` : 'nothing was written'}\n`,
        );
        setExitCode(ExitCode.invalidInput);
        return;
      }
      const staging = StagingOutput.open(target, { writerThread: estate.definitions.length >= WRITER_THREAD_FROM });
      let conversion: ConversionOutcome;
      try {
        conversion = convertInto(staging, estate, translate);
        if (options.layout === 'gitops' && previous.state === 'ours' && !options.allowRemoval) {
          refuseRemovals(previous.files, staging.files, target.display);
        }
      } catch (cause) {
        staging.discard();
        throw cause;
      }
      for (const warning of staging.commit()) {
        io.stderr(`marathon-to-eks: warning: ${warning}\n`);
      }
      for (const error of conversion.report.errors.filter((e) => e.message.startsWith('translation bug'))) {
        io.stderr(`${escapeControlCharacters(`${error.source}: ${error.path}: ${error.message}`)}\n`);
      }
      io.stdout(conversionSummary(conversion.report, target.display));
      const failed = conversion.report.summary.errors > 0 || conversion.report.summary.rejected > 0;
      setExitCode(
        failed || (options.strict && conversion.report.summary.fields.unsupported > 0)
          ? ExitCode.invalidInput
          : ExitCode.ok,
      );
    } finally {
      lock.release();
    }
  });
}

/**
 * Definitions from which convert writes on a second thread: below, starting it costs more than the overlap saves
 * (measured here: 25–31 ms to start it and write a first file, against 0.06–0.9 ms of disk per file).
 */
const WRITER_THREAD_FROM = 100;

/**
 * Converts the estate into the staging output, each file written as soon as it is made, so its text is freed at
 * once rather than every manifest of a big estate being held until the end.
 */
function convertInto(staging: StagingOutput, estate: LoadResult, translate: ConversionOptions): ConversionOutcome {
  const bar = progressBar(estate.definitions.length, 'converting');
  try {
    return convertEstateInto(estate, translate, staging, (done) => bar.update(done));
  } catch (cause) {
    throw cause instanceof SelectionError ? new UsageError(`the selection: ${cause.message}`) : cause;
  } finally {
    bar.stop();
  }
}

/**
 * A file of a namespace folder whose objects Argo CD prunes when it goes: a workload's
 * (`<app|pod|job>-<name>.yaml`), the ExternalSecrets (their Secrets go with them), the monitoring dashboard.
 */
const GITOPS_WORKLOAD_FILE = /^namespaces\/[^/]+\/((app|pod|job)-[^/]+|externalsecrets|monitoring)\.yaml$/;

/**
 * Refuses (a {@link UsageError}, the previous output untouched) a gitops run that drops workload files or namespace
 * folders an earlier run wrote: committed, the namespace Applications prune, so Argo CD would delete those workloads
 * from the cluster (and a namespace whose folder goes leaves the project's destinations). `--allow-removal` says it
 * is meant: a rollback to an earlier wave, a narrower `--only`, a definition gone from the estate.
 */
function refuseRemovals(previous: readonly string[], next: ReadonlySet<string>, display: string): void {
  if (!previous.some((file) => file.startsWith('namespaces/'))) {
    return; // a plain layout before: nothing Argo CD syncs from here yet
  }
  const folderOf = (file: string) => file.split('/', 2).join('/');
  const nextFolders = new Set([...next].filter((file) => file.startsWith('namespaces/')).map(folderOf));
  const droppedFolders = [
    ...new Set(previous.filter((file) => file.startsWith('namespaces/') && file.split('/').length > 2).map(folderOf)),
  ]
    .filter((folder) => !nextFolders.has(folder))
    .sort();
  const droppedWorkloads = previous.filter((file) => GITOPS_WORKLOAD_FILE.test(file) && !next.has(file)).sort();
  if (droppedFolders.length === 0 && droppedWorkloads.length === 0) {
    return;
  }
  // Name a vanishing folder once, then the files dropped from folders that stay.
  const shown = [
    ...droppedFolders.map((folder) => `${folder}/`),
    ...droppedWorkloads.filter((file) => !droppedFolders.includes(folderOf(file))),
  ];
  const what = [
    ...(droppedWorkloads.length > 0 ? [plural(droppedWorkloads.length, 'workload file')] : []),
    ...(droppedFolders.length > 0 ? [plural(droppedFolders.length, 'namespace folder')] : []),
  ].join(' and ');
  throw new UsageError(
    escapeControlCharacters(
      `--out ${display}: this run would remove ${what} an earlier run wrote (${shown.slice(0, 5).join(', ')}${shown.length > 5 ? ', …' : ''}); ` +
        'once committed, Argo CD deletes those workloads from the cluster (the namespace Applications prune). ' +
        'Convert the same selection again, or give --allow-removal if they are meant to go; the previous output is unchanged',
    ),
  );
}

/**
 * Why this run must not replace the output: no definition to convert at all, or (when there is an earlier output
 * to lose) an input that could not be read, whose workloads would silently vanish from the manifests.
 */
function reasonToKeepPreviousOutput(estate: LoadResult, hasPrevious: boolean): string | undefined {
  const unread = estate.sources.filter((source) => source.status === 'failed');
  if (estate.definitions.length === 0) {
    if (unread.length > 0) {
      return `no input could be read (${plural(unread.length, 'failure')}, above)`;
    }
    return estate.rejected.length > 0
      ? `every definition is invalid (${plural(estate.rejected.length, 'definition')}, errors above)`
      : 'no Marathon or Metronome definition found in the inputs';
  }
  if (hasPrevious && unread.length > 0) {
    return `${plural(unread.length, 'input')} could not be read (above), so the estate is incomplete and its workloads would vanish from the output`;
  }
  return undefined;
}

function conversionSummary(report: MigrationReport, out: string): string {
  const { summary } = report;
  const counts = Object.entries(summary.fields)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');
  return [
    `converted ${plural(summary.definitions.app, 'app')}, ${plural(summary.definitions.pod, 'pod')}, ${plural(summary.definitions.job, 'job')} into ${plural(
      Object.values(summary.objects).reduce((a, b) => a + b, 0),
      'object',
    )} in ${out}/`,
    `fields: ${counts}`,
    `${plural(summary.rejected, 'invalid definition')}, ${plural(summary.errors, 'error')}, ${plural(summary.secrets, 'Secret')} to create; see ${out}/${REPORT_MARKDOWN} and ${REPORT_JSON}`,
    ...(report.leftOnDcos
      ? [
          `left on DC/OS: ${plural(report.leftOnDcos.length, 'definition')}; ${plural(report.coexistence?.length ?? 0, 'reference')} across the line (report: coexistence, cutover)`,
        ]
      : []),
    ...(report.routeCutover
      ? [
          `cut-over by weight in ${report.routeCutover.zone}: ${plural(report.routeCutover.routes.length, 'route')} at ${report.routeCutover.weight} % to the ALBs, ${100 - report.routeCutover.weight} % to marathon-lb (report: routeCutover)`,
        ]
      : []),
    '',
  ].join('\n');
}

/** The options as translation takes them, each value checked first: a bad one is a usage error (exit 2). */
function checkedTranslateOptions(options: ConvertOptions): TranslateOptions {
  const translate = translateOptions(options);
  const problems = translateOptionProblems(translate).map(({ option, problem }) =>
    option === 'trafficCutover' ? cutoverProblem(problem) : `--${flagName(option)}: ${problem}`,
  );
  if (problems.length > 0) {
    throw new UsageError(problems.join('\n'));
  }
  return translate;
}

/** A problem of `trafficCutover` (`weight: …`, `zone: …`) as the flag that gave the member. */
function cutoverProblem(problem: string): string {
  const member = /^(weight|zone)\b:? ?/.exec(problem);
  if (!member) {
    return `--cutover-weight / --cutover-zone: ${problem}`;
  }
  return `--cutover-${member[1]}: ${problem.slice(member[0].length)}`;
}

/** `--cutover-weight` and `--cutover-zone` make one option: a weight without its zone (or the reverse) is a usage error. */
function trafficCutoverOf(options: ConvertOptions): TranslateOptions['trafficCutover'] {
  const { cutoverWeight: weight, cutoverZone: zone } = options;
  if (weight === undefined && zone === undefined) {
    return undefined;
  }
  if (weight === undefined) {
    throw new UsageError(
      '--cutover-zone needs --cutover-weight <percent>: the share of each route the ALB gets (start with 0)',
    );
  }
  if (zone === undefined) {
    throw new UsageError('--cutover-weight needs --cutover-zone <zone>: the Route 53 public zone of the routes');
  }
  return { zone, weight };
}

/** `defaultNamespace` → `default-namespace`; `extraLabels` is `--label`. */
function flagName(option: keyof TranslateOptions): string {
  if (option === 'certificateArns') {
    return 'certificate-arn';
  }
  if (option === 'coexistenceSourceRanges') {
    return 'coexistence-source-range';
  }
  return option === 'extraLabels' ? 'label' : option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function translateOptions(options: ConvertOptions): TranslateOptions {
  return {
    namespaceStrategy: options.namespaceStrategy,
    defaultNamespace: options.defaultNamespace,
    storageClass: options.storageClass,
    hostNetworking: options.hostNetworking ?? false,
    hostPorts: options.hostPorts ?? false,
    dropCpuLimits: options.dropCpuLimits ?? false,
    ingressClass: options.ingressClass,
    certificateArns: options.certificateArn,
    extraLabels: options.label,
    commandImage: options.commandImage,
    fetchImage: options.fetchImage,
    waitForDependencies: options.waitForDependencies ?? false,
    jobBackoffLimit: options.jobBackoffLimit,
    perNodeInstances: options.perNodeInstances,
    coexistenceDomain: options.coexistenceDomain,
    forwarderImage: options.forwarderImage,
    coexistenceSourceRanges: options.coexistenceSourceRange,
    alerts: options.alerts,
    runbookUrl: options.runbookUrl,
    trafficCutover: trafficCutoverOf(options),
  };
}

/** `--layout` and the flags of the gitops layout, each checked first: a bad one is a usage error (exit 2). */
function layoutOf(options: ConvertOptions): { layout?: 'gitops'; gitOps?: GitOpsLayoutOptions } {
  const given = (
    [
      ['--repository', options.repository],
      ['--revision', options.revision],
      ['--repo-path', options.repoPath],
      ['--argocd-destination', options.argocdDestination],
      ['--secrets-prefix', options.secretsPrefix],
      ['--allow-removal', options.allowRemoval],
    ] as const
  ).filter(([, value]) => value !== undefined);
  if (options.layout !== 'gitops') {
    if (given.length > 0) {
      throw new UsageError(`${given.map(([flag]) => flag).join(', ')}: only with --layout gitops`);
    }
    return {};
  }
  if (options.repository === undefined) {
    throw new UsageError('--layout gitops needs --repository <url>: the Git repository Argo CD syncs --out from');
  }
  const gitOps: GitOpsLayoutOptions = {
    repository: options.repository,
    ...(options.revision !== undefined ? { revision: options.revision } : {}),
    ...(options.repoPath !== undefined ? { path: options.repoPath } : {}),
    ...(options.argocdDestination !== undefined ? { destination: options.argocdDestination } : {}),
    ...(options.secretsPrefix !== undefined ? { secretsPrefix: options.secretsPrefix } : {}),
  };
  const problems = gitOpsSourceProblems(gitOps).map((problem) =>
    problem.replace(/^(repository|revision|path):/, (_, member: string) => `--${FLAG_OF[member]}:`),
  );
  // Argo CD's cluster names are free-form strings (the CRD's destination.name has no pattern); only what could not
  // survive a YAML scalar or a terminal unescaped is refused.
  if (options.argocdDestination !== undefined && !/^[^\s\p{Cc}]+$/u.test(options.argocdDestination)) {
    problems.push('--argocd-destination: expected a cluster name without spaces or control characters');
  }
  // Secrets Manager names: letters, digits and /_+=.@- (AWS::SecretsManager::Secret Name), and the
  // SecretStore policy matches them literally.
  if (options.secretsPrefix !== undefined && !/^[A-Za-z0-9/_+=.@-]*$/.test(options.secretsPrefix)) {
    problems.push('--secrets-prefix: expected the characters of a Secrets Manager name (letters, digits, /_+=.@-)');
  }
  if (problems.length > 0) {
    // The messages never repeat a URL's credentials or query: gitOpsSourceProblems shows it redacted.
    throw new UsageError(problems.map((problem) => escapeControlCharacters(problem)).join('\n'));
  }
  return { layout: 'gitops', gitOps };
}

const FLAG_OF: Readonly<Record<string, string>> = { repository: 'repository', revision: 'revision', path: 'repo-path' };

/** `--only` and `--wave` (with the wave flags): both may be given, and select what either selects. */
function selectionOf(options: ConvertOptions): { select?: WorkloadSelection } {
  if (options.wave === undefined && options.only.length === 0) {
    return {};
  }
  const base =
    options.wave !== undefined ? WorkloadSelection.throughWave(options.wave, waveOptionsFrom(options)) : undefined;
  return { select: base ? base.and(...options.only) : WorkloadSelection.only(...options.only) };
}

function collectValue(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function collectLabel(value: string, previous: Record<string, string>): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) {
    throw new InvalidArgumentError('expected key=value');
  }
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

/** `--per-node-instances`, shared with `plan`: it decides which apps are DaemonSets. */
export function perNodeInstancesOption(): Option {
  return new Option(
    '--per-node-instances <n>',
    'apps with one instance per host and at least this many instances run on every node (DaemonSet); 0: never',
  )
    .argParser(wholeNumber)
    .default(DEFAULT_OPTIONS.perNodeInstances);
}

/** `--cutover-weight`: a whole percentage, as Route 53's weight of the ALB's record (marathon-lb's is the rest). */
function percentage(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < 0 || number > 100) {
    throw new InvalidArgumentError('expected a whole percentage from 0 to 100');
  }
  return number;
}

function wholeNumber(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    throw new InvalidArgumentError('expected a whole number');
  }
  return number;
}
