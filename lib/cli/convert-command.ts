import { Command, InvalidArgumentError, Option } from 'commander';
import { loadEstate } from '../marathon/load/estate';
import { formatDiagnostic } from '../marathon/diagnostics';
import { DEFAULT_OPTIONS, TranslateOptions } from '../translate/options';
import { REPORT_JSON, REPORT_MARKDOWN, convertEstate } from '../workload/convert';
import { CliIo, ExitCode } from './io';
import { InputOptions, addInputOptions, loadOptionsFrom } from './inputs';
import { writeOutput } from './output-dir';
import { progressBar } from './progress';
import { plural } from '../util/text';

interface ConvertOptions extends InputOptions {
  readonly out: string;
  readonly strict?: boolean;
  readonly namespaceStrategy: TranslateOptions['namespaceStrategy'];
  readonly defaultNamespace: string;
  readonly storageClass: string;
  readonly hostNetworking?: boolean;
  readonly hostPorts?: boolean;
  readonly dropCpuLimits?: boolean;
  readonly ingressClass: string;
  readonly label: Record<string, string>;
  readonly commandImage: string;
  readonly fetchImage: string;
  readonly waitForDependencies?: boolean;
  readonly jobBackoffLimit: number;
  readonly perNodeInstances: number;
}

/**
 * `convert <paths…> --out DIR`: manifests and the migration report. Exit 0 when everything converted, 1 when an
 * input was invalid or an object failed validation (the rest is still written), also on unsupported fields with
 * `--strict`; 2 on usage errors.
 */
export function convertCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return addInputOptions(new Command('convert'))
    .description('compile Marathon apps, pods, groups and Metronome jobs into Kubernetes manifests and a migration report')
    .requiredOption('-o, --out <dir>', 'output directory (created; a previous run of convert there is replaced)')
    .option('--strict', 'also exit 1 when any field is unsupported')
    .addOption(new Option('--namespace-strategy <strategy>', 'top-level-group: /shop/api runs in namespace shop; single: everything in --default-namespace').choices(['top-level-group', 'single']).default(DEFAULT_OPTIONS.namespaceStrategy))
    .option('--default-namespace <name>', 'namespace of top-level ids', DEFAULT_OPTIONS.defaultNamespace)
    .option('--storage-class <name>', 'StorageClass for persistent and external volumes', DEFAULT_OPTIONS.storageClass)
    .option('--host-networking', 'keep host networking (hostNetwork: true) for apps that used it')
    .option('--host-ports', 'keep fixed host ports (requirePorts) as hostPort')
    .option('--drop-cpu-limits', 'leave CPU limits out (Mesos enforced cpus as a hard quota)')
    .option('--ingress-class <name>', 'IngressClass for marathon-lb HTTP routes', DEFAULT_OPTIONS.ingressClass)
    .option('--label <key=value>', 'add a label to every object (repeatable)', collectLabel, {})
    .option('--command-image <image>', 'image for apps and jobs that ran a command without one', DEFAULT_OPTIONS.commandImage)
    .option('--fetch-image <image>', 'image of the init container that downloads fetch / uris artifacts', DEFAULT_OPTIONS.fetchImage)
    .option('--wait-for-dependencies', 'add init containers that wait for each dependency to accept connections')
    .option('--job-backoff-limit <n>', 'backoffLimit of jobs with restart policy ON_FAILURE', wholeNumber, DEFAULT_OPTIONS.jobBackoffLimit)
    .addOption(perNodeInstancesOption())
    .action(async (paths: string[], options: ConvertOptions) => {
      const estate = await loadEstate(loadOptionsFrom(paths, options, io));
      const bar = progressBar(estate.definitions.length, 'converting');
      const conversion = convertEstate(estate, translateOptions(options), (done) => bar.update(done));
      bar.stop();
      await writeOutput(options.out, conversion.files);
      for (const diagnostic of estate.diagnostics.filter((d) => d.severity === 'error')) io.stderr(`${formatDiagnostic(diagnostic)}\n`);
      for (const error of conversion.report.errors.filter((e) => e.message.startsWith('translation bug'))) io.stderr(`${error.source}: ${error.path}: ${error.message}\n`);
      const { summary } = conversion.report;
      const counts = Object.entries(summary.fields).map(([status, count]) => `${count} ${status}`).join(', ');
      io.stdout(
        [
          `converted ${plural(summary.definitions.app, 'app')}, ${plural(summary.definitions.pod, 'pod')}, ${plural(summary.definitions.job, 'job')} into ${plural(Object.values(summary.objects).reduce((a, b) => a + b, 0), 'object')} in ${options.out}/`,
          `fields: ${counts}`,
          `${plural(summary.rejected, 'invalid definition')}, ${plural(summary.errors, 'error')}, ${plural(summary.secrets, 'Secret')} to create; see ${options.out}/${REPORT_MARKDOWN} and ${REPORT_JSON}`,
          '',
        ].join('\n'),
      );
      const failed = summary.errors > 0 || summary.rejected > 0;
      setExitCode(failed || (options.strict && summary.fields.unsupported > 0) ? ExitCode.invalidInput : ExitCode.ok);
    });
}

function translateOptions(options: ConvertOptions): Partial<TranslateOptions> {
  return {
    namespaceStrategy: options.namespaceStrategy,
    defaultNamespace: options.defaultNamespace,
    storageClass: options.storageClass,
    hostNetworking: options.hostNetworking ?? false,
    hostPorts: options.hostPorts ?? false,
    dropCpuLimits: options.dropCpuLimits ?? false,
    ingressClass: options.ingressClass,
    extraLabels: options.label,
    commandImage: options.commandImage,
    fetchImage: options.fetchImage,
    waitForDependencies: options.waitForDependencies ?? false,
    jobBackoffLimit: options.jobBackoffLimit,
    perNodeInstances: options.perNodeInstances,
  };
}

function collectLabel(value: string, previous: Record<string, string>): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('expected key=value');
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

/** `--per-node-instances`, shared with `plan`: it decides which apps are DaemonSets. */
export function perNodeInstancesOption(): Option {
  return new Option('--per-node-instances <n>', 'apps with one instance per host and at least this many instances run on every node (DaemonSet); 0: never')
    .argParser(wholeNumber)
    .default(DEFAULT_OPTIONS.perNodeInstances);
}

function wholeNumber(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('expected a whole number');
  return number;
}
