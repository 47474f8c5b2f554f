import { createHash } from 'node:crypto';

/**
 * How rendered Kubernetes objects are cut into CloudFormation-sized pieces. Every piece becomes one
 * `KubernetesManifest` custom resource. Its manifest travels in the template and in the Lambda event (twice on
 * updates: old and new properties), so pieces stay far below the 256 KB asynchronous Lambda payload, and stacks far
 * below CloudFormation's 1 MB template and 500 resources (aws-cdk #17362, #19165).
 */
export interface DeliveryLimits {
  /** Largest manifest of one custom resource, as it is written into the template (JSON-escaped). */
  readonly maxManifestBytes: number;
  /** Buckets per workload stack (a power of two): bucket i always lives in stack ⌊i / bucketsPerStack⌋. */
  readonly bucketsPerStack: number;
  /** Manifest bytes one workload stack may hold: the rest of its template is small, the limit is 1 MB. */
  readonly maxStackManifestBytes: number;
}

export const DEFAULT_DELIVERY_LIMITS: DeliveryLimits = {
  maxManifestBytes: 96 * 1024,
  bucketsPerStack: 16,
  maxStackManifestBytes: 800 * 1024,
};

/** The most buckets a plan may use: far beyond any estate, it stops a runaway doubling. */
const MAX_BUCKETS = 1 << 14;

/** A Kubernetes object as rendered (apiVersion, kind, metadata…). */
export interface RenderedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: unknown;
}

/** Objects that are applied together: a workload and its Services, Ingress, PDB. */
export interface ObjectGroup {
  /** Stable identity (e.g. `shop/app-api`): decides the bucket, so adding other workloads never moves this one. */
  readonly key: string;
  readonly objects: readonly RenderedObject[];
}

export interface PlannedManifest {
  readonly objects: readonly RenderedObject[];
  /** Size as written into the template. */
  readonly bytes: number;
  /** It creates an AWS load balancer (an Ingress, or a Service of type LoadBalancer). */
  readonly createsLoadBalancer: boolean;
}

/** One bucket of workloads: one custom resource, always in the same stack. */
export interface PlannedBucket extends PlannedManifest {
  readonly index: number;
  readonly stack: number;
  /**
   * The bucket this one was split from when the bucket count doubled (index − the highest power of two ≤ index).
   * Applying this bucket before its parent is updated moves workloads without deleting them in between.
   */
  readonly splitFrom?: number;
}

export interface DeliveryPlan {
  /** The Namespaces, applied before anything else. */
  readonly namespaces: readonly PlannedManifest[];
  /** Non-empty buckets, in index order. */
  readonly buckets: readonly PlannedBucket[];
  /** How many buckets the groups were hashed into (a power of two). */
  readonly bucketCount: number;
  /** How many workload stacks the buckets need (some may be empty and are then not created). */
  readonly stackCount: number;
}

/** Thrown when objects cannot be delivered within the limits; the message says which and what to do. */
export class DeliveryError extends Error {}

/**
 * Plans the delivery of rendered objects: Namespaces first, then every group hashed into one of 2^k buckets by its
 * key, and bucket i always in workload stack ⌊i / bucketsPerStack⌋.
 *
 * Hashing keeps a workload in its bucket while others come and go. A custom resource that is *deleted* runs
 * `kubectl delete` on everything it last applied, even objects another resource applied since, so the plan never
 * needs to delete one: when the estate outgrows its buckets, their number doubles, the existing buckets keep their
 * ids, and half of each moves to its new sibling (i + 2^k), which is applied first. Shrinking would delete buckets,
 * so once an estate is live, pin `bucketCount` (`EksEnvironment` reports the value to pin).
 */
export function planDelivery(namespaces: readonly RenderedObject[], groups: readonly ObjectGroup[], options: { limits?: DeliveryLimits; bucketCount?: number } = {}): DeliveryPlan {
  const limits = options.limits ?? DEFAULT_DELIVERY_LIMITS;
  checkKeys(groups);
  for (const group of groups) {
    const bytes = manifestBytes(group.objects);
    if (bytes > limits.maxManifestBytes) {
      throw new DeliveryError(`${group.key} renders to ${kib(bytes)} of manifest, more than one custom resource may carry (${kib(limits.maxManifestBytes)}); split the workload or deliver it with GitOps`);
    }
  }
  let bucketCount = options.bucketCount ?? suggestedBucketCount(groups, limits);
  if (!Number.isInteger(bucketCount) || bucketCount < 1 || (bucketCount & (bucketCount - 1)) !== 0) throw new DeliveryError(`bucketCount must be a power of two, got ${bucketCount}`);
  let filled = fill(groups, bucketCount);
  for (let overfull = overflow(filled, limits); overfull !== undefined; overfull = overflow(filled, limits)) {
    if (options.bucketCount !== undefined) throw new DeliveryError(`${overfull}: raise bucketCount to ${bucketCount * 2}`);
    if (bucketCount >= MAX_BUCKETS) throw new DeliveryError(`cannot spread ${groups.length} workloads over ${MAX_BUCKETS} buckets within ${kib(limits.maxManifestBytes)} each`);
    bucketCount *= 2;
    filled = fill(groups, bucketCount);
  }
  const buckets: PlannedBucket[] = [];
  filled.forEach((bucket, index) => {
    if (bucket.length === 0) return;
    const parent = index === 0 ? undefined : index - highestPowerOfTwoAtMost(index);
    buckets.push({ ...planned(bucket.flatMap((group) => group.objects)), index, stack: Math.floor(index / limits.bucketsPerStack), ...(parent !== undefined ? { splitFrom: parent } : {}) });
  });
  return {
    namespaces: packInOrder(namespaces, limits.maxManifestBytes),
    buckets,
    bucketCount,
    stackCount: Math.ceil(bucketCount / limits.bucketsPerStack),
  };
}

/** Buckets (and stacks) half full on average: room to grow, and to absorb uneven hashing. */
export function suggestedBucketCount(groups: readonly ObjectGroup[], limits: DeliveryLimits = DEFAULT_DELIVERY_LIMITS): number {
  const total = groups.reduce((sum, group) => sum + manifestBytes(group.objects), 0);
  const perBucket = Math.min(limits.maxManifestBytes, limits.maxStackManifestBytes / limits.bucketsPerStack);
  return nextPowerOfTwo(Math.max(1, Math.ceil((2 * total) / perBucket)));
}

function checkKeys(groups: readonly ObjectGroup[]): void {
  const seen = new Set<string>();
  for (const group of groups) {
    if (seen.has(group.key)) throw new DeliveryError(`two object groups share the key ${group.key}`);
    seen.add(group.key);
  }
}

function fill(groups: readonly ObjectGroup[], bucketCount: number): ObjectGroup[][] {
  const filled: ObjectGroup[][] = Array.from({ length: bucketCount }, () => []);
  for (const group of groups) filled[bucketOf(group.key, bucketCount)].push(group);
  for (const bucket of filled) bucket.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return filled;
}

/**
 * What is too full, if anything: a bucket over the manifest limit, or a stack over its byte budget. Doubling the
 * count fixes both: half of every bucket moves to a new bucket, in a new stack.
 */
function overflow(filled: readonly ObjectGroup[][], limits: DeliveryLimits): string | undefined {
  const sizes = filled.map((bucket) => manifestBytes(bucket.flatMap((group) => group.objects)));
  const bucket = sizes.findIndex((bytes) => bytes > limits.maxManifestBytes);
  if (bucket !== -1) return `bucket ${bucket} of ${filled.length} holds ${kib(sizes[bucket])} of manifests, more than ${kib(limits.maxManifestBytes)}`;
  for (let first = 0; first < sizes.length; first += limits.bucketsPerStack) {
    const bytes = sizes.slice(first, first + limits.bucketsPerStack).reduce((sum, size) => sum + size, 0);
    if (bytes > limits.maxStackManifestBytes) return `workload stack ${first / limits.bucketsPerStack} holds ${kib(bytes)} of manifests, more than ${kib(limits.maxStackManifestBytes)}`;
  }
  return undefined;
}

/** The bucket of a key: the low bits of its SHA-256, so doubling the count splits each bucket in two. */
export function bucketOf(key: string, bucketCount: number): number {
  return createHash('sha256').update(key).digest().readUInt32BE(28) % bucketCount;
}

function packInOrder(objects: readonly RenderedObject[], maxBytes: number): PlannedManifest[] {
  const manifests: PlannedManifest[] = [];
  let current: RenderedObject[] = [];
  for (const object of objects) {
    if (current.length > 0 && manifestBytes([...current, object]) > maxBytes) {
      manifests.push(planned(current));
      current = [];
    }
    current.push(object);
  }
  if (current.length > 0) manifests.push(planned(current));
  return manifests;
}

function planned(objects: readonly RenderedObject[]): PlannedManifest {
  return { objects, bytes: manifestBytes(objects), createsLoadBalancer: objects.some(createsLoadBalancer) };
}

/**
 * The manifest's size in the template: a JSON array in a JSON string, so escaped once more. Summed from the
 * objects' sizes (cached), so packing never re-serializes what it has measured.
 */
export function manifestBytes(objects: readonly RenderedObject[]): number {
  // "[" + objects joined by "," + "]", inside the quotes of the string.
  return 2 + 2 + Math.max(0, objects.length - 1) + objects.reduce((sum, object) => sum + objectBytes(object), 0);
}

const sizes = new WeakMap<RenderedObject, number>();

function objectBytes(object: RenderedObject): number {
  let size = sizes.get(object);
  if (size === undefined) {
    size = Buffer.byteLength(JSON.stringify(JSON.stringify(object))) - 2;
    sizes.set(object, size);
  }
  return size;
}

/** Objects the AWS Load Balancer Controller turns into an ALB or NLB. */
export function createsLoadBalancer(object: RenderedObject): boolean {
  if (object.kind === 'Ingress') return true;
  return object.kind === 'Service' && (object.spec as { type?: string } | undefined)?.type === 'LoadBalancer';
}

function nextPowerOfTwo(n: number): number {
  let power = 1;
  while (power < n) power *= 2;
  return power;
}

function highestPowerOfTwoAtMost(n: number): number {
  let power = 1;
  while (power * 2 <= n) power *= 2;
  return power;
}

function kib(bytes: number): string {
  return `${Math.round(bytes / 1024)} KiB`;
}
