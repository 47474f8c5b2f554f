import { JsonPath, formatPath } from '../util/json-path';

/** One reason an emitted Kubernetes object would be rejected (or silently misbehave) on a real cluster. */
export interface KubeProblem {
  /** Where, from the top of the object: `spec.template.spec.containers[0].ports[0].name`; `$` is the object itself. */
  readonly path: string;
  readonly message: string;
}

/**
 * Collects problems for one object. Checks pass raw path segments and the path is formatted only when a problem is
 * reported, because the common case — a valid object — must not pay for building path strings.
 */
export class Problems {
  readonly list: KubeProblem[] = [];

  add(path: JsonPath, message: string): void {
    this.list.push({ path: formatPath(path), message });
  }
}

/** A JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The array at `value`, or an empty one when it is absent or not an array (kubernetes-models reports the type). */
export function arrayOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The object at `value`, or `undefined` when it is absent or not an object. */
export function recordOf(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}
