import { isLabelValue, isQualifiedName, labelValue, shortHash, withSuffix } from './naming';

/**
 * Mesos agent attributes as Kubernetes node labels. Mesos allows names and values Kubernetes does not (`rack/a`,
 * `_rack`, spaces in hand-written constraints, more than 63 characters); such a one becomes a label made of its safe
 * characters and a hash of the original, so that two different attributes never meet in one label and every workload
 * that named the attribute lands on the same label. The node groups get exactly the labels the pods select.
 */

/** A node label key or value, and whether it had to be made from the Mesos one. */
export interface NodeLabelPart {
  readonly text: string;
  readonly adapted: boolean;
}

const WELL_KNOWN: Readonly<Record<string, string>> = {
  hostname: 'kubernetes.io/hostname',
  zone: 'topology.kubernetes.io/zone',
  region: 'topology.kubernetes.io/region',
};

const MAX_NAME = 63;

/** A constraint field (`hostname`, `@zone`, an agent attribute) as a node label key. */
export function nodeLabelKey(field: string): NodeLabelPart {
  const known = WELL_KNOWN[field.replace(/^@/, '')];
  if (known !== undefined) {
    return { text: known, adapted: false };
  }
  if (isQualifiedName(field)) {
    return { text: field, adapted: false };
  }
  return { text: hashed(field), adapted: true };
}

/** An attribute value a constraint selects (`IS`, `CLUSTER`, a literal of `LIKE`) as a node label value. */
export function nodeLabelValue(value: string): NodeLabelPart {
  if (isLabelValue(value)) {
    return { text: value, adapted: false };
  }
  return { text: hashed(value), adapted: true };
}

/** `rack 1/a` → `rack-1-a-<hash>`; nothing usable left → the hash alone (a valid name and value). */
function hashed(text: string): string {
  const safe = labelValue(text);
  const hash = shortHash(text);
  return safe === undefined ? hash : withSuffix(safe, hash, MAX_NAME);
}

/** How a report note says that a Mesos name or value had to change, or nothing when it did not. */
export function adaptedNote(
  parts: readonly { part: NodeLabelPart; original: string; what: 'key' | 'value' }[],
): string {
  const changed = parts.filter(({ part }) => part.adapted);
  if (changed.length === 0) {
    return '';
  }
  const each = changed.map(
    ({ part, original, what }) =>
      `${JSON.stringify(original)} is not a valid label ${what}, so the label ${what} is ${JSON.stringify(part.text)}`,
  );
  return `; ${each.join('; ')} (label the nodes so)`;
}
