import { JsonPath, PathSegment, formatPath, startsWithPath } from '../util/json-path';
import { Definition } from '../marathon/load/definition';
import { redactCredentials } from './credentials';
import { ObjectRef } from './kube';
import { FieldNote, FieldStatus } from './notes';

/** One line of the migration report: a field the user wrote, by its JSON path inside the definition. */
export interface FieldReport {
  readonly path: string;
  readonly status: FieldStatus;
  readonly note: string;
}

export interface WorkloadReport {
  /** Marathon id or Metronome job id. */
  readonly id: string;
  readonly kind: 'app' | 'pod' | 'job';
  readonly source: string;
  /** Where the definition sits in its source document. */
  readonly pointer: string;
  readonly objects: readonly ObjectRef[];
  readonly fields: readonly FieldReport[];
  /** What to know about the workload as a whole. */
  readonly remarks: readonly string[];
}

/** Why a field no translator spoke for would be flagged: the report test fails on any such line. */
export const NO_RULE = 'no translation rule covers this field';

/**
 * The per-field report of one definition: every leaf of the input as written gets exactly one line. A field
 * takes the note of the most specific translator note that covers its normalized path; fields the normalizer
 * set aside (status, superseded, null…) and unknown fields are reported from the provenance.
 */
export function fieldReport(definition: Definition, notes: readonly FieldNote[]): FieldReport[] {
  const byPath = indexNotes(notes);
  const lines: FieldReport[] = [];
  forEachLeaf(definition.provenance.original, [], (path, leaf) => {
    const { status, note } = statusOf(definition, byPath, path, leaf);
    // Notes quote input values; a credential among them must not reach the report (it is reviewed in PRs).
    lines.push({ path: formatPath(path), status, note: redactCredentials(note) });
  });
  return lines;
}

function statusOf(
  { provenance, unknownFields }: Definition,
  byPath: Map<string, FieldNote>,
  path: JsonPath,
  leaf: unknown,
): Pick<FieldReport, 'status' | 'note'> {
  if (unknownFields.some((field) => startsWithPath(path, field))) {
    return UNKNOWN_FIELD;
  }
  const ignored = provenance.ignored.find((field) => startsWithPath(path, field.path));
  if (ignored) {
    return { status: 'ignored', note: ignored.reason };
  }
  const normalized = provenance.normalizedPathOf(path);
  const exact = normalized ? byPath.get(pathKey(normalized)) : undefined;
  if (!exact && isEmptyCollection(leaf)) {
    return EMPTY_COLLECTION;
  }
  // The keys of the path's prefixes are built only when no note names the path itself.
  const note = exact ?? (normalized ? mostSpecific(byPath, prefixKeys(normalized)) : undefined);
  return note ?? NO_RULE_LINE;
}

// Shared by every leaf they describe: the report copies status and note out of them, never the objects themselves.
const UNKNOWN_FIELD: Pick<FieldReport, 'status' | 'note'> = {
  status: 'unsupported',
  note: 'not a Marathon/Metronome field, so nothing reads it; check for a typo',
};
const EMPTY_COLLECTION: Pick<FieldReport, 'status' | 'note'> = {
  status: 'ignored',
  note: 'empty: nothing to translate',
};
const NO_RULE_LINE: Pick<FieldReport, 'status' | 'note'> = { status: 'unsupported', note: NO_RULE };

function isEmptyCollection(value: unknown): boolean {
  return (
    (Array.isArray(value) && value.length === 0) ||
    (value !== null && typeof value === 'object' && Object.keys(value).length === 0)
  );
}

function indexNotes(notes: readonly FieldNote[]): Map<string, FieldNote> {
  const index = new Map<string, FieldNote>();
  for (const note of notes) {
    const key = pathKey(note.path);
    const existing = index.get(key);
    // When two translators speak for one field, the less favourable status is the honest one.
    if (!existing || severity(note.status) > severity(existing.status)) {
      index.set(key, note);
    }
  }
  return index;
}

/** The note of the longest prefix of a path that has one, given the keys of its prefixes (shortest first). */
function mostSpecific(index: Map<string, FieldNote>, keys: readonly string[]): FieldNote | undefined {
  for (let length = keys.length - 1; length >= 0; length--) {
    const note = index.get(keys[length]);
    if (note) {
      return note;
    }
  }
  return undefined;
}

/** `pathKey` of `path.slice(0, n)` for every n from 0 to the path's length. */
function prefixKeys(path: JsonPath): string[] {
  const keys = [''];
  let key = '';
  for (const segment of path) {
    key += segmentKey(segment);
    keys.push(key);
  }
  return keys;
}

function severity(status: FieldStatus): number {
  return status === 'unsupported' ? 3 : status === 'approximated' ? 2 : status === 'translated' ? 1 : 0;
}

function pathKey(path: JsonPath): string {
  let key = '';
  for (const segment of path) {
    key += segmentKey(segment);
  }
  return key;
}

function segmentKey(segment: PathSegment): string {
  return typeof segment === 'number' ? `#${segment}` : `.${segment}`;
}

/** Calls `visit` for every leaf (scalar, null, empty object or empty array) of a JSON value, with its path. */
export function forEachLeaf(value: unknown, path: PathSegment[], visit: (path: JsonPath, leaf: unknown) => void): void {
  // One mutable path, copied only at the leaves: the report walks hundreds of thousands of fields.
  const stack = [...path];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      if (node.length === 0) {
        visit([...stack], node);
      }
      for (let i = 0; i < node.length; i++) {
        stack.push(i);
        walk(node[i]);
        stack.pop();
      }
    } else if (node !== null && typeof node === 'object') {
      const keys = Object.keys(node);
      if (keys.length === 0) {
        visit([...stack], node);
      }
      for (const key of keys) {
        stack.push(key);
        walk((node as Record<string, unknown>)[key]);
        stack.pop();
      }
    } else {
      visit([...stack], node);
    }
  };
  walk(value);
}
