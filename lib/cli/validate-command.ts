import { Command } from 'commander';
import { formatDiagnostic } from '../marathon/diagnostics';
import { formatPath } from '../util/json-path';
import { LoadResult } from '../marathon/load/definition';
import { NOT_JSON_FILE, loadEstate } from '../marathon/load/estate';
import { OWN_OUTPUT } from '../marathon/load/files';
import { CliIo, ExitCode } from './io';
import { InputOptions, addInputOptions, loadOptionsFrom } from './inputs';
import { plural } from '../util/text';

interface ValidateOptions extends InputOptions {
  readonly json?: boolean;
  readonly verbose?: boolean;
}

/** `validate <paths…>`: one line per problem, then a summary; exit 0 when all valid, 1 when any input is invalid. */
export function validateCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return addInputOptions(new Command('validate'))
    .description("check Marathon apps, pods, groups and Metronome jobs against Marathon's and Metronome's own rules")
    .option('--json', 'print a machine-readable result instead of text')
    .option('-v, --verbose', 'also print notes (legacy fields converted, status fields ignored, files skipped)')
    .action(async (paths: string[], options: ValidateOptions) => {
      const result = await loadEstate(loadOptionsFrom(paths, options, io));
      if (options.json) {
        io.stdout(`${JSON.stringify(validationJson(result), null, 2)}\n`);
      } else {
        io.stdout(validationText(result, options.verbose ?? false));
      }
      setExitCode(isValid(result) ? ExitCode.ok : ExitCode.invalidInput);
    });
}

export function isValid(result: LoadResult): boolean {
  return !result.diagnostics.some((diagnostic) => diagnostic.severity === 'error');
}

export function summarize(result: LoadResult) {
  const count = (kind: string) => result.definitions.filter((definition) => definition.kind === kind).length;
  const severity = (level: string) => result.diagnostics.filter((diagnostic) => diagnostic.severity === level).length;
  const status = (value: string) => result.sources.filter((source) => source.status === value).length;
  return {
    inputs: result.sources.length,
    read: status('read'),
    skipped: result.sources.filter(
      (source) => source.status === 'skipped' && source.reason !== NOT_JSON_FILE && source.reason !== OWN_OUTPUT,
    ).length,
    nonJsonFiles: result.sources.filter((source) => source.reason === NOT_JSON_FILE).length,
    outputDirectories: result.sources.filter((source) => source.reason === OWN_OUTPUT).length,
    failed: status('failed'),
    valid: result.definitions.length,
    apps: count('app'),
    pods: count('pod'),
    jobs: count('job'),
    groups: result.groups.length,
    invalid: result.rejected.length,
    errors: severity('error'),
    warnings: severity('warning'),
    notes: severity('info'),
  };
}

function validationText(result: LoadResult, verbose: boolean): string {
  const lines = result.diagnostics.filter((d) => verbose || d.severity !== 'info').map(formatDiagnostic);
  const s = summarize(result);
  lines.push(
    '',
    `${plural(s.inputs - s.nonJsonFiles - s.outputDirectories, 'JSON input')}: ${s.read} read, ${s.skipped} skipped (not Marathon or Metronome JSON), ${s.failed} unreadable or invalid JSON` +
      `${s.nonJsonFiles > 0 ? `; ${plural(s.nonJsonFiles, 'other file')} ignored (not .json)` : ''}${s.outputDirectories > 0 ? `; ${plural(s.outputDirectories, 'directory', 'directories')} of convert output skipped` : ''}`,
    `${plural(s.valid, 'valid definition')} (${plural(s.apps, 'app')}, ${plural(s.pods, 'pod')}, ${plural(s.jobs, 'job')}; ${plural(s.groups, 'group')}), ${s.invalid} invalid`,
    `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}${verbose ? `, ${plural(s.notes, 'note')}` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

function validationJson(result: LoadResult) {
  return {
    valid: isValid(result),
    summary: summarize(result),
    definitions: result.definitions.map((d) => ({
      kind: d.kind,
      id: d.id,
      source: d.source,
      path: formatPath(d.pointer),
    })),
    groups: result.groups.map((g) => ({ id: g.id, source: g.source, path: formatPath(g.pointer) })),
    rejected: result.rejected.map((r) => ({
      kind: r.kind,
      ...(r.id !== undefined ? { id: r.id } : {}),
      source: r.source,
      path: formatPath(r.pointer),
    })),
    diagnostics: result.diagnostics.map((d) => ({
      severity: d.severity,
      source: d.source,
      path: formatPath(d.path),
      ...(d.line !== undefined ? { line: d.line, column: d.column } : {}),
      code: d.code,
      message: d.message,
    })),
    sources: result.sources,
  };
}
