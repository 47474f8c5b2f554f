import { Definition, LoadResult } from '../../lib/marathon/load/definition';
import { loadTexts } from '../../lib/marathon/load/estate';
import { formatDiagnostic } from '../../lib/marathon/diagnostics';
import { formatPath } from '../../lib/util/json-path';

/** Loads one JSON value (or raw text) as if it were a file named `source`. */
export function loadJson(value: unknown, source = 'input.json'): LoadResult {
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return loadTexts([{ source, text, discovered: false }]);
}

/** The one definition a document must hold; fails with the diagnostics when it was rejected. */
export function only(result: LoadResult): Definition {
  if (result.definitions.length !== 1) {
    throw new Error(
      `expected exactly one valid definition, got ${result.definitions.length}:\n${result.diagnostics.map(formatDiagnostic).join('\n')}`,
    );
  }
  return result.definitions[0];
}

export function errors(result: LoadResult): string[] {
  return result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${formatPath(d.path)}: ${d.message}`);
}

export function warnings(result: LoadResult): string[] {
  return result.diagnostics.filter((d) => d.severity === 'warning').map((d) => `${formatPath(d.path)}: ${d.message}`);
}

export function codes(result: LoadResult, severity: 'error' | 'warning' | 'info'): string[] {
  return result.diagnostics.filter((d) => d.severity === severity).map((d) => `${formatPath(d.path)} ${d.code}`);
}
