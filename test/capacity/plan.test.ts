import fc from 'fast-check';
import { WorkloadDemand } from '../../lib/capacity/demand';
import { demand } from '../helpers/demand';
import { instanceTypes } from '../../lib/capacity/instance-types';
import { lowerBound } from '../../lib/capacity/lower-bound';
import { DEFAULT_DAEMONSET_OVERHEAD, kubeReservedCpu, nodeShape } from '../../lib/capacity/node-shape';
import { CapacityPlan, PlanError, parseFleet, planCapacity } from '../../lib/capacity/plan';

const shapeOf = (
  type: string,
  options: { prefixDelegation?: boolean; daemonSets?: { cpuMillis: number; memoryMib: number; pods: number } } = {},
) => nodeShape(instanceTypes().get(type)!, options)!;

/** What every node of a group keeps: the platform's DaemonSets and the workloads that run on every node. */
const overheadOf = (perNode: readonly WorkloadDemand[]) => ({
  cpuMillis: DEFAULT_DAEMONSET_OVERHEAD.cpuMillis + perNode.reduce((sum, d) => sum + d.cpuMillis, 0),
  memoryMib: DEFAULT_DAEMONSET_OVERHEAD.memoryMib + perNode.reduce((sum, d) => sum + d.memoryMib, 0),
  pods: DEFAULT_DAEMONSET_OVERHEAD.pods + perNode.length,
});

/** Every invariant a plan must hold, whatever the input. */
function expectSound(plan: CapacityPlan, demands: readonly WorkloadDemand[]): void {
  const placed = new Map<string, number>();
  for (const group of plan.groups) {
    // A DaemonSet runs on the group when it selects the group's labels and tolerates its taints, and then it counts.
    const daemons = demands.filter(
      (d) =>
        d.perNode &&
        Object.entries(d.nodeSelector).every(([k, v]) => group.labels[k] === v) &&
        group.taints.every((t) =>
          d.tolerations.some(
            (x) => (x.key === undefined && x.operator === 'Exists') || (x.key === t.key && x.value === t.value),
          ),
        ),
    );
    expect([...group.perNode].sort()).toEqual(daemons.map((d) => d.name).sort());
    const shape = shapeOf(group.instanceType, {
      prefixDelegation: plan.options.prefixDelegation,
      daemonSets: overheadOf(daemons),
    });
    expect(group.desiredSize).toBeGreaterThanOrEqual(group.nodes.length);
    for (const node of group.nodes) {
      let cpu = 0;
      let memory = 0;
      let pods = 0;
      for (const slot of node.slots) {
        const d = demands.find((x) => x.name === slot.workload)!;
        expect(d.perNode).toBeFalsy();
        cpu += slot.pods * d.cpuMillis;
        memory += slot.pods * d.memoryMib;
        pods += slot.pods;
        // Per-node limits (hostname UNIQUE / MAX_PER) hold.
        if (d.maxPerNode !== undefined) {
          expect(slot.pods).toBeLessThanOrEqual(d.maxPerNode);
        }
        // A pod only lands on nodes with the labels it requires.
        for (const [key, value] of Object.entries(d.nodeSelector)) {
          expect(group.labels[key]).toBe(value);
        }
        placed.set(d.name, (placed.get(d.name) ?? 0) + slot.pods);
      }
      // Allocatable (instance less kube-reserved, eviction threshold, VM overhead and DaemonSets) and max pods hold.
      expect(cpu).toBeLessThanOrEqual(shape.cpuMillis);
      expect(memory).toBeLessThanOrEqual(shape.memoryMib);
      expect(pods).toBeLessThanOrEqual(shape.pods);
    }
  }
  // Pods with zonal volumes only on groups of one AZ; an AZ's group lists each of its nodes.
  for (const group of plan.groups) {
    if (group.zone === undefined) {
      for (const slot of group.nodes.flatMap((node) => node.slots)) {
        expect([slot.workload, demands.find((d) => d.name === slot.workload)?.zonalVolumes]).toEqual([
          slot.workload,
          undefined,
        ]);
      }
    } else {
      expect(group.zone).toBeLessThan(plan.options.zones);
      expect(group.nodes).toHaveLength(group.desiredSize);
    }
  }
  // Every replica is placed exactly once.
  for (const d of demands.filter((x) => !x.perNode)) {
    expect([d.name, placed.get(d.name) ?? 0]).toEqual([d.name, d.replicas]);
  }
  // Nothing beats the lower bound.
  expect(plan.total.usdPerHour).toBeGreaterThanOrEqual(plan.lowerBound.usdPerHour - 1e-6);
}

describe('capacity planner on estates whose optimum is known', () => {
  test('12 pods of 1 vCPU / 2 GiB with hostname UNIQUE: exactly 12 nodes, one pod each, the cheapest type that fits', () => {
    const demands = [demand('shop/app-web', 12, 1000, 2048, { maxPerNode: 1 })];
    const plan = planCapacity(demands);
    expect(plan.groups).toHaveLength(1);
    const [group] = plan.groups;
    expect(group.desiredSize).toBe(12);
    expect(group.nodes.map((node) => node.slots)).toEqual(
      Array.from({ length: 12 }, () => [{ workload: 'shop/app-web', pods: 1 }]),
    );
    // c6a.large ($0.0765/h) is the cheapest node with 1 vCPU and 2 GiB free after reservations.
    expect(group.instanceType).toBe('c6a.large');
    expect(plan.total.usdPerHour).toBe(0.918);
    expectSound(plan, demands);
  });

  test('16 pods of 1 vCPU / 1 GiB on m6i: 3 × m6i.2xlarge (7 pods each after reservations), the cheapest', () => {
    // m6i.large fits 1 pod (1,680m free), xlarge 3, 2xlarge 7 (7,660m), 4xlarge 15: 3 × 2xlarge = 6 × xlarge = $1.152/h.
    expect(shapeOf('m6i.2xlarge').cpuMillis).toBe(8000 - kubeReservedCpu(8) - DEFAULT_DAEMONSET_OVERHEAD.cpuMillis);
    const demands = [demand('batch/app-crunch', 16, 1000, 1024)];
    const plan = planCapacity(demands, { families: ['m6i'] });
    expect(plan.groups[0]).toMatchObject({ instanceType: 'm6i.2xlarge', desiredSize: 3, usdPerHour: 1.152 });
    expect(plan.groups[0].nodes.map((node) => node.slots[0].pods).sort()).toEqual([2, 7, 7]);
    expectSound(plan, demands);
  });

  test('max pods bind before CPU and memory for tiny pods', () => {
    const demands = [demand('edge/app-sidecars', 300, 10, 16)];
    const plan = planCapacity(demands, { families: ['m6i'] });
    const [group] = plan.groups;
    const shape = shapeOf(group.instanceType);
    expect(group.desiredSize).toBe(Math.max(2, Math.ceil(300 / shape.pods)));
    for (const node of group.nodes) {
      expect(node.podsUsed).toBeLessThanOrEqual(shape.pods);
    }
    expectSound(plan, demands);
    // With prefix delegation a node takes 110 pods (less the DaemonSets'): far fewer nodes.
    const delegated = planCapacity(demands, { families: ['m6i'], prefixDelegation: true });
    expect(delegated.total.nodes).toBeLessThan(plan.total.nodes);
    expectSound(delegated, demands);
  });

  test('MAX_PER 2, labelled groups, the public role (label and taint), and the spread floor', () => {
    const publicRole: Partial<WorkloadDemand> = {
      nodeSelector: { 'marathon-to-eks/node-role': 'public' },
      tolerations: [{ key: 'marathon-to-eks/node-role', operator: 'Equal', value: 'public', effect: 'NoSchedule' }],
    };
    const demands = [
      demand('shop/app-api', 6, 500, 512, { maxPerNode: 2 }),
      demand('shop/app-edge', 2, 250, 256, publicRole),
      demand('data/app-db', 1, 2000, 8192, { nodeSelector: { 'node-class': 'storage' } }),
    ];
    const plan = planCapacity(demands);
    expect(plan.groups.map((g) => g.name)).toEqual(['general', 'node-role-public', 'node-class-storage']);
    expect(plan.groups[0].desiredSize).toBeGreaterThanOrEqual(3);
    expect(plan.groups[1]).toMatchObject({
      labels: { 'marathon-to-eks/node-role': 'public' },
      taints: [{ key: 'marathon-to-eks/node-role', value: 'public', effect: 'NoSchedule' }],
      desiredSize: 2,
    });
    // One pod needs no spread over two nodes.
    expect(plan.groups[2]).toMatchObject({ labels: { 'node-class': 'storage' }, taints: [], desiredSize: 1 });
    expectSound(plan, demands);
  });

  test('a workload on every node (DaemonSet) takes room on each node of the groups it runs on, and adds no node', () => {
    const web = demand('shop/app-web', 12, 1000, 2048, { maxPerNode: 1 });
    const agent = demand('monitoring/app-cadvisor', 1, 1000, 256, { perNode: true });
    const plan = planCapacity([web, agent]);
    expect(plan.groups).toHaveLength(1);
    expect(plan.groups[0]).toMatchObject({ desiredSize: 12, perNode: ['monitoring/app-cadvisor'] });
    // c6a.large keeps 1,680m for pods; with 1 vCPU more for the agent the cheapest node that still fits is c6a.xlarge.
    expect(plan.groups[0].instanceType).toBe('c6a.xlarge');
    expectSound(plan, [web, agent]);

    // It skips a tainted group it does not tolerate, and a group whose labels it does not select.
    const publicRole: Partial<WorkloadDemand> = {
      nodeSelector: { 'marathon-to-eks/node-role': 'public' },
      tolerations: [{ key: 'marathon-to-eks/node-role', operator: 'Equal', value: 'public', effect: 'NoSchedule' }],
    };
    const demands = [
      web,
      demand('shop/app-edge', 2, 250, 256, publicRole),
      demand('data/app-db', 1, 500, 512, { nodeSelector: { 'node-class': 'storage' } }),
      agent,
      demand('data/app-backup-agent', 1, 100, 64, { perNode: true, nodeSelector: { 'node-class': 'storage' } }),
    ];
    // A toleration of every taint (operator Exists, no key) takes it to the public nodes too.
    demands.push(demand('logging/app-shipper', 1, 100, 64, { perNode: true, tolerations: [{ operator: 'Exists' }] }));
    const mixed = planCapacity(demands);
    expect(Object.fromEntries(mixed.groups.map((g) => [g.name, g.perNode]))).toEqual({
      general: ['monitoring/app-cadvisor', 'logging/app-shipper'],
      'node-role-public': ['logging/app-shipper'],
      'node-class-storage': ['monitoring/app-cadvisor', 'data/app-backup-agent', 'logging/app-shipper'],
    });
    expectSound(mixed, demands);
  });

  test('N+1 adds one node per group; the autoscaler ceiling leaves room for the largest rollout', () => {
    const demands = [demand('shop/app-web', 12, 1000, 2048, { maxPerNode: 1, surge: 12 })];
    const plan = planCapacity(demands, { nPlusOne: true });
    expect(plan.groups[0].desiredSize).toBe(13);
    expect(plan.groups[0].maxSize).toBeGreaterThanOrEqual(12 + 12);
  });

  test('before and after: the DC/OS fleet, its cost, and the savings', () => {
    const plan = planCapacity([demand('shop/app-web', 12, 1000, 2048, { maxPerNode: 1 })], {
      before: parseFleet('m5.xlarge:15'),
    });
    expect(plan.before).toMatchObject({
      nodes: 15,
      usdPerHour: 2.88,
      fleet: [{ instanceType: 'm5.xlarge', count: 15 }],
    });
    expect(plan.before?.savings).toBeCloseTo(1 - 0.918 / 2.88, 4);
  });

  test('a pod that fits no instance type is reported and the rest is planned; a bad fleet is an error', () => {
    const plan = planCapacity([demand('big/app-huge', 1, 200_000, 1024), demand('shop/app-web', 2, 500, 512)]);
    expect(plan.unplaced).toEqual([
      {
        workload: 'big/app-huge',
        reason:
          'a pod needs 200000m CPU, 1024 MiB: more than any candidate instance type offers (widen the families or maxVcpu)',
      },
    ]);
    expect(plan.groups[0].pods).toBe(2);
    expect(() => planCapacity([demand('a', 1, 100, 100)], { families: ['x9z'] })).toThrow(PlanError);
    expect(() => parseFleet('m5.xlarge')).toThrow('expected instance-type:count (e.g. m5.xlarge:15), got "m5.xlarge"');
    expect(() => planCapacity([demand('a', 1, 100, 100)], { before: [{ instanceType: 'x9.huge', count: 1 }] })).toThrow(
      'no price for the DC/OS agents',
    );
  });

  test('a StatefulSet with PVCs: its group is one node group per AZ, -az1 … -az3, its nodes dealt round-robin; an AZ with no share starts empty', () => {
    const db = demand('data/app-db', 4, 1000, 2048, { maxPerNode: 1, zonalVolumes: true });
    const plain = planCapacity([{ ...db, zonalVolumes: undefined }], { before: parseFleet('m5.xlarge:6') });
    const plan = planCapacity([db], { before: parseFleet('m5.xlarge:6') });
    expect(plain.groups.map((g) => [g.name, g.instanceType, g.desiredSize])).toEqual([['general', 'c6a.large', 4]]);
    // 4 nodes over 3 AZs: 2, 1, 1 — the same cost as one group spanning them.
    expect(plan.groups.map((g) => [g.name, g.zone, g.instanceType, g.minSize, g.desiredSize])).toEqual([
      ['general-az1', 0, 'c6a.large', 2, 2],
      ['general-az2', 1, 'c6a.large', 1, 1],
      ['general-az3', 2, 'c6a.large', 1, 1],
    ]);
    expect(plan.groups.map((g) => g.nodes.map((node) => node.slots.reduce((n, slot) => n + slot.pods, 0)))).toEqual([
      [1, 1],
      [1],
      [1],
    ]);
    expect(plan.groups.map((g) => [g.workloads, g.pods])).toEqual([
      [1, 2],
      [1, 1],
      [1, 1],
    ]);
    // Each AZ's ceiling: its share of the group's (4 nodes → 6) and one more.
    expect(plan.groups.map((g) => g.maxSize)).toEqual([3, 3, 3]);
    const price = instanceTypes().get('c6a.large')?.usdPerHour ?? Number.NaN;
    expect(plan.total.nodes).toBe(plain.total.nodes);
    expect(plan.total.usdPerHour).toBeCloseTo(4 * price, 4);
    expect(plan.groups.map((g) => g.usdPerHour)).toEqual([2, 1, 1].map((n) => Math.round(n * price * 10_000) / 10_000));
    // The bound is split (and still adds up); the baseline per AZ too; gap and savings follow the split groups.
    expect(plan.lowerBound.usdPerHour).toBeCloseTo(plain.lowerBound.usdPerHour, 4);
    expect(plan.groups.reduce((sum, g) => sum + g.lowerBoundUsdPerHour, 0)).toBeCloseTo(plain.lowerBound.usdPerHour, 4);
    expect(plan.baseline.nodes).toBe(plain.baseline.nodes);
    expect(plan.gap).toBeCloseTo(plan.total.usdPerHour / plan.lowerBound.usdPerHour, 3);
    expect(plan.before?.savings).toBeCloseTo(1 - plan.total.usdPerHour / plan.before!.usdPerHour, 4);
    expectSound(plan, [db]);
    // A single pod: one node in the first AZ; the others start at 0 and may grow (no volume can be there yet).
    const single = planCapacity([demand('data/app-pg', 1, 1000, 2048, { zonalVolumes: true })]);
    expect(single.groups.map((g) => [g.name, g.minSize, g.desiredSize, g.maxSize])).toEqual([
      ['general-az1', 1, 1, 2],
      ['general-az2', 0, 0, 2],
      ['general-az3', 0, 0, 2],
    ]);
    // Deterministic.
    expect(planCapacity([db], { before: parseFleet('m5.xlarge:6') })).toEqual(plan);
  });

  test('a group without zonal demand is unchanged; zones sets the split; N+1 adds a node in each AZ', () => {
    const batch = demand('batch/app-crunch', 5, 1000, 1024, { nodeSelector: { 'node-class': 'batch' } });
    const db = demand('data/app-db', 2, 500, 1024, { zonalVolumes: true });
    const plan = planCapacity([db, batch]);
    expect(plan.groups.map((g) => g.name)).toEqual(['general-az1', 'general-az2', 'general-az3', 'node-class-batch']);
    expect(plan.groups[3]).toEqual(planCapacity([batch]).groups[0]);
    expect(plan.groups[3]).not.toHaveProperty('zone');
    expect(plan.total.nodes).toBe(plan.groups.reduce((n, g) => n + g.desiredSize, 0));
    expectSound(plan, [db, batch]);

    const two = planCapacity([db, batch], { zones: 2 });
    expect(two.groups.map((g) => [g.name, g.zone, g.desiredSize])).toEqual([
      ['general-az1', 0, 1],
      ['general-az2', 1, 1],
      ['node-class-batch', undefined, plan.groups[3].desiredSize],
    ]);
    expect(two.options.zones).toBe(2);
    // With N+1, a spare in each AZ that has nodes: a pod bound to its volume can only move within its AZ.
    expect(planCapacity([db], { nPlusOne: true }).groups.map((g) => g.desiredSize)).toEqual([2, 2, 0]);
    expect(() => planCapacity([db], { zones: 0 })).toThrow('zones must be a whole number ≥ 1, got 0');
  });

  test('the AZs of a long-named group share a base name of at most 63 characters with the suffix', () => {
    const db = demand('data/app-db', 3, 500, 1024, {
      zonalVolumes: true,
      nodeSelector: { [`example.com/${'storage-class-'.repeat(4)}`]: 'fast-local-nvme-disks' },
    });
    const names = planCapacity([db], { zones: 3 }).groups.map((g) => g.name);
    expect(names).toHaveLength(3);
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(63);
    }
    expect(new Set(names.map((name) => name.replace(/-az\d$/, ''))).size).toBe(1);
    expect(names.map((name) => name.slice(-4))).toEqual(['-az1', '-az2', '-az3']);
  });

  test('the lower bound: one shape, exact multiples', () => {
    const shape = shapeOf('m6i.xlarge');
    expect(lowerBound({ cpuMillis: 3 * shape.cpuMillis, memoryMib: 10, pods: 3, gpus: 0 }, [shape])).toBeCloseTo(
      3 * shape.usdPerHour,
      6,
    );
    expect(lowerBound({ cpuMillis: 10, memoryMib: 10, pods: 5 * shape.pods, gpus: 0 }, [shape])).toBeCloseTo(
      5 * shape.usdPerHour,
      6,
    );
  });

  test('property: any estate gives a sound plan, never worse than the baseline', () => {
    const arbitraryDemand = fc.record({
      replicas: fc.integer({ min: 1, max: 30 }),
      cpuMillis: fc.integer({ min: 0, max: 6000 }),
      memoryMib: fc.integer({ min: 0, max: 24_000 }),
      cap: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
      label: fc.option(fc.constantFrom('batch', 'storage'), { nil: undefined }),
      perNode: fc.boolean(),
      zonal: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(arbitraryDemand, { minLength: 1, maxLength: 25 }), (specs) => {
        const demands = specs.map((s, i) =>
          // A few workloads run on every node, with small requests as node agents have.
          s.perNode && i % 4 === 0
            ? demand(`ns/agent-${i}`, 1, s.cpuMillis % 300, s.memoryMib % 512, {
                perNode: true,
                ...(s.label ? { nodeSelector: { 'node-class': s.label } } : {}),
              })
            : demand(`ns/app-${i}`, s.replicas, s.cpuMillis, s.memoryMib, {
                ...(s.cap !== undefined ? { maxPerNode: s.cap } : {}),
                ...(s.label ? { nodeSelector: { 'node-class': s.label } } : {}),
                ...(s.zonal && i % 3 === 0 ? { zonalVolumes: true } : {}),
              }),
        );
        const plan = planCapacity(demands);
        expectSound(plan, demands);
        expect(plan.total.usdPerHour).toBeLessThanOrEqual(plan.baseline.usdPerHour + 1e-6);
      }),
      { numRuns: 60 },
    );
  });
});
