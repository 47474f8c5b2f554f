import { PAGE_STYLE, escapeHtml } from '../util/html';
import { plural } from '../util/text';
import { PRICES_DATE, instanceTypes } from './instance-types';
import { CapacityPlan, NodeGroupPlan } from './plan';

const money = (usd: number) => usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent = (ratio: number) => `${Math.round(ratio * 100)} %`;
/** Savings as "40 % less", or "12 % more" when the plan costs more than the DC/OS fleet. */
const change = (savings: number) => (savings >= 0 ? `${percent(savings)} less` : `${percent(-savings)} more`);

/** The plan as a table for the terminal. */
export function planTable(plan: CapacityPlan): string {
  const rows: string[][] = [
    [
      'node group',
      'instance type',
      'nodes min/desired/max',
      '$/hour',
      '$/month',
      'workloads',
      'pods',
      'labels, taints',
    ],
  ];
  for (const group of plan.groups) {
    rows.push([
      group.name,
      group.instanceType,
      `${group.minSize}/${group.desiredSize}/${group.maxSize}`,
      money(group.usdPerHour),
      money(group.usdPerHour * 730),
      String(group.workloads),
      String(group.pods),
      placementText(group, plan),
    ]);
  }
  rows.push([
    'total',
    '',
    `${plan.total.nodes} nodes`,
    money(plan.total.usdPerHour),
    money(plan.total.usdPerMonth),
    '',
    '',
    '',
  ]);
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const numeric = new Set([3, 4, 5, 6]);
  const line = (row: string[]) =>
    row
      .map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  const lines = [
    line(rows[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1, -1).map(line),
    widths.map((w) => '-'.repeat(w)).join('  '),
    line(rows[rows.length - 1]),
    '',
  ];
  lines.push(`lower bound: $${money(plan.lowerBound.usdPerHour)}/hour; the plan costs ${plan.gap.toFixed(2)}× that`);
  lines.push(
    `baseline (first-fit decreasing on ${plan.options.baselineType}): ${plural(plan.baseline.nodes, 'node')}, $${money(plan.baseline.usdPerHour)}/hour (${plan.baseline.gap.toFixed(2)}× the bound)`,
  );
  if (plan.before) {
    const fleet = plan.before.fleet.map((f) => `${f.count} × ${f.instanceType}`).join(' + ');
    lines.push(
      `before (DC/OS agents, ${fleet}): ${plural(plan.before.nodes, 'node')}, $${money(plan.before.usdPerHour)}/hour, $${money(plan.before.usdPerMonth)}/month → ${change(plan.before.savings)}`,
    );
  }
  // A group split by AZ once, for all its AZs (they run the same DaemonSets).
  for (const group of plan.groups.filter((g) => g.perNode.length > 0 && (g.zone ?? 0) === 0)) {
    const name = group.zone === undefined ? group.name : `${group.name} … -az${plan.options.zones}`;
    lines.push(`on every node of ${name} (DaemonSet): ${group.perNode.join(', ')}`);
  }
  for (const { workload, reason } of plan.unplaced) {
    lines.push(`not placed: ${workload}: ${reason}`);
  }
  const arm = plan.groups
    .filter((group) => instanceTypes().get(group.instanceType)?.arch === 'arm64')
    .map((group) => group.name);
  if (arm.length > 0) {
    lines.push(`arm64 (Graviton) nodes in ${arm.join(', ')}: every image those pods run needs an arm64 build`);
  }
  const zonal = plan.groups.some((group) => group.zone !== undefined)
    ? `; one group per AZ (${plan.options.zones}) where pods mount EBS volumes`
    : '';
  lines.push(
    `${plan.options.userPrices ? 'your prices' : `on-demand us-east-1 prices of ${PRICES_DATE} (data/capacity)`}; node groups of ${plan.options.minNodes}+ nodes where they have the pods${plan.options.nPlusOne ? ', N+1' : ''}${plan.options.prefixDelegation ? ', prefix delegation' : ''}${zonal}`,
  );
  return `${lines.join('\n')}\n`;
}

/** Where a group's nodes go: its AZ (a group split by AZ), the labels and the taints. */
function placementText(group: NodeGroupPlan, plan: CapacityPlan): string {
  const zone = group.zone !== undefined ? [`AZ ${group.zone + 1} of ${plan.options.zones}`] : [];
  const labels = Object.entries(group.labels).map(([key, value]) => `${key}=${value}`);
  const taints = group.taints.map((taint) => `taint ${taint.key}=${taint.value}:${taint.effect}`);
  return [...zone, ...labels, ...taints].join(', ');
}

const escape = escapeHtml;

/** A self-contained HTML page: the before / after chart, the node groups, and each node's packing. */
export function planHtml(plan: CapacityPlan, title = 'Capacity plan'): string {
  const bars = [
    ...(plan.before
      ? [{ label: 'DC/OS today', nodes: plan.before.nodes, usd: plan.before.usdPerMonth, color: '#9aa5b1' }]
      : []),
    { label: 'EKS plan', nodes: plan.total.nodes, usd: plan.total.usdPerMonth, color: '#2f7d4f' },
    { label: 'lower bound', nodes: undefined, usd: plan.lowerBound.usdPerMonth, color: '#c8e6c9' },
    {
      label: `baseline (FFD ${plan.options.baselineType})`,
      nodes: plan.baseline.nodes,
      usd: plan.baseline.usdPerMonth,
      color: '#e0a458',
    },
  ];
  const max = Math.max(...bars.map((bar) => bar.usd), 1);
  const chart = [
    `<svg role="img" aria-label="monthly cost, before and after" width="800" height="${bars.length * 44 + 10}" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="13">`,
    ...bars.map((bar, i) => {
      const y = 10 + i * 44;
      const width = Math.max(2, Math.round((bar.usd / max) * 380));
      const nodes = bar.nodes !== undefined ? `, ${bar.nodes} nodes` : '';
      return `<text x="0" y="${y + 20}">${escape(bar.label)}</text><rect x="200" y="${y + 4}" width="${width}" height="24" fill="${bar.color}"/><text x="${206 + width}" y="${y + 20}">$${money(bar.usd)}/month${nodes}</text>`;
    }),
    '</svg>',
  ].join('\n');
  const groups = plan.groups
    .map(
      (group) =>
        `<tr><td>${escape(group.name)}</td><td>${escape(group.instanceType)}</td><td>${group.minSize} / ${group.desiredSize} / ${group.maxSize}</td><td class="n">$${money(group.usdPerHour)}</td><td class="n">${group.workloads}</td><td class="n">${group.pods}</td><td>${escape(placementText(group, plan))}</td></tr>`,
    )
    .join('\n');
  const packing = plan.groups
    .map((group) => {
      const nodes = group.nodes
        .map(
          (node, i) =>
            `<tr><td>${i + 1}</td><td class="n">${percent(node.cpuUsed)}</td><td class="n">${percent(node.memoryUsed)}</td><td class="n">${node.podsUsed}</td><td>${node.slots.map((slot) => `${escape(slot.workload)} × ${slot.pods}`).join(', ')}</td></tr>`,
        )
        .join('\n');
      const daemons =
        group.perNode.length > 0 ? `; on every node (DaemonSet): ${escape(group.perNode.join(', '))}` : '';
      return `<details><summary>${escape(group.name)}: ${plural(group.nodes.length, 'node')} of ${escape(group.instanceType)}${daemons}</summary><table><tr><th>node</th><th>CPU</th><th>memory</th><th>pods</th><th>workloads</th></tr>\n${nodes}\n</table></details>`;
    })
    .join('\n');
  const savings = plan.before
    ? `<p class="big">${change(plan.before.savings)}: $${money(plan.before.usdPerMonth)} → $${money(plan.total.usdPerMonth)} a month, ${plan.before.nodes} → ${plan.total.nodes} nodes</p>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>${PAGE_STYLE}.big{font-size:1.4em}details{margin:.5em 0}</style>
</head><body>
<h1>${escape(title)}</h1>
${savings}
${chart}
<p>The plan costs ${plan.gap.toFixed(2)}× the lower bound (every request at the cheapest capacity, nodes in fractions); first-fit decreasing on ${escape(plan.options.baselineType)} costs ${plan.baseline.gap.toFixed(2)}×. ${plan.options.userPrices ? 'Your prices.' : `On-demand us-east-1 prices of ${PRICES_DATE} from the capacity data.`}</p>
${plan.unplaced.length > 0 ? `<h2>Not placed</h2><ul>${plan.unplaced.map((u) => `<li>${escape(u.workload)}: ${escape(u.reason)}</li>`).join('')}</ul>` : ''}
<h2>Node groups</h2>
<table><tr><th>node group</th><th>instance type</th><th>nodes min / desired / max</th><th>$/hour</th><th>workloads</th><th>pods</th><th>labels, taints</th></tr>
${groups}
</table>
<h2>Packing per node</h2>
${packing}
</body></html>
`;
}
