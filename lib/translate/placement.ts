import { JsonPath } from '../marathon/json-path';
import { Constraint } from '../marathon/model/common';
import { Affinity, Toleration, TopologySpreadConstraint } from './kube';
import { isQualifiedName } from './naming';
import { PUBLIC_NODE } from './options';
import { NodeLabelRequirement, NodeTaintRequirement, Notes } from './report';

/** Where a workload's pods may run. */
export interface Placement {
  nodeSelector: Record<string, string>;
  affinity: Affinity;
  topologySpreadConstraints: TopologySpreadConstraint[];
  tolerations: Toleration[];
  nodeLabels: NodeLabelRequirement[];
  nodeTaints: NodeTaintRequirement[];
}

/** Mesos agent attributes and fields as Kubernetes node labels. */
export function nodeLabelKey(field: string): string | undefined {
  const name = field.replace(/^@/, '');
  if (name === 'hostname') return 'kubernetes.io/hostname';
  if (name === 'zone') return 'topology.kubernetes.io/zone';
  if (name === 'region') return 'topology.kubernetes.io/region';
  return isQualifiedName(field) ? field : undefined;
}

const HOSTNAME = 'kubernetes.io/hostname';
const WELL_KNOWN = new Set([HOSTNAME, 'topology.kubernetes.io/zone', 'topology.kubernetes.io/region']);

/** `[hostname, UNIQUE]` or `[hostname, MAX_PER, 1]`: at most one instance per agent. */
export function limitsOnePerHost(constraints: readonly Constraint[]): boolean {
  return constraints.some((c) => nodeLabelKey(c.fieldName) === HOSTNAME && (c.operator === 'UNIQUE' || (c.operator === 'MAX_PER' && Number(c.value ?? '1') <= 1)));
}

/**
 * Marathon constraints (see the placement table of docs/marathon-mapping.md) and accepted resource roles as node
 * selectors, affinities, topology spreads and tolerations. `selector` is the workload's pod labels. With `perNode`
 * the pods belong to a DaemonSet: one per node needs no anti-affinity, and the pods go to public nodes too when
 * the app accepted public agents.
 */
export function placementOf(constraints: readonly Constraint[], at: JsonPath, roles: { accepted: readonly string[]; acceptedAt: JsonPath; role?: string; roleAt?: JsonPath }, selector: Record<string, string>, notes: Notes, perNode = false): Placement {
  const placement: Placement = { nodeSelector: {}, affinity: {}, topologySpreadConstraints: [], tolerations: [], nodeLabels: [], nodeTaints: [] };
  const need = (key: string, values: string[], reason: string) => {
    if (!WELL_KNOWN.has(key)) placement.nodeLabels.push({ key, values, reason });
  };
  const antiAffinity = (topologyKey: string) => {
    const terms = ((placement.affinity.podAntiAffinity ??= {}).requiredDuringSchedulingIgnoredDuringExecution ??= []);
    terms.push({ labelSelector: { matchLabels: { ...selector } }, topologyKey });
  };
  const spread = (topologyKey: string, maxSkew = 1) =>
    placement.topologySpreadConstraints.push({ maxSkew, topologyKey, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { ...selector } } });
  const nodeTerm = (key: string, operator: 'In' | 'NotIn', values: string[]) => {
    const required = ((placement.affinity.nodeAffinity ??= {}).requiredDuringSchedulingIgnoredDuringExecution ??= { nodeSelectorTerms: [{ matchExpressions: [] }] });
    required.nodeSelectorTerms[0].matchExpressions?.push({ key, operator, values });
  };

  constraints.forEach((constraint, i) => {
    const path = [...at, i];
    const key = nodeLabelKey(constraint.fieldName);
    const what = `[${constraint.fieldName}, ${constraint.operator}${constraint.value !== undefined ? `, ${constraint.value}` : ''}]`;
    if (key === undefined) {
      notes.unsupported(path, `${what}: ${JSON.stringify(constraint.fieldName)} cannot be a Kubernetes node label key; label the nodes with a valid key and add a nodeSelector`);
      return;
    }
    if (perNode && key === HOSTNAME && (constraint.operator === 'UNIQUE' || constraint.operator === 'MAX_PER')) {
      notes.translated(path, `${what} → a DaemonSet runs exactly one pod per node`);
      return;
    }
    switch (constraint.operator) {
      case 'UNIQUE':
        antiAffinity(key);
        need(key, [], `${what} spreads instances one per ${key}`);
        notes.translated(path, `${what} → required pod anti-affinity on ${key}`);
        return;
      case 'CLUSTER':
      case 'IS':
        if (constraint.value === undefined) {
          ((placement.affinity.podAffinity ??= {}).requiredDuringSchedulingIgnoredDuringExecution ??= []).push({ labelSelector: { matchLabels: { ...selector } }, topologyKey: key });
          need(key, [], `${what} keeps all instances on one ${key}`);
          notes.approximated(path, `${what} without a value → required pod affinity to its own pods on ${key} (all instances land where the first one did)`);
          return;
        }
        placement.nodeSelector[key] = constraint.value;
        need(key, [constraint.value], `${what} selects nodes`);
        if (key === 'kubernetes.io/hostname') notes.approximated(path, `${what} → nodeSelector ${key}=${constraint.value}: pins to a DC/OS agent's host name; EKS node names differ, so label the intended node instead`);
        else notes.translated(path, `${what} → nodeSelector ${key}=${constraint.value}`);
        return;
      case 'GROUP_BY':
        spread(key);
        need(key, [], `${what} spreads instances across ${key} values`);
        notes[constraint.value === undefined ? 'translated' : 'approximated'](
          path,
          `${what} → topologySpreadConstraint on ${key} (maxSkew 1)${constraint.value !== undefined ? `; the expected number of ${key} values (${constraint.value}) is not needed` : ''}`,
        );
        return;
      case 'MAX_PER': {
        const max = Number(constraint.value ?? '1');
        if (max <= 1) {
          antiAffinity(key);
          notes.translated(path, `${what} → required pod anti-affinity on ${key}`);
        } else {
          spread(key);
          notes.approximated(path, `${what} → even spread over ${key} (maxSkew 1): Kubernetes has no per-domain cap, but with at least instances ÷ ${max} domains the spread never exceeds ${max}`);
        }
        need(key, [], `${what} limits instances per ${key}`);
        return;
      }
      case 'LIKE':
      case 'UNLIKE': {
        const values = literalAlternatives(constraint.value ?? '');
        if (!values) {
          notes.unsupported(path, `${what}: Kubernetes selects nodes by exact values, not regular expressions; list the matching values (a|b|c) or label the nodes`);
          return;
        }
        nodeTerm(key, constraint.operator === 'LIKE' ? 'In' : 'NotIn', values);
        need(key, values, `${what} selects nodes`);
        notes.translated(path, `${what} → node affinity ${key} ${constraint.operator === 'LIKE' ? 'In' : 'NotIn'} [${values.join(', ')}]`);
        return;
      }
      default:
        notes.unsupported(path, `${what}: unknown operator`);
    }
  });

  const accepted = roles.accepted.filter((role) => role !== '*');
  if (roles.accepted.length > 0) {
    if (accepted.length === 1 && accepted[0] === 'slave_public' && !roles.accepted.includes('*')) {
      placement.nodeSelector[PUBLIC_NODE.key] = PUBLIC_NODE.value;
      placement.tolerations.push({ key: PUBLIC_NODE.key, operator: 'Equal', value: PUBLIC_NODE.value, effect: 'NoSchedule' });
      placement.nodeLabels.push({ key: PUBLIC_NODE.key, values: [PUBLIC_NODE.value], reason: 'acceptedResourceRoles [slave_public]: runs on the public node group' });
      placement.nodeTaints.push({ key: PUBLIC_NODE.key, value: PUBLIC_NODE.value, effect: 'NoSchedule', reason: 'public nodes only take workloads that ran on public agents' });
      notes.translated(roles.acceptedAt, `public agents → nodeSelector and toleration ${PUBLIC_NODE.key}=${PUBLIC_NODE.value}`);
    } else if (perNode && accepted.includes('slave_public')) {
      placement.tolerations.push({ key: PUBLIC_NODE.key, operator: 'Equal', value: PUBLIC_NODE.value, effect: 'NoSchedule' });
      notes.translated(roles.acceptedAt, `private and public agents → every node, public ones too (toleration ${PUBLIC_NODE.key}=${PUBLIC_NODE.value})`);
    } else if (accepted.length === 0) {
      notes.translated(roles.acceptedAt, 'any node');
    } else if (accepted.every((role) => role === 'slave_public') && roles.accepted.includes('*')) {
      notes.approximated(roles.acceptedAt, `private or public agents → private nodes: the public node group is tainted (${PUBLIC_NODE.key}=${PUBLIC_NODE.value}) for workloads that ran only on public agents`);
    } else {
      notes.approximated(roles.acceptedAt, `Mesos roles ${accepted.join(', ')} reserved resources; Kubernetes has no roles: use a node group with a label and taint, or a namespace ResourceQuota`);
    }
  }
  if (roles.role !== undefined && roles.roleAt) {
    if (roles.role === 'slave_public' && placement.nodeSelector[PUBLIC_NODE.key] === undefined) {
      placement.nodeSelector[PUBLIC_NODE.key] = PUBLIC_NODE.value;
      placement.tolerations.push({ key: PUBLIC_NODE.key, operator: 'Equal', value: PUBLIC_NODE.value, effect: 'NoSchedule' });
      placement.nodeLabels.push({ key: PUBLIC_NODE.key, values: [PUBLIC_NODE.value], reason: 'role slave_public: runs on the public node group' });
      notes.translated(roles.roleAt, `role slave_public → public node group (${PUBLIC_NODE.key}=${PUBLIC_NODE.value})`);
    } else if (roles.role === '*' || roles.role === 'slave_public') {
      notes.translated(roles.roleAt, roles.role === '*' ? 'the default role' : 'public node group');
    } else {
      notes.approximated(roles.roleAt, `Mesos role ${roles.role} (quota and reservations): on Kubernetes use a namespace ResourceQuota`);
    }
  }
  return placement;
}

/** `a|b|c`, `^(a|b)$`: a regular expression that only lists literal values; undefined for anything else. */
export function literalAlternatives(pattern: string): string[] | undefined {
  const body = pattern.replace(/^\^?\(?/, '').replace(/\)?\$?$/, '');
  const values = body.split('|');
  // An unescaped dot is a wildcard, but in attribute values (10.0.1.7, us-east-1.b) it almost always means a dot.
  if (!values.every((value) => /^[A-Za-z0-9_-]+((\\?\.)[A-Za-z0-9_-]+)*$/.test(value))) return undefined;
  return values.map((value) => value.replace(/\\\./g, '.'));
}
