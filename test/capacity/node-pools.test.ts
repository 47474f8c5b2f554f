import { instanceTypes } from '../../lib/capacity/instance-types';
import { POOL_GROUP_LABEL, POOL_WEIGHTS, nodePoolsFromPlan } from '../../lib/capacity/node-pools';
import { planCapacity } from '../../lib/capacity/plan';
import { demand } from '../helpers/demand';

const plan = planCapacity(
  [
    demand('web', 6, 500, 1024),
    demand('db', 3, 1000, 4096, { zonalVolumes: true }),
    demand('batch', 2, 2000, 2048, { nodeSelector: { 'node-class': 'batch' } }),
    demand('gpu', 1, 1000, 8192, {
      gpus: 1,
      nodeSelector: { accelerator: 'nvidia' },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }],
    }),
  ],
  { zones: 3 },
);
const pools = nodePoolsFromPlan(plan);
const byName = new Map(pools.map((pool) => [pool.name, pool]));

describe('nodePoolsFromPlan', () => {
  test('one pool per planned group: the AZ groups of a group with zonal volumes are merged back into one pool', () => {
    const zonal = plan.groups.filter((group) => group.zone !== undefined);
    expect(zonal.length).toBe(3);
    const merged = pools.filter((pool) => pool.zonal);
    expect(merged).toHaveLength(1);
    expect(merged[0].groups).toEqual(zonal.map((group) => group.name));
    expect(pools).toHaveLength(plan.groups.length - zonal.length + 1);
    expect(new Set(pools.map((pool) => pool.name)).size).toBe(pools.length);
  });

  test('limits are what the plan’s most nodes of the planned type offer, summed over the AZs', () => {
    for (const pool of pools) {
      const groups = plan.groups.filter((group) => pool.groups.includes(group.name));
      const maxNodes = groups.reduce((sum, group) => sum + group.maxSize, 0);
      const type = instanceTypes().get(pool.plannedType)!;
      expect(pool.maxNodes).toBe(maxNodes);
      expect(pool.limits).toEqual({ cpu: maxNodes * type.vcpu, memoryMib: maxNodes * type.memoryMib });
      expect(pool.plannedNodes).toBe(groups.reduce((sum, group) => sum + group.desiredSize, 0));
    }
  });

  test('families and sizes are those of the types the planner weighed, the planned one among them', () => {
    for (const pool of pools) {
      const [family, size] = pool.plannedType.split('.');
      expect(pool.candidateTypes).toContain(pool.plannedType);
      expect(pool.instanceFamilies).toContain(family);
      expect(pool.instanceSizes).toContain(size);
      for (const type of pool.candidateTypes) {
        expect(pool.instanceFamilies).toContain(type.split('.')[0]);
        expect(pool.instanceSizes).toContain(type.split('.')[1]);
      }
      // Sizes smallest first.
      const vcpus = pool.instanceSizes.map((s) =>
        Math.min(...pool.candidateTypes.filter((t) => t.endsWith(`.${s}`)).map((t) => instanceTypes().get(t)!.vcpu)),
      );
      expect([...vcpus].sort((a, b) => a - b)).toEqual(vcpus);
    }
  });

  test('labels and taints carry over, with the group label; the unconstrained pool weighs most', () => {
    const general = pools.find((pool) => pool.taints.length === 0 && !pool.labels['node-class'] && !pool.gpu)!;
    expect(general.weight).toBe(POOL_WEIGHTS.general);
    expect(general.labels).toEqual({ [POOL_GROUP_LABEL]: general.name });
    const batch = pools.find((pool) => pool.labels['node-class'] === 'batch')!;
    expect(batch.weight).toBe(POOL_WEIGHTS.constrained);
    expect(batch.labels[POOL_GROUP_LABEL]).toBe(batch.name);
    const gpu = pools.find((pool) => pool.gpu)!;
    expect(gpu.labels.accelerator).toBe('nvidia');
    expect(gpu.weight).toBe(POOL_WEIGHTS.constrained);
    expect(POOL_WEIGHTS.constrained).toBeGreaterThan(0);
    expect(POOL_WEIGHTS.general).toBeLessThanOrEqual(100);
  });

  test('a zonal pool is named after its group, without the -azN', () => {
    const zonal = pools.find((pool) => pool.zonal)!;
    expect(zonal.name).not.toMatch(/-az\d+$/);
    expect(byName.get(zonal.name)).toBe(zonal);
  });

  test('the same plan gives the same pools', () => {
    expect(JSON.stringify(nodePoolsFromPlan(plan))).toBe(JSON.stringify(pools));
  });
});

describe('nodePoolsFromPlan: labels a pool cannot carry', () => {
  const pinned = nodePoolsFromPlan(
    planCapacity(
      [
        demand('web', 2, 500, 1024),
        demand('pinned', 1, 500, 512, { nodeSelector: { 'kubernetes.io/hostname': '10.0.1.5' } }),
        demand('zonal', 1, 500, 512, { nodeSelector: { 'topology.kubernetes.io/zone': 'us-east-1a', rack: 'r1' } }),
        demand('gpu', 1, 1000, 8192, { gpus: 1 }),
      ],
      { zones: 3 },
    ),
  );

  test('a host name pin is left out of the pool’s labels and reported', () => {
    const pool = pinned.find((p) => p.unmetLabels.length > 0)!;
    expect(pool.labels['kubernetes.io/hostname']).toBeUndefined();
    expect(pool.unmetLabels).toEqual([
      expect.stringMatching(/^kubernetes\.io\/hostname=10\.0\.1\.5: label .* is restricted/),
    ]);
  });

  test('an architecture the plan did not choose is reported, not written', () => {
    const [pool] = nodePoolsFromPlan(
      planCapacity([demand('arm', 2, 500, 512, { nodeSelector: { 'kubernetes.io/arch': 'arm64' } })], { zones: 3 }),
    );
    expect(pool.arch).toBe('amd64');
    expect(pool.requirements).toEqual([]);
    expect(pool.unmetLabels).toEqual(['kubernetes.io/arch=arm64: the plan chose amd64 instance types for the group']);
  });

  test('a zone becomes a requirement, a user label stays a label', () => {
    const pool = pinned.find((p) => p.labels.rack === 'r1')!;
    expect(pool.labels['topology.kubernetes.io/zone']).toBeUndefined();
    expect(pool.requirements).toEqual([{ key: 'topology.kubernetes.io/zone', values: ['us-east-1a'] }]);
  });

  test('a GPU pool without labels does not weigh as the general pool: pods without a selector go to general', () => {
    const gpu = pinned.find((p) => p.gpu)!;
    const general = pinned.find((p) => !p.gpu && Object.keys(p.labels).length === 1 && p.requirements.length === 0)!;
    expect(Object.keys(gpu.labels)).toEqual([POOL_GROUP_LABEL]);
    expect(gpu.weight).toBe(POOL_WEIGHTS.constrained);
    expect(general.weight).toBe(POOL_WEIGHTS.general);
  });
});
