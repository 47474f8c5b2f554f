import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { instanceTypes } from '../../lib/capacity/instance-types';
import { EXAMPLES, runCapturing as run } from '../helpers/cli';

describe('marathon-to-eks plan', () => {
  test('a table of node groups, the bound, the baseline and the before / after comparison; exit 0', async () => {
    const { code, stdout } = await run(['plan', EXAMPLES, '--before', 'm5.xlarge:15']);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^node group +instance type +nodes min\/desired\/max +\$\/hour +\$\/month +workloads +pods +labels, taints$/m,
    );
    // Monitoring's volumes are zonal: the general group is one node group per AZ.
    expect(stdout).toMatch(/^general-az1 +\S+ +\d+\/\d+\/\d+ .* AZ 1 of 3$/m);
    expect(stdout).toMatch(/^general-az3 +\S+ +\d+\/\d+\/\d+ .* AZ 3 of 3$/m);
    expect(stdout).toMatch(/^on-demand us-east-1 prices of 2026-07-20 \(data\/capacity\); node groups of 2\+ nodes/m);
    expect(stdout).toMatch(/^node-class-batch .*node-class=batch$/m);
    expect(stdout).toMatch(/lower bound: \$[\d.]+\/hour; the plan costs [\d.]+× that/);
    expect(stdout).toMatch(
      /before \(DC\/OS agents, 15 × m5\.xlarge\): 15 nodes, \$2\.88\/hour, \$2,102\.40\/month → \d+ % less/,
    );
  });

  test('a plan that costs more than the DC/OS fleet says so', async () => {
    const { code, stdout } = await run(['plan', EXAMPLES, '--before', 'm5.large:1']);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /before \(DC\/OS agents, 1 × m5\.large\): 1 node, \$0\.10\/hour, \$70\.08\/month → \d+ % more$/m,
    );
  });

  test('--json is the plan; --html writes a self-contained page with the chart', async () => {
    const html = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'm2e-plan-')), 'plan.html');
    const { code, stdout } = await run([
      'plan',
      EXAMPLES,
      '--json',
      '--html',
      html,
      '--families',
      'm6i,c6i',
      '--n-plus-one',
    ]);
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.options).toMatchObject({ families: ['m6i', 'c6i'], nPlusOne: true });
    for (const group of plan.groups) {
      expect(group.instanceType).toMatch(/^(m6i|c6i)\./);
    }
    const page = fs.readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<svg role="img" aria-label="monthly cost, before and after"');
    expect(page).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  test('a price table replaces the shipped prices', async () => {
    const prices = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'm2e-plan-')), 'prices.tsv');
    fs.writeFileSync(prices, 'instance_type\tusd_per_hour\nm6i.large\t0.01\nm6i.xlarge\t0.02\nm6i.2xlarge\t0.04\n');
    const { code, stdout } = await run(['plan', EXAMPLES, '--json', '--families', 'm6i', '--prices', prices]);
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    const group = plan.groups[0];
    expect(group.usdPerHour).toBeCloseTo(
      group.desiredSize * { 'm6i.large': 0.01, 'm6i.xlarge': 0.02, 'm6i.2xlarge': 0.04 }[group.instanceType as string]!,
      6,
    );
    expect(plan.options.userPrices).toBe(true);
    const table = await run(['plan', EXAMPLES, '--families', 'm6i', '--prices', prices]);
    expect(table.stdout).toMatch(/^your prices; /m);
    expect(table.stdout).not.toContain('us-east-1');
  });

  test('Graviton families: arm64 groups come with a note about multi-arch images', async () => {
    const { code, stdout } = await run(['plan', EXAMPLES, '--families', 'c7g']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^general-az1 +c7g\./m);
    expect(stdout).toMatch(
      /^arm64 \(Graviton\) nodes in general-az1, general-az2, general-az3, .*: every image those pods run needs an arm64 build$/m,
    );
    expect((await run(['plan', EXAMPLES, '--families', 'm6i'])).stdout).not.toContain('arm64');
  });

  test('--zones: the AZs a group with EBS volumes is split over', async () => {
    const { code, stdout } = await run(['plan', EXAMPLES, '--zones', '2']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^general-az2 +\S+ +\d+\/\d+\/\d+ .* AZ 2 of 2$/m);
    expect(stdout).not.toContain('general-az3');
    expect(stdout).toMatch(/; one group per AZ \(2\) where pods mount EBS volumes$/m);
    for (const zones of ['0', '7', '1.5', 'three']) {
      const bad = await run(['plan', EXAMPLES, '--zones', zones]);
      expect([zones, bad.code]).toEqual([zones, 2]);
      expect(bad.stderr).toContain('expected a whole number from 1 to 6');
    }
  });

  test('usage errors: bad --before, unknown families, unreadable prices; exit 2 without a stack trace', async () => {
    for (const args of [
      ['--before', 'm5.xlarge'],
      ['--families', 'x9z'],
      ['--prices', '/nonexistent/prices.tsv'],
    ]) {
      const { code, stderr } = await run(['plan', EXAMPLES, ...args]);
      expect([args[0], code]).toEqual([args[0], 2]);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('marathon-to-eks plan --capacity', () => {
  // Recorded on 53f92e4, before --capacity existed: node-groups must print the same bytes. Regenerate both files
  // (`plan examples/estate` and `plan examples/estate --json`) only when the planner itself changes.
  const fixture = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');

  test('node-groups, given or not, prints what plan printed before the capacity modes', async () => {
    for (const args of [[], ['--capacity', 'node-groups']]) {
      // The clusters line and the `clusters` key came later, after all of the plan: the bytes before them are the same.
      const text = (await run(['plan', EXAMPLES, ...args])).stdout;
      expect(text).toBe(
        `${fixture('plan-node-groups.txt')}\nclusters: fits one cluster (56 of 150,000 pods, 5 of 5,000 nodes, 58 of 300,000 containers)\n`,
      );
      const { clusters, ...plan } = JSON.parse((await run(['plan', EXAMPLES, '--json', ...args])).stdout);
      expect(`${JSON.stringify(plan, null, 2)}\n`).toBe(fixture('plan-node-groups.json'));
      expect(clusters).toMatchObject({ needed: false, clusters: [], crossEdges: [], problems: [] });
    }
    const json = JSON.parse(fixture('plan-node-groups.json'));
    expect(json.capacity).toBeUndefined();
    expect(json.nodePools).toBeUndefined();
  });

  test('karpenter / auto-mode: the NodePool table instead of the node groups, the cost lines kept', async () => {
    const karpenter = await run(['plan', EXAMPLES, '--capacity', 'karpenter', '--before', 'm5.xlarge:15']);
    expect(karpenter.code).toBe(0);
    expect(karpenter.stdout).toMatch(/^nodepool +labels, taints +arch +families +sizes +capacity +weight/);
    expect(karpenter.stdout).not.toContain('general-az1');
    expect(karpenter.stdout).toMatch(/^general +amd64 .* on-demand +100 +\d+ vCPU +\d+ GiB +\d+ × \S+ \(max \d+\)/m);
    expect(karpenter.stdout).toMatch(/^node-class-batch +node-class=batch +amd64 .* on-demand +50 /m);
    expect(karpenter.stdout).toMatch(/^lower bound: \$[\d.]+\/hour/m);
    expect(karpenter.stdout).toMatch(/^before \(DC\/OS agents, 15 × m5\.xlarge\)/m);
    expect(karpenter.stdout).toContain('karpenter.k8s.aws/instance-family');
    const auto = await run(['plan', EXAMPLES, '--capacity', 'auto-mode', '--capacity-types', 'spot,on-demand']);
    expect(auto.code).toBe(0);
    expect(auto.stdout).toContain('eks.amazonaws.com/instance-family');
    expect(auto.stdout).toMatch(/^built-in NodePools: system .* weight 0/m);
    expect(auto.stdout).toMatch(/^general +amd64 .* on-demand,spot +100 /m);
  });

  test('--json adds capacity, capacityTypes and nodePools; limits are max nodes × the planned type', async () => {
    const { code, stdout } = await run(['plan', EXAMPLES, '--json', '--capacity', 'auto-mode']);
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.capacity).toBe('auto-mode');
    expect(plan.capacityTypes).toEqual(['on-demand']);
    expect(plan.nodePools.map((pool: { name: string }) => pool.name)).toEqual([
      'general',
      'node-class-batch',
      'node-class-storage',
    ]);
    const types = instanceTypes();
    for (const pool of plan.nodePools) {
      const planned = types.get(pool.plannedType)!;
      expect(pool.limits).toEqual({ cpu: pool.maxNodes * planned.vcpu, memoryMib: pool.maxNodes * planned.memoryMib });
      const groups = plan.groups.filter((group: { name: string }) => pool.groups.includes(group.name));
      expect(pool.maxNodes).toBe(groups.reduce((sum: number, group: { maxSize: number }) => sum + group.maxSize, 0));
    }
    const { nodePools, capacity, capacityTypes, ...rest } = plan;
    expect([nodePools.length > 0, capacity, capacityTypes]).toEqual([true, 'auto-mode', ['on-demand']]);
    // The add-ons as EksEnvironment runs them under Auto Mode: no Cluster Autoscaler, no EBS CSI controller.
    const workloadsOf = (json: string) => [...json.matchAll(/"workload": "([^"]+)"/g)].map((match) => match[1]);
    const nodeGroups = workloadsOf(fixture('plan-node-groups.json'));
    const autoMode = workloadsOf(JSON.stringify(rest, null, 2));
    expect(nodeGroups).toEqual(
      expect.arrayContaining(['kube-system/cluster-autoscaler', 'kube-system/ebs-csi-controller']),
    );
    expect(autoMode).not.toContain('kube-system/cluster-autoscaler');
    expect(autoMode).not.toContain('kube-system/ebs-csi-controller');
    expect(new Set(autoMode)).toEqual(
      new Set(nodeGroups.filter((name) => !/cluster-autoscaler|ebs-csi-controller/.test(name))),
    );
  });

  test('--html with a NodePool mode has the NodePool section; node-groups has none', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'm2e-plan-'));
    await run(['plan', EXAMPLES, '--capacity', 'karpenter', '--html', path.join(dir, 'k.html')]);
    await run(['plan', EXAMPLES, '--html', path.join(dir, 'n.html')]);
    const karpenter = fs.readFileSync(path.join(dir, 'k.html'), 'utf8');
    expect(karpenter).toContain('<h2>NodePools (Karpenter)</h2>');
    expect(karpenter).toContain('karpenter.k8s.aws/<wbr>instance-family');
    expect(karpenter).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(fs.readFileSync(path.join(dir, 'n.html'), 'utf8')).not.toContain('NodePools');
  });

  test('a bad --capacity or --capacity-types, or capacity types without NodePools: exit 2 with a clear message', async () => {
    const bad = await run(['plan', EXAMPLES, '--capacity', 'fargate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Allowed choices are node-groups, karpenter, auto-mode');
    const types = await run(['plan', EXAMPLES, '--capacity', 'karpenter', '--capacity-types', 'spot,reserved']);
    expect(types.code).toBe(2);
    expect(types.stderr).toContain('expected on-demand, spot or on-demand,spot, got reserved');
    const without = await run(['plan', EXAMPLES, '--capacity-types', 'spot']);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('--capacity-types applies to NodePools');
    expect(without.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('marathon-to-eks plan: clusters', () => {
  test('past a lowered cap: the proposed clusters in the table, the JSON and the page; exit 0', async () => {
    const html = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'm2e-plan-')), 'plan.html');
    const { code, stdout, stderr } = await run(['plan', EXAMPLES, '--max-pods-per-cluster', '50', '--html', html]);
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toMatch(
      /^clusters: past one cluster \(56 of 50 pods, 5 of 5,000 nodes, 58 of 300,000 containers\); proposed: 3 clusters of whole top-level groups, \$[\d,.]+\/month together$/m,
    );
    expect(stdout).toMatch(/^cluster +top-level groups +nodes +pods +containers +\$\/month$/m);
    // Each cluster runs its own platform pods on at least two nodes: legacy (17 pods) and payments (18) do not fit
    // 50 together.
    expect(stdout).toMatch(/^cluster-legacy +1 +2 +27 +27 +[\d,.]+$/m);
    expect(stdout).toMatch(/^cluster-shop: \/shop, shop$/m);
    expect(stdout).toMatch(/^dependency edges across clusters: \d+$/m);
    const page = fs.readFileSync(html, 'utf8');
    expect(page).toContain('<h2>Clusters</h2>');
    expect(page).toContain('<td>cluster-shop</td><td>/shop, shop</td>');

    const json = JSON.parse((await run(['plan', EXAMPLES, '--max-pods-per-cluster', '50', '--json'])).stdout);
    expect(json.clusters.needed).toBe(true);
    expect(json.clusters.limits).toEqual({ nodes: 5000, pods: 50, containers: 300000 });
    expect(json.clusters.problems).toEqual([]);
    for (const cluster of json.clusters.clusters) {
      expect(cluster.size.pods).toBeLessThanOrEqual(50);
      expect(cluster.size.nodes).toBe(cluster.plan.total.nodes);
    }
    const groups = json.clusters.clusters.flatMap((c: { topLevelGroups: string[] }) => c.topLevelGroups).sort();
    expect(groups).toEqual([...new Set(groups)]);
    expect(groups).toEqual(expect.arrayContaining(['/legacy', '/payments', '/shop']));
  });

  test('a group alone past the cap cannot be split: said on stderr, and in the table', async () => {
    const { code, stdout, stderr } = await run(['plan', EXAMPLES, '--max-pods-per-cluster', '30']);
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /^marathon-to-eks: cannot split: top-level groups \/shop, shop \(namespace shop\) alone is past the limits \(48 of 30 pods\)/m,
    );
    expect(stdout).toMatch(/^cannot split: top-level groups \/shop, shop/m);
  });

  test('caps above the Kubernetes limits, or not whole numbers ≥ 1: exit 2', async () => {
    for (const args of [
      ['--max-pods-per-cluster', '200000'],
      ['--max-nodes-per-cluster', '5001'],
      ['--max-containers-per-cluster', '0'],
      ['--max-nodes-per-cluster', 'many'],
    ]) {
      const { code, stderr } = await run(['plan', EXAMPLES, ...args]);
      expect([args, code]).toEqual([args, 2]);
      expect(stderr).toMatch(/the Kubernetes limit|expected a whole number ≥ 1/);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});
