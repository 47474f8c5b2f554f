import { PathSegment } from '../util/json-path';
import { closestMatch, quote } from '../util/describe';
import table from './kube-fields.generated.json';
import { Problems, isRecord } from './kube-problem';

/**
 * The field table generated from @kubernetes/client-node's OpenAPI models (scripts/generate-kube-fields.ts), and a
 * walker that rejects fields it does not know. kubernetes-models checks types and required fields but accepts any
 * extra key, so a misspelt `livenesProbe` would otherwise reach the cluster, be dropped by the API server, and the
 * app would run without its health check.
 */

/** What a field holds, as far as the walk is concerned: scalars and free-form values are leaves. */
type FieldType =
  | { readonly kind: 'leaf' }
  | { readonly kind: 'model'; readonly name: string }
  | { readonly kind: 'array'; readonly item: FieldType }
  | { readonly kind: 'map'; readonly value: FieldType };

/**
 * A check that runs whenever the walk meets a value of one model type (an ObjectMeta, a LabelSelector), wherever it
 * sits. `path` is the walk's own stack: read it or copy it, never keep it.
 */
export type TypeHook = (value: Record<string, unknown>, path: readonly PathSegment[], problems: Problems) => void;

const LEAF: FieldType = { kind: 'leaf' };
const TYPES: Readonly<Record<string, Readonly<Record<string, string>>>> = table.types;
const KINDS: Readonly<Record<string, string>> = table.kinds;

/** The Kubernetes release whose OpenAPI the table was generated from, e.g. `v1.34.0`. */
const OPENAPI_VERSION: string = table.source.openapi;

const compiled = new Map<string, ReadonlyMap<string, FieldType>>();

/** The model type of an emitted kind (`apps/v1/Deployment` → `V1Deployment`), or `undefined` if it is not one we emit. */
export function modelTypeOf(apiVersionAndKind: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(KINDS, apiVersionAndKind) ? KINDS[apiVersionAndKind] : undefined;
}

/** Every `apiVersion/kind` the table covers. */
export function knownKinds(): string[] {
  return Object.keys(KINDS);
}

function parseType(type: string): FieldType {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    return { kind: 'array', item: parseType(array[1]) };
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    return { kind: 'map', value: parseType(map[1]) };
  }
  return Object.prototype.hasOwnProperty.call(TYPES, type) ? { kind: 'model', name: type } : LEAF;
}

/** Parsed once per type and kept: the walk runs for every emitted object, tens of thousands per estate. */
function fieldsOf(typeName: string): ReadonlyMap<string, FieldType> {
  let fields = compiled.get(typeName);
  if (fields === undefined) {
    fields = new Map(Object.entries(TYPES[typeName]).map(([name, type]) => [name, parseType(type)]));
    compiled.set(typeName, fields);
  }
  return fields;
}

/** `V1Container` → `Container`, `V2HorizontalPodAutoscalerSpec` → `HorizontalPodAutoscalerSpec`, as the API docs name them. */
function displayName(typeName: string): string {
  return typeName.replace(/^(Core)?V\d+((alpha|beta)\d+)?/, '');
}

/**
 * Walks `value` as a `typeName`, reporting every key the type does not have, at any depth, and running `hooks` on
 * the model values it meets. Values of the wrong shape are skipped: kubernetes-models reports those. `at` is where
 * `value` sits in its object (`['metadata']` for a custom resource's ObjectMeta).
 */
export function walkFields(
  value: unknown,
  typeName: string,
  problems: Problems,
  hooks: Readonly<Record<string, TypeHook>>,
  at: readonly PathSegment[] = [],
): void {
  walk(value, { kind: 'model', name: typeName }, [...at], problems, hooks);
}

function walk(
  value: unknown,
  type: FieldType,
  path: PathSegment[],
  problems: Problems,
  hooks: Readonly<Record<string, TypeHook>>,
): void {
  if (value === undefined || value === null) {
    return;
  }
  switch (type.kind) {
    case 'leaf':
      return;
    case 'array':
      if (!Array.isArray(value)) {
        return;
      }
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        walk(value[i], type.item, path, problems, hooks);
        path.pop();
      }
      return;
    case 'map':
      if (!isRecord(value) || type.value.kind === 'leaf') {
        return;
      }
      for (const key of Object.keys(value)) {
        path.push(key);
        walk(value[key], type.value, path, problems, hooks);
        path.pop();
      }
      return;
    case 'model':
      if (isRecord(value)) {
        walkModel(value, type.name, path, problems, hooks);
      }
  }
}

function walkModel(
  value: Record<string, unknown>,
  typeName: string,
  path: PathSegment[],
  problems: Problems,
  hooks: Readonly<Record<string, TypeHook>>,
): void {
  const fields = fieldsOf(typeName);
  for (const key of Object.keys(value)) {
    const field = fields.get(key);
    if (field === undefined) {
      problems.add([...path, key], unknownFieldMessage(key, typeName, fields));
    } else if (field.kind !== 'leaf') {
      path.push(key);
      walk(value[key], field, path, problems, hooks);
      path.pop();
    }
  }
  hooks[typeName]?.(value, path, problems);
}

function unknownFieldMessage(key: string, typeName: string, fields: ReadonlyMap<string, FieldType>): string {
  const suggestion = closestMatch(key, [...fields.keys()]);
  const hint = suggestion !== undefined ? ` (did you mean ${quote(suggestion)}?)` : '';
  return `unknown field ${quote(key)}${hint}: ${displayName(typeName)} has no such field (Kubernetes ${OPENAPI_VERSION})`;
}
