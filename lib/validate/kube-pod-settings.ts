import { isIP } from 'node:net';
import { PathSegment } from '../util/json-path';
import { quote } from '../util/describe';
import { TypeHook } from './kube-fields';
import { checkLabelMap } from './kube-metadata';
import { Problems, arrayOf, isRecord } from './kube-problem';
import {
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  labelValueProblem,
  qualifiedNameProblem,
  sysctlNameProblem,
} from './kube-syntax';

/**
 * Pod-level settings the translation fills from user values (constraints, docker parameters, `user`) and that
 * ValidatePodSpec checks beyond their types. Each rule cites its place in kubernetes/kubernetes
 * pkg/apis/core/validation/validation.go (or k8s.io/apimachinery/pkg/util/validation).
 */

// MaxDNSNameservers, MaxDNSSearchPaths and MaxDNSSearchListChars in validation.go: libc resolver limits.
const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;
const MAX_SEARCH_CHARS = 2048;
// maxUserID / maxGroupID of apimachinery's util/validation (IsValidUserID, IsValidGroupID): libcontainer's limit.
const MAX_ID = 2_147_483_647;

/** ValidatePodSpec: nodeSelector as labels (ValidateLabels), hostname, hostAliases and dnsConfig. */
export const checkPodSpecSettings: TypeHook = (spec, path, problems) => {
  if (spec.nodeSelector !== undefined) {
    checkLabelMap(spec.nodeSelector, [...path, 'nodeSelector'], problems);
  }
  if (typeof spec.hostname === 'string' && spec.hostname !== '') {
    const problem = dns1123LabelProblem(spec.hostname);
    if (problem !== undefined) {
      problems.add([...path, 'hostname'], problem);
    }
  }
  arrayOf(spec.hostAliases).forEach((alias, i) => {
    if (isRecord(alias)) {
      checkHostAlias(alias, [...path, 'hostAliases', i], problems);
    }
  });
  if (isRecord(spec.dnsConfig)) {
    checkDnsConfig(spec.dnsConfig, [...path, 'dnsConfig'], problems);
  }
};

function checkHostAlias(alias: Record<string, unknown>, at: readonly PathSegment[], problems: Problems): void {
  if (typeof alias.ip === 'string' && isIP(alias.ip) === 0) {
    problems.add([...at, 'ip'], `${quote(alias.ip)} is not a valid IP address`);
  }
  arrayOf(alias.hostnames).forEach((hostname, j) => {
    const problem = typeof hostname === 'string' ? dns1123SubdomainProblem(hostname) : undefined;
    if (problem !== undefined) {
      problems.add([...at, 'hostnames', j], problem);
    }
  });
}

function checkDnsConfig(config: Record<string, unknown>, at: readonly PathSegment[], problems: Problems): void {
  const nameservers = arrayOf(config.nameservers);
  if (nameservers.length > MAX_NAMESERVERS) {
    problems.add([...at, 'nameservers'], `at most ${MAX_NAMESERVERS} nameservers, got ${nameservers.length}`);
  }
  nameservers.forEach((server, i) => {
    if (typeof server === 'string' && isIP(server) === 0) {
      problems.add([...at, 'nameservers', i], `${quote(server)} is not a valid IP address`);
    }
  });
  const searches = arrayOf(config.searches).filter((search): search is string => typeof search === 'string');
  if (searches.length > MAX_SEARCHES) {
    problems.add([...at, 'searches'], `at most ${MAX_SEARCHES} search domains, got ${searches.length}`);
  }
  if (searches.join(' ').length > MAX_SEARCH_CHARS) {
    problems.add([...at, 'searches'], `the search list has at most ${MAX_SEARCH_CHARS} characters`);
  }
  searches.forEach((search, i) => {
    const problem = dns1123SubdomainProblem(search.replace(/\.$/, ''));
    if (problem !== undefined) {
      problems.add([...at, 'searches', i], problem);
    }
  });
}

/** validateSysctls and IsValidUserID / IsValidGroupID on the pod's security context. */
export const checkPodSecurityContext: TypeHook = (context, path, problems) => {
  checkIds(context, path, problems);
  const seen = new Set<string>();
  arrayOf(context.sysctls).forEach((sysctl, i) => {
    if (!isRecord(sysctl) || typeof sysctl.name !== 'string') {
      return;
    }
    const at = [...path, 'sysctls', i, 'name'];
    const problem = sysctlNameProblem(sysctl.name);
    if (problem !== undefined) {
      problems.add(at, problem);
    }
    if (seen.has(sysctl.name)) {
      problems.add(at, `duplicate sysctl ${quote(sysctl.name)}`);
    }
    seen.add(sysctl.name);
  });
};

/** ValidateSecurityContext: user and group ids in range. */
export const checkIds: TypeHook = (context, path, problems) => {
  for (const field of ['runAsUser', 'runAsGroup'] as const) {
    const id = context[field];
    if (typeof id === 'number' && Number.isInteger(id) && (id < 0 || id > MAX_ID)) {
      problems.add([...path, field], `must be between 0 and ${MAX_ID}, got ${id}`);
    }
  }
};

/** ValidateNodeSelectorRequirement: a label key, and (for new objects) label values. */
export const checkNodeSelectorRequirement: TypeHook = (requirement, path, problems) => {
  if (typeof requirement.key === 'string') {
    const problem = qualifiedNameProblem(requirement.key);
    if (problem !== undefined) {
      problems.add([...path, 'key'], `label key ${problem}`);
    }
  }
  const count = arrayOf(requirement.values).length;
  if ((requirement.operator === 'In' || requirement.operator === 'NotIn') && count === 0) {
    problems.add([...path, 'values'], `operator ${requirement.operator} needs at least one value`);
  }
  if ((requirement.operator === 'Exists' || requirement.operator === 'DoesNotExist') && count > 0) {
    problems.add([...path, 'values'], `operator ${requirement.operator} takes no values`);
  }
  arrayOf(requirement.values).forEach((value, i) => {
    const problem = typeof value === 'string' ? labelValueProblem(value) : undefined;
    if (problem !== undefined) {
      problems.add([...path, 'values', i], problem);
    }
  });
};

/** validatePodAffinityTerm: the topology key is a required label key. */
export const checkPodAffinityTerm: TypeHook = (term, path, problems) => {
  if (typeof term.topologyKey !== 'string') {
    return;
  }
  const problem = term.topologyKey === '' ? 'is required' : qualifiedNameProblem(term.topologyKey);
  if (problem !== undefined) {
    problems.add([...path, 'topologyKey'], `topology key ${problem}`);
  }
};

/** validateTopologySpreadConstraints: a positive maxSkew and a topology key. */
export const checkTopologySpread: TypeHook = (constraint, path, problems) => {
  if (typeof constraint.maxSkew === 'number' && constraint.maxSkew <= 0) {
    problems.add([...path, 'maxSkew'], `must be greater than zero, got ${constraint.maxSkew}`);
  }
  if (constraint.topologyKey === '') {
    problems.add([...path, 'topologyKey'], 'topology key is required');
  }
};
