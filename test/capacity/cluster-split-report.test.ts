import { clusterSplitHtml, clusterSplitLines } from '../../lib/capacity/cluster-split-report';
import { ClusterSplit, KUBERNETES_CLUSTER_LIMITS } from '../../lib/capacity/cluster-split';
import { planCapacity } from '../../lib/capacity/plan';

const plan = planCapacity([]);
const cluster = (name: string, group: string) => ({
  name,
  topLevelGroups: [group],
  namespaces: [name],
  ids: [`${group}/a`],
  patterns: [group],
  size: { nodes: 3, pods: 120_000, containers: 130_000 },
  plan,
  usdPerMonth: 1234.5,
});
const split: ClusterSplit = {
  needed: true,
  limits: KUBERNETES_CLUSTER_LIMITS,
  whole: { nodes: 6, pods: 240_000, containers: 260_000 },
  clusters: [cluster('cluster-a', '/a<b>\u001b[31m'), cluster('cluster-b', '/b')],
  crossEdges: Array.from({ length: 25 }, (_, i) => ({
    from: `/a<b>/x${i}`,
    to: '/b/y',
    kind: 'dependency' as const,
    via: 'dependencies[0]',
    fromCluster: 'cluster-a',
    toCluster: 'cluster-b',
  })),
  problems: ['top-level group /c\u202e alone is past the limits'],
};

describe('the Clusters section', () => {
  test('one line when one cluster is enough', () => {
    const fits = { ...split, needed: false, clusters: [], crossEdges: [], problems: [] };
    expect(clusterSplitLines(fits)).toEqual([
      '',
      'clusters: fits one cluster (240,000 of 150,000 pods, 6 of 5,000 nodes, 260,000 of 300,000 containers)',
    ]);
    expect(clusterSplitHtml(fits)).toContain('<p>Fits one cluster (240,000 of 150,000 pods,');
  });

  test('the terminal: a row per cluster, the groups, 20 of the edges, the problems; control characters escaped', () => {
    const lines = clusterSplitLines(split);
    expect(lines[1]).toBe(
      'clusters: past one cluster (240,000 of 150,000 pods, 6 of 5,000 nodes, 260,000 of 300,000 containers); proposed: 2 clusters of whole top-level groups, $2,469.00/month together',
    );
    expect(lines).toContain('cluster-b                 1      3  120,000     130,000  1,234.50');
    expect(lines.join('\n')).not.toContain('\u001b');
    expect(lines.join('\n')).not.toContain('\u202e');
    expect(lines).toContain('cluster-a: /a<b>\\x1b[31m');
    expect(lines.filter((line) => line.startsWith('  /a<b>/x'))).toHaveLength(20);
    expect(lines).toContain('  … and 5 more (--json lists them all)');
    expect(lines.at(-1)).toMatch(/^cannot split: top-level group \/c\\u202e alone/);
  });

  test('the page: everything from the input escaped', () => {
    const html = clusterSplitHtml(split);
    expect(html).not.toContain('<b>');
    expect(html).toContain('<td>cluster-a</td><td>/a&lt;b&gt;');
    expect(html.match(/<td>\/a&lt;b&gt;\/x\d+<\/td>/g)).toHaveLength(25);
    expect(html).toContain('<h3>Cannot split</h3>');
  });
});
