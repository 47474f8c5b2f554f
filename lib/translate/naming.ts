import { createHash } from 'node:crypto';
import { compareStrings } from '../util/compare';
import { pathSegments } from '../marathon/path-id';

/** How Marathon groups become Kubernetes namespaces. */
export type NamespaceStrategy = 'top-level-group' | 'single';

export interface NamingOptions {
  /**
   * `top-level-group`: `/shop/api/v2` runs in namespace `shop` as `api-v2`; top-level ids run in
   * `defaultNamespace`. `single`: everything in `defaultNamespace`, named after the whole id (`shop-api-v2`).
   */
  readonly namespaceStrategy: NamespaceStrategy;
  readonly defaultNamespace: string;
}

/** Where one Marathon app, pod or Metronome job lands in Kubernetes. */
export interface KubeIdentity {
  readonly namespace: string;
  /** The workload's name, also its Service's (a DNS-1035 label, ≤ 63 characters). */
  readonly name: string;
  /** The top-level group (or first job id segment), for `app.kubernetes.io/part-of`. */
  readonly partOf?: string;
  /** Why the name is not simply the id's segments joined (truncated, prefixed, renamed after a collision). */
  readonly adjustments: readonly string[];
}

const MAX_NAME = 63;

/**
 * Names for every definition of an estate, decided together so collisions are resolved deterministically: the
 * definition whose id sorts first keeps the name, the others get a short stable hash suffix.
 */
export function assignIdentities(
  ids: readonly { key: string; id: string; segments: readonly string[]; maxName?: number }[],
  options: NamingOptions,
): Map<string, KubeIdentity> {
  const proposals = ids.map(({ key, id, segments, maxName = MAX_NAME }) => ({
    key,
    id,
    maxName,
    ...propose(segments, options, maxName),
  }));
  proposals.sort((a, b) => compareStrings(a.id, b.id) || compareStrings(a.key, b.key));
  const taken = new Map<string, string>();
  const result = new Map<string, KubeIdentity>();
  for (const proposal of proposals) {
    let { name } = proposal;
    const adjustments = [...proposal.adjustments];
    const slot = `${proposal.namespace}/${name}`;
    const holder = taken.get(slot);
    if (holder !== undefined) {
      // The same id can come from two files: the key (source and place) keeps their names apart, stably.
      for (let attempt = 0; taken.has(`${proposal.namespace}/${name}`); attempt++) {
        name = withSuffix(proposal.name, shortHash(`${proposal.id}|${proposal.key}|${attempt}`), proposal.maxName);
      }
      adjustments.push(`${proposal.namespace}/${proposal.name} is already used by ${holder}, so this one is ${name}`);
    }
    taken.set(`${proposal.namespace}/${name}`, proposal.id);
    result.set(proposal.key, {
      namespace: proposal.namespace,
      name,
      ...(proposal.partOf ? { partOf: proposal.partOf } : {}),
      adjustments,
    });
  }
  return result;
}

function propose(segments: readonly string[], options: NamingOptions, maxName: number) {
  const adjustments: string[] = [];
  const grouped = options.namespaceStrategy === 'top-level-group' && segments.length >= 2;
  const namespace = grouped
    ? dnsLabel(segments[0], MAX_NAME, { adjustments, what: 'namespace' })
    : options.defaultNamespace;
  const nameSegments = grouped ? segments.slice(1) : segments;
  const name = dnsLabel(nameSegments.join('-'), maxName, { adjustments, letterFirst: true });
  return { namespace, name, partOf: segments.length >= 2 ? labelValue(segments[0]) : undefined, adjustments };
}

/** Segments of a Marathon id (`/a/b/c`) or a Metronome id (`a.b.c`). */
export function idSegments(id: string, kind: 'app' | 'pod' | 'job'): string[] {
  return kind === 'job' ? id.split('.').filter((s) => s !== '') : pathSegments(id);
}

/** How {@link dnsLabel} reports what it changed: into `adjustments`, naming the text `what`. */
export interface LabelAdjustments {
  readonly adjustments?: string[];
  readonly what?: string;
  /** Service names are DNS-1035 labels: they start with a letter. */
  readonly letterFirst?: boolean;
}

/**
 * A DNS-1123 label (lowercase alphanumerics and '-'), starting with a letter when `letterFirst` (Service names
 * are DNS-1035 labels), at most `max` characters: longer ones keep their start and end with a stable hash.
 */
export function dnsLabel(text: string, max: number, report: LabelAdjustments = {}): string {
  const { adjustments = [], what = 'name', letterFirst = false } = report;
  let label = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (label !== text.toLowerCase().replace(/\./g, '-') && label !== text) {
    adjustments.push(`${what} ${JSON.stringify(text)} made DNS-safe as ${JSON.stringify(label)}`);
  }
  if (label === '') {
    label = 'x';
  }
  if (letterFirst && !/^[a-z]/.test(label)) {
    adjustments.push(
      `${what} ${JSON.stringify(label)} starts with a digit; prefixed with "m-" (Kubernetes Service names must start with a letter)`,
    );
    label = `m-${label}`;
  }
  if (label.length > max) {
    const shortened = withSuffix(label, shortHash(text), max);
    adjustments.push(
      `${what} ${JSON.stringify(label)} is longer than ${max} characters; shortened to ${JSON.stringify(shortened)}`,
    );
    label = shortened;
  }
  return label;
}

/** Appends `-<suffix>`, cutting the base so the result stays within `max`. */
export function withSuffix(base: string, suffix: string, max: number): string {
  const room = max - suffix.length - 1;
  return `${base.slice(0, room).replace(/-+$/, '')}-${suffix}`;
}

/**
 * The name of an app's NLB Service: `<app>-lb`, within 63 characters. The VIP Services are planned around it, so
 * both read it here.
 */
export function lbName(name: string): string {
  return name.length + 3 <= 63 ? `${name}-lb` : withSuffix(name, 'lb', 63);
}

/** Five hex characters of a SHA-256: stable across runs and machines. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 5);
}

/** A valid label value (≤ 63, alphanumerics with `-_.` inside), or undefined when nothing usable remains. */
export function labelValue(text: string): string | undefined {
  const value = text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')
    .slice(0, 63)
    .replace(/[^A-Za-z0-9]+$/g, '');
  return value === '' ? undefined : value;
}

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Kubernetes label / annotation key syntax: `[prefix/]name`. */
export function isQualifiedName(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return false;
  }
  return name.length > 0 && name.length <= 63 && LABEL_NAME.test(name);
}

export function isLabelValue(value: string): boolean {
  return value === '' || (value.length <= 63 && LABEL_NAME.test(value));
}

/**
 * IANA service name for a port (≤ 15 characters, lowercase alphanumerics and '-', at least one letter), or
 * undefined when the Marathon name cannot be one.
 */
export function portName(name: string | undefined): string | undefined {
  if (name === undefined) {
    return undefined;
  }
  const candidate = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  if (candidate.length === 0 || candidate.length > 15 || !/[a-z]/.test(candidate)) {
    return undefined;
  }
  return candidate;
}
