import fc from 'fast-check';
import { DEFAULT_DELIVERY_LIMITS, DeliveryError, ObjectGroup, RenderedObject, bucketOf, manifestBytes, planDelivery } from '../../lib/eks/delivery';

const namespace = (name: string): RenderedObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

/** A workload of about `kib` KiB: a Deployment padded with an annotation, and a Service. */
function workload(name: string, kib = 2, service: 'ClusterIP' | 'LoadBalancer' = 'ClusterIP'): ObjectGroup {
  return {
    key: `shop/app-${name}`,
    objects: [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'shop' }, spec: { padding: 'x'.repeat(kib * 1024) } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop' }, spec: { type: service } },
    ],
  };
}

const estate = (count: number, kib = 2) => Array.from({ length: count }, (_, i) => workload(`app-${i}`, kib));

describe('delivery plan', () => {
  test('namespaces come in their own manifests; every manifest fits; nothing is lost or repeated', () => {
    const groups = estate(400);
    const plan = planDelivery([namespace('shop'), namespace('legacy')], groups);
    expect(plan.namespaces).toHaveLength(1);
    expect(plan.namespaces[0].objects.map((o) => o.metadata?.name)).toEqual(['shop', 'legacy']);
    for (const bucket of plan.buckets) expect(bucket.bytes).toBeLessThanOrEqual(DEFAULT_DELIVERY_LIMITS.maxManifestBytes);
    const delivered = plan.buckets.flatMap((bucket) => bucket.objects);
    expect(delivered).toHaveLength(800);
    expect(new Set(delivered).size).toBe(800);
    // Each workload's objects travel together.
    for (const bucket of plan.buckets) expect(bucket.objects.filter((o) => o.kind === 'Deployment')).toHaveLength(bucket.objects.length / 2);
  });

  test('bucket i always lives in stack ⌊i / 16⌋; a stack holds at most 800 KiB of manifests', () => {
    const plan = planDelivery([], estate(2000));
    expect(plan.bucketCount).toBeGreaterThanOrEqual(64);
    for (const bucket of plan.buckets) expect(bucket.stack).toBe(Math.floor(bucket.index / DEFAULT_DELIVERY_LIMITS.bucketsPerStack));
    const perStack = new Map<number, number>();
    for (const bucket of plan.buckets) perStack.set(bucket.stack, (perStack.get(bucket.stack) ?? 0) + bucket.bytes);
    for (const bytes of perStack.values()) expect(bytes).toBeLessThanOrEqual(DEFAULT_DELIVERY_LIMITS.maxStackManifestBytes);
    expect(plan.stackCount).toBe(plan.bucketCount / DEFAULT_DELIVERY_LIMITS.bucketsPerStack);
  });

  test('adding workloads never moves existing ones while the bucket count holds', () => {
    const before = planDelivery([], estate(300), { bucketCount: 32 });
    const after = planDelivery([], [...estate(300), ...Array.from({ length: 20 }, (_, i) => workload(`new-${i}`))], { bucketCount: 32 });
    const home = (plan: typeof before) => new Map(plan.buckets.flatMap((bucket) => bucket.objects.map((o) => [o.metadata?.name, bucket.index] as const)));
    const [was, is] = [home(before), home(after)];
    for (const [name, index] of was) expect(is.get(name)).toBe(index);
  });

  test('when the count doubles, a workload stays in bucket i or moves to its new sibling i + n, which is applied first', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 10 }), (key, k) => {
        const n = 2 ** k;
        const index = bucketOf(key, n);
        expect([index, index + n]).toContain(bucketOf(key, 2 * n));
      }),
    );
    const plan = planDelivery([], estate(300), { bucketCount: 16 });
    for (const bucket of plan.buckets.filter((b) => b.index >= 8)) expect(bucket.splitFrom).toBe(bucket.index - 8);
    expect(plan.buckets.find((b) => b.index === 0)?.splitFrom).toBeUndefined();
  });

  test('the suggested count leaves stacks at most half full on average, and doubles when one overflows', () => {
    const plan = planDelivery([], estate(100, 20));
    const used = plan.buckets.reduce((sum, b) => sum + b.bytes, 0) / (plan.stackCount * DEFAULT_DELIVERY_LIMITS.maxStackManifestBytes);
    expect(used).toBeLessThanOrEqual(0.5);
  });

  test('a pinned count that is too small, or a workload too big for any manifest, fails with a clear message', () => {
    expect(() => planDelivery([], estate(400), { bucketCount: 2 })).toThrow(/bucket \d+ of 2 holds \d+ KiB of manifests, more than 96 KiB: raise bucketCount to 4/);
    expect(() => planDelivery([], estate(700, 4), { bucketCount: 64 })).toThrow(/workload stack \d+ holds \d+ KiB of manifests, more than 800 KiB: raise bucketCount to 128/);
    expect(() => planDelivery([], [workload('huge', 120)])).toThrow('shop/app-huge renders to 120 KiB of manifest, more than one custom resource may carry (96 KiB); split the workload or deliver it with GitOps');
    expect(() => planDelivery([], estate(3), { bucketCount: 3 })).toThrow(DeliveryError);
    expect(() => planDelivery([], [workload('a'), workload('a')])).toThrow('two object groups share the key shop/app-a');
  });

  test('manifests that create AWS load balancers are marked', () => {
    const plan = planDelivery([], [workload('web', 1, 'LoadBalancer'), { key: 'shop/ing', objects: [{ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i' } }] }], { bucketCount: 1 });
    expect(plan.buckets[0].createsLoadBalancer).toBe(true);
    expect(planDelivery([], [workload('api')], { bucketCount: 1 }).buckets[0].createsLoadBalancer).toBe(false);
  });

  test('sizes are the bytes the template holds: JSON inside a JSON string', () => {
    const objects: RenderedObject[] = [namespace('a"b\n€'), workload('x').objects[1]];
    expect(manifestBytes(objects)).toBe(Buffer.byteLength(JSON.stringify(JSON.stringify(objects))));
    expect(manifestBytes([])).toBe(4);
  });

  test('the same input gives the same plan', () => {
    expect(JSON.stringify(planDelivery([namespace('shop')], estate(500)))).toBe(JSON.stringify(planDelivery([namespace('shop')], estate(500))));
  });
});
