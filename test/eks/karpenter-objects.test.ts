import { WorkloadDemand } from '../../lib/capacity/demand';
import { NodePoolPlan, POOL_GROUP_LABEL, nodePoolsFromPlan } from '../../lib/capacity/node-pools';
import { planCapacity } from '../../lib/capacity/plan';
import {
  DEFAULT_AMI_ALIAS,
  KARPENTER_NODE_CLASS,
  KarpenterNodeContext,
  karpenterNodeObjects,
  karpenterOptionProblems,
} from '../../lib/eks/capacity/karpenter-objects';
import { Karpenter } from '../../lib/eks/capacity/karpenter';
import { validateKubeObjects } from '../../lib/validate/kubernetes';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- objects read by path
type Json = any;

const demand = (name: string, extra: Partial<WorkloadDemand> = {}): WorkloadDemand => ({
  name,
  replicas: 4,
  cpuMillis: 500,
  memoryMib: 1024,
  gpus: 0,
  nodeSelector: {},
  tolerations: [],
  surge: 1,
  ...extra,
});

const CONTEXT: KarpenterNodeContext = {
  nodeRoleName: 'KarpenterNodeRole-test',
  subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'test' } }],
  securityGroupSelectorTerms: [{ id: 'sg-0123456789abcdef0' }],
};

function pools(): NodePoolPlan[] {
  return nodePoolsFromPlan(
    planCapacity([
      demand('shop/api'),
      demand('shop/db', { replicas: 3, zonalVolumes: true }),
      demand('edge/lb', {
        replicas: 2,
        nodeSelector: { 'marathon-to-eks/node-role': 'public' },
        tolerations: [{ key: 'marathon-to-eks/node-role', operator: 'Equal', value: 'public', effect: 'NoSchedule' }],
      }),
    ]),
  );
}

describe('karpenterNodeObjects', () => {
  const planned = pools();
  const objects = karpenterNodeObjects(planned, {}, CONTEXT) as Json[];
  const [nodeClass, ...nodePools] = objects;

  test('every object passes strict validation', () => {
    expect(validateKubeObjects(objects)).toEqual([]);
  });

  test('one EC2NodeClass: pinned AL2023 alias, the node role, selectors, IMDSv2 with hop limit 1, a 50Gi root volume', () => {
    expect(nodeClass).toMatchObject({
      apiVersion: 'karpenter.k8s.aws/v1',
      kind: 'EC2NodeClass',
      metadata: { name: KARPENTER_NODE_CLASS },
    });
    expect(nodeClass.spec.amiSelectorTerms).toEqual([{ alias: DEFAULT_AMI_ALIAS }]);
    expect(DEFAULT_AMI_ALIAS).toBe('al2023@v20260714');
    expect(nodeClass.spec.role).toBe('KarpenterNodeRole-test');
    expect(nodeClass.spec.subnetSelectorTerms).toEqual([{ tags: { 'karpenter.sh/discovery': 'test' } }]);
    expect(nodeClass.spec.securityGroupSelectorTerms).toEqual([{ id: 'sg-0123456789abcdef0' }]);
    expect(nodeClass.spec.metadataOptions).toEqual({
      httpEndpoint: 'enabled',
      httpProtocolIPv6: 'disabled',
      httpPutResponseHopLimit: 1,
      httpTokens: 'required',
    });
    expect(nodeClass.spec.blockDeviceMappings).toEqual([
      {
        deviceName: '/dev/xvda',
        ebs: { volumeSize: '50Gi', volumeType: 'gp3', encrypted: true, deleteOnTermination: true },
      },
    ]);
  });

  test('one NodePool per planned pool; the AZ-split group is one pool', () => {
    const plan = planCapacity([demand('shop/db', { replicas: 3, zonalVolumes: true })]);
    expect(plan.groups.length).toBe(3);
    const zonal = nodePoolsFromPlan(plan);
    expect(zonal.map((pool) => pool.name)).toEqual(['general']);
    expect(zonal[0].zonal).toBe(true);
    expect(zonal[0].groups).toEqual(['general-az1', 'general-az2', 'general-az3']);
    const [, pool] = karpenterNodeObjects(zonal, {}, CONTEXT) as Json[];
    // No zone requirement: Karpenter puts the node in the AZ of the pod's volume.
    expect(pool.spec.template.spec.requirements.map((r: Json) => r.key)).not.toContain('topology.kubernetes.io/zone');
    expect(nodePools.map((p) => p.metadata.name)).toEqual(planned.map((p) => p.name));
  });

  test('limits, weights, labels, taints and requirements come from the plan', () => {
    for (const [i, pool] of planned.entries()) {
      const object = nodePools[i];
      expect(object.spec.limits).toEqual({ cpu: String(pool.limits.cpu), memory: `${pool.limits.memoryMib}Mi` });
      expect(object.spec.weight).toBe(pool.weight);
      expect(object.spec.template.metadata.labels[POOL_GROUP_LABEL]).toBe(pool.name);
      expect(object.spec.template.spec.nodeClassRef).toEqual({
        group: 'karpenter.k8s.aws',
        kind: 'EC2NodeClass',
        name: KARPENTER_NODE_CLASS,
      });
      const requirements = Object.fromEntries(
        object.spec.template.spec.requirements.map((r: Json) => [r.key, r.values]),
      );
      expect(requirements['karpenter.k8s.aws/instance-family']).toEqual(pool.instanceFamilies);
      expect(requirements['karpenter.k8s.aws/instance-size']).toEqual(pool.instanceSizes);
      expect(requirements['kubernetes.io/arch']).toEqual([pool.arch]);
      expect(requirements['karpenter.sh/capacity-type']).toEqual(['on-demand']);
    }
    const general = nodePools.find((p) => p.metadata.name === 'general');
    const edge = nodePools.find((p) => p.spec.template.metadata.labels['marathon-to-eks/node-role'] === 'public');
    expect(general.spec.weight).toBe(100);
    expect(edge.spec.weight).toBe(50);
    expect(edge.spec.template.spec.taints).toEqual([
      { key: 'marathon-to-eks/node-role', value: 'public', effect: 'NoSchedule' },
    ]);
    expect(general.spec.template.spec.taints).toBeUndefined();
  });

  test('the disruption options reach every pool', () => {
    const [, pool] = karpenterNodeObjects(
      planned,
      {
        capacityTypes: ['spot', 'on-demand'],
        consolidationPolicy: 'WhenEmpty',
        consolidateAfter: '10m',
        disruptionBudget: '1',
        expireAfter: 'Never',
        amiAlias: 'al2023@v20260625',
      },
      CONTEXT,
    ) as Json[];
    expect(pool.spec.disruption).toEqual({
      consolidationPolicy: 'WhenEmpty',
      consolidateAfter: '10m',
      budgets: [{ nodes: '1' }],
    });
    expect(pool.spec.template.spec.expireAfter).toBe('Never');
    const capacity = pool.spec.template.spec.requirements.find((r: Json) => r.key === 'karpenter.sh/capacity-type');
    expect(capacity.values).toEqual(['on-demand', 'spot']);
  });

  test('a label in a restricted domain fails validation', () => {
    const [nodeClassObject, pool] = karpenterNodeObjects(planned, {}, CONTEXT) as Json[];
    pool.spec.template.metadata.labels['karpenter.k8s.aws/instance-foo'] = 'x';
    pool.spec.template.metadata.labels['karpenter.sh/custom'] = 'x';
    expect(validateKubeObjects([nodeClassObject, pool])).toEqual([
      {
        index: 1,
        kind: 'NodePool',
        name: pool.metadata.name,
        problems: [
          {
            path: 'spec.template.metadata.labels["karpenter.k8s.aws/instance-foo"]',
            message: expect.stringContaining('label domain "karpenter.k8s.aws" is restricted'),
          },
          {
            path: 'spec.template.metadata.labels["karpenter.sh/custom"]',
            message: expect.stringContaining('label domain "karpenter.sh" is restricted'),
          },
        ],
      },
    ]);
  });
});

describe('Karpenter.problems', () => {
  test('valid options have none', () => {
    expect(Karpenter.problems({})).toEqual([]);
    expect(Karpenter.problems({ amiAlias: 'al2023@v20260625', capacityTypes: ['spot'] })).toEqual([]);
  });

  test('lists every problem: node pool options and the AMI alias', () => {
    expect(Karpenter.problems({ consolidateAfter: 'soon', disruptionBudget: '200%', amiAlias: 'al2023-v1' })).toEqual([
      'capacity.consolidateAfter must be a duration such as 30s, 5m or 1h, got "soon"',
      'capacity.disruptionBudget must be a node count or a percentage such as 10%, got "200%"',
      'capacity.amiAlias: "al2023-v1" is not an AMI alias: family@version, such as al2023@v20260714',
    ]);
    expect(karpenterOptionProblems({ amiAlias: 'ubuntu@v1' }, 'karpenter')).toEqual([
      expect.stringMatching(/^karpenter\.amiAlias: "ubuntu@v1": the family must be one of al2, al2023/),
    ]);
    expect(karpenterOptionProblems({ amiAlias: 'al2@v20250101' })).toEqual([
      expect.stringContaining('use al2023@<release>'),
    ]);
    // Bottlerocket's container volume (/dev/xvdb) would be replaced by the EC2NodeClass's one root volume.
    expect(karpenterOptionProblems({ amiAlias: 'bottlerocket@v1.40.0' })).toEqual([
      expect.stringContaining('made for Amazon Linux 2023'),
    ]);
    expect(karpenterOptionProblems({ amiAlias: 'al2023@v20260714' })).toEqual([]);
  });
});
