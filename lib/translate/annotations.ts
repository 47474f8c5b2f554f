import { ANNOTATIONS_MAX_BYTES } from '../validate/kube-metadata';

/**
 * Verbatim copies of user values in annotations (all Marathon labels, container and Docker labels, a job's
 * description) are for traceability, and Kubernetes bounds one object's annotations to 256 KiB. A copy gets a share of
 * that, so that two of them and the tool's own annotations (ids, VIP hosts, load balancer settings) always fit;
 * Marathon had no such bound, so a copy that would not fit is shortened and the report says which values it lost.
 */

/** The share of one copy of labels: the one large copy on its object besides a description. */
export const LABELS_COPY_BYTES = ANNOTATIONS_MAX_BYTES / 2;
/** The share of a free text (a job's description), which sits beside the copy of its labels. */
export const TEXT_COPY_BYTES = ANNOTATIONS_MAX_BYTES / 4;

/** A labels copy as JSON, and the keys whose values (or whole entries) it had to leave out. */
export interface BoundedCopy {
  readonly json: string;
  readonly shortened: readonly string[];
}

const bytes = (text: string) => Buffer.byteLength(text);

/** What stands in for a value that did not fit. */
export function notCopied(size: number): string {
  return `(not copied: ${size} bytes; Kubernetes allows 256 KiB of annotations per object)`;
}

/** Bytes an entry adds to a JSON object: its quoted key and value, the colon and a comma. */
const entryBytes = (name: string, value: string) => bytes(JSON.stringify(name)) + bytes(JSON.stringify(value)) + 2;

/**
 * `record` as sorted JSON under `key`, at most `budget` bytes with the key: the largest values are replaced by a
 * placeholder first, then, if the keys alone are too many, entries are left out, the largest first.
 */
export function boundedCopy(
  key: string,
  record: Readonly<Record<string, string>>,
  budget: number = LABELS_COPY_BYTES,
): BoundedCopy {
  const entries = new Map(
    Object.keys(record)
      .sort()
      .map((name) => [name, record[name]]),
  );
  let size = bytes(key) + 2 + [...entries].reduce((sum, [name, value]) => sum + entryBytes(name, value), 0);
  const shortened = new Set<string>();
  const largestFirst = (weigh: (name: string) => number) =>
    [...entries.keys()].sort((a, b) => weigh(b) - weigh(a) || (a < b ? -1 : 1));
  for (const name of largestFirst((n) => bytes(entries.get(n) ?? ''))) {
    if (size <= budget) {
      break;
    }
    const value = entries.get(name) ?? '';
    const placeholder = notCopied(bytes(value));
    if (entryBytes(name, placeholder) >= entryBytes(name, value)) {
      continue;
    }
    size += entryBytes(name, placeholder) - entryBytes(name, value);
    entries.set(name, placeholder);
    shortened.add(name);
  }
  for (const name of largestFirst(bytes)) {
    if (size <= budget) {
      break;
    }
    size -= entryBytes(name, entries.get(name) ?? '');
    entries.delete(name);
    shortened.add(name);
  }
  return { json: JSON.stringify(Object.fromEntries(entries)), shortened: [...shortened] };
}

/** A free text cut to `budget` bytes (whole characters) with the annotation key, and whether it had to be cut. */
export function boundedText(
  key: string,
  text: string,
  budget: number = TEXT_COPY_BYTES,
): { text: string; cut: boolean } {
  const room = budget - bytes(key);
  if (bytes(text) <= room) {
    return { text, cut: false };
  }
  const marker = ` … ${notCopied(bytes(text))}`;
  let kept = '';
  let size = bytes(marker);
  for (const character of text) {
    size += bytes(character);
    if (size > room) {
      break;
    }
    kept += character;
  }
  return { text: `${kept}${marker}`, cut: true };
}
