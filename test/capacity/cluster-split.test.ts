import { clusterEnvironments } from '../../lib/capacity/cluster-selections';
import {
  ClusterSplit,
  ClusterSplitOptions,
  KUBERNETES_CLUSTER_LIMITS,
  proposeClusters,
  resolveLimits,
} from '../../lib/capacity/cluster-split';
import { DEFAULT_DAEMONSET_OVERHEAD } from '../../lib/capacity/node-shape';
import { PlanError } from '../../lib/capacity/plan';
import { loadTexts } from '../../lib/marathon/load/estate';
import { TranslateOptions } from '../../lib/translate/options';
import { translateEstate } from '../../lib/translate/estate-translation';
import { estateGraph } from '../../lib/waves/graph';
import { resolveSelection } from '../../lib/workload/selection';

type App = { id: string; instances: number; cpus: number; mem: number; cmd: string; dependencies?: string[] };

/** Fifty top-level groups of four apps, 700 to 899 instances each: 160,000-odd pods, past the 150,000. */
function bigEstate(): App[] {
  const apps: App[] = [];
  for (let g = 0; g < 50; g++) {
    for (let a = 0; a < 4; a++) {
      apps.push({ id: `/g${g}/app${a}`, instances: 700 + ((g * 37 + a * 11) % 200), cpus: 0.1, mem: 128, cmd: 'run' });
    }
  }
  // g0 and g1 call each other a lot; a ring through every group (g → g + 1) cannot stay within one cluster.
  for (let a = 0; a < 4; a++) {
    apps[a].dependencies = [`/g1/app${a}`];
    apps[4 + a].dependencies = [`/g0/app${(a + 1) % 4}`];
  }
  for (let g = 0; g < 50; g++) {
    apps[g * 4 + 3].dependencies = [...(apps[g * 4 + 3].dependencies ?? []), `/g${(g + 1) % 50}/app2`];
  }
  return apps;
}

/** A seeded Fisher-Yates shuffle (mulberry32), so a failure can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Loads the definitions as files, one per definition, translated and graphed as `plan` does. */
function estate(definitions: readonly unknown[], translate: TranslateOptions = {}) {
  const loaded = loadTexts(
    definitions.map((d, i) => ({ source: `d${i}.json`, text: JSON.stringify(d), discovered: false })),
  );
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const translation = translateEstate(loaded.definitions, loaded.groups, translate);
  const graph = estateGraph(loaded.definitions, loaded.groups);
  return { loaded, translation, graph };
}

function split(definitions: readonly unknown[], options: ClusterSplitOptions = {}, translate: TranslateOptions = {}) {
  const { loaded, translation, graph } = estate(definitions, translate);
  return { loaded, split: proposeClusters(translation, graph.edges, options) };
}

const podsOf = (apps: readonly App[]) => apps.reduce((sum, app) => sum + app.instances, 0);

describe('proposeClusters', () => {
  const apps = bigEstate();
  let big: ClusterSplit;
  let bigIds: string[];
  let bigLoaded: ReturnType<typeof loadTexts>;
  let millis: number;

  beforeAll(() => {
    const start = Date.now();
    const result = split(apps);
    millis = Date.now() - start;
    big = result.split;
    bigLoaded = result.loaded;
    bigIds = result.loaded.definitions.map((d) => d.id).sort();
  });

  test('an estate past 150,000 pods is split into clusters within every limit, each top-level group whole', () => {
    expect(podsOf(apps)).toBeGreaterThan(150_000);
    expect(big.needed).toBe(true);
    expect(big.limits).toEqual({ nodes: 5_000, pods: 150_000, containers: 300_000 });
    expect(big.whole.pods).toBeGreaterThan(150_000);
    expect(big.problems).toEqual([]);
    expect(big.clusters.length).toBeGreaterThanOrEqual(2);
    for (const cluster of big.clusters) {
      expect(cluster.size.pods).toBeLessThanOrEqual(150_000);
      expect(cluster.size.nodes).toBeLessThanOrEqual(5_000);
      expect(cluster.size.containers).toBeLessThanOrEqual(300_000);
      // The size is the cluster's own plan: its nodes, its apps' replicas, and the per-node pods on every node.
      const groups = new Set(cluster.topLevelGroups);
      const replicas = podsOf(apps.filter((app) => groups.has(`/${app.id.split('/')[1]}`)));
      const perNode = cluster.plan.groups.reduce(
        (sum, g) => sum + g.desiredSize * (DEFAULT_DAEMONSET_OVERHEAD.pods + g.perNode.length),
        0,
      );
      expect(cluster.size.nodes).toBe(cluster.plan.total.nodes);
      expect(cluster.size.pods).toBe(replicas + perNode);
      // One container per app pod, one per platform pod.
      expect(cluster.size.containers).toBe(cluster.size.pods);
      expect(cluster.usdPerMonth).toBe(cluster.plan.total.usdPerMonth);
      expect(cluster.usdPerMonth).toBeGreaterThan(0);
      // A top-level group is a namespace here.
      expect(cluster.namespaces).toEqual(cluster.topLevelGroups.map((g) => g.slice(1)).sort());
      expect(cluster.name).toBe(`cluster-${cluster.namespaces[0]}`);
    }
    // Every top-level group, and every id, in exactly one cluster.
    const groups = big.clusters.flatMap((c) => c.topLevelGroups);
    expect(groups.length).toBe(50);
    expect(new Set(groups).size).toBe(50);
    expect(big.clusters.flatMap((c) => c.ids).sort()).toEqual(bigIds);
    for (const cluster of big.clusters) {
      for (const id of cluster.ids) {
        expect(cluster.topLevelGroups).toContain(`/${id.split('/')[1]}`);
      }
    }
    expect(big.clusters.map((c) => c.name)).toEqual([...big.clusters.map((c) => c.name)].sort());
    expect(millis).toBeLessThan(15_000);
  });

  test('the fewest clusters the pods allow, and groups that call each other kept together', () => {
    expect(big.clusters.length).toBe(Math.ceil(big.whole.pods / 150_000));
    const clusterOf = (group: string) => big.clusters.find((c) => c.topLevelGroups.includes(group))?.name;
    expect(clusterOf('/g0')).toBe(clusterOf('/g1'));
  });

  test('the dependency edges across clusters are listed, and only those', () => {
    const clusterOf = new Map(big.clusters.flatMap((c) => c.ids.map((id) => [id, c.name] as const)));
    const declared = apps.flatMap((app) => (app.dependencies ?? []).map((to) => ({ from: app.id, to })));
    const crossing = declared.filter(({ from, to }) => clusterOf.get(from) !== clusterOf.get(to));
    expect(crossing.length).toBeGreaterThan(0);
    expect(big.crossEdges.map(({ from, to }) => ({ from, to }))).toEqual(
      expect.arrayContaining(crossing.map(({ from, to }) => ({ from, to }))),
    );
    expect(big.crossEdges).toHaveLength(crossing.length);
    for (const edge of big.crossEdges) {
      expect(edge.kind).toBe('dependency');
      expect(edge.via).toMatch(/^dependencies\[[01]\]$/);
      expect(edge.fromCluster).toBe(clusterOf.get(edge.from));
      expect(edge.toCluster).toBe(clusterOf.get(edge.to));
      expect(edge.fromCluster).not.toBe(edge.toCluster);
    }
  });

  test('the same estate in another order gives the same split, byte for byte', () => {
    const again = split(shuffled(apps, 7)).split;
    expect(JSON.stringify(again)).toBe(JSON.stringify(big));
  });

  test("each cluster's selection takes exactly its ids, and the selections cover the estate", () => {
    const environments = clusterEnvironments(big);
    expect(environments.map((e) => e.name)).toEqual(big.clusters.map((c) => c.name));
    const seen = new Set<string>();
    environments.forEach((environment, i) => {
      const resolved = resolveSelection(environment.select!, bigLoaded.definitions, bigLoaded.groups);
      expect(resolved.unmatched).toEqual([]);
      expect([...resolved.selection.selected].sort()).toEqual(big.clusters[i].ids);
      resolved.selection.selected.forEach((id) => {
        expect(seen.has(id)).toBe(false);
        seen.add(id);
      });
    });
    expect([...seen].sort()).toEqual(bigIds);
  });

  test('a small estate fits one cluster: no split, and its sizes', () => {
    const small = [
      { id: '/shop/api', instances: 3, cpus: 0.5, mem: 256, cmd: 'run' },
      { id: '/shop/web', instances: 2, cpus: 0.5, mem: 256, cmd: 'run' },
      { id: '/ops/cron', instances: 1, cpus: 0.1, mem: 64, cmd: 'run' },
    ];
    const { split: result } = split(small);
    expect(result.needed).toBe(false);
    expect(result.clusters).toEqual([]);
    expect(result.crossEdges).toEqual([]);
    expect(result.problems).toEqual([]);
    expect(result.whole.pods).toBe(6 + result.whole.nodes * DEFAULT_DAEMONSET_OVERHEAD.pods);
    expect(clusterEnvironments(result)).toEqual([{ name: 'cluster' }]);
  });

  test('lowered caps force a split, and every cluster keeps under them', () => {
    const small = ['a', 'b', 'c', 'd', 'e'].flatMap((group) =>
      [1, 2].map((n) => ({ id: `/${group}/app${n}`, instances: 15, cpus: 0.25, mem: 256, cmd: 'run' })),
    );
    const { split: result } = split(small, { limits: { pods: 80 }, namePrefix: 'eks' });
    expect(result.needed).toBe(true);
    expect(result.limits).toEqual({ ...KUBERNETES_CLUSTER_LIMITS, pods: 80 });
    expect(result.problems).toEqual([]);
    expect(result.clusters.length).toBeGreaterThanOrEqual(3);
    for (const cluster of result.clusters) {
      expect(cluster.size.pods).toBeLessThanOrEqual(80);
      expect(cluster.name).toMatch(/^eks-[a-e]$/);
    }
    expect(result.clusters.flatMap((c) => c.topLevelGroups).sort()).toEqual(['/a', '/b', '/c', '/d', '/e']);
  });

  test('a node cap splits by nodes too', () => {
    const heavy = ['a', 'b', 'c', 'd'].map((group) => ({
      id: `/${group}/big`,
      instances: 6,
      cpus: 3,
      mem: 4096,
      cmd: 'run',
    }));
    const nodes = split(heavy).split.whole.nodes;
    const cap = Math.ceil(nodes / 2);
    const { split: result } = split(heavy, { limits: { nodes: cap } });
    expect(result.needed).toBe(true);
    expect(result.whole.nodes).toBe(nodes);
    expect(result.problems).toEqual([]);
    expect(result.clusters.length).toBeGreaterThanOrEqual(2);
    for (const cluster of result.clusters) {
      expect(cluster.size.nodes).toBeLessThanOrEqual(cap);
    }
  });

  test('containers count each container of a Marathon pod', () => {
    const pod = {
      id: '/edge/proxy',
      scaling: { kind: 'fixed', instances: 10 },
      containers: ['a', 'b', 'c'].map((name) => ({
        name,
        resources: { cpus: 0.1, mem: 64 },
        image: { kind: 'DOCKER', id: 'nginx' },
      })),
    };
    const { split: result } = split([pod], { limits: { containers: 20 } });
    expect(result.whole.containers).toBe(30 + result.whole.nodes * DEFAULT_DAEMONSET_OVERHEAD.pods);
    expect(result.needed).toBe(true);
    // One group cannot be split: said, not thrown.
    expect(result.problems).toEqual([
      expect.stringMatching(
        /^top-level group \/edge \(namespace edge\) alone is past the limits \(\d+ of 20 containers\)/,
      ),
    ]);
    expect(result.clusters).toHaveLength(1);
  });

  test('a single top-level group past 150,000 pods is a problem, not a crash; the others are still split', () => {
    const oversized = [
      ...Array.from({ length: 20 }, (_, a) => ({
        id: `/huge/app${a}`,
        instances: 8_000,
        cpus: 0.05,
        mem: 64,
        cmd: 'run',
      })),
      { id: '/small/app', instances: 2, cpus: 0.1, mem: 64, cmd: 'run' },
    ];
    const { split: result } = split(oversized);
    expect(result.needed).toBe(true);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(
      /^top-level group \/huge \(namespace huge\) alone is past the limits \([\d,]+ of 150,000 pods/,
    );
    const huge = result.clusters.find((c) => c.topLevelGroups.includes('/huge'))!;
    expect(huge.topLevelGroups).toEqual(['/huge']);
    expect(huge.size.pods).toBeGreaterThan(150_000);
  });

  test('with namespace strategy single the estate is one namespace, which cannot be split: said so', () => {
    const small = ['a', 'b'].map((group) => ({ id: `/${group}/app`, instances: 30, cpus: 0.1, mem: 64, cmd: 'run' }));
    const { split: result } = split(small, { limits: { pods: 40 } }, { namespaceStrategy: 'single' });
    expect(result.needed).toBe(true);
    expect(result.clusters).toHaveLength(1);
    expect(result.clusters[0].topLevelGroups).toEqual(['/a', '/b']);
    expect(result.problems[0]).toMatch(/^with namespace strategy single every workload is in namespace default/);
    expect(result.problems[1]).toMatch(/alone is past the limits/);
  });

  test('caps only lower the Kubernetes limits', () => {
    expect(resolveLimits({})).toEqual(KUBERNETES_CLUSTER_LIMITS);
    expect(resolveLimits({ nodes: 1_000 })).toEqual({ ...KUBERNETES_CLUSTER_LIMITS, nodes: 1_000 });
    expect(() => resolveLimits({ pods: 200_000 })).toThrow(PlanError);
    expect(() => resolveLimits({ pods: 200_000 })).toThrow(/from 1 to 150,000/);
    expect(() => resolveLimits({ containers: 0 })).toThrow(PlanError);
    expect(() => resolveLimits({ nodes: 2.5 })).toThrow(PlanError);
  });
});
