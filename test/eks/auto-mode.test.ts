import { KubectlV36Layer } from '@aws-cdk/lambda-layer-kubectl-v36';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { NodePoolPlan } from '../../lib/capacity/node-pools';
import { AutoModeCapacityOptions } from '../../lib/eks/capacity/capacity';
import {
  AUTO_MODE_EBS_PROVISIONER,
  AUTO_MODE_NODE_CLASS,
  AutoModeNodePools,
  AutoModeStorage,
  autoModeCompute,
  autoModeNodeClassObject,
  autoModeNodePoolObjects,
  autoModeProblems,
  autoModeStorageClassObject,
  resolveBuiltInNodePools,
} from '../../lib/eks/capacity/auto-mode';
import { validateKubeObjects } from '../../lib/validate/kubernetes';
import { ENV, offlineApp } from './helpers';

const general: NodePoolPlan = {
  name: 'general',
  labels: { 'marathon-to-eks/node-group': 'general' },
  requirements: [],
  unmetLabels: [],
  taints: [],
  arch: 'amd64',
  gpu: false,
  instanceFamilies: ['m6i', 'm7i'],
  instanceSizes: ['large', 'xlarge', '2xlarge'],
  candidateTypes: ['m6i.2xlarge', 'm6i.large', 'm6i.xlarge', 'm7i.large'],
  plannedType: 'm6i.xlarge',
  plannedNodes: 3,
  maxNodes: 6,
  limits: { cpu: 24, memoryMib: 98304 },
  weight: 100,
  zonal: false,
  groups: ['general'],
};

const gpu: NodePoolPlan = {
  ...general,
  name: 'gpu',
  labels: { 'marathon-to-eks/node-group': 'gpu', gpu: 'true' },
  taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }],
  gpu: true,
  instanceFamilies: ['g5'],
  instanceSizes: ['xlarge'],
  candidateTypes: ['g5.xlarge'],
  plannedType: 'g5.xlarge',
  plannedNodes: 1,
  maxNodes: 2,
  limits: { cpu: 8, memoryMib: 32768 },
  weight: 50,
  groups: ['gpu-az1', 'gpu-az2'],
  zonal: true,
};

interface Requirement {
  key: string;
  operator: string;
  values: string[];
}
interface NodePool {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        nodeClassRef: { group: string; kind: string; name: string };
        requirements: Requirement[];
        taints?: unknown[];
        expireAfter: string;
      };
    };
    disruption: { consolidationPolicy: string; consolidateAfter: string; budgets: { nodes: string }[] };
    limits: { cpu: string; memory: string };
    weight: number;
  };
}

const pools = (options: AutoModeCapacityOptions = {}) =>
  autoModeNodePoolObjects([general, gpu], options) as unknown as NodePool[];

/** An aws-eks-v2 cluster made with `autoModeCompute`, offline. */
function autoModeCluster(options: AutoModeCapacityOptions = {}) {
  const stack = new Stack(offlineApp(), 'Platform', { env: ENV });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_36,
    kubectlProviderOptions: { kubectlLayer: new KubectlV36Layer(stack, 'KubectlLayer') },
    ...autoModeCompute(options),
  });
  return { stack, cluster };
}

/** The manifest objects of every KubernetesManifest in a template. */
function manifests(template: Template): Record<string, unknown>[] {
  return Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesResource')).flatMap((resource) => {
    const manifest = (resource as { Properties: { Manifest: unknown } }).Properties.Manifest;
    // The manifest is a JSON string, or an Fn::Join of one around tokens (role names, subnet ids).
    const text =
      typeof manifest === 'string'
        ? manifest
        : (manifest as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1]
            .map((part) => (typeof part === 'string' ? part : 'TOKEN'))
            .join('');
    return JSON.parse(text) as Record<string, unknown>[];
  });
}

describe('Auto Mode cluster (autoModeCompute on a bare aws-eks-v2 Cluster)', () => {
  test('computeConfig enabled with both built-in pools and a node role; block storage and load balancing on', () => {
    const { stack } = autoModeCluster();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EKS::Cluster', {
      ComputeConfig: {
        Enabled: true,
        NodePools: ['system', 'general-purpose'],
        NodeRoleArn: Match.objectLike({ 'Fn::GetAtt': Match.anyValue() }),
      },
      StorageConfig: { BlockStorage: { Enabled: true } },
      KubernetesNetworkConfig: Match.objectLike({ ElasticLoadBalancing: { Enabled: true } }),
    });
    template.resourceCountIs('AWS::EKS::Nodegroup', 0);
  }, 60_000);

  test('without built-in pools: no node role in computeConfig, and AutoModeNodePools makes NodeClass, role and EC2 access entry', () => {
    const options: AutoModeCapacityOptions = { builtInNodePools: [] };
    const { stack, cluster } = autoModeCluster(options);
    const nodePools = new AutoModeNodePools(stack, 'NodePools', { cluster, pools: [general], options });
    const template = Template.fromStack(stack);
    const [resource] = Object.values(template.findResources('AWS::EKS::Cluster')) as {
      Properties: { ComputeConfig: Record<string, unknown> };
    }[];
    expect(resource.Properties.ComputeConfig).toEqual({ Enabled: true, NodePools: [] });
    template.hasResourceProperties('AWS::EKS::AccessEntry', {
      Type: 'EC2',
      AccessPolicies: [
        {
          AccessScope: { Type: 'cluster' },
          PolicyArn: Match.objectLike({
            'Fn::Join': ['', Match.arrayWith([':eks::aws:cluster-access-policy/AmazonEKSAutoNodePolicy'])],
          }),
        },
      ],
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'ec2.amazonaws.com' } })],
      }),
      ManagedPolicyArns: [
        Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':iam::aws:policy/AmazonEKSWorkerNodeMinimalPolicy'])] }),
        Match.objectLike({
          'Fn::Join': ['', Match.arrayWith([':iam::aws:policy/AmazonEC2ContainerRegistryPullOnly'])],
        }),
      ],
    });
    const objects = manifests(template);
    const nodeClass = objects.find((o) => o.kind === 'NodeClass') as { spec: Record<string, unknown[]> };
    expect(nodeClass).toMatchObject({ apiVersion: 'eks.amazonaws.com/v1', metadata: { name: AUTO_MODE_NODE_CLASS } });
    expect(nodeClass.spec.subnetSelectorTerms).toHaveLength(cluster.vpc.privateSubnets.length);
    expect(nodeClass.spec.securityGroupSelectorTerms).toHaveLength(1);
    const pool = objects.find((o) => o.kind === 'NodePool') as unknown as NodePool;
    expect(pool.spec.template.spec.nodeClassRef).toEqual({
      group: 'eks.amazonaws.com',
      kind: 'NodeClass',
      name: AUTO_MODE_NODE_CLASS,
    });
    expect(nodePools.nodeRole).toBeDefined();
    // The pools are applied after their NodeClass.
    expect(nodePools.nodePools?.node.dependencies).toContain(nodePools.nodeClass);
  }, 60_000);

  test('the NodePools manifest: eks.amazonaws.com keys, the default NodeClass, weights above the built-ins’ 0, limits', () => {
    const { stack, cluster } = autoModeCluster();
    new AutoModeNodePools(stack, 'NodePools', { cluster, pools: [general, gpu], options: {} });
    const template = Template.fromStack(stack);
    const objects = manifests(template).filter((o) => o.kind === 'NodePool') as unknown as NodePool[];
    expect(objects.map((o) => o.metadata.name)).toEqual(['general', 'gpu']);
    expect(objects.map((o) => o.spec.weight)).toEqual([100, 50]);
    for (const object of objects) {
      expect(object.apiVersion).toBe('karpenter.sh/v1');
      expect(object.spec.weight).toBeGreaterThan(0);
      expect(object.spec.template.spec.nodeClassRef).toEqual({
        group: 'eks.amazonaws.com',
        kind: 'NodeClass',
        name: 'default',
      });
      const keys = object.spec.template.spec.requirements.map((r) => r.key);
      expect(keys).toEqual([
        'kubernetes.io/arch',
        'karpenter.sh/capacity-type',
        'eks.amazonaws.com/instance-family',
        'eks.amazonaws.com/instance-size',
      ]);
    }
    expect(objects[0].spec.limits).toEqual({ cpu: '24', memory: '98304Mi' });
    // No NodeClass of ours while a built-in pool keeps the default one.
    expect(manifests(template).filter((o) => o.kind === 'NodeClass')).toEqual([]);
    template.resourceCountIs('AWS::EKS::AccessEntry', 1); // the kubectl handler's only
  }, 60_000);

  test('the StorageClass manifest: Auto Mode’s provisioner, encrypted gp3, default, the cluster tag; its role may tag', () => {
    const { stack, cluster } = autoModeCluster();
    const storage = new AutoModeStorage(stack, 'Storage', { cluster, clusterName: 'Platform-Eks' });
    expect(storage.storageClassName).toBe('gp3');
    expect(AutoModeStorage.pods()).toEqual([]);
    const template = Template.fromStack(stack);
    const [storageClass] = manifests(template).filter((o) => o.kind === 'StorageClass');
    // The kubectl handler's prune label aside, the object is as written.
    const { labels, ...metadata } = storageClass.metadata as Record<string, unknown>;
    expect(Object.keys(labels as object)).toEqual([expect.stringMatching(/^aws\.cdk\.eks\/prune-/)]);
    expect({ ...storageClass, metadata }).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'ebs.csi.eks.amazonaws.com',
      parameters: {
        type: 'gp3',
        encrypted: 'true',
        'csi.storage.k8s.io/fstype': 'ext4',
        tagSpecification_1: 'marathon-to-eks/cluster=Platform-Eks',
      },
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
      reclaimPolicy: 'Delete',
      allowedTopologies: [{ matchLabelExpressions: [{ key: 'eks.amazonaws.com/compute-type', values: ['auto'] }] }],
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AutoModeVolumeTags',
            Action: ['ec2:CreateVolume', 'ec2:CreateSnapshot'],
            Condition: {
              StringEquals: { 'aws:RequestTag/eks:eks-cluster-name': '${aws:PrincipalTag/eks:eks-cluster-name}' },
            },
          }),
        ]),
      },
    });
    // The cluster role carries the Auto Mode managed policies aws-eks-v2 attaches.
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: Match.arrayWith([
        Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':iam::aws:policy/AmazonEKSBlockStoragePolicy'])] }),
      ]),
    });
  }, 60_000);
});

describe('Auto Mode objects (pure)', () => {
  test('the planned pools use the eks.amazonaws.com instance labels and drop kubernetes.io/os, which Auto Mode rejects', () => {
    const [first, second] = pools();
    expect(first.spec.template.spec.requirements).toEqual([
      { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
      { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
      { key: 'eks.amazonaws.com/instance-family', operator: 'In', values: ['m6i', 'm7i'] },
      { key: 'eks.amazonaws.com/instance-size', operator: 'In', values: ['large', 'xlarge', '2xlarge'] },
    ]);
    expect(first.spec.template.metadata.labels).toEqual({ 'marathon-to-eks/node-group': 'general' });
    expect(first.spec.template.spec).not.toHaveProperty('taints');
    // A GPU pool needs nothing of Auto Mode beyond its families: the NVIDIA driver and device plugin are built in.
    expect(second.spec.template.spec.requirements[2]).toEqual({
      key: 'eks.amazonaws.com/instance-family',
      operator: 'In',
      values: ['g5'],
    });
    expect(second.spec.template.spec.taints).toEqual([{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }]);
  });

  test('a node lives 14 days unless told otherwise (Auto Mode’s maximum is 21); the other options pass through', () => {
    expect(pools()[0].spec.template.spec.expireAfter).toBe('336h');
    const [pool] = pools({
      expireAfter: '240h',
      capacityTypes: ['spot', 'on-demand'],
      consolidationPolicy: 'WhenEmpty',
      consolidateAfter: '1h',
      disruptionBudget: '2',
    });
    expect(pool.spec.template.spec.expireAfter).toBe('240h');
    expect(pool.spec.template.spec.requirements[1].values).toEqual(['on-demand', 'spot']);
    expect(pool.spec.disruption).toEqual({
      consolidationPolicy: 'WhenEmpty',
      consolidateAfter: '1h',
      budgets: [{ nodes: '2' }],
    });
  });

  test('plannedNodePools: false gives no NodePool; no built-in pool points the pools at our NodeClass', () => {
    expect(pools({ plannedNodePools: false })).toEqual([]);
    expect(pools({ builtInNodePools: [] }).map((p) => p.spec.template.spec.nodeClassRef.name)).toEqual([
      AUTO_MODE_NODE_CLASS,
      AUTO_MODE_NODE_CLASS,
    ]);
    expect(pools({ builtInNodePools: ['system'] })[0].spec.template.spec.nodeClassRef.name).toBe('default');
  });

  test('autoModeCompute: Auto Mode, the valid built-in pools in Auto Mode’s order, a given node role only with pools', () => {
    expect(autoModeCompute()).toEqual({
      defaultCapacityType: eks.DefaultCapacityType.AUTOMODE,
      compute: { nodePools: ['system', 'general-purpose'] },
    });
    expect(
      resolveBuiltInNodePools({
        builtInNodePools: ['general-purpose', 'bogus' as 'system', 'general-purpose', 'system'],
      }),
    ).toEqual(['system', 'general-purpose']);
    expect(autoModeCompute({ builtInNodePools: [] }).compute).toEqual({ nodePools: [] });
  });

  test('the NodeClass names its role, subnets and security groups by id', () => {
    expect(
      autoModeNodeClassObject({
        roleName: 'node-role',
        subnetIds: ['subnet-1', 'subnet-2'],
        securityGroupIds: ['sg-1'],
      }),
    ).toEqual({
      apiVersion: 'eks.amazonaws.com/v1',
      kind: 'NodeClass',
      metadata: { name: AUTO_MODE_NODE_CLASS },
      spec: {
        role: 'node-role',
        subnetSelectorTerms: [{ id: 'subnet-1' }, { id: 'subnet-2' }],
        securityGroupSelectorTerms: [{ id: 'sg-1' }],
      },
    });
  });

  test('problems: the shared option checks, unknown built-in pools, nothing to run on, a lifetime past 21 days', () => {
    expect(autoModeProblems({})).toEqual([]);
    expect(autoModeProblems({ builtInNodePools: [], plannedNodePools: true })).toEqual([]);
    expect(
      autoModeProblems({
        consolidateAfter: 'soon',
        builtInNodePools: ['gpu' as 'system'],
        plannedNodePools: false,
        expireAfter: '720h',
      }),
    ).toEqual([
      expect.stringContaining('capacity.consolidateAfter must be a duration'),
      expect.stringContaining('"gpu" is not a built-in pool of EKS Auto Mode'),
      expect.stringContaining('no pod could run'),
      expect.stringContaining('at most, got "720h"'),
    ]);
    expect(autoModeProblems({ expireAfter: 'Never' }, 'autoMode')).toEqual([
      expect.stringContaining('autoMode.expireAfter: EKS Auto Mode replaces a node after 504h'),
    ]);
    expect(autoModeProblems({ expireAfter: '504h' })).toEqual([]);
    expect(autoModeProblems({ expireAfter: '503h60m1s' })).toHaveLength(1);
  });

  test('the StorageClass without the default annotation when asked', () => {
    const object = autoModeStorageClassObject({ name: 'ebs', defaultClass: false, clusterName: 'c' });
    expect(object).toMatchObject({ metadata: { name: 'ebs' }, provisioner: AUTO_MODE_EBS_PROVISIONER });
    expect(object.metadata).not.toHaveProperty('annotations');
  });

  test('the StorageClass passes strict validation', () => {
    expect(
      validateKubeObjects([autoModeStorageClassObject({ name: 'gp3', defaultClass: true, clusterName: 'c' })]),
    ).toEqual([]);
  });

  // The karpenter.sh/v1 NodePool schema (karpenter-provider-aws v1.14.1) stands in for Auto Mode's, which is not
  // published; Auto Mode's NodeClass (eks.amazonaws.com/v1) has no published schema either and stays out of this check.
  test('every emitted NodePool passes strict validation', () => {
    expect(validateKubeObjects([...pools(), ...pools({ builtInNodePools: [], capacityTypes: ['spot'] })])).toEqual([]);
  });
});
