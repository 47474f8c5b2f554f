import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import * as cdk8s from 'cdk8s';
import { Capacity } from '../../lib/eks/capacity/capacity';
import { loadEstate } from '../../lib/marathon/load/estate';
import { LoadResult } from '../../lib/marathon/load/definition';
import { validateKubeObjects } from '../../lib/validate/kubernetes';
import { MarathonWorkload } from '../../lib/workload/marathon-workload';
import { Synthesized, expectNagClean, expectNoCredentials, flatten, manifestsOf, synthesize } from './helpers';

/*
 * The example estate on each capacity mode, with cdk-nag, as bin/app.ts synthesizes it with
 * `-c marathon-to-eks:capacity=node-groups|karpenter|auto-mode`: the resources of the mode exist, those of the
 * others do not, every NodePool is the plan's and passes strict validation.
 */

const EXAMPLES = path.join(__dirname, '../../examples/estate');

interface Named {
  readonly kind?: string;
  readonly apiVersion?: string;
  readonly metadata?: { readonly name?: string };
  readonly spec?: Record<string, unknown>;
}

function charts(template: Template): string[] {
  return Object.values(template.findResources('Custom::AWSCDK-EKS-HelmChart'))
    .map((resource) => (resource as { Properties: { Chart: string } }).Properties.Chart)
    .sort();
}

function objects(template: Template): Named[] {
  return manifestsOf(template).flat() as Named[];
}

let estate: LoadResult;
beforeAll(async () => {
  estate = await loadEstate({ paths: [EXAMPLES] });
});

describe.each([
  ['node-groups', () => Capacity.nodeGroups()],
  ['karpenter', () => Capacity.karpenter()],
  ['auto-mode', () => Capacity.autoMode()],
] as const)('capacity %s with the example estate', (mode, capacity) => {
  let result: Synthesized;
  let main: Template;

  beforeAll(() => {
    // As bin/app.ts: the estate in `workloads`, so the node groups or NodePools are planned for it.
    result = synthesize({
      capacity: capacity(),
      workloads: [
        new MarathonWorkload(new cdk8s.App(), 'estate', { definitions: estate.definitions, groups: estate.groups }),
      ],
    });
    main = result.templates.get('Platform') as Template;
  }, 180_000);

  test('the resources of the mode, and none of the others', () => {
    const nodegroups = main.findResources('AWS::EKS::Nodegroup');
    const installed = charts(main);
    const cluster = Object.values(main.findResources('AWS::EKS::Cluster'))[0] as {
      Properties: { ComputeConfig?: { Enabled?: boolean } };
    };
    const pools = objects(main).filter((object) => object.kind === 'NodePool');
    switch (mode) {
      case 'node-groups':
        expect(installed).toContain('cluster-autoscaler');
        expect(installed).not.toContain('karpenter');
        expect(Object.keys(nodegroups).length).toBeGreaterThan(1);
        expect(pools).toEqual([]);
        expect(cluster.Properties.ComputeConfig?.Enabled ?? false).toBe(false);
        expect(Object.keys(main.findResources('AWS::SQS::Queue'))).toEqual([]);
        break;
      case 'karpenter':
        expect(installed).toContain('karpenter');
        expect(installed).not.toContain('cluster-autoscaler');
        // Only the controller's own group.
        expect(Object.keys(nodegroups)).toHaveLength(1);
        expect(result.environment.nodeGroupSpecs.map((group) => group.name)).toEqual(['karpenter']);
        expect(pools.length).toBe(result.environment.nodePools.length);
        expect(objects(main).filter((object) => object.kind === 'EC2NodeClass')).toHaveLength(1);
        expect(Object.keys(main.findResources('AWS::SQS::Queue'))).toHaveLength(1);
        {
          // The NodePools apply after the chart (CRDs) and after the node role's access entry (nodes can join).
          const manifest = Object.values(main.findResources('Custom::AWSCDK-EKS-KubernetesResource')).find((resource) =>
            flatten((resource as { Properties: { Manifest: unknown } }).Properties.Manifest).includes('"EC2NodeClass"'),
          ) as { DependsOn?: string[] };
          const entry = Object.keys(main.findResources('AWS::EKS::AccessEntry', { Properties: { Type: 'EC2_LINUX' } }));
          expect(entry).toHaveLength(1);
          expect(manifest.DependsOn).toEqual(expect.arrayContaining([entry[0]]));
        }
        expect(cluster.Properties.ComputeConfig?.Enabled ?? false).toBe(false);
        break;
      case 'auto-mode':
        expect(installed).not.toContain('karpenter');
        expect(installed).not.toContain('cluster-autoscaler');
        expect(nodegroups).toEqual({});
        expect(cluster.Properties.ComputeConfig?.Enabled).toBe(true);
        expect(pools.length).toBe(result.environment.nodePools.length);
        expect(result.environment.ebsCsi).toBeUndefined();
        // Auto Mode's nodes run the Pod Identity agent themselves; its add-on would run a second one.
        expect(
          Object.keys(main.findResources('AWS::EKS::Addon', { Properties: { AddonName: 'eks-pod-identity-agent' } })),
        ).toEqual([]);
        expect(Object.keys(main.findResources('AWS::EKS::PodIdentityAssociation')).length).toBeGreaterThan(0);
        expect(
          Object.keys(main.findResources('AWS::EKS::Addon', { Properties: { AddonName: 'aws-ebs-csi-driver' } })),
        ).toEqual([]);
        break;
    }
  });

  test('NodePools: one per planned pool, with its name, limits and weight, and strictly valid', () => {
    const pools = objects(main).filter((object) => object.kind === 'NodePool');
    const planned = result.environment.nodePools;
    expect(pools.map((pool) => pool.metadata?.name)).toEqual(planned.map((pool) => pool.name));
    pools.forEach((pool, i) => {
      expect(pool.spec).toMatchObject({
        limits: { cpu: String(planned[i].limits.cpu), memory: `${planned[i].limits.memoryMib}Mi` },
        weight: planned[i].weight,
      });
    });
    const custom = objects(main).filter((object) => /karpenter|eks\.amazonaws\.com/.test(object.apiVersion ?? ''));
    // The subnets' and the cluster security group's ids are tokens until deploy: validated as the ids EC2 gives them.
    const deployed = JSON.parse(
      JSON.stringify(custom).replace(/"(subnet|securityGroup)SelectorTerms":\[[^\]]*\]/g, (terms, kind: string) =>
        terms.replace(/"<token>"/g, kind === 'subnet' ? '"subnet-0123456789abcdef0"' : '"sg-0123456789abcdef0"'),
      ),
    ) as unknown[];
    expect(validateKubeObjects(deployed)).toEqual([]);
  });

  test('the monitoring volumes get a StorageClass, from the EBS CSI add-on or Auto Mode', () => {
    expect(result.environment.blockStorage?.storageClassName).toBe(result.environment.monitoring ? 'gp3' : undefined);
    const classes = objects(main).filter((object) => object.kind === 'StorageClass');
    expect(classes.map((object) => object.metadata?.name)).toEqual(['gp3']);
  });

  test('cdk-nag AwsSolutions: no unacknowledged finding, each acknowledgement with a reason', () => {
    expectNagClean(result, 10);
  });

  test('no secret value or password in any template or manifest', () => {
    expectNoCredentials(result);
  });
});
