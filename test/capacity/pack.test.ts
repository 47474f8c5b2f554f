import { demand } from '../helpers/demand';
import { NodeShape } from '../../lib/capacity/node-shape';
import { firstFitDecreasing, improve, packByDominantShare, packIntoNodes } from '../../lib/capacity/pack';

const shape: NodeShape = {
  instanceType: 'test.node',
  arch: 'amd64',
  cpuMillis: 10_000,
  memoryMib: 10_000,
  gpus: 0,
  pods: 100,
  usdPerHour: 1,
};

describe('packing into a fixed number of nodes', () => {
  // 23,000m CPU and 38,000 MiB in all: 4 nodes at least (found by a random search for an estate first fit gets wrong).
  const demands = [
    demand('balanced', 4, 3000, 3000),
    demand('memory-heavy', 3, 1000, 6000),
    demand('small', 4, 2000, 2000),
  ];

  test('fills the fewest nodes the resources allow where first fit opens more', () => {
    const packed = packIntoNodes(demands, shape, 4);
    expect(packed).toHaveLength(4);
    for (const node of packed ?? []) {
      expect(node.freeCpuMillis).toBeGreaterThanOrEqual(0);
      expect(node.freeMemoryMib).toBeGreaterThanOrEqual(0);
    }
    expect([0, 1, 2].map((i) => (packed ?? []).reduce((sum, node) => sum + (node.pods.get(i) ?? 0), 0))).toEqual([
      4, 3, 4,
    ]);
    expect(firstFitDecreasing(demands, shape)).toHaveLength(5);
    const firstPass = packByDominantShare(demands, shape) ?? [];
    improve(firstPass, demands, shape);
    expect(firstPass).toHaveLength(5);
  });

  test('undefined when the pods do not fit that many nodes; per-node limits and pod slots hold', () => {
    expect(packIntoNodes(demands, shape, 3)).toBeUndefined();
    expect(packIntoNodes([demand('unique', 5, 10, 10, { maxPerNode: 1 })], shape, 4)).toBeUndefined();
    const spread = packIntoNodes([demand('unique', 5, 10, 10, { maxPerNode: 1 })], shape, 5);
    expect(spread?.map((node) => node.pods.get(0))).toEqual([1, 1, 1, 1, 1]);
    expect(packIntoNodes([demand('tiny', 201, 1, 1)], shape, 2)).toBeUndefined();
    expect(packIntoNodes([demand('tiny', 200, 1, 1)], shape, 2)?.map((node) => node.freePods)).toEqual([0, 0]);
  });
});
