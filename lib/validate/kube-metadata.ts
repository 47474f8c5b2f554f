import { JsonPath, PathSegment } from '../util/json-path';
import { quote } from '../util/describe';
import { TypeHook } from './kube-fields';
import { Problems, arrayOf, isRecord, recordOf } from './kube-problem';
import {
  dns1035LabelProblem,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  labelValueProblem,
  qualifiedNameProblem,
} from './kube-syntax';

/**
 * Object names per kind, namespaces, labels, annotations and label selectors: the metadata rules of the API server
 * (ValidateObjectMeta and each kind's name function), plus the name lengths controllers need to derive their own
 * object and label names from ours.
 */

interface NameRule {
  readonly syntax: (name: string) => string | undefined;
  /** Why this kind needs that syntax, when Kubernetes itself would accept more. */
  readonly note?: string;
  /** A tighter length limit than the syntax's own, and the reason for it. */
  readonly max?: { readonly length: number; readonly why: string };
}

const SUBDOMAIN: NameRule = { syntax: dns1123SubdomainProblem };

/**
 * Kinds that own pods name them <name>-<suffix>, and a pod's name is its hostname. The API server accepts dotted
 * subdomain names for these kinds, but a dot would turn the hostname into something that looks like a domain name
 * (`hostname -s` cuts it), so the tool holds them to DNS-1123 labels, as the naming rules in the mapping doc do.
 */
const POD_OWNER: NameRule = {
  syntax: dns1123LabelProblem,
  note: 'the names of its pods, which are their hostnames, start with it',
};

const NAME_RULES: Readonly<Record<string, NameRule>> = {
  Namespace: { syntax: dns1123LabelProblem },
  // Service names become DNS names and the prefix of the FOO_SERVICE_HOST variables, hence DNS-1035.
  Service: { syntax: dns1035LabelProblem },
  Deployment: POD_OWNER,
  DaemonSet: POD_OWNER,
  // Also keeps the job-name label, which the API server adds to the Job's pods, within 63 characters.
  Job: POD_OWNER,
  // Pods are labelled controller-revision-hash=<name>-<10-character hash>, and a label value has at most 63
  // characters (kubernetes/kubernetes#64023); <name>-<ordinal> then stays a DNS-1123 label too.
  StatefulSet: {
    ...POD_OWNER,
    max: {
      length: 52,
      why: 'its pods get the label controller-revision-hash=<name>-<10-character hash>, at most 63 characters',
    },
  },
  // ValidateCronJob's own limit: Jobs are named <name>-<scheduled time in minutes>.
  CronJob: { ...POD_OWNER, max: { length: 52, why: 'its Jobs are named <name>-<11-digit scheduled time>' } },
};

/** Built-in kinds the tool emits whose objects live outside namespaces (custom resources say so in their CRD). */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
]);

/**
 * TotalAnnotationSizeLimitB of k8s.io/apimachinery/pkg/api/validation/objectmeta.go (256 * (1 << 10)): keys and
 * values of one object's annotations together.
 */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/**
 * Checks `metadata.name` (required: emitted objects never rely on generated names) and `metadata.namespace`.
 * `clusterScoped` defaults to what the built-in kind is; custom resources pass their CRD's scope.
 */
export function checkObjectName(
  kind: string,
  object: Record<string, unknown>,
  problems: Problems,
  clusterScoped = CLUSTER_SCOPED.has(kind),
): void {
  const metadata = recordOf(object.metadata);
  if (metadata === undefined) {
    if (object.metadata === undefined) {
      problems.add(['metadata'], 'required field "metadata" is missing; every emitted object sets metadata.name');
    }
    return;
  }
  const name = metadata.name;
  if (name === undefined) {
    problems.add(
      ['metadata', 'name'],
      'required field "name" is missing; every emitted object sets its name explicitly (never generateName)',
    );
  } else if (typeof name === 'string') {
    const rule = NAME_RULES[kind] ?? SUBDOMAIN;
    const syntax = rule.syntax(name);
    if (syntax !== undefined) {
      problems.add(['metadata', 'name'], rule.note !== undefined ? `${syntax}; ${rule.note}` : syntax);
    } else if (rule.max !== undefined && name.length > rule.max.length) {
      problems.add(
        ['metadata', 'name'],
        `${kind} names have at most ${rule.max.length} characters, ${quote(name)} has ${name.length}: ${rule.max.why}`,
      );
    }
  }
  const namespace = metadata.namespace;
  if (namespace === undefined) {
    return;
  }
  if (clusterScoped) {
    problems.add(['metadata', 'namespace'], `${kind} is cluster-scoped; metadata.namespace must not be set`);
  } else if (typeof namespace === 'string') {
    const problem = dns1123LabelProblem(namespace);
    if (problem !== undefined) {
      problems.add(['metadata', 'namespace'], problem);
    }
  }
}

/** Label keys and values of a `{ key: value }` map: metadata.labels, Service selectors, matchLabels. */
export function checkLabelMap(labels: unknown, at: JsonPath, problems: Problems): void {
  if (!isRecord(labels)) {
    return;
  }
  for (const [key, value] of Object.entries(labels)) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem !== undefined) {
      problems.add([...at, key], `label key ${keyProblem}`);
    }
    if (typeof value === 'string') {
      const valueProblem = labelValueProblem(value);
      if (valueProblem !== undefined) {
        problems.add([...at, key], valueProblem);
      }
    }
  }
}

/** Annotation keys follow label key syntax (case-insensitively, as Kubernetes lowercases them first); values are free. */
export function checkAnnotations(annotations: unknown, at: JsonPath, problems: Problems): void {
  if (!isRecord(annotations)) {
    return;
  }
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    const problem = qualifiedNameProblem(key.toLowerCase());
    if (problem !== undefined) {
      problems.add([...at, key], `annotation key ${problem}`);
    }
    size += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  }
  if (size > ANNOTATIONS_MAX_BYTES) {
    problems.add(
      at,
      `annotations total ${size} bytes; Kubernetes allows at most ${ANNOTATIONS_MAX_BYTES} (256 KiB) per object`,
    );
  }
}

/** Runs on every ObjectMeta, so pod templates, job templates and claim templates are covered too. */
export const checkObjectMeta: TypeHook = (metadata, path, problems) => {
  if (metadata.labels !== undefined) {
    checkLabelMap(metadata.labels, [...path, 'labels'], problems);
  }
  if (metadata.annotations !== undefined) {
    checkAnnotations(metadata.annotations, [...path, 'annotations'], problems);
  }
};

const SET_OPERATORS = new Set(['In', 'NotIn']);
const EXISTENCE_OPERATORS = new Set(['Exists', 'DoesNotExist']);

/** Runs on every LabelSelector: workload selectors, affinity terms, topology spread, network policy peers. */
export const checkLabelSelector: TypeHook = (selector, path, problems) => {
  if (selector.matchLabels !== undefined) {
    checkLabelMap(selector.matchLabels, [...path, 'matchLabels'], problems);
  }
  arrayOf(selector.matchExpressions).forEach((requirement, i) => {
    if (isRecord(requirement)) {
      checkRequirement(requirement, [...path, 'matchExpressions', i], problems);
    }
  });
};

function checkRequirement(requirement: Record<string, unknown>, at: PathSegment[], problems: Problems): void {
  const { key, operator, values } = requirement;
  if (typeof key === 'string') {
    const problem = qualifiedNameProblem(key);
    if (problem !== undefined) {
      problems.add([...at, 'key'], `label key ${problem}`);
    }
  }
  const count = Array.isArray(values) ? values.length : 0;
  if (typeof operator === 'string') {
    if (SET_OPERATORS.has(operator) && count === 0) {
      problems.add([...at, 'values'], `operator ${operator} needs at least one value`);
    } else if (EXISTENCE_OPERATORS.has(operator) && count > 0) {
      problems.add([...at, 'values'], `operator ${operator} takes no values`);
    } else if (!SET_OPERATORS.has(operator) && !EXISTENCE_OPERATORS.has(operator)) {
      problems.add(
        [...at, 'operator'],
        `must be one of "In", "NotIn", "Exists", "DoesNotExist"; got ${quote(operator)}`,
      );
    }
  }
  arrayOf(values).forEach((value, i) => {
    const problem = typeof value === 'string' ? labelValueProblem(value) : undefined;
    if (problem !== undefined) {
      problems.add([...at, 'values', i], problem);
    }
  });
}
