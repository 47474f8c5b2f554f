import { escapeControlCharacters } from '../util/control-characters';
import { compareStrings } from '../util/compare';
import { JsonPath, formatPath } from '../util/json-path';

/** How bad a finding is: `error` makes the definition invalid; `warning` and `info` never do. */
export type Severity = 'error' | 'warning' | 'info';

/**
 * One finding about the input: where it is (file or URL, JSON path from the document root, and, when known,
 * line and column) and what was expected.
 */
export interface Diagnostic {
  readonly severity: Severity;
  /** The file path or URL as the user gave it. */
  readonly source: string;
  /** JSON path from the root of the document. */
  readonly path: JsonPath;
  readonly message: string;
  /** 1-based line of the value in the source text, when known. */
  readonly line?: number;
  /** 1-based column of the value in the source text, when known. */
  readonly column?: number;
  /** A stable machine-readable code, e.g. `invalid-type`, `unknown-field`, `json-syntax`. */
  readonly code: string;
}

/**
 * `FILE: PATH: message` — the one-line form the CLI prints. One line whatever the file name or the value quoted:
 * control characters and line breaks in them are written as escapes.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line !== undefined ? ` (line ${d.line}, column ${d.column ?? 1})` : '';
  const prefix = d.severity === 'error' ? '' : `${d.severity}: `;
  return escapeControlCharacters(`${d.source}: ${formatPath(d.path)}: ${prefix}${d.message}${where}`);
}

/** Orders diagnostics by source, then position in the document, then message — output must be deterministic. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareStrings(a.source, b.source) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    compareStrings(formatPath(a.path), formatPath(b.path)) ||
    compareStrings(a.message, b.message)
  );
}
