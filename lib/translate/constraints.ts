import { JsonPath } from '../util/json-path';
import { Constraint } from '../marathon/model/common';
import { NodeLabelPart, adaptedNote, nodeLabelKey, nodeLabelValue } from './node-labels';
import { HOSTNAME, Placement } from './placement';
import { DefinitionScope } from './scope';

const WELL_KNOWN = new Set([HOSTNAME, 'topology.kubernetes.io/zone', 'topology.kubernetes.io/region']);

/** What placing one workload's constraints works on. */
interface Placing {
  readonly scope: DefinitionScope;
  readonly placement: Placement;
  /** The pods belong to a DaemonSet: one per node needs no anti-affinity. */
  readonly perNode: boolean;
}

/** One constraint, with its node label key and the pieces of its report line. */
interface Reading {
  readonly constraint: Constraint;
  readonly path: JsonPath;
  readonly keyPart: NodeLabelPart;
  readonly key: string;
  /** `[field, OPERATOR, value]`, as the report quotes it. */
  readonly what: string;
  /** What the report says when the key had to be made from the Mesos attribute. */
  readonly keyNote: string;
}

/** Marathon constraints (see the placement table of docs/marathon-mapping.md) as selectors, affinities and spreads. */
export function placeConstraints(
  scope: DefinitionScope,
  placement: Placement,
  request: { readonly constraints: readonly Constraint[]; readonly at: JsonPath; readonly perNode: boolean },
): void {
  const placing: Placing = { scope, placement, perNode: request.perNode };
  request.constraints.forEach((constraint, i) => {
    const keyPart = nodeLabelKey(constraint.fieldName);
    placeConstraint(placing, {
      constraint,
      path: [...request.at, i],
      keyPart,
      key: keyPart.text,
      what: `[${constraint.fieldName}, ${constraint.operator}${constraint.value !== undefined ? `, ${constraint.value}` : ''}]`,
      keyNote: adaptedNote([{ part: keyPart, original: constraint.fieldName, what: 'key' }]),
    });
  });
}

function placeConstraint(placing: Placing, reading: Reading): void {
  const { notes } = placing.scope;
  const { constraint, path, key, what, keyNote } = reading;
  if (placing.perNode && key === HOSTNAME && (constraint.operator === 'UNIQUE' || constraint.operator === 'MAX_PER')) {
    notes.translated(path, `${what} → a DaemonSet runs exactly one pod per node`);
    return;
  }
  switch (constraint.operator) {
    case 'UNIQUE':
      antiAffinity(placing, key);
      need(placing, key, [], `${what} spreads instances one per ${key}`);
      notes[status(reading, 'translated')](path, `${what} → required pod anti-affinity on ${key}${keyNote}`);
      return;
    case 'CLUSTER':
    case 'IS':
      return selectValue(placing, reading);
    case 'GROUP_BY':
      spread(placing, key);
      need(placing, key, [], `${what} spreads instances across ${key} values`);
      notes[status(reading, constraint.value === undefined ? 'translated' : 'approximated')](
        path,
        `${what} → topologySpreadConstraint on ${key} (maxSkew 1)${constraint.value !== undefined ? `; the expected number of ${key} values (${constraint.value}) is not needed` : ''}${keyNote}`,
      );
      return;
    case 'MAX_PER':
      return maxPer(placing, reading);
    case 'LIKE':
    case 'UNLIKE':
      return matchValues(placing, reading);
    default:
      notes.unsupported(path, `${what}: unknown operator`);
  }
}

/** `CLUSTER` / `IS`: a value selects nodes; without one, all instances go where the first one did. */
function selectValue(placing: Placing, reading: Reading): void {
  const { notes } = placing.scope;
  const { placement } = placing;
  const { constraint, path, key, keyPart, what, keyNote } = reading;
  if (constraint.value === undefined) {
    ((placement.affinity.podAffinity ??= {}).requiredDuringSchedulingIgnoredDuringExecution ??= []).push({
      labelSelector: { matchLabels: { ...placing.scope.selector } },
      topologyKey: key,
    });
    need(placing, key, [], `${what} keeps all instances on one ${key}`);
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
  need(placing, key, [value.text], `${what} selects nodes`);
  if (key === HOSTNAME) {
    notes.approximated(
      path,
      `${what} → nodeSelector ${key}=${value.text}: pins to a DC/OS agent's host name; EKS node names differ, so label the intended node instead${adapted}`,
    );
  } else {
    notes[status(reading, 'translated', { part: value, original: constraint.value })](
      path,
      `${what} → nodeSelector ${key}=${value.text}${adapted}`,
    );
  }
}

/** `MAX_PER`: one per domain is an anti-affinity; more is an even spread, which never exceeds the cap with enough domains. */
function maxPer(placing: Placing, reading: Reading): void {
  const { notes } = placing.scope;
  const { constraint, path, key, what, keyNote } = reading;
  const max = Number(constraint.value ?? '1');
  if (max <= 1) {
    antiAffinity(placing, key);
    notes[status(reading, 'translated')](path, `${what} → required pod anti-affinity on ${key}${keyNote}`);
  } else {
    spread(placing, key);
    notes.approximated(
      path,
      `${what} → even spread over ${key} (maxSkew 1): Kubernetes has no per-domain cap, but with at least instances ÷ ${max} domains the spread never exceeds ${max}${keyNote}`,
    );
  }
  need(placing, key, [], `${what} limits instances per ${key}`);
}

/** `LIKE` / `UNLIKE` with a pattern that lists literal values: node affinity `In` / `NotIn` those values. */
function matchValues(placing: Placing, reading: Reading): void {
  const { notes } = placing.scope;
  const { constraint, path, key, keyPart, what } = reading;
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
  const operator = constraint.operator === 'LIKE' ? 'In' : 'NotIn';
  const required = ((placing.placement.affinity.nodeAffinity ??= {}).requiredDuringSchedulingIgnoredDuringExecution ??=
    { nodeSelectorTerms: [{ matchExpressions: [] }] });
  required.nodeSelectorTerms[0].matchExpressions?.push({ key, operator, values });
  need(placing, key, values, `${what} selects nodes`);
  notes[status(reading, 'translated', ...parts)](
    path,
    `${what} → node affinity ${key} ${operator} [${values.join(', ')}]${adapted}`,
  );
}

/** A label made from an attribute Kubernetes cannot name is close, not the same: the nodes must be labelled so. */
function status(
  reading: Reading,
  translated: 'translated' | 'approximated',
  ...values: { part: NodeLabelPart; original: string }[]
): 'translated' | 'approximated' {
  return reading.keyPart.adapted || values.some((value) => value.part.adapted) ? 'approximated' : translated;
}

/** The node groups must carry the label (but the well-known ones every node has). */
function need(placing: Placing, key: string, values: string[], reason: string): void {
  if (!WELL_KNOWN.has(key)) {
    placing.placement.nodeLabels.push({ key, values, reason });
  }
}

function antiAffinity(placing: Placing, topologyKey: string): void {
  const terms = ((placing.placement.affinity.podAntiAffinity ??= {}).requiredDuringSchedulingIgnoredDuringExecution ??=
    []);
  terms.push({ labelSelector: { matchLabels: { ...placing.scope.selector } }, topologyKey });
}

function spread(placing: Placing, topologyKey: string): void {
  placing.placement.topologySpreadConstraints.push({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'DoNotSchedule',
    labelSelector: { matchLabels: { ...placing.scope.selector } },
  });
}

/** `a|b|c`, `^(a|b)$`: a regular expression that only lists literal values; undefined for anything else. */
function literalAlternatives(pattern: string): string[] | undefined {
  const body = pattern.replace(/^\^?\(?/, '').replace(/\)?\$?$/, '');
  const values = body.split('|');
  // An unescaped dot is a wildcard, but in attribute values (10.0.1.7, us-east-1.b) it almost always means a dot.
  if (!values.every((value) => /^[A-Za-z0-9_-]+((\\?\.)[A-Za-z0-9_-]+)*$/.test(value))) {
    return undefined;
  }
  return values.map((value) => value.replace(/\\\./g, '.'));
}
