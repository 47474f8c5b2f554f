import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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
