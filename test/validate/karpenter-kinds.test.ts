import { crdKindOf } from '../../lib/validate/crd-schema';
import karpenter from '../../lib/validate/crd-schemas-karpenter.generated.json';
import { amiAliasProblem, restrictedLabelProblem } from '../../lib/validate/kube-karpenter';
import { validateKubeObject, validateKubeObjects } from '../../lib/validate/kubernetes';

/**
 * Karpenter's NodePool (karpenter.sh/v1) and EC2NodeClass (karpenter.k8s.aws/v1): their CRD schemas
 * (aws/karpenter-provider-aws v1.14.1 pkg/apis/crds) and the CEL rules and run-time validation kube-karpenter.ts
 * checks; an EKS Auto Mode NodePool (same kind, `eks.amazonaws.com` node class and labels) passes them.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- objects edited by path
type Obj = any;

function nodePool(): Obj {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: 'general' },
    spec: {
      template: {
        metadata: { labels: { 'marathon-to-eks/node-group': 'general' } },
        spec: {
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'marathon-to-eks' },
          requirements: [
            { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
            { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
            { key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: ['m6i', 'm7i'] },
          ],
          expireAfter: '720h',
        },
      },
      disruption: {
        consolidationPolicy: 'WhenEmptyOrUnderutilized',
        consolidateAfter: '5m',
        budgets: [{ nodes: '10%' }],
      },
      limits: { cpu: '48', memory: '196608Mi' },
      weight: 100,
    },
  };
}

function autoModePool(): Obj {
  const pool = nodePool();
  pool.spec.template.spec.nodeClassRef = { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' };
  pool.spec.template.spec.requirements = [
    { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
    { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand', 'spot'] },
    { key: 'eks.amazonaws.com/instance-family', operator: 'In', values: ['m6i'] },
    { key: 'eks.amazonaws.com/instance-size', operator: 'In', values: ['large', 'xlarge'] },
  ];
  return pool;
}

function nodeClass(): Obj {
  return {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: { name: 'marathon-to-eks' },
    spec: {
      amiSelectorTerms: [{ alias: 'al2023@v20260714' }],
      role: 'KarpenterNodeRole',
      subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'c' } }],
      securityGroupSelectorTerms: [{ id: 'sg-0123456789abcdef0' }],
    },
  };
}

function problemsAfter(make: () => Obj, edit: (o: Obj) => void): unknown {
  const object = make();
  edit(object);
  return validateKubeObject(object);
}

const one = (path: string, fragment: string) => [{ path, message: expect.stringContaining(fragment) }];

describe('the Karpenter table', () => {
  test('records its source and covers NodePool and EC2NodeClass, cluster-scoped', () => {
    expect(karpenter.source).toEqual({
      repository: 'aws/karpenter-provider-aws',
      tag: 'v1.14.1',
      files: {
        'pkg/apis/crds/karpenter.k8s.aws_ec2nodeclasses.yaml': expect.stringMatching(/^[0-9a-f]{64}$/),
        'pkg/apis/crds/karpenter.sh_nodepools.yaml': expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    });
    expect(Object.keys(karpenter.kinds)).toEqual(['karpenter.k8s.aws/v1/EC2NodeClass', 'karpenter.sh/v1/NodePool']);
    expect(crdKindOf('karpenter.sh/v1/NodePool')).toMatchObject({ crd: 'nodepools.karpenter.sh', scope: 'Cluster' });
  });

  test('valid objects pass: a Karpenter pool, an Auto Mode pool, the EC2NodeClass', () => {
    expect(validateKubeObjects([nodePool(), autoModePool(), nodeClass()])).toEqual([]);
  });

  test('the schema: unknown fields, enums and patterns', () => {
    expect(problemsAfter(nodePool, (o) => (o.spec.template.spec.requirement = []))).toEqual(
      one('spec.template.spec.requirement', 'unknown field "requirement" (did you mean "requirements"?)'),
    );
    expect(problemsAfter(nodePool, (o) => (o.spec.disruption.consolidationPolicy = 'Always'))).toEqual(
      one('spec.disruption.consolidationPolicy', 'must be one of'),
    );
    expect(problemsAfter(nodePool, (o) => (o.spec.disruption.budgets[0].nodes = '110%'))).toEqual(
      one('spec.disruption.budgets[0].nodes', 'does not match the pattern'),
    );
    expect(problemsAfter(nodeClass, (o) => (o.spec.metadataOptions = { httpTokens: 'sometimes' }))).toEqual(
      one('spec.metadataOptions.httpTokens', 'must be one of'),
    );
  });
});

describe('NodePool rules beyond the schema', () => {
  test.each<[string, (o: Obj) => void, string, string]>([
    [
      'a karpenter.sh label',
      (o) => (o.spec.template.metadata.labels['karpenter.sh/team'] = 'a'),
      'spec.template.metadata.labels["karpenter.sh/team"]',
      'label domain "karpenter.sh" is restricted',
    ],
    [
      'karpenter.sh/nodepool as a label',
      (o) => (o.spec.template.metadata.labels['karpenter.sh/nodepool'] = 'general'),
      'spec.template.metadata.labels["karpenter.sh/nodepool"]',
      'label "karpenter.sh/nodepool" is restricted',
    ],
    [
      'kubernetes.io/hostname as a label',
      (o) => (o.spec.template.metadata.labels['kubernetes.io/hostname'] = 'node-1'),
      'spec.template.metadata.labels["kubernetes.io/hostname"]',
      'label "kubernetes.io/hostname" is restricted',
    ],
    [
      'a karpenter.k8s.aws label Karpenter does not publish',
      (o) => (o.spec.template.metadata.labels['karpenter.k8s.aws/team'] = 'a'),
      'spec.template.metadata.labels["karpenter.k8s.aws/team"]',
      'label domain "karpenter.k8s.aws" is restricted',
    ],
    [
      'a subdomain of karpenter.sh',
      (o) => (o.spec.template.metadata.labels['node.karpenter.sh/x'] = 'a'),
      'spec.template.metadata.labels["node.karpenter.sh/x"]',
      'label domain "karpenter.sh" is restricted',
    ],
    [
      'a label key that is no qualified name',
      (o) => (o.spec.template.metadata.labels['a/b/c'] = 'a'),
      'spec.template.metadata.labels["a/b/c"]',
      'has more than one "/"',
    ],
    [
      'a restricted requirement key',
      (o) => o.spec.template.spec.requirements.push({ key: 'karpenter.sh/nodepool', operator: 'Exists' }),
      'spec.template.spec.requirements[3].key',
      'label "karpenter.sh/nodepool" is restricted',
    ],
    [
      'In without values',
      (o) => o.spec.template.spec.requirements.push({ key: 'topology.kubernetes.io/zone', operator: 'In', values: [] }),
      'spec.template.spec.requirements[3].values',
      "requirements with operator 'In' must have a value defined",
    ],
    [
      'Gt with two values',
      (o) =>
        o.spec.template.spec.requirements.push({
          key: 'karpenter.k8s.aws/instance-cpu',
          operator: 'Gt',
          values: ['2', '4'],
        }),
      'spec.template.spec.requirements[3].values',
      'operator Gt takes a single non-negative integer value',
    ],
    [
      'Lt with a negative value',
      (o) =>
        o.spec.template.spec.requirements.push({
          key: 'karpenter.k8s.aws/instance-cpu',
          operator: 'Lt',
          values: ['-1'],
        }),
      'spec.template.spec.requirements[3].values',
      'operator Lt takes a single non-negative integer value',
    ],
    [
      'minValues above the values given',
      (o) => (o.spec.template.spec.requirements[2].minValues = 3),
      'spec.template.spec.requirements[2].values',
      'minValues is 3, but only 2 values are given',
    ],
    [
      'Exists with values',
      (o) => o.spec.template.spec.requirements.push({ key: 'example.com/ssd', operator: 'Exists', values: ['true'] }),
      'spec.template.spec.requirements[3].values',
      'operator Exists takes no values',
    ],
    [
      'an unknown capacity type',
      (o) => (o.spec.template.spec.requirements[1].values = ['cheap']),
      'spec.template.spec.requirements[1].values',
      'karpenter.sh/capacity-type takes on-demand, spot or reserved',
    ],
    [
      'an Auto Mode instance label on an EC2NodeClass pool',
      (o) => (o.spec.template.spec.requirements[2].key = 'eks.amazonaws.com/instance-family'),
      'spec.template.spec.requirements[2].key',
      'use "karpenter.k8s.aws/instance-family"',
    ],
    [
      'a node class of the wrong kind',
      (o) => (o.spec.template.spec.nodeClassRef.kind = 'NodeClass'),
      'spec.template.spec.nodeClassRef.kind',
      'the node class of group karpenter.k8s.aws is kind EC2NodeClass',
    ],
    [
      'a taint twice',
      (o) =>
        (o.spec.template.spec.taints = [
          { key: 'dedicated', value: 'a', effect: 'NoSchedule' },
          { key: 'dedicated', value: 'b', effect: 'NoSchedule' },
        ]),
      'spec.template.spec.taints[1]',
      'duplicate taint dedicated:NoSchedule',
    ],
    [
      'a budget schedule without a duration',
      (o) => (o.spec.disruption.budgets = [{ nodes: '0', schedule: '@daily' }]),
      'spec.disruption.budgets[0]',
      "'schedule' must be set with 'duration'",
    ],
  ])('%s', (_name, edit, path, fragment) => {
    expect(problemsAfter(nodePool, edit)).toEqual(one(path, fragment));
  });

  test('an Auto Mode pool with a karpenter.k8s.aws instance label is told to use its own domain', () => {
    expect(
      problemsAfter(
        autoModePool,
        (o) => (o.spec.template.spec.requirements[2].key = 'karpenter.k8s.aws/instance-family'),
      ),
    ).toEqual(one('spec.template.spec.requirements[2].key', 'use "eks.amazonaws.com/instance-family"'));
  });

  test('restrictedLabelProblem lets the published labels through', () => {
    expect(restrictedLabelProblem('karpenter.sh/capacity-type')).toBeUndefined();
    expect(restrictedLabelProblem('karpenter.k8s.aws/instance-size')).toBeUndefined();
    expect(restrictedLabelProblem('topology.kubernetes.io/zone')).toBeUndefined();
    expect(restrictedLabelProblem('eks.amazonaws.com/instance-category')).toBeUndefined();
  });
});

describe('EC2NodeClass rules beyond the schema', () => {
  test.each<[string, (o: Obj) => void, string, string]>([
    [
      'both role and instanceProfile',
      (o) => (o.spec.instanceProfile = 'profile'),
      'spec',
      "must specify exactly one of ['role', 'instanceProfile']",
    ],
    ['neither role nor instanceProfile', (o) => delete o.spec.role, 'spec', 'exactly one of'],
    [
      'a malformed alias',
      (o) => (o.spec.amiSelectorTerms = [{ alias: 'al2023' }]),
      'spec.amiSelectorTerms[0].alias',
      'is not an AMI alias: family@version',
    ],
    [
      'an alias with another term',
      (o) => o.spec.amiSelectorTerms.push({ id: 'ami-0123' }),
      'spec.amiSelectorTerms',
      "'alias' is mutually exclusive",
    ],
    [
      'an alias with a mismatched amiFamily',
      (o) => (o.spec.amiFamily = 'Bottlerocket'),
      'spec.amiFamily',
      "amiFamily must be 'AL2023' or 'Custom'",
    ],
    [
      'no alias and no amiFamily',
      (o) => (o.spec.amiSelectorTerms = [{ id: 'ami-0123' }]),
      'spec.amiFamily',
      'must specify amiFamily if amiSelectorTerms does not contain an alias',
    ],
    [
      'a subnet id with tags',
      (o) => (o.spec.subnetSelectorTerms = [{ id: 'subnet-0123', tags: { a: 'b' } }]),
      'spec.subnetSelectorTerms[0]',
      "'id' is mutually exclusive",
    ],
    [
      'an empty tag value in a selector',
      (o) => (o.spec.subnetSelectorTerms = [{ tags: { 'karpenter.sh/discovery': '' } }]),
      'spec.subnetSelectorTerms[0].tags["karpenter.sh/discovery"]',
      "empty tag keys or values aren't supported",
    ],
    [
      'a tag Karpenter sets itself',
      (o) => (o.spec.tags = { 'karpenter.sh/nodepool': 'x' }),
      'spec.tags["karpenter.sh/nodepool"]',
      'is restricted: Karpenter sets it itself',
    ],
  ])('%s', (_name, edit, path, fragment) => {
    expect(problemsAfter(nodeClass, edit)).toEqual(one(path, fragment));
  });

  test('amiAliasProblem: families and windows versions', () => {
    expect(amiAliasProblem('al2023@v20260714')).toBeUndefined();
    expect(amiAliasProblem('bottlerocket@latest')).toBeUndefined();
    expect(amiAliasProblem('windows2022@v1')).toContain("windows families may only specify version 'latest'");
    expect(amiAliasProblem('ubuntu@v1')).toContain('the family must be one of');
  });
});
