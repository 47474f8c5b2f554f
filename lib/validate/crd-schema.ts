import { PathSegment, formatPath } from '../util/json-path';
import { closestMatch, describeValue, quote } from '../util/describe';
import argoCdTable from './crd-schemas-argocd.generated.json';
import karpenterTable from './crd-schemas-karpenter.generated.json';
import monitoringTable from './crd-schemas-monitoring.generated.json';
import table from './crd-schemas.generated.json';
import { typeName } from './kube-models';
import { Problems, isRecord } from './kube-problem';

/**
 * Custom resources marathon-to-eks emits (External Secrets Operator; prometheus-operator's ServiceMonitor, PodMonitor
 * and PrometheusRule; Karpenter's NodePool and EC2NodeClass, which EKS Auto Mode's NodePools share; Argo CD's
 * Application and AppProject), checked against the openAPIV3Schema of their CRDs (crd-schemas.generated.json,
 * crd-schemas-monitoring.generated.json, crd-schemas-karpenter.generated.json and crd-schemas-argocd.generated.json,
 * from scripts/generate-crd-schemas.ts) the way the API server checks a
 * structural schema, but stricter: a field the schema does not declare is an error rather than silently pruned.
 *
 * Checked: type (with nullable and x-kubernetes-int-or-string, whose strings still meet pattern and lengths),
 * properties, additionalProperties, x-kubernetes-preserve-unknown-fields, required, enum, items, anyOf,
 * minLength/maxLength/pattern (RE2's leading `(?i)` as the `i` flag), minimum/maximum, minItems/maxItems,
 * minProperties/maxProperties, x-kubernetes-list-type set (no duplicate items) and map (no two items with the same
 * x-kubernetes-list-map-keys), and format int32, int64 and date-time where the generator keeps it (the monitoring,
 * Karpenter and Argo CD kinds). Not checked: CEL rules (x-kubernetes-validations), which the generator drops. metadata is the caller's: the
 * API server validates it as an ObjectMeta whatever the CRD says.
 */

/** The subset of an OpenAPI v3 schema the generator keeps. */
export interface Schema {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly items?: Schema;
  readonly additionalProperties?: Schema | boolean;
  readonly anyOf?: readonly Schema[];
  readonly nullable?: boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  /** `set`: no two items equal; `map`: no two items with the same values of the map keys. Atomic lists are dropped. */
  readonly 'x-kubernetes-list-type'?: 'set' | 'map';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  /** Only the formats the generator keeps, and only for the monitoring, Karpenter and Argo CD kinds. */
  readonly format?: 'int32' | 'int64' | 'date-time';
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minProperties?: number;
  readonly maxProperties?: number;
}

/** One custom resource kind: its CRD, whether its objects live in a namespace, and the key of its schema. */
export interface CrdKind {
  readonly crd: string;
  readonly scope: 'Namespaced' | 'Cluster';
  readonly schema: string;
}

interface Table {
  readonly source: { readonly repository: string; readonly tag: string; readonly path: string };
  readonly kinds: Readonly<Record<string, CrdKind>>;
  readonly schemas: Readonly<Record<string, Schema>>;
}

/** Every table, and for messages where its schemas come from: `external-secrets/external-secrets helm-chart-2.9.0`. */
const TABLES: readonly { readonly table: Table; readonly source: string }[] = [
  table as unknown as Table,
  monitoringTable as unknown as Table,
  karpenterTable as unknown as Table,
  argoCdTable as unknown as Table,
].map((one) => ({ table: one, source: `${one.source.repository} ${one.source.tag}` }));

/** What unknown-field messages name: the kind, and the CRD and release its schema comes from. */
interface Context {
  readonly kind: string;
  readonly source: string;
  /** True for a custom resource, whose top-level `metadata` is the caller's. */
  readonly ownMetadata: boolean;
}

const patterns = new Map<string, RegExp>();

function tableOf(apiVersionAndKind: string): (typeof TABLES)[number] | undefined {
  return TABLES.find((one) => Object.prototype.hasOwnProperty.call(one.table.kinds, apiVersionAndKind));
}

/** The custom resource kind of `apiVersion/kind` (`external-secrets.io/v1/ExternalSecret`), if a table has it. */
export function crdKindOf(apiVersionAndKind: string): CrdKind | undefined {
  return tableOf(apiVersionAndKind)?.table.kinds[apiVersionAndKind];
}

/** Every custom resource `apiVersion/kind` the tables cover. */
export function crdKinds(): string[] {
  return TABLES.flatMap((one) => Object.keys(one.table.kinds));
}

/** Checks everything but `metadata` of a custom resource whose `apiVersion/kind` {@link crdKindOf} knows. */
export function checkCrdObject(apiVersionAndKind: string, object: Record<string, unknown>, problems: Problems): void {
  const { table: owner, source } = tableOf(apiVersionAndKind) as (typeof TABLES)[number];
  const kind = owner.kinds[apiVersionAndKind];
  const context: Context = {
    kind: apiVersionAndKind.slice(apiVersionAndKind.lastIndexOf('/') + 1),
    source: `CRD ${kind.crd}, ${source}`,
    ownMetadata: true,
  };
  check(object, owner.schemas[kind.schema], [], problems, context);
}

/**
 * Checks `value` against any schema of the supported subset; `kind` and `source` name it in unknown-field
 * messages. {@link checkCrdObject} is this on a table schema; the tests drive it with small schemas of their own.
 */
export function checkSchema(value: unknown, schema: Schema, problems: Problems, kind: string, source: string): void {
  check(value, schema, [], problems, { kind, source, ownMetadata: false });
}

function check(value: unknown, schema: Schema, path: PathSegment[], problems: Problems, context: Context): void {
  if (value === null) {
    if (schema.nullable !== true) {
      problems.add(path, `expected ${expectedOf(schema)}, got null`);
    }
    return;
  }
  if (schema['x-kubernetes-int-or-string'] === true) {
    if (typeof value === 'string') {
      // The API server applies a string's keywords (nativeHistogramMinBucketFactor's pattern) to the string form.
      checkString(value, schema, path, problems);
    } else if (!Number.isInteger(value)) {
      problems.add(path, `expected a string or an integer, got ${describeValue(value)}`);
    }
    return;
  }
  if (schema.anyOf !== undefined && !schema.anyOf.some((branch) => passes(value, branch, path, context))) {
    problems.add(path, `expected ${schema.anyOf.map(expectedOf).join(' or ')}, got ${describeValue(value)}`);
    return;
  }
  if (schema.type !== undefined && !hasType(value, schema.type)) {
    problems.add(path, `expected ${typeName(schema.type)}, got ${describeValue(value)}`);
    return;
  }
  if (schema.enum !== undefined && !schema.enum.includes(value)) {
    problems.add(
      path,
      `must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}; got ${describeValue(value)}`,
    );
    return;
  }
  if (typeof value === 'string') {
    checkString(value, schema, path, problems);
  } else if (typeof value === 'number') {
    checkNumber(value, schema, path, problems);
  } else if (Array.isArray(value)) {
    checkArray(value, schema, path, problems, context);
  } else if (isRecord(value)) {
    checkObject(value, schema, path, problems, context);
  }
}

/** True when `value` has no problems against `schema` (an anyOf branch). */
function passes(value: unknown, schema: Schema, path: PathSegment[], context: Context): boolean {
  const scratch = new Problems();
  check(value, schema, [...path], scratch, context);
  return scratch.list.length === 0;
}

function hasType(value: unknown, type: NonNullable<Schema['type']>): boolean {
  switch (type) {
    case 'object':
      return isRecord(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === type;
  }
}

function expectedOf(schema: Schema): string {
  if (schema['x-kubernetes-int-or-string'] === true) {
    return 'a string or an integer';
  }
  if (schema.type !== undefined) {
    return typeName(schema.type);
  }
  return schema.anyOf !== undefined ? schema.anyOf.map(expectedOf).join(' or ') : 'a value';
}

/** One problem per string: a length problem, else a pattern one (an empty name fails both, and "empty" says it all). */
function checkString(value: string, schema: Schema, path: PathSegment[], problems: Problems): void {
  if (schema.minLength !== undefined || schema.maxLength !== undefined) {
    // The API server counts characters (runes), not UTF-16 units.
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) {
      problems.add(
        path,
        schema.minLength === 1 ? 'must not be empty' : `must be at least ${schema.minLength} characters, got ${length}`,
      );
      return;
    }
    if (schema.maxLength !== undefined && length > schema.maxLength) {
      problems.add(path, `must be at most ${schema.maxLength} characters, got ${length}`);
      return;
    }
  }
  if (schema.pattern !== undefined && !patternOf(schema.pattern).test(value)) {
    problems.add(path, `${quote(value)} does not match the pattern ${JSON.stringify(schema.pattern)}`);
    return;
  }
  if (schema.format === 'date-time' && !DATE_TIME.test(value)) {
    problems.add(path, `${quote(value)} is not an RFC 3339 date-time (2006-01-02T15:04:05Z)`);
  }
}

/** RFC 3339 `date-time`, as the API server's strfmt reads it (a space may stand for the `T`). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * A CRD pattern compiled for JavaScript. Patterns are RE2 (Go); the one RE2-only form the pinned CRDs use is a
 * leading `(?i)` (PrometheusRule's partial_response_strategy: `^(?i)(abort|warn)?$`), which becomes the `i` flag.
 * scripts/generate-crd-schemas.ts compiles every pattern the same way, so any other RE2-only syntax stops it.
 */
export function patternOf(source: string): RegExp {
  let pattern = patterns.get(source);
  if (pattern === undefined) {
    pattern = /^\^?\(\?i\)/.test(source) ? new RegExp(source.replace('(?i)', ''), 'iu') : new RegExp(source, 'u');
    patterns.set(source, pattern);
  }
  return pattern;
}

/** The range of the Go integer type a `format` names: the operator decodes into it, the API server checks it. */
const INTEGER_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [-(2 ** 63), 2 ** 63 - 1],
};

function checkNumber(value: number, schema: Schema, path: PathSegment[], problems: Problems): void {
  const { minimum, maximum } = schema;
  const range = schema.format !== undefined ? INTEGER_RANGES[schema.format] : undefined;
  if (range !== undefined && (value < range[0] || value > range[1])) {
    problems.add(path, `must fit a ${schema.format} (${range[0]} to ${range[1]}), got ${value}`);
  }
  if (minimum !== undefined && (schema.exclusiveMinimum === true ? value <= minimum : value < minimum)) {
    problems.add(
      path,
      `must be ${schema.exclusiveMinimum === true ? 'greater than' : 'at least'} ${minimum}, got ${value}`,
    );
  }
  if (maximum !== undefined && (schema.exclusiveMaximum === true ? value >= maximum : value > maximum)) {
    problems.add(
      path,
      `must be ${schema.exclusiveMaximum === true ? 'less than' : 'at most'} ${maximum}, got ${value}`,
    );
  }
}

function checkArray(
  value: readonly unknown[],
  schema: Schema,
  path: PathSegment[],
  problems: Problems,
  context: Context,
): void {
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    problems.add(
      path,
      `must have at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}, got ${value.length}`,
    );
  }
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    problems.add(
      path,
      `must have at most ${schema.maxItems} item${schema.maxItems === 1 ? '' : 's'}, got ${value.length}`,
    );
  }
  checkListType(value, schema, path, problems);
  if (schema.items === undefined) {
    return;
  }
  for (let i = 0; i < value.length; i++) {
    path.push(i);
    check(value[i], schema.items, path, problems, context);
    path.pop();
  }
}

/**
 * `set` lists take each value once; `map` lists take each combination of the key fields once (the API server
 * rejects both as "Duplicate value"). Keys an item lacks count as absent, which is a value too: two items without
 * `name` collide, as they do on the API server.
 */
function checkListType(value: readonly unknown[], schema: Schema, path: PathSegment[], problems: Problems): void {
  const listType = schema['x-kubernetes-list-type'];
  if (listType === undefined) {
    return;
  }
  const keys = schema['x-kubernetes-list-map-keys'] ?? [];
  const seen = new Map<string, number>();
  value.forEach((item, i) => {
    const identity =
      listType === 'set'
        ? JSON.stringify(item)
        : JSON.stringify(keys.map((key) => (isRecord(item) ? (item[key] ?? null) : null)));
    const first = seen.get(identity);
    if (first === undefined) {
      seen.set(identity, i);
      return;
    }
    const what =
      listType === 'set'
        ? `duplicate value ${describeValue(item)}`
        : `duplicate entry: ${keys.map((key) => `${key} ${describeValue(isRecord(item) ? item[key] : undefined)}`).join(', ')}`;
    problems.add(
      [...path, i],
      `${what}, as item ${first} (a ${listType} list takes each ${listType === 'set' ? 'value' : 'key'} once)`,
    );
  });
}

function checkObject(
  value: Record<string, unknown>,
  schema: Schema,
  path: PathSegment[],
  problems: Problems,
  context: Context,
): void {
  const properties = schema.properties ?? {};
  for (const name of schema.required ?? []) {
    if (value[name] === undefined) {
      problems.add([...path, name], `required field ${quote(name)} is missing`);
    }
  }
  const keys = Object.keys(value);
  const { minProperties, maxProperties } = schema;
  if (minProperties !== undefined && keys.length < minProperties) {
    problems.add(path, fieldCountMessage('at least', minProperties, schema, keys));
  }
  if (maxProperties !== undefined && keys.length > maxProperties) {
    problems.add(path, fieldCountMessage('at most', maxProperties, schema, keys));
  }
  const additional = schema.additionalProperties;
  const open = additional === true || schema['x-kubernetes-preserve-unknown-fields'] === true;
  for (const key of keys) {
    // A custom resource's metadata is an ObjectMeta, which the caller checks.
    if (context.ownMetadata && path.length === 0 && key === 'metadata') {
      continue;
    }
    const field = Object.prototype.hasOwnProperty.call(properties, key)
      ? properties[key]
      : typeof additional === 'object'
        ? additional
        : undefined;
    if (field === undefined) {
      if (!open) {
        problems.add([...path, key], unknownFieldMessage(key, path, Object.keys(properties), context));
      }
      continue;
    }
    if (value[key] === undefined) {
      continue;
    }
    path.push(key);
    check(value[key], field, path, problems, context);
    path.pop();
  }
}

/** `provider` in a SecretStore has minProperties = maxProperties = 1: exactly one of its fields (one provider). */
function fieldCountMessage(
  bound: 'at least' | 'at most',
  count: number,
  schema: Schema,
  keys: readonly string[],
): string {
  if (schema.minProperties === 1 && schema.maxProperties === 1 && schema.properties !== undefined) {
    if (keys.length > 1) {
      return `exactly one field may be set, got ${keys.length}: ${keys.map((key) => quote(key)).join(', ')}`;
    }
    const names = Object.keys(schema.properties);
    const shown = names
      .slice(0, 8)
      .map((name) => quote(name))
      .join(', ');
    return `exactly one field must be set (${shown}${names.length > 8 ? `, … ${names.length - 8} more` : ''}), got none`;
  }
  return `must have ${bound} ${count} field${count === 1 ? '' : 's'}, got ${keys.length}`;
}

function unknownFieldMessage(
  key: string,
  path: readonly PathSegment[],
  known: readonly string[],
  context: Context,
): string {
  const suggestion = closestMatch(key, known);
  const hint = suggestion !== undefined ? ` (did you mean ${quote(suggestion)}?)` : '';
  const where = path.length === 0 ? context.kind : formatPath(path);
  return `unknown field ${quote(key)}${hint}: ${where} has ${known.length === 0 ? 'no fields' : 'no such field'} (${context.source})`;
}
