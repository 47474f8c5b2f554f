import { planCapacity } from '../../lib/capacity/plan';
import { Capacity } from '../../lib/eks/capacity/capacity';
import {
  capacityProblems,
  nodeGroupSpecsOf,
  nodePoolProblems,
  nodePoolsOf,
  resolveCapacity,
} from '../../lib/eks/capacity/capacity-choice';
import { KARPENTER_CONTROLLER_NODE_GROUP } from '../../lib/eks/capacity/karpenter';
import { resolveAddons } from '../../lib/eks/addons/addons';
import { DEFAULT_NODE_GROUP } from '../../lib/eks/node-groups';
import { demand } from '../helpers/demand';

const plan = planCapacity(
  [demand('web', 4, 500, 1024), demand('db', 1, 1000, 2048, { nodeSelector: { 'node-class': 'db' } })],
  { zones: 3 },
);
const sources = { plan, zones: 3, zonalVolumes: false };

describe('resolveCapacity', () => {
  test('a bare PlanOptions, as earlier versions took, means node groups planned with it', () => {
    const capacity = resolveCapacity({ zones: 2, minNodes: 3 });
    expect(capacity.mode).toBe('node-groups');
    expect(capacity.planOptions).toEqual({ zones: 2, minNodes: 3 });
  });

  test('nothing means node groups; a Capacity is kept', () => {
    expect(resolveCapacity(undefined).mode).toBe('node-groups');
    const karpenter = Capacity.karpenter();
    expect(resolveCapacity(karpenter)).toBe(karpenter);
  });
});

describe('capacityProblems', () => {
  const problemsOf = (capacity: Capacity, context: Partial<Parameters<typeof capacityProblems>[1]> = {}) =>
    capacityProblems(capacity, { addons: {}, ...context });

  test('defaults of every mode have none', () => {
    expect(problemsOf(Capacity.nodeGroups())).toEqual([]);
    expect(problemsOf(Capacity.karpenter())).toEqual([]);
    expect(problemsOf(Capacity.autoMode())).toEqual([]);
  });

  test('the Cluster Autoscaler asked for beside Karpenter or Auto Mode is refused', () => {
    for (const capacity of [Capacity.karpenter(), Capacity.autoMode()]) {
      expect(problemsOf(capacity, { addons: { clusterAutoscaler: true } })).toEqual([
        expect.stringMatching(/^addons\.clusterAutoscaler is on with Capacity\.(karpenter|autoMode)\(\)/),
      ]);
      expect(problemsOf(capacity, { addons: { clusterAutoscaler: false } })).toEqual([]);
    }
    expect(problemsOf(Capacity.nodeGroups(), { addons: { clusterAutoscaler: true } })).toEqual([]);
  });

  test('managed node groups given to Karpenter or Auto Mode are refused, and given twice to node groups', () => {
    const nodeGroups = [DEFAULT_NODE_GROUP];
    expect(problemsOf(Capacity.karpenter(), { nodeGroups })).toEqual([expect.stringContaining('controllerNodeGroup')]);
    expect(problemsOf(Capacity.autoMode(), { nodeGroups })).toEqual([
      expect.stringContaining('runs no managed node groups'),
    ]);
    expect(problemsOf(Capacity.nodeGroups({ groups: nodeGroups }), { nodeGroups })).toEqual([
      expect.stringContaining('both name the node groups'),
    ]);
  });

  test('Auto Mode refuses the EBS CSI add-on, the CoreDNS add-on and the DC/OS forward zones', () => {
    expect(problemsOf(Capacity.autoMode(), { addons: { ebsCsi: true } })).toEqual([
      expect.stringContaining('runs its own EBS driver'),
    ]);
    expect(problemsOf(Capacity.autoMode(), { addons: { coreDns: {} } })).toEqual([
      expect.stringContaining('runs CoreDNS itself'),
    ]);
    expect(problemsOf(Capacity.autoMode(), { dcos: true })).toEqual([
      expect.stringMatching(/^dcos is not available with Capacity\.autoMode\(\)/),
    ]);
    expect(problemsOf(Capacity.karpenter(), { dcos: true, addons: { coreDns: true, ebsCsi: true } })).toEqual([]);
  });
});

describe('the add-ons each mode turns on by default', () => {
  test('the Cluster Autoscaler only with node groups; the EBS CSI driver except with Auto Mode', () => {
    const nodeGroups = resolveAddons({}, { capacityMode: 'node-groups' });
    const karpenter = resolveAddons({}, { capacityMode: 'karpenter' });
    const autoMode = resolveAddons({}, { capacityMode: 'auto-mode' });
    expect([nodeGroups.clusterAutoscaler, nodeGroups.ebsCsi]).toEqual([{}, {}]);
    expect([karpenter.clusterAutoscaler, karpenter.ebsCsi]).toEqual([undefined, {}]);
    expect([autoMode.clusterAutoscaler, autoMode.ebsCsi]).toEqual([undefined, undefined]);
    expect(resolveAddons({}).clusterAutoscaler).toEqual({});
  });
});

describe('nodeGroupSpecsOf and nodePoolsOf', () => {
  test('node groups: the plan’s; Karpenter: its controller’s group only; Auto Mode: none', () => {
    expect(nodeGroupSpecsOf(Capacity.nodeGroups(), sources).map((group) => group.name)).toEqual(
      plan.groups.map((group) => group.name),
    );
    expect(nodeGroupSpecsOf(Capacity.karpenter(), sources)).toEqual([KARPENTER_CONTROLLER_NODE_GROUP]);
    const own = { ...KARPENTER_CONTROLLER_NODE_GROUP, instanceTypes: ['m7i.large'] };
    expect(nodeGroupSpecsOf(Capacity.karpenter({ controllerNodeGroup: own }), sources)).toEqual([own]);
    expect(nodeGroupSpecsOf(Capacity.autoMode(), sources)).toEqual([]);
  });

  test('NodePools: none with node groups, the plan’s otherwise, none when Auto Mode is told to use its built-ins', () => {
    expect(nodePoolsOf(Capacity.nodeGroups(), plan)).toEqual([]);
    const pools = nodePoolsOf(Capacity.karpenter(), plan);
    expect(pools.map((pool) => pool.name)).toEqual(['general', 'node-class-db']);
    expect(nodePoolsOf(Capacity.autoMode(), plan)).toEqual(pools);
    expect(nodePoolsOf(Capacity.autoMode({ plannedNodePools: false }), plan)).toEqual([]);
    expect(nodePoolsOf(Capacity.karpenter(), undefined)).toEqual([]);
  });
});

describe('nodePoolProblems: what the API server would refuse, at synth', () => {
  const zoned = nodePoolsOf(
    Capacity.karpenter(),
    planCapacity(
      [
        demand('web', 2, 500, 1024),
        demand('zonal', 1, 500, 512, { nodeSelector: { 'topology.kubernetes.io/zone': 'us-east-1a', rack: 'r1' } }),
        demand('pinned', 1, 500, 512, { nodeSelector: { 'kubernetes.io/hostname': '10.0.1.5' } }),
      ],
      { zones: 3 },
    ),
  );

  test('planned pools, zone requirements and left-out host names included, are valid in both modes', () => {
    expect(nodePoolProblems(Capacity.karpenter(), zoned)).toEqual([]);
    expect(nodePoolProblems(Capacity.autoMode(), zoned)).toEqual([]);
    expect(nodePoolProblems(Capacity.nodeGroups(), zoned)).toEqual([]);
  });

  test('a bad option is reported once, by the mode, not again for every pool', () => {
    expect(nodePoolProblems(Capacity.karpenter({ consolidateAfter: 'soon' }), zoned)).toEqual([]);
    expect(capacityProblems(Capacity.karpenter({ consolidateAfter: 'soon' }), { addons: {} })).toEqual([]);
  });

  test('a pool the CRD refuses is named with its path', () => {
    const bad = [{ ...zoned[0], labels: { ...zoned[0].labels, 'karpenter.sh/nodepool': 'x' } }];
    expect(nodePoolProblems(Capacity.karpenter(), bad)).toEqual([
      expect.stringMatching(/^NodePool general: spec\.template\.metadata\.labels.*karpenter\.sh\/nodepool.*restricted/),
    ]);
  });
});
