import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { EksEnvironment } from '../../lib/eks/eks-environment';
import {
  DEFAULT_NODE_GROUP,
  NODE_GROUP_LABEL,
  defaultNodeGroups,
  nodeGroupsFromPlan,
  resolveNodeGroup,
} from '../../lib/eks/node-groups';
import { planCapacity } from '../../lib/capacity/plan';
import { demand } from '../helpers/demand';
import { ENV, offlineApp, synthesize } from './helpers';

interface NodegroupProperties {
  readonly NodegroupName?: unknown;
  readonly InstanceTypes: string[];
  readonly Labels: Record<string, string>;
  readonly Subnets: unknown[];
  readonly ScalingConfig: { MinSize: number; DesiredSize: number; MaxSize: number };
}

const nodegroupsOf = (template: Template) =>
  Object.entries(template.findResources('AWS::EKS::Nodegroup')).map(([id, r]) => ({
    id,
    ...(r as { Properties: NodegroupProperties }).Properties,
  }));

describe('node groups', () => {
  test('a node group is replaceable: two synths with different instance types give no fixed NodegroupName', () => {
    const synth = (type: string) =>
      nodegroupsOf(
        synthesize(
          { nodeGroups: [{ name: 'general', instanceTypes: [type], minSize: 3, maxSize: 9 }] },
          undefined,
          false,
        ).templates.get('Platform') as Template,
      );
    const [before] = synth('m6i.large');
    const [after] = synth('m6i.xlarge');
    // The same logical id (CloudFormation replaces the resource in place of the old one)…
    expect(after.id).toBe(before.id);
    expect([before.InstanceTypes, after.InstanceTypes]).toEqual([['m6i.large'], ['m6i.xlarge']]);
    // …under a name CloudFormation generates, so the replacement does not collide with the group it replaces.
    expect(before).not.toHaveProperty('NodegroupName');
    expect(after).not.toHaveProperty('NodegroupName');
    // People and selectors find the group's nodes by its label.
    expect([before.Labels, after.Labels]).toEqual([
      { [NODE_GROUP_LABEL]: 'general' },
      { [NODE_GROUP_LABEL]: 'general' },
    ]);
  }, 60_000);

  test('a node group added to the environment’s cluster without an amiType runs Amazon Linux 2023 too', () => {
    // Ours always name their AMI type; aws-eks-v2 picks a missing one by @aws-cdk/aws-eks:defaultToAL2023, which the
    // environment sets for its scope (AL2 has no AMIs for Kubernetes 1.33 and later).
    const stack = new Stack(offlineApp(), 'Platform', { env: ENV });
    const environment = new EksEnvironment(stack, 'Eks', {
      addons: { clusterAutoscaler: false, ebsCsi: false, externalSecrets: false, monitoring: false },
    });
    environment.cluster.addNodegroupCapacity('Mine', { instanceTypes: [new ec2.InstanceType('m6i.large')] });
    const amiTypes = Object.values(Template.fromStack(stack).findResources('AWS::EKS::Nodegroup')).map(
      (r) => (r as { Properties: { AmiType: string } }).Properties.AmiType,
    );
    expect(new Set(amiTypes)).toEqual(new Set(['AL2023_x86_64_STANDARD']));
  }, 60_000);

  test('without workloads or node groups: general-az1 … -az3, one private subnet each; without monitoring one group over every AZ', () => {
    const main = synthesize({}, undefined, false).templates.get('Platform') as Template;
    const groups = nodegroupsOf(main);
    expect(groups.map((g) => [g.id.replace(/[0-9A-F]{8}$/, ''), g.InstanceTypes, g.ScalingConfig])).toEqual(
      [1, 2, 3].map((n) => [
        `EksClusterNodegroupgeneralaz${n}`,
        ['m6i.large'],
        { MinSize: 1, DesiredSize: 1, MaxSize: 3 },
      ]),
    );
    // One label value for the three (the Cluster Autoscaler balances similar groups only when their labels match).
    for (const group of groups) {
      expect(group.Labels).toEqual({ [NODE_GROUP_LABEL]: 'general' });
    }
    expect(groups.map((g) => g.Subnets.length)).toEqual([1, 1, 1]);
    expect(new Set(groups.map((g) => JSON.stringify(g.Subnets[0]))).size).toBe(3);
    main.hasResourceProperties('AWS::EKS::Nodegroup', { NodegroupName: Match.absent() });

    expect(defaultNodeGroups({ zones: 3, zonalVolumes: false })).toEqual([DEFAULT_NODE_GROUP]);
    const plain = nodegroupsOf(
      synthesize({ addons: { monitoring: false } }, undefined, false).templates.get('Platform') as Template,
    );
    expect(plain.map((g) => [g.Labels, g.Subnets.length, g.ScalingConfig])).toEqual([
      [{ [NODE_GROUP_LABEL]: 'general' }, 3, { MinSize: 3, DesiredSize: 3, MaxSize: 9 }],
    ]);
  }, 60_000);

  test('a plan’s AZ groups become node groups with their zone and the label of the plan group', () => {
    const plan = planCapacity([
      demand('data/app-db', 3, 500, 1024, { zonalVolumes: true, nodeSelector: { 'node-class': 'storage' } }),
    ]);
    const specs = nodeGroupsFromPlan(plan);
    expect(specs.map((spec) => [spec.name, spec.zone])).toEqual([
      ['node-class-storage-az1', 0],
      ['node-class-storage-az2', 1],
      ['node-class-storage-az3', 2],
    ]);
    for (const spec of specs) {
      expect(resolveNodeGroup(spec).group?.labels).toEqual({
        'node-class': 'storage',
        [NODE_GROUP_LABEL]: 'node-class-storage',
      });
    }
    // A label the spec sets itself wins; a name without the AZ's suffix stays whole.
    expect(resolveNodeGroup({ name: 'db-a', zone: 0 }).group?.labels).toEqual({ [NODE_GROUP_LABEL]: 'db-a' });
    expect(
      resolveNodeGroup({ name: 'db-az1', zone: 0, labels: { [NODE_GROUP_LABEL]: 'database' } }).group?.labels,
    ).toEqual({ [NODE_GROUP_LABEL]: 'database' });
  });

  test('zone: a whole number ≥ 0, and an AZ the VPC has private subnets in', () => {
    expect(resolveNodeGroup({ name: 'db', zone: -1 }).problems).toEqual([
      'node group "db": zone must be a whole number ≥ 0 (the index of the VPC\'s AZ), got -1',
    ]);
    expect(resolveNodeGroup({ name: 'db', zone: 0.5 }).problems).toHaveLength(1);
    expect(resolveNodeGroup({ name: 'db', zone: 2 }).group?.zone).toBe(2);
    const app: App = offlineApp();
    new EksEnvironment(new Stack(app, 'Platform', { env: ENV }), 'Eks', {
      nodeGroups: [{ name: 'general' }, { name: 'db-az4', zone: 3 }],
    });
    expect(() => app.synth()).toThrow(
      'node group "db-az4": zone 3 is the VPC\'s AZ 4, but the VPC has private subnets (with egress) in 3 AZs',
    );
  });
});
