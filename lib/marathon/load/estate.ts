import { Diagnostic, compareDiagnostics } from '../diagnostics';
import { parseJsonDocument } from '../source-text';
import { compileDocument } from './compile';
import { Definition, GroupDefinition, LoadResult, RejectedDefinition, SourceSummary } from './definition';
import { notMarathonReason } from './detect';
import { InvalidUtf8 } from './decode';
import { InputFailure, InputText, readInputFiles } from './files';
import { RemoteOptions, readRemoteInputs } from './http';

/** Why files found in a directory walk were not read. */
export const NOT_JSON_FILE = 'not a .json file';

/** What to read: files and directories, and optionally a live Marathon and Metronome. */
export interface LoadOptions extends RemoteOptions {
  /** Files, directories (walked recursively for `*.json`) and `-` for standard input. @default none: only the live servers, if given */
  readonly paths?: readonly string[];
  /** Reads standard input for `-`. @default the process's standard input, up to `maxInputBytes` */
  readonly readStdin?: () => string | Promise<string>;
}

/**
 * Loads a Marathon / Metronome estate from every input form the tool accepts. Never throws for bad input:
 * unreadable files, invalid JSON and invalid definitions become diagnostics, and everything valid is returned.
 */
export async function loadEstate(options: LoadOptions): Promise<LoadResult> {
  const files = await readInputFiles(options.paths ?? [], options);
  const remote =
    options.marathonUrl || options.metronomeUrl ? await readRemoteInputs(options) : { texts: [], failures: [] };
  const result = loadTexts([...files.texts, ...remote.texts], [...files.failures, ...remote.failures]);
  const skipped: SourceSummary[] = [
    ...files.skippedDirectories.map(({ source, reason }): SourceSummary => ({
      source,
      status: 'skipped',
      definitions: 0,
      rejected: 0,
      reason,
    })),
    ...files.nonJsonFiles.map((source): SourceSummary => ({
      source,
      status: 'skipped',
      definitions: 0,
      rejected: 0,
      reason: NOT_JSON_FILE,
    })),
  ];
  const notes: Diagnostic[] = files.skippedDirectories.map(({ source, reason }) => ({
    severity: 'info',
    source,
    path: [],
    code: 'skipped',
    message: `skipped directory: ${reason}`,
  }));
  return { ...result, diagnostics: [...result.diagnostics, ...notes], sources: [...result.sources, ...skipped] };
}

/** Loads already-read texts (the synchronous core of {@link loadEstate}, also used by tests and benchmarks). */
export function loadTexts(texts: readonly InputText[], failures: readonly InputFailure[] = []): LoadResult {
  const definitions: Definition[] = [];
  const groups: GroupDefinition[] = [];
  const rejected: RejectedDefinition[] = [];
  const diagnostics: Diagnostic[] = [];
  const sources: SourceSummary[] = [];

  for (const failure of failures) {
    diagnostics.push({
      severity: 'error',
      source: failure.source,
      path: [],
      code: 'unreadable',
      message: failure.message,
    });
    sources.push({ source: failure.source, status: 'failed', definitions: 0, rejected: 0, reason: failure.message });
  }
  for (const input of texts) {
    if (input.invalidUtf8) {
      diagnostics.push(invalidUtf8Warning(input.source, input.invalidUtf8));
    }
    const parsed = parseJsonDocument(input.source, input.text);
    if (!parsed.ok) {
      const { message, line, column } = parsed.problem;
      diagnostics.push({
        severity: 'error',
        source: input.source,
        path: [],
        code: 'json-syntax',
        message,
        ...(line !== undefined ? { line, column } : {}),
      });
      sources.push({ source: input.source, status: 'failed', definitions: 0, rejected: 0, reason: message });
      continue;
    }
    if (input.discovered) {
      const reason = notMarathonReason(parsed.document.value);
      if (reason) {
        diagnostics.push({
          severity: 'info',
          source: input.source,
          path: [],
          code: 'skipped',
          message: `skipped: not a Marathon or Metronome document (${reason})`,
        });
        sources.push({ source: input.source, status: 'skipped', definitions: 0, rejected: 0, reason });
        continue;
      }
    }
    const compiled = compileDocument(parsed.document);
    const documentDiagnostics = [...compiled.diagnostics];
    for (const duplicate of parsed.duplicateKeys) {
      documentDiagnostics.push({
        severity: 'warning',
        source: input.source,
        path: duplicate.path,
        code: 'duplicate-key',
        message:
          'this key appears more than once in the same object; only the last value is used, the earlier ones are lost',
        line: duplicate.line,
        column: duplicate.column,
      });
    }
    documentDiagnostics.sort(compareDiagnostics);
    definitions.push(...compiled.definitions);
    groups.push(...compiled.groups);
    rejected.push(...compiled.rejected);
    diagnostics.push(...documentDiagnostics);
    sources.push({
      source: input.source,
      status: 'read',
      definitions: compiled.definitions.length,
      rejected: compiled.rejected.length,
    });
  }
  diagnostics.push(...crossSourceDuplicates(definitions));
  return { definitions, groups, rejected, diagnostics, sources };
}

/** The same id defined in two inputs: both are kept (later stages must pick names), but the user should know. */
function crossSourceDuplicates(definitions: readonly Definition[]): Diagnostic[] {
  const first = new Map<string, Definition>();
  const diagnostics: Diagnostic[] = [];
  for (const definition of definitions) {
    const key = `${definition.kind === 'job' ? 'job' : 'service'}:${definition.id}`;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, definition);
    } else if (earlier.source !== definition.source) {
      diagnostics.push({
        severity: 'warning',
        source: definition.source,
        path: [...definition.pointer, 'id'],
        code: 'duplicate-id',
        message: `${definition.kind} ${definition.id} is also defined in ${earlier.source}`,
      });
    }
  }
  return diagnostics;
}

function invalidUtf8Warning(source: string, at: InvalidUtf8): Diagnostic {
  return {
    severity: 'warning',
    source,
    path: [],
    code: 'invalid-utf8',
    message: `not valid UTF-8 at byte ${at.byteOffset}: invalid bytes were read as U+FFFD, so names and values there are not what was meant; save the file as UTF-8`,
    line: at.line,
    column: at.column,
  };
}
