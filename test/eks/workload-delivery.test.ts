import { CfnElement, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as cdk8s from 'cdk8s';
import { Construct } from 'constructs';
import { RenderedObject } from '../../lib/eks/delivery';
import { EksEnvironment } from '../../lib/eks/eks-environment';
import { DeliverableWorkload, WorkloadDelivery, WorkloadDeliveryOptions } from '../../lib/eks/workload-delivery';
import { EstateTranslation } from '../../lib/translate/estate-translation';
import { ENV, NO_ADDONS, offlineApp } from './helpers';

/** A compiled estate reduced to what `WorkloadDelivery` reads: its rendered Namespaces and one object per workload. */
class StubEstate extends Construct implements DeliverableWorkload {
  readonly translation: EstateTranslation;

  constructor(
    private readonly namespaces: readonly RenderedObject[],
    private readonly workloads: readonly RenderedObject[],
  ) {
    super(new cdk8s.App(), 'estate');
    this.translation = {
      namespaces,
      workloads: workloads.map((object) => ({ translation: { objects: [object] }, report: { kind: 'app' } })),
      failures: [],
      secrets: [],
      nodeLabels: [],
      nodeTaints: [],
    } as unknown as EstateTranslation;
  }

  toJson(): unknown[] {
    return [...this.namespaces, ...this.workloads];
  }
}

const namespace = (i: number): RenderedObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: {
    name: `team-${String(i).padStart(4, '0')}`,
    labels: { 'app.kubernetes.io/managed-by': 'marathon-to-eks' },
  },
});
const deployment = (i: number): RenderedObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: `app-${i}`, namespace: `team-${String(i).padStart(4, '0')}` },
});

describe('workload delivery', () => {
  test('when the namespace count doubles, a namespace stays in its bucket or moves to its new sibling, which is applied first', () => {
    // The same estate, grown from 600 to 1,200 namespaces and from 2 namespace manifests to 4, in stacks of the same shape.
    const app = offlineApp();
    const deliver = (
      id: string,
      count: number,
      options: WorkloadDeliveryOptions,
    ): { stack: Stack; delivery: WorkloadDelivery } => {
      const stack = new Stack(app, id, { env: ENV });
      const environment = new EksEnvironment(stack, 'Eks', { addons: NO_ADDONS });
      const estate = new StubEstate(
        Array.from({ length: count }, (_, i) => namespace(i)),
        Array.from({ length: 40 }, (_, i) => deployment(i)),
      );
      return { stack, delivery: environment.addWorkload(estate, options) };
    };
    const before = deliver('Before', 600, { namespaceBucketCount: 2, bucketCount: 2 });
    const after = deliver('After', 1200, { namespaceBucketCount: 4, bucketCount: 2 });
    const unpinned = deliver('Unpinned', 10, {});
    const assembly = app.synth();
    const manifestsOf = (stack: Stack) => {
      const resources = Template.fromJSON(assembly.getStackByName(stack.stackName).template).findResources(
        eks.KubernetesManifest.RESOURCE_TYPE,
      );
      return new Map(
        Object.entries(resources).map(([id, resource]) => [
          id,
          {
            names: (JSON.parse(resource.Properties.Manifest) as RenderedObject[]).map((o) => o.metadata?.name),
            dependsOn: (resource.DependsOn ?? []) as string[],
            pruneLabel: resource.Properties.PruneLabel,
            deletionPolicy: resource.DeletionPolicy,
          },
        ]),
      );
    };
    const idOf = (stack: Stack, manifest: eks.KubernetesManifest) =>
      stack.getLogicalId(manifest.node.defaultChild as CfnElement);

    // Each namespace manifest is `Namespaces<bucket index>`: the existing ones keep their logical ids.
    expect(before.delivery.namespaceManifests.map((m) => m.node.id)).toEqual(['Namespaces0', 'Namespaces1']);
    expect(after.delivery.namespaceManifests.map((m) => m.node.id)).toEqual([
      'Namespaces0',
      'Namespaces1',
      'Namespaces2',
      'Namespaces3',
    ]);
    const [was, is] = [manifestsOf(before.stack), manifestsOf(after.stack)];
    const beforeIds = before.delivery.namespaceManifests.map((m) => idOf(before.stack, m));
    const afterIds = after.delivery.namespaceManifests.map((m) => idOf(after.stack, m));
    expect(afterIds.slice(0, 2)).toEqual(beforeIds);

    // A namespace of manifest i is still in i or in its new sibling i + 2, and the sibling is applied before i.
    for (const [i, id] of beforeIds.entries()) {
      const stays = new Set(is.get(id)?.names);
      const moves = new Set(is.get(afterIds[i + 2])?.names);
      for (const name of was.get(id)?.names ?? []) {
        expect([name, stays.has(name) || moves.has(name)]).toEqual([name, true]);
      }
      expect(moves.size).toBeGreaterThan(0);
      expect(is.get(id)?.dependsOn).toContain(afterIds[i + 2]);
      expect(is.get(afterIds[i + 2])?.dependsOn).not.toContain(id);
    }
    expect(is.get(afterIds[1])?.dependsOn).not.toContain(afterIds[0]);

    // And no manifest ever deletes a Namespace (and all in it): applied without --prune, retained by CloudFormation
    // when it leaves the template, whatever an upgrade from the earlier, unhashed packing reshuffles.
    for (const id of afterIds) {
      expect([id, is.get(id)?.pruneLabel, is.get(id)?.deletionPolicy]).toEqual([id, undefined, 'Retain']);
    }

    // Every workload bucket waits for every namespace manifest.
    for (const bucket of after.delivery.manifests) {
      expect(bucket.node.dependencies).toEqual(expect.arrayContaining([...after.delivery.namespaceManifests]));
    }

    // Unpinned, a small estate keeps the single `Namespaces0`, and the counts to pin are reported.
    expect(unpinned.delivery.namespaceManifests.map((m) => m.node.id)).toEqual(['Namespaces0']);
    const info = Annotations.fromStack(unpinned.stack).findInfo('*', Match.stringLikeRegexp('Namespaces in'));
    expect(info.map((message) => message.entry.data)).toEqual([
      'estate: 40 workloads in 1 buckets, 10 Namespaces in 1; once deployed, pin them with addWorkload(workload, { bucketCount: 1, namespaceBucketCount: 1 })',
    ]);
  }, 60_000);
});
