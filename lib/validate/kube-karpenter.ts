import { PathSegment } from '../util/json-path';
import { quote } from '../util/describe';
import { checkLabelMap } from './kube-metadata';
import { Problems, arrayOf, isRecord, recordOf } from './kube-problem';
import { qualifiedNameProblem } from './kube-syntax';

/**
 * What the CRD schemas of Karpenter's NodePool (karpenter.sh/v1) and EC2NodeClass (karpenter.k8s.aws/v1) cannot say
 * once the generator has dropped their CEL rules (crd-schemas-karpenter.generated.json), and what the controller
 * rejects at run time. EKS Auto Mode's NodePools are the same kind (their nodeClassRef names `eks.amazonaws.com`
 * NodeClass, their instance labels are in the `eks.amazonaws.com` domain) and pass the same rules.
 *
 * NodePool, from the x-kubernetes-validations of aws/karpenter-provider-aws v1.14.1
 * pkg/apis/crds/karpenter.sh_nodepools.yaml and the controller's RuntimeValidate (kubernetes-sigs/karpenter at the
 * commit v1.14.1 pins, 6e7eab7a0f48: pkg/apis/v1/nodepool_validation.go, nodeclaim_validation.go, labels.go):
 * - `template.metadata.labels` and requirement keys: the `karpenter.sh` domain is restricted but for
 *   `karpenter.sh/capacity-type` (and `karpenter.sh/nodepool`, which Karpenter sets itself, so it is restricted too);
 *   `kubernetes.io/hostname` is restricted; the `karpenter.k8s.aws` domain is restricted but for the labels the
 *   provider publishes (KARPENTER_AWS_LABELS). Label keys must be qualified names.
 * - requirements: `In` needs a value, `minValues` at most as many values, `Gt`/`Lt`/`Gte`/`Lte` a single
 *   non-negative integer, `Exists`/`DoesNotExist` no value (the field's documented contract);
 *   `karpenter.sh/capacity-type` takes on-demand, spot or reserved (HasKnownValues).
 * - taints: one per key and effect.
 * - disruption budgets: `schedule` and `duration` together.
 * Our own rule (nothing upstream says it, but a mixed pool would never match a node): a pool's instance requirements
 * (`<domain>/instance-*`) are in the domain of its node class's group.
 *
 * EC2NodeClass, from pkg/apis/crds/karpenter.k8s.aws_ec2nodeclasses.yaml at v1.14.1: exactly one of `role` and
 * `instanceProfile`; an `alias` AMI term is `family@version` of a known family, alone in `amiSelectorTerms`; without
 * an alias, `amiFamily` is required; `id` selector terms stand alone; tags carry none of Karpenter's own keys.
 */

/** Labels of the `karpenter.k8s.aws` domain a NodePool may use (the CRD's allow-list, v1.14.1). */
export const KARPENTER_AWS_LABELS: ReadonlySet<string> = new Set(
  [
    'instance-tenancy',
    'capacity-reservation-type',
    'capacity-reservation-id',
    'capacity-reservation-interruptible',
    'ec2nodeclass',
    'instance-encryption-in-transit-supported',
    'instance-category',
    'instance-hypervisor',
    'instance-family',
    'instance-generation',
    'instance-local-nvme',
    'instance-size',
    'instance-cpu',
    'instance-cpu-manufacturer',
    'instance-cpu-sustained-clock-speed-mhz',
    'instance-memory',
    'instance-ebs-bandwidth',
    'instance-network-bandwidth',
    'instance-gpu-name',
    'instance-gpu-manufacturer',
    'instance-gpu-count',
    'instance-gpu-memory',
    'instance-accelerator-name',
    'instance-accelerator-manufacturer',
    'instance-accelerator-count',
    'instance-capability-flex',
    'placement-group-id',
    'placement-group-partition',
  ].map((name) => `karpenter.k8s.aws/${name}`),
);

/** The node classes a NodePool may name: Karpenter on AWS, and EKS Auto Mode. */
const NODE_CLASSES: Readonly<Record<string, string>> = {
  'karpenter.k8s.aws': 'EC2NodeClass',
  'eks.amazonaws.com': 'NodeClass',
};

/** `karpenter.sh/capacity-type`'s values (WellKnownValuesForRequirements). */
const CAPACITY_TYPES = new Set(['on-demand', 'spot', 'reserved']);

/** The domain of a label key: what comes before `/` (`""` without one). */
function domainOf(key: string): string {
  const slash = key.indexOf('/');
  return slash < 0 ? '' : key.slice(0, slash);
}

/** Why a NodePool may not use this label key (in its labels or its requirements), if it may not. */
export function restrictedLabelProblem(key: string): string | undefined {
  const domain = domainOf(key);
  // The CEL rules test the domain's suffix (`x.find("^([^/]+)").endsWith("karpenter.sh")`).
  if (key === 'karpenter.sh/nodepool') {
    return `label ${quote(key)} is restricted: Karpenter sets it on every node of the pool`;
  }
  if (domain.endsWith('karpenter.sh') && key !== 'karpenter.sh/capacity-type') {
    return `label domain "karpenter.sh" is restricted: ${quote(key)} (only karpenter.sh/capacity-type may be used)`;
  }
  if (key === 'kubernetes.io/hostname') {
    return `label ${quote(key)} is restricted: it names one node, never a pool`;
  }
  if (domain.endsWith('karpenter.k8s.aws') && !KARPENTER_AWS_LABELS.has(key)) {
    return `label domain "karpenter.k8s.aws" is restricted: ${quote(key)} is not one of the labels Karpenter publishes (karpenter.k8s.aws/instance-family, instance-size, …)`;
  }
  return undefined;
}

function checkLabelKeys(labels: unknown, at: PathSegment[], problems: Problems): void {
  // Key and value syntax is metadata's rule (RuntimeValidate: IsQualifiedName, IsValidLabelValue).
  checkLabelMap(labels, at, problems);
  for (const key of Object.keys(recordOf(labels) ?? {})) {
    const problem = restrictedLabelProblem(key);
    if (problem !== undefined) {
      problems.add([...at, key], problem);
    }
  }
}

function checkRequirement(
  requirement: Record<string, unknown>,
  at: PathSegment[],
  nodeClassGroup: string | undefined,
  problems: Problems,
): void {
  const { key, operator, minValues } = requirement;
  const values = arrayOf(requirement.values);
  if (typeof key === 'string') {
    const restricted = restrictedLabelProblem(key);
    if (restricted !== undefined) {
      problems.add([...at, 'key'], restricted);
    }
    const syntax = qualifiedNameProblem(key);
    if (syntax !== undefined) {
      problems.add([...at, 'key'], `requirement key ${syntax}`);
    }
    const domain = domainOf(key);
    const instanceLabel = key.slice(domain.length + 1).startsWith('instance-');
    if (
      instanceLabel &&
      nodeClassGroup !== undefined &&
      domain in NODE_CLASSES &&
      domain !== nodeClassGroup &&
      nodeClassGroup in NODE_CLASSES
    ) {
      problems.add(
        [...at, 'key'],
        `${quote(key)} is a label of ${domain} nodes, but the pool's nodes come from ${nodeClassGroup}'s ${NODE_CLASSES[nodeClassGroup]}: use ${quote(`${nodeClassGroup}/${key.slice(domain.length + 1)}`)}`,
      );
    }
    if (key === 'karpenter.sh/capacity-type' && values.some((value) => !CAPACITY_TYPES.has(String(value)))) {
      problems.add(
        [...at, 'values'],
        `karpenter.sh/capacity-type takes on-demand, spot or reserved, got ${values.map((v) => JSON.stringify(v)).join(', ')}`,
      );
    }
  }
  if (operator === 'In' && values.length === 0) {
    problems.add([...at, 'values'], "requirements with operator 'In' must have a value defined");
  }
  if (operator === 'In' && typeof minValues === 'number' && values.length < minValues) {
    problems.add(
      [...at, 'values'],
      `minValues is ${minValues}, but only ${values.length} value${values.length === 1 ? ' is' : 's are'} given`,
    );
  }
  if (operator === 'Gt' || operator === 'Lt' || operator === 'Gte' || operator === 'Lte') {
    if (values.length !== 1 || !/^[0-9]+$/.test(String(values[0]))) {
      problems.add([...at, 'values'], `operator ${operator} takes a single non-negative integer value`);
    }
  }
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
    problems.add([...at, 'values'], `operator ${operator} takes no values`);
  }
}

/** Rules of `karpenter.sh/v1` NodePool beyond its CRD schema (see the file's comment). */
export function checkNodePool(object: Record<string, unknown>, problems: Problems): void {
  const spec = recordOf(object.spec);
  const template = recordOf(spec?.template);
  const templateSpec = recordOf(template?.spec);
  checkLabelKeys(recordOf(template?.metadata)?.labels, ['spec', 'template', 'metadata', 'labels'], problems);
  const nodeClassRef = recordOf(templateSpec?.nodeClassRef);
  const group = typeof nodeClassRef?.group === 'string' ? nodeClassRef.group : undefined;
  if (group !== undefined && group in NODE_CLASSES && nodeClassRef?.kind !== NODE_CLASSES[group]) {
    problems.add(
      ['spec', 'template', 'spec', 'nodeClassRef', 'kind'],
      `the node class of group ${group} is kind ${NODE_CLASSES[group]}, got ${JSON.stringify(nodeClassRef?.kind)}`,
    );
  }
  arrayOf(templateSpec?.requirements).forEach((requirement, i) => {
    if (isRecord(requirement)) {
      checkRequirement(requirement, ['spec', 'template', 'spec', 'requirements', i], group, problems);
    }
  });
  const seen = new Set<string>();
  for (const field of ['taints', 'startupTaints'] as const) {
    arrayOf(templateSpec?.[field]).forEach((taint, i) => {
      const record = recordOf(taint);
      const identity = `${String(record?.key)}:${String(record?.effect ?? '')}`;
      if (seen.has(identity)) {
        problems.add(
          ['spec', 'template', 'spec', field, i],
          `duplicate taint ${String(record?.key)}:${String(record?.effect)} (one per key and effect)`,
        );
      }
      seen.add(identity);
    });
  }
  arrayOf(recordOf(spec?.disruption)?.budgets).forEach((budget, i) => {
    const record = recordOf(budget);
    if (record !== undefined && (record.schedule === undefined) !== (record.duration === undefined)) {
      problems.add(['spec', 'disruption', 'budgets', i], "'schedule' must be set with 'duration'");
    }
  });
}

/** Families an AMI alias may name (the EC2NodeClass CRD's rule, v1.14.1). */
const AMI_FAMILIES = ['al2', 'al2023', 'bottlerocket', 'windows2019', 'windows2022', 'windows2025'];
/** The amiFamily an alias's family allows (besides `Custom`). */
const ALIAS_AMI_FAMILY: Readonly<Record<string, string>> = {
  al2: 'AL2',
  al2023: 'AL2023',
  bottlerocket: 'Bottlerocket',
  windows2019: 'Windows2019',
  windows2022: 'Windows2022',
  windows2025: 'Windows2025',
};
/** Tag keys Karpenter sets itself on what it launches. */
const RESTRICTED_TAGS = [
  /^eks:eks-cluster-name$/,
  /^kubernetes\.io\/cluster\//,
  /^karpenter\.sh\/nodepool$/,
  /^karpenter\.sh\/nodeclaim$/,
  /^karpenter\.k8s\.aws\/ec2nodeclass$/,
];

/** Why an AMI alias (`al2023@v20260714`) is not one, if it is not. */
export function amiAliasProblem(alias: string): string | undefined {
  if (!/^[a-zA-Z0-9]+@.+$/.test(alias)) {
    return `${quote(alias)} is not an AMI alias: family@version, such as al2023@v20260714`;
  }
  const [family, version] = alias.split('@');
  if (!AMI_FAMILIES.includes(family)) {
    return `${quote(alias)}: the family must be one of ${AMI_FAMILIES.join(', ')}`;
  }
  if (family.startsWith('windows') && version !== 'latest') {
    return `${quote(alias)}: windows families may only specify version 'latest'`;
  }
  return undefined;
}

function checkSelectorTerms(spec: Record<string, unknown>, field: string, problems: Problems): void {
  arrayOf(spec[field]).forEach((term, i) => {
    const record = recordOf(term);
    if (record === undefined) {
      return;
    }
    const keys = Object.keys(record);
    if (keys.length === 0) {
      problems.add(['spec', field, i], 'a selector term needs at least one field');
    }
    if (record.id !== undefined && keys.length > 1) {
      problems.add(['spec', field, i], "'id' is mutually exclusive, cannot be set with other fields of the term");
    }
    if (field === 'securityGroupSelectorTerms' && record.name !== undefined && keys.length > 1) {
      problems.add(['spec', field, i], "'name' is mutually exclusive, cannot be set with other fields of the term");
    }
    for (const [key, value] of Object.entries(recordOf(record.tags) ?? {})) {
      if (key === '' || value === '') {
        problems.add(['spec', field, i, 'tags', key], "empty tag keys or values aren't supported");
      }
    }
  });
}

/** Rules of `karpenter.k8s.aws/v1` EC2NodeClass beyond its CRD schema (see the file's comment). */
export function checkEc2NodeClass(object: Record<string, unknown>, problems: Problems): void {
  const spec = recordOf(object.spec);
  if (spec === undefined) {
    return;
  }
  if ((spec.role === undefined) === (spec.instanceProfile === undefined)) {
    problems.add(['spec'], "must specify exactly one of ['role', 'instanceProfile']");
  }
  for (const field of ['role', 'instanceProfile']) {
    if (spec[field] === '') {
      problems.add(['spec', field], `${field} cannot be empty`);
    }
  }
  const terms = arrayOf(spec.amiSelectorTerms).map(recordOf);
  const aliases = terms.flatMap((term, i) => (typeof term?.alias === 'string' ? [{ alias: term.alias, i }] : []));
  for (const { alias, i } of aliases) {
    const problem = amiAliasProblem(alias);
    if (problem !== undefined) {
      problems.add(['spec', 'amiSelectorTerms', i, 'alias'], problem);
    }
    const family = ALIAS_AMI_FAMILY[alias.split('@')[0]];
    if (spec.amiFamily !== undefined && family !== undefined && ![family, 'Custom'].includes(String(spec.amiFamily))) {
      problems.add(['spec', 'amiFamily'], `if set, amiFamily must be '${family}' or 'Custom' when using this alias`);
    }
  }
  if (aliases.length > 0 && terms.length !== 1) {
    problems.add(
      ['spec', 'amiSelectorTerms'],
      "'alias' is mutually exclusive, cannot be set with other amiSelectorTerms",
    );
  }
  terms.forEach((term, i) => {
    const keys = Object.keys(term ?? {});
    if (keys.length === 0) {
      problems.add(['spec', 'amiSelectorTerms', i], 'a selector term needs at least one field');
    }
    if ((term?.alias !== undefined || term?.id !== undefined) && keys.length > 1) {
      problems.add(
        ['spec', 'amiSelectorTerms', i],
        `'${term?.alias !== undefined ? 'alias' : 'id'}' is mutually exclusive, cannot be set with other fields of the term`,
      );
    }
  });
  if (aliases.length === 0 && spec.amiFamily === undefined) {
    problems.add(['spec', 'amiFamily'], 'must specify amiFamily if amiSelectorTerms does not contain an alias');
  }
  checkSelectorTerms(spec, 'subnetSelectorTerms', problems);
  checkSelectorTerms(spec, 'securityGroupSelectorTerms', problems);
  for (const key of Object.keys(recordOf(spec.tags) ?? {})) {
    if (key === '' || RESTRICTED_TAGS.some((pattern) => pattern.test(key))) {
      problems.add(['spec', 'tags', key], `tag ${quote(key)} is restricted: Karpenter sets it itself`);
    }
  }
}
