import { quote } from '../util/describe';
import { checkCrdObject, crdKindOf, crdKinds } from './crd-schema';
import { checkValidatingAdmissionPolicy, checkValidatingAdmissionPolicyBinding } from './kube-admission';
import { checkConfigMap, checkSecret } from './kube-config-data';
import { TypeHook, knownKinds, modelTypeOf, walkFields } from './kube-fields';
import { checkLabelSelector, checkObjectMeta, checkObjectName } from './kube-metadata';
import { checkIngress } from './kube-ingress';
import { checkEc2NodeClass, checkNodePool } from './kube-karpenter';
import { checkModel, checkObjectMetaTypes, hasModel } from './kube-models';
import { checkPodMonitor, checkPrometheusRule, checkServiceMonitor } from './kube-monitoring';
import {
  checkIds,
  checkNodeSelectorRequirement,
  checkPodAffinityTerm,
  checkPodSecurityContext,
  checkPodSpecSettings,
  checkTopologySpread,
} from './kube-pod-settings';
import { KubeProblem, Problems, isRecord, recordOf } from './kube-problem';
import { checkHorizontalPodAutoscaler, checkPodDisruptionBudget } from './kube-scaling';
import { checkService } from './kube-service';
import { checkStorageClass } from './kube-storage';
import { checkCronJob, checkDaemonSet, checkDeployment, checkJob, checkStatefulSet } from './kube-workloads';

export type { KubeProblem } from './kube-problem';

/**
 * The strict check every emitted Kubernetes object passes before it is written. Anything it reports is a bug in
 * the translation, not in the user's Marathon definitions: the validator stands in for the API server (and the
 * controllers behind it), which the tool never talks to.
 */

/** Rules that look at two fields of one object at once, per kind. */
const KIND_CHECKS: Readonly<Record<string, (object: Record<string, unknown>, problems: Problems) => void>> = {
  Deployment: checkDeployment,
  StatefulSet: checkStatefulSet,
  DaemonSet: checkDaemonSet,
  Job: checkJob,
  CronJob: checkCronJob,
  Service: checkService,
  Ingress: checkIngress,
  ConfigMap: checkConfigMap,
  Secret: checkSecret,
  PodDisruptionBudget: checkPodDisruptionBudget,
  HorizontalPodAutoscaler: checkHorizontalPodAutoscaler,
  StorageClass: checkStorageClass,
  ValidatingAdmissionPolicy: checkValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding: checkValidatingAdmissionPolicyBinding,
};

/** Rules beyond the CRD schema, per custom resource `apiVersion/kind`. */
const CRD_CHECKS: Readonly<Record<string, (object: Record<string, unknown>, problems: Problems) => void>> = {
  'monitoring.coreos.com/v1/ServiceMonitor': checkServiceMonitor,
  'monitoring.coreos.com/v1/PodMonitor': checkPodMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': checkPrometheusRule,
  'karpenter.sh/v1/NodePool': checkNodePool,
  'karpenter.k8s.aws/v1/EC2NodeClass': checkEc2NodeClass,
};

/** Checks that run wherever a value of that type appears in any object. */
const TYPE_HOOKS: Readonly<Record<string, TypeHook>> = {
  V1ObjectMeta: checkObjectMeta,
  V1LabelSelector: checkLabelSelector,
  V1PodSpec: checkPodSpecSettings,
  V1PodSecurityContext: checkPodSecurityContext,
  V1SecurityContext: checkIds,
  V1NodeSelectorRequirement: checkNodeSelectorRequirement,
  V1PodAffinityTerm: checkPodAffinityTerm,
  V1TopologySpreadConstraint: checkTopologySpread,
};

/**
 * Everything wrong with one object the tool is about to emit, in a stable order: the kind, then what
 * kubernetes-models' schema rejects (types, enums, required fields), unknown fields at any depth, names and labels,
 * then the rules that relate fields to each other. An empty list means the object is fit to write.
 *
 * Custom resources (the External Secrets Operator kinds the EKS environment emits; prometheus-operator's
 * ServiceMonitor, PodMonitor and PrometheusRule; Karpenter's NodePool, also EKS Auto Mode's, and EC2NodeClass) are
 * checked against their CRD's schema instead (crd-schema.ts: types, enums, required fields and unknown fields
 * together), then by the rules the operator and Prometheus add (kube-monitoring.ts) or the CRD's CEL rules and
 * Karpenter's run-time validation (kube-karpenter.ts), and their metadata as the ObjectMeta of any other kind.
 */
export function validateKubeObject(object: unknown): KubeProblem[] {
  const problems = new Problems();
  if (!isRecord(object)) {
    problems.add(
      [],
      `expected a Kubernetes object, got ${object === null ? 'null' : Array.isArray(object) ? 'an array' : typeof object}`,
    );
    return problems.list;
  }
  const key = kindKey(object, problems);
  if (key === undefined) {
    return problems.list;
  }
  const kind = object.kind as string;
  const crd = crdKindOf(key);
  if (crd !== undefined) {
    checkObjectMetaTypes(object, problems);
    checkCrdObject(key, object, problems);
    walkFields(object.metadata, 'V1ObjectMeta', problems, TYPE_HOOKS, ['metadata']);
    checkObjectName(kind, object, problems, crd.scope === 'Cluster');
    CRD_CHECKS[key]?.(object, problems);
    return problems.list;
  }
  checkModel(key, object, problems);
  walkFields(object, modelTypeOf(key) as string, problems, TYPE_HOOKS);
  checkObjectName(kind, object, problems);
  KIND_CHECKS[kind]?.(object, problems);
  return problems.list;
}

/** One entry per object that has problems. */
export interface KubeObjectProblems {
  /** The object's position in the list given to {@link validateKubeObjects}. */
  readonly index: number;
  readonly kind?: string;
  readonly name?: string;
  readonly problems: KubeProblem[];
}

/** Validates many objects; returns only those with problems, in input order. */
export function validateKubeObjects(objects: readonly unknown[]): KubeObjectProblems[] {
  const out: KubeObjectProblems[] = [];
  objects.forEach((object, index) => {
    const problems = validateKubeObject(object);
    if (problems.length === 0) {
      return;
    }
    const record = recordOf(object);
    const kind = typeof record?.kind === 'string' ? record.kind : undefined;
    const name = recordOf(record?.metadata)?.name;
    out.push({ index, ...(kind !== undefined && { kind }), ...(typeof name === 'string' && { name }), problems });
  });
  return out;
}

/** Every `apiVersion/kind` the validator accepts: built-in kinds, then custom resources. */
function acceptedKinds(): string[] {
  return [...knownKinds(), ...crdKinds()];
}

/**
 * `apiVersion/kind` when the tool emits that kind: a built-in kind in both the field table and kubernetes-models, or
 * a custom resource with a CRD schema.
 */
function kindKey(object: Record<string, unknown>, problems: Problems): string | undefined {
  const { apiVersion, kind } = object;
  if (typeof kind !== 'string' || kind === '') {
    problems.add(
      ['kind'],
      kind === undefined ? 'required field "kind" is missing' : `expected a kind name, got ${JSON.stringify(kind)}`,
    );
    return undefined;
  }
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    problems.add(
      ['apiVersion'],
      apiVersion === undefined
        ? 'required field "apiVersion" is missing'
        : `expected an API version, got ${JSON.stringify(apiVersion)}`,
    );
    return undefined;
  }
  const key = `${apiVersion}/${kind}`;
  if ((modelTypeOf(key) !== undefined && hasModel(key)) || crdKindOf(key) !== undefined) {
    return key;
  }
  const sameKind = acceptedKinds().filter((known) => known.endsWith(`/${kind}`));
  if (sameKind.length > 0) {
    const expected = sameKind.map((known) => quote(known.slice(0, -kind.length - 1))).join(' or ');
    problems.add(['apiVersion'], `${kind} is emitted as apiVersion ${expected}, got ${quote(apiVersion)}`);
  } else {
    const all = acceptedKinds()
      .map((known) => known.slice(known.lastIndexOf('/') + 1))
      .sort()
      .join(', ');
    problems.add(['kind'], `${quote(kind)} is not a kind marathon-to-eks emits (${all})`);
  }
  return undefined;
}
