import * as fs from 'node:fs';
import * as path from 'node:path';
import { KubectlV36Layer } from '@aws-cdk/lambda-layer-kubectl-v36';
import { Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import fc from 'fast-check';
import {
  DEFAULT_DELIVERY_LIMITS,
  DeliveryError,
  DeliveryPlan,
  ObjectGroup,
  RenderedObject,
  bucketOf,
  manifestBytes,
  planDelivery,
} from '../../lib/eks/delivery';
import { ENV, offlineApp } from './helpers';

const namespace = (name: string): RenderedObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

/** A Namespace as the translation renders it: labelled as managed, annotated with its Marathon group. */
const realisticNamespace = (name: string, padding = 0): RenderedObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: {
    name,
    labels: { 'app.kubernetes.io/managed-by': 'marathon-to-eks' },
    annotations: { 'marathon-to-eks/group-id': `/${name}${'x'.repeat(padding)}` },
  } as RenderedObject['metadata'],
});

/** `count` Namespaces in name order (as the translation gives them): team-0000 … */
const namespaces = (count: number) =>
  Array.from({ length: count }, (_, i) => realisticNamespace(`team-${String(i).padStart(4, '0')}`));

/** Where each namespace is: its manifest's index, by name. */
const namespaceHome = (plan: DeliveryPlan) =>
  new Map(
    plan.namespaces.flatMap((manifest) => manifest.objects.map((o) => [o.metadata?.name, manifest.index] as const)),
  );

/** What the size estimate was before it counted the prune label: the objects as given, JSON inside a JSON string. */
const withoutLabel = (objects: readonly RenderedObject[]) => Buffer.byteLength(JSON.stringify(JSON.stringify(objects)));

/** A workload of about `kib` KiB: a Deployment padded with an annotation, and a Service. */
function workload(name: string, kib = 2, service: 'ClusterIP' | 'LoadBalancer' = 'ClusterIP'): ObjectGroup {
  return {
    key: `shop/app-${name}`,
    objects: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: 'shop' },
        spec: { padding: 'x'.repeat(kib * 1024) },
      },
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
    expect(plan.namespaceBucketCount).toBe(1);
    expect(plan.namespaces[0].index).toBe(0);
    expect(plan.namespaces[0].objects.map((o) => o.metadata?.name)).toEqual(['legacy', 'shop']);
    const many = planDelivery(namespaces(2000), []);
    for (const manifest of many.namespaces) {
      expect(manifest.bytes).toBeLessThanOrEqual(DEFAULT_DELIVERY_LIMITS.maxManifestBytes);
    }
    expect(
      many.namespaces
        .flatMap((manifest) => manifest.objects)
        .map((o) => o.metadata?.name)
        .sort(),
    ).toEqual(namespaces(2000).map((o) => o.metadata?.name));
    for (const bucket of plan.buckets) {
      expect(bucket.bytes).toBeLessThanOrEqual(DEFAULT_DELIVERY_LIMITS.maxManifestBytes);
    }
    const delivered = plan.buckets.flatMap((bucket) => bucket.objects);
    expect(delivered).toHaveLength(800);
    expect(new Set(delivered).size).toBe(800);
    // Each workload's objects travel together.
    for (const bucket of plan.buckets) {
      expect(bucket.objects.filter((o) => o.kind === 'Deployment')).toHaveLength(bucket.objects.length / 2);
    }
  });

  test('bucket i always lives in stack ⌊i / 16⌋; a stack holds at most 800 KiB of manifests', () => {
    const plan = planDelivery([], estate(2000));
    expect(plan.bucketCount).toBeGreaterThanOrEqual(64);
    for (const bucket of plan.buckets) {
      expect(bucket.stack).toBe(Math.floor(bucket.index / DEFAULT_DELIVERY_LIMITS.bucketsPerStack));
    }
    const perStack = new Map<number, number>();
    for (const bucket of plan.buckets) {
      perStack.set(bucket.stack, (perStack.get(bucket.stack) ?? 0) + bucket.bytes);
    }
    for (const bytes of perStack.values()) {
      expect(bytes).toBeLessThanOrEqual(DEFAULT_DELIVERY_LIMITS.maxStackManifestBytes);
    }
    expect(plan.stackCount).toBe(plan.bucketCount / DEFAULT_DELIVERY_LIMITS.bucketsPerStack);
  });

  test('adding workloads never moves existing ones while the bucket count holds', () => {
    const before = planDelivery([], estate(300), { bucketCount: 32 });
    const after = planDelivery([], [...estate(300), ...Array.from({ length: 20 }, (_, i) => workload(`new-${i}`))], {
      bucketCount: 32,
    });
    const home = (plan: typeof before) =>
      new Map(plan.buckets.flatMap((bucket) => bucket.objects.map((o) => [o.metadata?.name, bucket.index] as const)));
    const [was, is] = [home(before), home(after)];
    for (const [name, index] of was) {
      expect(is.get(name)).toBe(index);
    }
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
    for (const bucket of plan.buckets.filter((b) => b.index >= 8)) {
      expect(bucket.splitFrom).toBe(bucket.index - 8);
    }
    expect(plan.buckets.find((b) => b.index === 0)?.splitFrom).toBeUndefined();
  });

  test('upgrading from the earlier in-order packing keeps every namespace manifest it had: none leaves the template', () => {
    // The earlier version packed namespaces in order into Namespaces0 … Namespaces(k-1), 96 KiB each, without
    // counting the prune label. A manifest that leaves the template on upgrade would be deleted under its old
    // DeletionPolicy, with the namespaces in it; the hashed plan must keep every one of those indices.
    const oldCount = (objects: readonly RenderedObject[]) => {
      let manifests = 0;
      let bytes = 0;
      for (const object of objects) {
        const size = Buffer.byteLength(JSON.stringify(JSON.stringify(object))) - 2 + 1;
        if (bytes > 0 && bytes + size + 4 > DEFAULT_DELIVERY_LIMITS.maxManifestBytes) {
          manifests++;
          bytes = 0;
        }
        bytes += size;
      }
      return manifests + (bytes > 0 ? 1 : 0);
    };
    for (const count of [1, 10, 300, 600, 900, 1500, 3000, 6000]) {
      const objects = namespaces(count);
      const indices = new Set(planDelivery(objects, []).namespaces.map((manifest) => manifest.index));
      for (let index = 0; index < oldCount(objects); index++) {
        expect([count, index, indices.has(index)]).toEqual([count, index, true]);
      }
    }
  });

  test('a namespace never changes manifest while the namespace bucket count holds', () => {
    // 1,200 namespaces need more than one manifest: packed in name order, the new ones would push the old across.
    const before = planDelivery(
      namespaces(1200).filter((_, i) => i % 2 === 0),
      [],
      { namespaceBucketCount: 8 },
    );
    const after = planDelivery(namespaces(1200), [], { namespaceBucketCount: 8 });
    expect(after.namespaces.length).toBeGreaterThan(1);
    const [was, is] = [namespaceHome(before), namespaceHome(after)];
    expect(was.size).toBe(600);
    for (const [name, index] of was) {
      expect([name, is.get(name)]).toEqual([name, index]);
    }
    for (const [name, index] of is) {
      expect([name, index]).toEqual([name, bucketOf(name as string, 8)]);
    }
  });

  test('when the namespace count doubles, a namespace stays in its bucket or moves to its new sibling, which is applied first', () => {
    const before = planDelivery(namespaces(600), [], { namespaceBucketCount: 4 });
    const after = planDelivery(namespaces(1200), [], { namespaceBucketCount: 8 });
    const [was, is] = [namespaceHome(before), namespaceHome(after)];
    const moved = [...was].filter(([name, index]) => is.get(name) !== index);
    expect(moved.length).toBeGreaterThan(0);
    for (const [name, index] of was) {
      expect([index, index + 4]).toContain(is.get(name));
    }
    // The manifests that receive them were split from the ones that lose them: WorkloadDelivery applies them first.
    for (const manifest of after.namespaces) {
      expect([manifest.index, manifest.splitFrom]).toEqual([
        manifest.index,
        manifest.index === 0 ? undefined : manifest.index - 2 ** Math.floor(Math.log2(manifest.index)),
      ]);
    }
    // Unpinned, the count grows with the estate, half full on average: one manifest keeps `Namespaces0`.
    expect(planDelivery(namespaces(10), []).namespaceBucketCount).toBe(1);
    expect(planDelivery(namespaces(1200), []).namespaceBucketCount).toBeGreaterThanOrEqual(4);
  });

  test('the suggested count leaves stacks at most half full on average, and doubles when one overflows', () => {
    const plan = planDelivery([], estate(100, 20));
    const used =
      plan.buckets.reduce((sum, b) => sum + b.bytes, 0) /
      (plan.stackCount * DEFAULT_DELIVERY_LIMITS.maxStackManifestBytes);
    expect(used).toBeLessThanOrEqual(0.5);
  });

  test('a pinned count that is too small, or a workload too big for any manifest, fails with a clear message', () => {
    expect(() => planDelivery([], estate(400), { bucketCount: 2 })).toThrow(
      /bucket \d+ of 2 holds \d+ KiB of manifests, more than 96 KiB: raise bucketCount to 4/,
    );
    expect(() => planDelivery([], estate(700, 4), { bucketCount: 64 })).toThrow(
      /workload stack \d+ holds \d+ KiB of manifests, more than 800 KiB: raise bucketCount to 128/,
    );
    expect(() => planDelivery([], [workload('huge', 120)])).toThrow(
      'shop/app-huge renders to 120 KiB of manifest, more than one custom resource may carry (96 KiB); split the workload or deliver it with GitOps',
    );
    expect(() => planDelivery([], estate(3), { bucketCount: 3 })).toThrow(DeliveryError);
    expect(() => planDelivery([], [workload('a'), workload('a')])).toThrow(
      'two object groups share the key shop/app-a',
    );
    expect(() => planDelivery(namespaces(1200), [], { namespaceBucketCount: 1 })).toThrow(
      /^namespace bucket 0 of 1 holds \d+ KiB of manifests, more than 96 KiB: raise namespaceBucketCount to 2$/,
    );
    expect(() => planDelivery(namespaces(3), [], { namespaceBucketCount: 3 })).toThrow(
      'namespaceBucketCount must be a power of two, got 3',
    );
    expect(() => planDelivery([namespace('shop'), namespace('shop')], [])).toThrow(
      'two Namespaces share the name shop',
    );
    expect(() => planDelivery([{ apiVersion: 'v1', kind: 'Namespace' }], [])).toThrow(
      'a Namespace has no metadata.name',
    );
  });

  test('manifests that create AWS load balancers are marked', () => {
    const plan = planDelivery(
      [],
      [
        workload('web', 1, 'LoadBalancer'),
        {
          key: 'shop/ing',
          objects: [{ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i' } }],
        },
      ],
      { bucketCount: 1 },
    );
    expect(plan.buckets[0].createsLoadBalancer).toBe(true);
    expect(planDelivery([], [workload('api')], { bucketCount: 1 }).buckets[0].createsLoadBalancer).toBe(false);
  });

  test('sizes are the bytes the template holds: JSON inside a JSON string, prune label included', () => {
    // With a label, without labels, without metadata: KubernetesManifest adds the prune label to each.
    const objects: RenderedObject[] = [
      namespace('a"b\n€'),
      { ...workload('x').objects[1], metadata: { name: 'x', namespace: 'shop', labels: { app: 'x' } } },
      { apiVersion: 'v1', kind: 'ConfigMap' },
    ];
    const bytes = manifestBytes(objects);
    const app = offlineApp();
    const stack = new Stack(app, 'Sizes', { env: ENV });
    const cluster = new eks.Cluster(stack, 'Cluster', {
      version: eks.KubernetesVersion.V1_36,
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
      kubectlProviderOptions: { kubectlLayer: new KubectlV36Layer(stack, 'KubectlLayer') },
    });
    // KubernetesManifest injects its label into the very objects it is given.
    new eks.KubernetesManifest(stack, 'Manifest', {
      cluster,
      manifest: structuredClone([...objects]),
      overwrite: true,
    });
    const artifact = app.synth().getStackByName('Sizes');
    const text = fs.readFileSync(path.join(artifact.assembly.directory, artifact.templateFile), 'utf8');
    const [resource] = Object.values<{ Type: string; Properties: { Manifest: string; PruneLabel: string } }>(
      JSON.parse(text).Resources,
    ).filter((r) => r.Type === eks.KubernetesManifest.RESOURCE_TYPE);
    expect(resource.Properties.PruneLabel).toMatch(/^aws\.cdk\.eks\/prune-c8[0-9a-f]{40}$/);
    const written = JSON.stringify(resource.Properties.Manifest);
    expect(text).toContain(written);
    expect(bytes).toBe(Buffer.byteLength(written));
    // The label costs 70 bytes in labels, 83 with `labels`, 98 with `metadata`: 251 here.
    expect(bytes - withoutLabel(objects)).toBe(70 + 83 + 98);
    expect(manifestBytes([])).toBe(4);
  }, 30_000);

  test('the prune label is counted: objects the old estimate put just under 96 KiB need two manifests', () => {
    const limit = DEFAULT_DELIVERY_LIMITS.maxManifestBytes;
    // 16 objects padded so that, without the label, they fill one manifest to within 500 bytes of the limit.
    const padded = <T extends RenderedObject>(make: (i: number, padding: number) => T): T[] => {
      const base = withoutLabel(Array.from({ length: 16 }, (_, i) => make(i, 0)));
      return Array.from({ length: 16 }, (_, i) => make(i, Math.floor((limit - 500 - base) / 16)));
    };
    const spaces = padded((i, padding) => realisticNamespace(`team-${i}`, padding));
    const configs = padded(
      (i, padding): RenderedObject =>
        ({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `c-${i}`, namespace: 'shop' },
          data: { pad: 'x'.repeat(padding) },
        }) as RenderedObject,
    );
    for (const objects of [spaces, configs]) {
      expect(withoutLabel(objects)).toBeLessThanOrEqual(limit);
      expect(withoutLabel(objects)).toBeGreaterThan(limit - 600);
      expect(manifestBytes(objects)).toBeGreaterThan(limit);
    }
    expect(() => planDelivery(spaces, [], { namespaceBucketCount: 1 })).toThrow(
      /namespace bucket 0 of 1 holds 97 KiB of manifests, more than 96 KiB: raise namespaceBucketCount to 2/,
    );
    const groups = configs.map((object) => ({ key: `shop/${object.metadata?.name}`, objects: [object] }));
    expect(() => planDelivery([], groups, { bucketCount: 1 })).toThrow(
      /bucket 0 of 1 holds 97 KiB of manifests, more than 96 KiB: raise bucketCount to 2/,
    );
    const plan = planDelivery(spaces, groups, { namespaceBucketCount: 2, bucketCount: 2 });
    for (const manifests of [plan.namespaces, plan.buckets]) {
      expect(manifests).toHaveLength(2);
      for (const manifest of manifests) {
        expect(manifest.bytes).toBeLessThanOrEqual(limit);
      }
    }
  });

  test('the same input gives the same plan', () => {
    expect(JSON.stringify(planDelivery([namespace('shop')], estate(500)))).toBe(
      JSON.stringify(planDelivery([namespace('shop')], estate(500))),
    );
    expect(JSON.stringify(planDelivery(namespaces(1200), []))).toBe(
      JSON.stringify(planDelivery([...namespaces(1200)].reverse(), [])),
    );
  });
});
