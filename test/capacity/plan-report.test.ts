import { nodePoolsFromPlan } from '../../lib/capacity/node-pools';
import { planCapacity } from '../../lib/capacity/plan';
import { planHtml, planTable } from '../../lib/capacity/plan-report';
import { demand } from '../helpers/demand';

const HOSTILE = '<script>alert(1)</script>\u001b[2J\u202e"\'&';

// A plan with a hostile workload name, label value and taint (the report must not trust what the plan carries).
function hostilePlan() {
  const plan = planCapacity([
    demand('web', 4, 500, 1024),
    demand('batch', 2, 1000, 2048, { nodeSelector: { 'node-class': 'batch' } }),
  ]);
  return {
    ...plan,
    groups: plan.groups.map((group) =>
      Object.keys(group.labels).length > 0
        ? {
            ...group,
            labels: { 'node-class': HOSTILE },
            taints: [{ key: 'dedicated', value: `<img src=x onerror=alert(1)>`, effect: 'NoSchedule' as const }],
          }
        : group,
    ),
    unplaced: [{ workload: HOSTILE, reason: `</td>${HOSTILE}` }],
  };
}

describe('plan report with a capacity mode', () => {
  const plan = planCapacity([
    demand('web', 4, 500, 1024),
    demand('batch', 2, 1000, 2048, { nodeSelector: { 'node-class': 'batch' } }),
  ]);

  test('node-groups (the default, or asked for) is the table of node groups; no NodePool section', () => {
    expect(planTable(plan, { capacity: 'node-groups' })).toBe(planTable(plan));
    expect(planTable(plan)).toMatch(/^node group +instance type/);
    expect(planTable(plan)).not.toContain('nodepool');
    expect(planHtml(plan, 'T')).toBe(planHtml(plan, { title: 'T' }));
    expect(planHtml(plan, { title: 'T', capacity: 'node-groups' })).toBe(planHtml(plan, 'T'));
    expect(planHtml(plan)).not.toContain('NodePools');
  });

  test('karpenter: one row per pool with weight, limits (vCPU, GiB) and planned type × nodes; karpenter.k8s.aws keys', () => {
    const table = planTable(plan, { capacity: 'karpenter' });
    const pools = nodePoolsFromPlan(plan);
    expect(table).toMatch(/^nodepool +labels, taints +arch +families +sizes +capacity +weight +limits cpu/);
    for (const pool of pools) {
      const row = table.split('\n').find((line) => line.startsWith(`${pool.name} `));
      expect(row).toBeDefined();
      expect(row).toContain(`${pool.limits.cpu} vCPU`);
      expect(row).toContain(`${Math.round((pool.limits.memoryMib / 1024) * 10) / 10} GiB`);
      expect(row).toContain(`${pool.plannedNodes} × ${pool.plannedType} (max ${pool.maxNodes})`);
      expect(row).toMatch(new RegExp(` on-demand +${pool.weight} `));
    }
    expect(table).toContain('karpenter.k8s.aws/instance-family and karpenter.k8s.aws/instance-size');
    expect(table).not.toContain('eks.amazonaws.com');
    expect(table).toMatch(/^lower bound: /m);
    expect(table).toContain('Karpenter controller');
    expect(table).not.toContain('built-in NodePools');
  });

  test('auto-mode: eks.amazonaws.com keys, the built-in pools at weight 0, and the capacity types given', () => {
    const table = planTable(plan, { capacity: 'auto-mode', capacityTypes: ['on-demand', 'spot'] });
    expect(table).toContain('eks.amazonaws.com/instance-family and eks.amazonaws.com/instance-size');
    expect(table).toMatch(/^built-in NodePools: system .* general-purpose .* weight 0: the planned pools come first$/m);
    expect(table).toMatch(/ on-demand,spot +100 /);
    const page = planHtml(plan, { capacity: 'auto-mode', capacityTypes: ['on-demand', 'spot'] });
    expect(page).toContain('<h2>NodePools (EKS Auto Mode)</h2>');
    expect(page).toContain('eks.amazonaws.com/<wbr>instance-family');
    expect(page).toContain('<span class="chip">spot</span>');
    expect(page).toContain('Planned groups (what the NodePools are sized from)');
  });

  test('escapes every label, taint, name and reason in the table and on the page', () => {
    const hostile = hostilePlan();
    for (const capacity of ['karpenter', 'auto-mode'] as const) {
      const page = planHtml(hostile, { capacity, title: `plan ${HOSTILE}` });
      expect(page).not.toMatch(/<script|<img|onerror=alert\(1\)>/);
      // eslint-disable-next-line no-control-regex
      expect(page).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202e]/);
      expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;\\x1b[2J\\u202e&quot;&#39;&amp;');
      expect(page).toContain('<span class="chip taint">dedicated=&lt;img src=x onerror=alert(1)&gt;:NoSchedule</span>');
      const table = planTable(hostile, { capacity });
      // eslint-disable-next-line no-control-regex
      expect(table).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202e]/);
      expect(table).toContain('\\x1b[2J\\u202e');
    }
  });
});
