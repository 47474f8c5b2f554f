import { JsonPath } from '../util/json-path';
import { Constraint } from '../marathon/model/common';
import { Affinity, Toleration, TopologySpreadConstraint } from './kube';
import { NodeLabelPart, adaptedNote, nodeLabelKey, nodeLabelValue } from './node-labels';
import { PUBLIC_NODE } from './options';
import { Notes } from './notes';
import { NodeLabelRequirement, NodeTaintRequirement } from './requirements';

/** Where a workload's pods may run. */
export interface Placement {
  nodeSelector: Record<string, string>;
  affinity: Affinity;
  topologySpreadConstraints: TopologySpreadConstraint[];
  tolerations: Toleration[];
  nodeLabels: NodeLabelRequirement[];
  nodeTaints: NodeTaintRequirement[];
}

const HOSTNAME = 'kubernetes.io/hostname';
const WELL_KNOWN = new Set([HOSTNAME, 'topology.kubernetes.io/zone', 'topology.kubernetes.io/region']);

/** `[hostname, UNIQUE]` or `[hostname, MAX_PER, 1]`: at most one instance per agent. */
export function limitsOnePerHost(constraints: readonly Constraint[]): boolean {
  return constraints.some(
    (c) =>
      nodeLabelKey(c.fieldName).text === HOSTNAME &&
      (c.operator === 'UNIQUE' || (c.operator === 'MAX_PER' && Number(c.value ?? '1') <= 1)),
  );
}

/**
 * Marathon constraints (see the placement table of docs/marathon-mapping.md) and accepted resource roles as node
 * selectors, affinities, topology spreads and tolerations. `selector` is the workload's pod labels. With `perNode`
 * the pods belong to a DaemonSet: one per node needs no anti-affinity, and the pods go to public nodes too when
 * the app accepted public agents.
 */
export function placementOf(
  constraints: readonly Constraint[],
  at: JsonPath,
  roles: { accepted: readonly string[]; acceptedAt: JsonPath; role?: string; roleAt?: JsonPath },
  selector: Record<string, string>,
  notes: Notes,
  perNode = false,
): Placement {
  const placement: Placement = {
    nodeSelector: {},
    affinity: {},
    topologySpreadConstraints: [],
    tolerations: [],
    nodeLabels: [],
    nodeTaints: [],
  };
  const need = (key: string, values: string[], reason: string) => {
    if (!WELL_KNOWN.has(key)) {
      placement.nodeLabels.push({ key, values, reason });
    }
  };
  const antiAffinity = (topologyKey: string) => {
    const terms = ((placement.affinity.podAntiAffinity ??= {}).requiredDuringSchedulingIgnoredDuringExecution ??= []);
    terms.push({ labelSelector: { matchLabels: { ...selector } }, topologyKey });
  };
  const spread = (topologyKey: string, maxSkew = 1) =>
    placement.topologySpreadConstraints.push({
      maxSkew,
      topologyKey,
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: { ...selector } },
    });
  const nodeTerm = (key: string, operator: 'In' | 'NotIn', values: string[]) => {
    const required = ((placement.affinity.nodeAffinity ??= {}).requiredDuringSchedulingIgnoredDuringExecution ??= {
      nodeSelectorTerms: [{ matchExpressions: [] }],
    });
    required.nodeSelectorTerms[0].matchExpressions?.push({ key, operator, values });
  };

  constraints.forEach((constraint, i) => {
    const path = [...at, i];
    const keyPart = nodeLabelKey(constraint.fieldName);
    const key = keyPart.text;
    const what = `[${constraint.fieldName}, ${constraint.operator}${constraint.value !== undefined ? `, ${constraint.value}` : ''}]`;
    const keyNote = adaptedNote([{ part: keyPart, original: constraint.fieldName, what: 'key' }]);
    // A label made from an attribute Kubernetes cannot name is close, not the same: the nodes must be labelled so.
    const status = (
      translated: 'translated' | 'approximated',
      ...values: { part: NodeLabelPart; original: string }[]
    ) => (keyPart.adapted || values.some((value) => value.part.adapted) ? 'approximated' : translated);
    if (perNode && key === HOSTNAME && (constraint.operator === 'UNIQUE' || constraint.operator === 'MAX_PER')) {
      notes.translated(path, `${what} → a DaemonSet runs exactly one pod per node`);
      return;
    }
    switch (constraint.operator) {
      case 'UNIQUE':
        antiAffinity(key);
        need(key, [], `${what} spreads instances one per ${key}`);
        notes[status('translated')](path, `${what} → required pod anti-affinity on ${key}${keyNote}`);
        return;
      case 'CLUSTER':
      case 'IS': {
        if (constraint.value === undefined) {
          ((placement.affinity.podAffinity ??= {}).requiredDuringSchedulingIgnoredDuringExecution ??= []).push({
            labelSelector: { matchLabels: { ...selector } },
            topologyKey: key,
          });
          need(key, [], `${what} keeps all instances on one ${key}`);
          notes.approximated(
            path,
            `${what} without a value → required pod affinity to its own pods on ${key} (all instances land where the first one did)${keyNote}`,
          );
          return;
        }
        const value = nodeLabelValue(constraint.value);
        const adapted = adaptedNote([
          { part: keyPart, original: constraint.fieldName, what: 'key' },
          { part: value, original: constraint.value, what: 'value' },
        ]);
        placement.nodeSelector[key] = value.text;
        need(key, [value.text], `${what} selects nodes`);
        if (key === 'kubernetes.io/hostname') {
          notes.approximated(
            path,
            `${what} → nodeSelector ${key}=${value.text}: pins to a DC/OS agent's host name; EKS node names differ, so label the intended node instead${adapted}`,
          );
        } else {
          notes[status('translated', { part: value, original: constraint.value })](
            path,
            `${what} → nodeSelector ${key}=${value.text}${adapted}`,
          );
        }
        return;
      }
      case 'GROUP_BY':
        spread(key);
        need(key, [], `${what} spreads instances across ${key} values`);
        notes[status(constraint.value === undefined ? 'translated' : 'approximated')](
          path,
          `${what} → topologySpreadConstraint on ${key} (maxSkew 1)${constraint.value !== undefined ? `; the expected number of ${key} values (${constraint.value}) is not needed` : ''}${keyNote}`,
        );
        return;
      case 'MAX_PER': {
        const max = Number(constraint.value ?? '1');
        if (max <= 1) {
          antiAffinity(key);
          notes[status('translated')](path, `${what} → required pod anti-affinity on ${key}${keyNote}`);
        } else {
          spread(key);
          notes.approximated(
            path,
            `${what} → even spread over ${key} (maxSkew 1): Kubernetes has no per-domain cap, but with at least instances ÷ ${max} domains the spread never exceeds ${max}${keyNote}`,
          );
        }
        need(key, [], `${what} limits instances per ${key}`);
        return;
      }
      case 'LIKE':
      case 'UNLIKE': {
        const literals = literalAlternatives(constraint.value ?? '');
        if (!literals) {
          notes.unsupported(
            path,
            `${what}: Kubernetes selects nodes by exact values, not regular expressions; list the matching values (a|b|c) or label the nodes`,
          );
          return;
        }
        const parts = literals.map((literal) => ({ part: nodeLabelValue(literal), original: literal }));
        const values = [...new Set(parts.map(({ part }) => part.text))];
        const adapted = adaptedNote([
          { part: keyPart, original: constraint.fieldName, what: 'key' },
          ...parts.map((p) => ({ ...p, what: 'value' as const })),
        ]);
        nodeTerm(key, constraint.operator === 'LIKE' ? 'In' : 'NotIn', values);
        need(key, values, `${what} selects nodes`);
        notes[status('translated', ...parts)](
          path,
          `${what} → node affinity ${key} ${constraint.operator === 'LIKE' ? 'In' : 'NotIn'} [${values.join(', ')}]${adapted}`,
        );
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
      placement.tolerations.push({
        key: PUBLIC_NODE.key,
        operator: 'Equal',
        value: PUBLIC_NODE.value,
        effect: 'NoSchedule',
      });
      placement.nodeLabels.push({
        key: PUBLIC_NODE.key,
        values: [PUBLIC_NODE.value],
        reason: 'acceptedResourceRoles [slave_public]: runs on the public node group',
      });
      placement.nodeTaints.push({
        key: PUBLIC_NODE.key,
        value: PUBLIC_NODE.value,
        effect: 'NoSchedule',
        reason: 'public nodes only take workloads that ran on public agents',
      });
      notes.translated(
        roles.acceptedAt,
        `public agents → nodeSelector and toleration ${PUBLIC_NODE.key}=${PUBLIC_NODE.value}`,
      );
    } else if (perNode && accepted.includes('slave_public')) {
      placement.tolerations.push({
        key: PUBLIC_NODE.key,
        operator: 'Equal',
        value: PUBLIC_NODE.value,
        effect: 'NoSchedule',
      });
      notes.translated(
        roles.acceptedAt,
        `private and public agents → every node, public ones too (toleration ${PUBLIC_NODE.key}=${PUBLIC_NODE.value})`,
      );
    } else if (accepted.length === 0) {
      notes.translated(roles.acceptedAt, 'any node');
    } else if (accepted.every((role) => role === 'slave_public') && roles.accepted.includes('*')) {
      notes.approximated(
        roles.acceptedAt,
        `private or public agents → private nodes: the public node group is tainted (${PUBLIC_NODE.key}=${PUBLIC_NODE.value}) for workloads that ran only on public agents`,
      );
    } else {
      notes.approximated(
        roles.acceptedAt,
        `Mesos roles ${accepted.join(', ')} reserved resources; Kubernetes has no roles: use a node group with a label and taint, or a namespace ResourceQuota`,
      );
    }
  }
  if (roles.role !== undefined && roles.roleAt) {
    if (roles.role === 'slave_public' && placement.nodeSelector[PUBLIC_NODE.key] === undefined) {
      placement.nodeSelector[PUBLIC_NODE.key] = PUBLIC_NODE.value;
      placement.tolerations.push({
        key: PUBLIC_NODE.key,
        operator: 'Equal',
        value: PUBLIC_NODE.value,
        effect: 'NoSchedule',
      });
      placement.nodeLabels.push({
        key: PUBLIC_NODE.key,
        values: [PUBLIC_NODE.value],
        reason: 'role slave_public: runs on the public node group',
      });
      notes.translated(roles.roleAt, `role slave_public → public node group (${PUBLIC_NODE.key}=${PUBLIC_NODE.value})`);
    } else if (roles.role === '*' || roles.role === 'slave_public') {
      notes.translated(roles.roleAt, roles.role === '*' ? 'the default role' : 'public node group');
    } else {
      notes.approximated(
        roles.roleAt,
        `Mesos role ${roles.role} (quota and reservations): on Kubernetes use a namespace ResourceQuota`,
      );
    }
  }
  return placement;
}

/** `a|b|c`, `^(a|b)$`: a regular expression that only lists literal values; undefined for anything else. */
export function literalAlternatives(pattern: string): string[] | undefined {
  const body = pattern.replace(/^\^?\(?/, '').replace(/\)?\$?$/, '');
  const values = body.split('|');
  // An unescaped dot is a wildcard, but in attribute values (10.0.1.7, us-east-1.b) it almost always means a dot.
  if (!values.every((value) => /^[A-Za-z0-9_-]+((\\?\.)[A-Za-z0-9_-]+)*$/.test(value))) {
    return undefined;
  }
  return values.map((value) => value.replace(/\\\./g, '.'));
}
