import { JsonPath } from '../../util/json-path';
import { Severity } from '../diagnostics';

/**
 * A finding about one definition, with its path relative to the definition. The loader turns findings into
 * {@link Diagnostic}s by adding the file and the definition's place in it.
 */
export interface Finding {
  readonly severity: Severity;
  readonly path: JsonPath;
  readonly message: string;
  readonly code: string;
}

export const error = (path: JsonPath, code: string, message: string): Finding => ({
  severity: 'error',
  path,
  code,
  message,
});
export const warning = (path: JsonPath, code: string, message: string): Finding => ({
  severity: 'warning',
  path,
  code,
  message,
});
export const info = (path: JsonPath, code: string, message: string): Finding => ({
  severity: 'info',
  path,
  code,
  message,
});
