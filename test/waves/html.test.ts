import { EstateGraph } from '../../lib/waves/graph';
import { MAX_DRAWN, wavesHtml } from '../../lib/waves/html';
import { layoutGraph, layoutOptions } from '../../lib/waves/layout';
import { planWaves } from '../../lib/waves/order';
import { wavesTable } from '../../lib/waves/table';

const HOSTILE = '/x<script>alert(1)</script>\u001b[2J\u202e"\'&';

function hostileGraph(): EstateGraph {
  return {
    nodes: [
      { id: '/a', kind: 'app' },
      { id: '/b', kind: 'pod' },
      { id: HOSTILE, kind: 'app' },
      { id: '/alone', kind: 'job' },
    ],
    edges: [
      {
        from: '/a',
        to: '/b',
        via: 'labels["<img src=x onerror=alert(1)>"]',
        name: 'b.marathon.mesos',
        kind: 'mesos-dns',
      },
      { from: HOSTILE, to: '/a', via: 'env.X', name: `a.marathon.mesos</title><script>`, kind: 'mesos-dns' },
    ],
    unresolved: [{ from: '/a', via: 'env["</td><script>"]', name: 'leader.mesos' }],
  };
}

describe('the wave plan page', () => {
  test('escapes every id, field and name; no script, no raw control or bidirectional characters', async () => {
    const page = await wavesHtml(planWaves(hostileGraph()), { title: `plan ${HOSTILE}`, nodes: hostileGraph().nodes });
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).not.toMatch(/<script|<img|onerror=alert\(1\)>/);
    // eslint-disable-next-line no-control-regex
    expect(page).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202e]/);
    expect(page).toContain('&lt;script&gt;');
    expect(page).toContain('\\x1b[2J\\u202e&quot;&#39;&amp;');
    expect(page).toContain('<title>/a → /b: labels[&quot;&lt;img src=x onerror=alert(1)&gt;&quot;]</title>');
  });

  test('draws each wave as a column, boxes coloured by wave, arrows towards what is called', async () => {
    const plan = planWaves({
      nodes: ['/web', '/api', '/db', '/cache'].map((id) => ({ id, kind: 'app' as const })),
      edges: [
        { from: '/web', to: '/api', via: 'env.API', name: 'api.marathon.mesos', kind: 'mesos-dns' },
        { from: '/api', to: '/db', via: 'dependencies[0]', name: 'db', kind: 'dependency' },
        { from: '/api', to: '/db', via: 'env.DB', name: 'db.marathon.mesos', kind: 'mesos-dns' },
      ],
      unresolved: [],
    });
    const waveOf = new Map(plan.waves.flatMap((w) => w.workloads.map((id) => [id, w.wave] as const)));
    const layout = await layoutGraph(plan.edges, waveOf);
    const x = new Map(layout.nodes.map((node) => [node.id, node.x]));
    expect((x.get('/db') as number) < (x.get('/api') as number)).toBe(true);
    expect((x.get('/api') as number) < (x.get('/web') as number)).toBe(true);
    expect(layout.nodes.map((node) => node.id)).toEqual(['/api', '/db', '/web']);
    // One line per pair of workloads, with both fields; the caller is in the later wave, so the line runs backwards.
    expect(layout.edges.map((edge) => [edge.from, edge.to, edge.vias, edge.reversed])).toEqual([
      ['/api', '/db', ['dependencies[0]', 'env.DB'], true],
      ['/web', '/api', ['env.API'], true],
    ]);
    expect(layout.edges.every((edge) => edge.points.length >= 2 && edge.label !== undefined)).toBe(true);
    const page = await wavesHtml(plan);
    expect(page).toContain('marker-start="url(#arrow)"');
    expect(page).toContain('>wave 1</text>');
    expect(page).toContain('>wave 3</text>');
    expect(page).toContain('Workloads with no edges (1)');
    expect(page).toContain('title="/cache, wave 1"');
    expect(page).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  test('past MAX_DRAWN workloads with edges the drawing is left out, saying why; the tables stay', async () => {
    const ids = Array.from({ length: MAX_DRAWN + 2 }, (_, i) => `/n${i}`);
    const plan = planWaves({
      nodes: ids.map((id) => ({ id, kind: 'app' as const })),
      edges: ids
        .slice(1)
        .map((id) => ({ from: id, to: '/n0', via: 'cmd', name: 'n0.marathon.mesos', kind: 'mesos-dns' as const })),
      unresolved: [],
    });
    const page = await wavesHtml(plan);
    expect(page).not.toContain('<svg');
    expect(page).toContain(`${MAX_DRAWN + 2} workloads with edges are more than this page draws (${MAX_DRAWN})`);
    expect(page).toContain('<tr><td class="n">2</td><td class="n">2501</td>');
  });

  test('the same plan gives the same page, byte for byte', async () => {
    const plan = planWaves(hostileGraph());
    expect(await wavesHtml(plan)).toBe(await wavesHtml(plan));
  });

  test('large graphs use the faster layout settings, and partitioning is always on', () => {
    expect(layoutOptions(10)['org.eclipse.elk.partitioning.activate']).toBe('true');
    expect(layoutOptions(10)['org.eclipse.elk.layered.thoroughness']).toBeUndefined();
    expect(layoutOptions(1000)).toMatchObject({
      'org.eclipse.elk.layered.thoroughness': '1',
      'org.eclipse.elk.layered.layering.strategy': 'LONGEST_PATH',
      'org.eclipse.elk.edgeRouting': 'POLYLINE',
    });
  });
});

describe('the wave plan table', () => {
  test('one row per workload with what it depends on; isolated ones say so; cut cells; outside names listed', () => {
    const graph = hostileGraph();
    const long = `/${'l'.repeat(500)}`;
    const plan = planWaves({ ...graph, nodes: [...graph.nodes, { id: long, kind: 'app' }] });
    const table = wavesTable(plan, { nodes: graph.nodes, plan: { maxWaveSize: 10 } });
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^wave +workload +kind +depends on \(field\)$/);
    expect(table).toMatch(/^1 +\/alone +job +\(no edges\)$/m);
    expect(table).toMatch(/^2 +\/a +app +\/b \(labels\["<img src=x onerror=alert\(1\)>"\]\)$/m);
    expect(table).toContain(`/${'l'.repeat(118)}…`);
    expect(table).not.toContain('l'.repeat(200));
    expect(table).toContain(
      '5 workloads in 3 waves (dependencies first, at most 10 a wave); 2 edges: 2 from Mesos-DNS names',
    );
    expect(table).toContain('DC/OS names that point outside the estate (they stay on DC/OS whatever moves): 1');
  });
});
