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
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
  };
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
  /** Size as written into the template, prune labels included. */
  readonly bytes: number;
  /** It creates an AWS load balancer (an Ingress, or a Service of type LoadBalancer). */
  readonly createsLoadBalancer: boolean;
}

/** One of 2^k manifests that groups are hashed into: always the same custom resource, whatever else comes and goes. */
export interface HashedManifest extends PlannedManifest {
  readonly index: number;
  /**
   * The manifest this one was split from when the count doubled (index − the highest power of two ≤ index).
   * Applying this manifest before its parent is updated moves objects without deleting them in between.
   */
  readonly splitFrom?: number;
}

/** One bucket of workloads: one custom resource, always in the same stack. */
export interface PlannedBucket extends HashedManifest {
  readonly stack: number;
}

export interface DeliveryPlan {
  /** The Namespaces, hashed by name into `namespaceBucketCount` manifests (non-empty ones, in index order), applied before anything else. */
  readonly namespaces: readonly HashedManifest[];
  /** How many manifests the Namespaces were hashed into (a power of two). */
  readonly namespaceBucketCount: number;
  /** Non-empty buckets, in index order. */
  readonly buckets: readonly PlannedBucket[];
  /** How many buckets the groups were hashed into (a power of two). */
  readonly bucketCount: number;
  /** How many workload stacks the buckets need (some may be empty and are then not created). */
  readonly stackCount: number;
}

export interface PlanOptions {
  /** Sizes of manifests and stacks. @default DEFAULT_DELIVERY_LIMITS */
  readonly limits?: DeliveryLimits;
  /** Buckets of workloads (a power of two). @default suggestedBucketCount, doubled until every bucket and stack fits */
  readonly bucketCount?: number;
  /** Manifests of Namespaces (a power of two). @default about half full, doubled until every manifest fits */
  readonly namespaceBucketCount?: number;
}

/** Thrown when objects cannot be delivered within the limits; the message says which and what to do. */
export class DeliveryError extends Error {}

/**
 * Plans the delivery of rendered objects: Namespaces first, hashed by name into 2^j manifests, then every group
 * hashed by its key into one of 2^k buckets, and bucket i always in workload stack ⌊i / bucketsPerStack⌋.
 *
 * Each manifest is applied with `kubectl apply --prune` on its own label, so an object that leaves a manifest is
 * deleted unless the manifest it joins was applied first. A custom resource that is *deleted* runs `kubectl delete`
 * on everything it last applied, even objects another resource applied since, so the plan never needs to delete one.
 * Invariants, each with a test of its name:
 * - adding workloads never moves existing ones while the bucket count holds;
 * - a namespace never changes manifest while the namespace bucket count holds;
 * - when the count doubles, a workload stays in bucket i or moves to its new sibling i + n, which is applied first
 *   (the existing buckets keep their ids, half of each moves to i + n);
 * - when the namespace count doubles, a namespace stays in its bucket or moves to its new sibling, which is applied
 *   first;
 * - bucket i always lives in stack ⌊i / 16⌋; a stack holds at most 800 KiB of manifests;
 * - sizes are the bytes the template holds (JSON inside a JSON string, prune label included);
 * - the prune label is counted: objects the old estimate put just under 96 KiB need two manifests;
 * - the same input gives the same plan.
 *
 * Shrinking would delete manifests, so once an estate is live, pin `bucketCount` and `namespaceBucketCount`
 * (`EksEnvironment` reports the values to pin).
 */
export function planDelivery(
  namespaces: readonly RenderedObject[],
  groups: readonly ObjectGroup[],
  options: PlanOptions = {},
): DeliveryPlan {
  const limits = options.limits ?? DEFAULT_DELIVERY_LIMITS;
  const named = namespaces.map((namespace): ObjectGroup => {
    const name = namespace.metadata?.name;
    if (!name) {
      throw new DeliveryError(`a ${namespace.kind} has no metadata.name`);
    }
    return { key: name, objects: [namespace] };
  });
  const namespaceHashing = hash(named, options.namespaceBucketCount, limits, NAMESPACE_BUCKETS);
  const workloadHashing = hash(groups, options.bucketCount, limits, WORKLOAD_BUCKETS);
  return {
    namespaces: namespaceHashing.manifests,
    namespaceBucketCount: namespaceHashing.count,
    buckets: workloadHashing.manifests.map((bucket) => ({
      ...bucket,
      stack: Math.floor(bucket.index / limits.bucketsPerStack),
    })),
    bucketCount: workloadHashing.count,
    stackCount: Math.ceil(workloadHashing.count / limits.bucketsPerStack),
  };
}

/** Buckets (and stacks) half full on average: room to grow, and to absorb uneven hashing. */
export function suggestedBucketCount(
  groups: readonly ObjectGroup[],
  limits: DeliveryLimits = DEFAULT_DELIVERY_LIMITS,
): number {
  return suggestedCount(groups, WORKLOAD_BUCKETS.perBucket(limits));
}

/** What is hashed into power-of-two buckets, and how its messages name it. */
interface Hashing {
  /** The groups, in messages ("object groups", "Namespaces"). */
  readonly what: string;
  /** What identifies a group, in messages ("key", "name"). */
  readonly keyName: string;
  /** A bucket, in messages. */
  readonly bucket: string;
  /** The option that pins the count. */
  readonly option: keyof PlanOptions;
  /** What to do about a group too big for any manifest. */
  readonly tooBig: string;
  /** The bytes a suggested bucket holds on average, twice as much at most. */
  perBucket(limits: DeliveryLimits): number;
  /** Buckets go into workload stacks of `bucketsPerStack`, each within `maxStackManifestBytes`. */
  readonly stacked: boolean;
}

const WORKLOAD_BUCKETS: Hashing = {
  what: 'object groups',
  keyName: 'key',
  bucket: 'bucket',
  option: 'bucketCount',
  tooBig: 'split the workload or deliver it with GitOps',
  perBucket: (limits) => Math.min(limits.maxManifestBytes, limits.maxStackManifestBytes / limits.bucketsPerStack),
  stacked: true,
};

/** Namespaces all live in the environment's stack. */
const NAMESPACE_BUCKETS: Hashing = {
  what: 'Namespaces',
  keyName: 'name',
  bucket: 'namespace bucket',
  option: 'namespaceBucketCount',
  tooBig: 'shorten its labels and annotations',
  perBucket: (limits) => limits.maxManifestBytes,
  stacked: false,
};

/** Groups hashed into the pinned count, or into the suggested one doubled until nothing overflows. */
function hash(
  groups: readonly ObjectGroup[],
  pinned: number | undefined,
  limits: DeliveryLimits,
  hashing: Hashing,
): { manifests: HashedManifest[]; count: number } {
  checkKeys(groups, hashing);
  for (const group of groups) {
    const bytes = manifestBytes(group.objects);
    if (bytes > limits.maxManifestBytes) {
      throw new DeliveryError(
        `${group.key} renders to ${kib(bytes)} of manifest, more than one custom resource may carry (${kib(limits.maxManifestBytes)}); ${hashing.tooBig}`,
      );
    }
  }
  let count = pinned ?? suggestedCount(groups, hashing.perBucket(limits));
  if (!Number.isInteger(count) || count < 1 || (count & (count - 1)) !== 0) {
    throw new DeliveryError(`${hashing.option} must be a power of two, got ${count}`);
  }
  let filled = fill(groups, count);
  for (
    let overfull = overflow(filled, limits, hashing);
    overfull !== undefined;
    overfull = overflow(filled, limits, hashing)
  ) {
    if (pinned !== undefined) {
      throw new DeliveryError(`${overfull}: raise ${hashing.option} to ${count * 2}`);
    }
    if (count >= MAX_BUCKETS) {
      throw new DeliveryError(
        `cannot spread ${groups.length} ${hashing.what} over ${MAX_BUCKETS} buckets within ${kib(limits.maxManifestBytes)} each`,
      );
    }
    count *= 2;
    filled = fill(groups, count);
  }
  const manifests: HashedManifest[] = [];
  filled.forEach((bucket, index) => {
    if (bucket.length === 0) {
      return;
    }
    const parent = index === 0 ? undefined : index - highestPowerOfTwoAtMost(index);
    manifests.push({
      ...planned(bucket.flatMap((group) => group.objects)),
      index,
      ...(parent !== undefined ? { splitFrom: parent } : {}),
    });
  });
  return { manifests, count };
}

function suggestedCount(groups: readonly ObjectGroup[], perBucket: number): number {
  const total = groups.reduce((sum, group) => sum + manifestBytes(group.objects), 0);
  return nextPowerOfTwo(Math.max(1, Math.ceil((2 * total) / perBucket)));
}

function checkKeys(groups: readonly ObjectGroup[], hashing: Hashing): void {
  const seen = new Set<string>();
  for (const group of groups) {
    if (seen.has(group.key)) {
      throw new DeliveryError(`two ${hashing.what} share the ${hashing.keyName} ${group.key}`);
    }
    seen.add(group.key);
  }
}

function fill(groups: readonly ObjectGroup[], bucketCount: number): ObjectGroup[][] {
  const filled: ObjectGroup[][] = Array.from({ length: bucketCount }, () => []);
  for (const group of groups) {
    filled[bucketOf(group.key, bucketCount)].push(group);
  }
  for (const bucket of filled) {
    bucket.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
  return filled;
}

/**
 * What is too full, if anything: a bucket over the manifest limit, or (for stacked buckets) a stack over its byte
 * budget. Doubling the count fixes both: half of every bucket moves to a new bucket, in a new stack.
 */
function overflow(filled: readonly ObjectGroup[][], limits: DeliveryLimits, hashing: Hashing): string | undefined {
  const sizes = filled.map((bucket) => manifestBytes(bucket.flatMap((group) => group.objects)));
  const bucket = sizes.findIndex((bytes) => bytes > limits.maxManifestBytes);
  if (bucket !== -1) {
    return `${hashing.bucket} ${bucket} of ${filled.length} holds ${kib(sizes[bucket])} of manifests, more than ${kib(limits.maxManifestBytes)}`;
  }
  if (!hashing.stacked) {
    return undefined;
  }
  for (let first = 0; first < sizes.length; first += limits.bucketsPerStack) {
    const bytes = sizes.slice(first, first + limits.bucketsPerStack).reduce((sum, size) => sum + size, 0);
    if (bytes > limits.maxStackManifestBytes) {
      return `workload stack ${first / limits.bucketsPerStack} holds ${kib(bytes)} of manifests, more than ${kib(limits.maxStackManifestBytes)}`;
    }
  }
  return undefined;
}

/** The bucket of a key: the low bits of its SHA-256, so doubling the count splits each bucket in two. */
export function bucketOf(key: string, bucketCount: number): number {
  return createHash('sha256').update(key).digest().readUInt32BE(28) % bucketCount;
}

function planned(objects: readonly RenderedObject[]): PlannedManifest {
  return { objects, bytes: manifestBytes(objects), createsLoadBalancer: objects.some(createsLoadBalancer) };
}

/**
 * The manifest's size in the template: a JSON array in a JSON string, so escaped once more, each object with the
 * prune label `KubernetesManifest` injects. Summed from the objects' sizes (cached), so packing never re-serializes
 * what it has measured. Measure objects before handing them to a `KubernetesManifest`: it injects into them.
 */
export function manifestBytes(objects: readonly RenderedObject[]): number {
  // "[" + objects joined by "," + "]", inside the quotes of the string.
  return 2 + 2 + Math.max(0, objects.length - 1) + objects.reduce((sum, object) => sum + objectBytes(object), 0);
}

/**
 * How aws-cdk-lib 2.276.0 labels what a `KubernetesManifest` applies (aws-eks-v2/lib/k8s-manifest.js,
 * `injectPruneLabel`, called unless `prune` is off on the manifest or the cluster): the key is
 * `"aws.cdk.eks/prune-" + Node.of(manifest).addr` (the address is 42 characters: "c8" and 40 hex digits, never
 * escaped), the value is "", and every object with a `kind` gets it in `metadata.labels`, as its first label
 * (`metadata` and `labels` are created when missing). The handler then runs `kubectl apply --prune -l <key>`.
 * A placeholder key of the same length measures exactly the same bytes.
 */
const PRUNE_LABEL_PLACEHOLDER = `aws.cdk.eks/prune-${'c'.repeat(42)}`;

/** An object as `KubernetesManifest` writes it into the template, prune label injected (without mutating it). */
function withPruneLabel(object: RenderedObject): RenderedObject {
  if (typeof object !== 'object' || !object.kind) {
    return object;
  }
  const metadata = object.metadata ?? {};
  return { ...object, metadata: { ...metadata, labels: { [PRUNE_LABEL_PLACEHOLDER]: '', ...metadata.labels } } };
}

const sizes = new WeakMap<RenderedObject, number>();

function objectBytes(object: RenderedObject): number {
  let size = sizes.get(object);
  if (size === undefined) {
    size = Buffer.byteLength(JSON.stringify(JSON.stringify(withPruneLabel(object)))) - 2;
    sizes.set(object, size);
  }
  return size;
}

/** Objects the AWS Load Balancer Controller turns into an ALB or NLB. */
export function createsLoadBalancer(object: RenderedObject): boolean {
  if (object.kind === 'Ingress') {
    return true;
  }
  return object.kind === 'Service' && (object.spec as { type?: string } | undefined)?.type === 'LoadBalancer';
}

function nextPowerOfTwo(n: number): number {
  let power = 1;
  while (power < n) {
    power *= 2;
  }
  return power;
}

function highestPowerOfTwoAtMost(n: number): number {
  let power = 1;
  while (power * 2 <= n) {
    power *= 2;
  }
  return power;
}

function kib(bytes: number): string {
  return `${Math.round(bytes / 1024)} KiB`;
}
