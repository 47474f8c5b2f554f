import { ValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import { ValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { StorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { PathSegment, valueAt } from '../util/json-path';
import { describeValue, knownTypeName, quote } from '../util/describe';
import { Problems } from './kube-problem';

/**
 * Types, enums, formats and required fields, checked by the JSON schemas kubernetes-models compiles from the
 * Kubernetes OpenAPI, with its ajv errors rewritten as readable problems.
 */

/** The part of an ajv error object this module reads (ajv itself is a transitive dependency, not ours). */
interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message?: string;
}

interface Validating {
  readonly prototype: { validate(): void };
}

/** The kubernetes-models class of every built-in `apiVersion/kind` the tool emits; kube-fields.generated.json has the same keys. */
const MODELS: Readonly<Record<string, Validating>> = {
  'v1/Namespace': Namespace,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/ServiceAccount': ServiceAccount,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'apps/v1/DaemonSet': DaemonSet,
  'batch/v1/Job': Job,
  'batch/v1/CronJob': CronJob,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'storage.k8s.io/v1/StorageClass': StorageClass,
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': ValidatingAdmissionPolicy,
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding': ValidatingAdmissionPolicyBinding,
};

/** True when kubernetes-models has a schema for this `apiVersion/kind`. */
export function hasModel(apiVersionAndKind: string): boolean {
  return Object.prototype.hasOwnProperty.call(MODELS, apiVersionAndKind);
}

/**
 * Validates `object` against the kubernetes-models schema of `apiVersionAndKind` and reports what it rejects.
 * The model's `validate` runs on the object itself rather than on `new Model(object)`: the constructor deep-copies
 * the object, which doubles the cost, and only fills in apiVersion and kind, which the caller has already checked.
 */
export function checkModel(apiVersionAndKind: string, object: Record<string, unknown>, problems: Problems): void {
  const model = MODELS[apiVersionAndKind];
  try {
    model.prototype.validate.call(object);
  } catch (error) {
    const errors = (error as { errors?: unknown }).errors;
    if (!Array.isArray(errors)) {
      throw error;
    }
    for (const problem of describeErrors(errors as AjvError[], object)) {
      problems.add(problem.path, problem.message);
    }
  }
}

/**
 * Types and formats of a custom resource's `metadata`, which the API server validates as an ObjectMeta. No
 * kubernetes-models class is an ObjectMeta alone, so the metadata is checked inside a ConfigMap, whose schema
 * requires nothing else: the ajv paths (`/metadata/labels/x`) are then already the object's own.
 */
export function checkObjectMetaTypes(object: Record<string, unknown>, problems: Problems): void {
  if (object.metadata === undefined) {
    return;
  }
  checkModel('v1/ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: object.metadata }, problems);
}

interface RawProblem {
  readonly path: PathSegment[];
  readonly message: string;
}

/**
 * One problem per failing value. ajv reports a failed `oneOf` (int-or-string, quantity) as one error per branch plus
 * the `oneOf` itself; those collapse into a single "expected X or Y" message.
 */
function describeErrors(errors: readonly AjvError[], root: unknown): RawProblem[] {
  const byPointer = new Map<string, AjvError[]>();
  for (const error of errors) {
    const group = byPointer.get(error.instancePath);
    if (group) {
      group.push(error);
    } else {
      byPointer.set(error.instancePath, [error]);
    }
  }
  const out: RawProblem[] = [];
  const seen = new Set<string>();
  const push = (path: PathSegment[], message: string) => {
    const key = `${path.join('\u0000')}\u0001${message}`;
    if (seen.has(key)) {
      return;
    }
    seen.add(key);
    out.push({ path, message });
  };
  for (const [pointer, group] of byPointer) {
    const path = pointerToPath(pointer, root);
    const actual = valueAt(root, path);
    if (group.some((error) => error.keyword === 'oneOf' || error.keyword === 'anyOf')) {
      push(path, alternativesMessage(group, actual));
      continue;
    }
    for (const error of group) {
      push(
        error.keyword === 'required' ? [...path, String(error.params.missingProperty)] : path,
        errorMessage(error, actual),
      );
    }
  }
  return out;
}

function errorMessage(error: AjvError, actual: unknown): string {
  const params = error.params;
  switch (error.keyword) {
    case 'required':
      return `required field ${quote(String(params.missingProperty))} is missing`;
    case 'type':
      return `expected ${typeName(String(params.type))}, got ${describeValue(actual)}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}; got ${describeValue(actual)}`;
    case 'format':
      return `expected ${formatName(String(params.format))}, got ${describeValue(actual)}`;
    default:
      return `${error.message ?? `fails "${error.keyword}"`}; got ${describeValue(actual)}`;
  }
}

function alternativesMessage(group: readonly AjvError[], actual: unknown): string {
  const allowed = group
    .filter((error) => error.keyword === 'type' || error.keyword === 'format')
    .map((error) =>
      error.keyword === 'type' ? typeName(String(error.params.type)) : formatName(String(error.params.format)),
    );
  // A string that fails the quantity format also fails "must be number"; the format is what the writer got wrong.
  const shown =
    typeof actual === 'string' && group.some((e) => e.keyword === 'format')
      ? allowed.filter((a) => a !== 'a number')
      : allowed;
  const expected = [...new Set(shown.length > 0 ? shown : allowed)];
  return expected.length > 0
    ? `expected ${expected.join(' or ')}, got ${describeValue(actual)}`
    : `invalid value, got ${describeValue(actual)}`;
}

/** `integer` → `an integer`, as messages name JSON types. */
export function typeName(type: string): string {
  return knownTypeName(type) ?? `a ${type}`;
}

function formatName(format: string): string {
  switch (format) {
    case 'quantity':
      return 'a quantity such as "500m", "1.5" or "128Mi"';
    case 'byte':
      return 'base64-encoded data';
    case 'date-time':
      return 'an RFC 3339 timestamp';
    default:
      return `a value in ${quote(format)} format`;
  }
}

/** JSON pointer → path segments; a segment is an index only where the object actually has an array there. */
function pointerToPath(pointer: string, root: unknown): PathSegment[] {
  if (pointer === '') {
    return [];
  }
  const path: PathSegment[] = [];
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment: PathSegment = Array.isArray(node) && /^\d+$/.test(key) ? Number(key) : key;
    path.push(segment);
    node = node !== null && typeof node === 'object' ? (node as Record<PathSegment, unknown>)[segment] : undefined;
  }
  return path;
}
