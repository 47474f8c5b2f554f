import { escapeControlCharacters } from '../util/control-characters';
import { PAGE_STYLE, escapeHtml } from '../util/html';
import { plural } from '../util/text';
import { ClusterSplit } from './cluster-split';
import { clusterSplitHtml, clusterSplitLines } from './cluster-split-report';
import { PRICES_DATE, instanceTypes } from './instance-types';
import { NodePoolPlan, POOL_GROUP_LABEL, POOL_WEIGHTS, nodePoolsFromPlan } from './node-pools';
import { CapacityPlan, NodeGroupPlan } from './plan';

const money = (usd: number) => usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent = (ratio: number) => `${Math.round(ratio * 100)} %`;
/** Savings as "40 % less", or "12 % more" when the plan costs more than the DC/OS fleet. */
const change = (savings: number) => (savings >= 0 ? `${percent(savings)} less` : `${percent(-savings)} more`);

/** Where the nodes of a plan come from: the mode the report describes (`Capacity.nodeGroups/karpenter/autoMode`). */
export type PlanCapacityMode = 'node-groups' | 'karpenter' | 'auto-mode';

/** How a plan is reported. */
export interface PlanReportOptions {
  /**
   * The capacity mode: `node-groups` reports the managed node groups; `karpenter` and `auto-mode` report the NodePools
   * `nodePoolsFromPlan` derives from the same plan (the node groups stay on the HTML page, as what the pools are sized
   * from).
   * @default 'node-groups'
   */
  readonly capacity?: PlanCapacityMode;
  /**
   * How the NodePools' nodes may be bought (`karpenter.sh/capacity-type`), as `NodePoolOptions.capacityTypes` resolves
   * them; only shown with a NodePool mode.
   * @default ['on-demand']
   */
  readonly capacityTypes?: readonly string[];
  /** The HTML page's title. @default 'Capacity plan' */
  readonly title?: string;
  /**
   * The estate against the per-cluster limits (`proposeClusters`): a "Clusters" section, one line when one cluster is
   * enough, else the proposed clusters and the dependency edges between them.
   * @default none (no section)
   */
  readonly split?: ClusterSplit;
}

/** What differs between the two NodePool modes in the report. */
interface PoolModeText {
  readonly name: string;
  /**
   * The domain of the instance-family / instance-size requirement keys. Karpenter on AWS: `karpenter.k8s.aws`
   * (aws/karpenter-provider-aws@v1.14.1 pkg/apis/apis.go `Group`, pkg/apis/v1/labels.go `LabelInstanceFamily`,
   * `LabelInstanceSize`); Auto Mode: `eks.amazonaws.com` (awsdocs/amazon-eks-user-guide
   * latest/ug/automode/create-node-pool.adoc, "eks.amazonaws.com/instance-family", "eks.amazonaws.com/instance-size").
   */
  readonly labelDomain: string;
  /** Lines only this mode has. */
  readonly notes: readonly string[];
}

const POOL_MODES: Readonly<Record<Exclude<PlanCapacityMode, 'node-groups'>, PoolModeText>> = {
  karpenter: {
    name: 'Karpenter',
    labelDomain: 'karpenter.k8s.aws',
    notes: [
      'the Karpenter controller runs on a small managed node group of its own (controllerNodeGroup), outside these NodePools and this total',
    ],
  },
  'auto-mode': {
    name: 'EKS Auto Mode',
    labelDomain: 'eks.amazonaws.com',
    notes: [
      // awsdocs/amazon-eks-user-guide latest/ug/automode/set-builtin-node-pools.adoc ("Built-in NodePool Reference").
      // The built-in pools carry no weight, which Karpenter treats as 0 (kubernetes-sigs/karpenter@v1.14.1
      // pkg/apis/crds/karpenter.sh_nodepools.yaml, spec.weight): every planned pool is tried first.
      'built-in NodePools: system (taint CriticalAddonsOnly, amd64 and arm64) and general-purpose (amd64), on-demand C, M and R of generation 5 or newer, weight 0: the planned pools come first',
      // latest/ug/automode/auto-mng.adoc ("Pricing"): a separate fee per instance launched by Auto Mode.
      'Auto Mode bills a fee per instance on top of the EC2 price: not in these prices',
    ],
  },
};

/** The plan as a table for the terminal: its node groups, or with a NodePool mode the NodePools drawn from it. */
export function planTable(plan: CapacityPlan, options: PlanReportOptions = {}): string {
  const mode = options.capacity ?? 'node-groups';
  const clusters = options.split ? clusterSplitLines(options.split) : [];
  if (mode === 'node-groups') {
    return `${[...groupTable(plan), ...costLines(plan), ...groupNotes(plan), ...clusters].join('\n')}\n`;
  }
  const pools = nodePoolsFromPlan(plan);
  return `${[...poolTable(plan, pools, capacityTypesOf(options)), ...costLines(plan), ...poolNotes(plan, pools, POOL_MODES[mode]), ...clusters].join('\n')}\n`;
}

function capacityTypesOf(options: PlanReportOptions): readonly string[] {
  return options.capacityTypes?.length ? options.capacityTypes : ['on-demand'];
}

/** Rows as aligned columns between rules, the last row (the total) below a rule of its own. */
function alignedTable(rows: readonly string[][], numeric: ReadonlySet<number>): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [
    line(rows[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1, -1).map(line),
    widths.map((w) => '-'.repeat(w)).join('  '),
    line(rows[rows.length - 1]),
    '',
  ];
}

function groupTable(plan: CapacityPlan): string[] {
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
  return alignedTable(rows, new Set([3, 4, 5, 6]));
}

/** The NodePools, one row each: what they require, their ceiling, and the nodes the plan expects them to run. */
function poolTable(plan: CapacityPlan, pools: readonly NodePoolPlan[], capacityTypes: readonly string[]): string[] {
  const rows: string[][] = [
    [
      'nodepool',
      'labels, taints',
      'arch',
      'families',
      'sizes',
      'capacity',
      'weight',
      'limits cpu',
      'limits memory',
      'planned',
      '$/month',
    ],
  ];
  for (const pool of pools) {
    const limits = poolLimitsText(pool);
    rows.push([
      terminalText(pool.name),
      terminalText(poolPlacementText(pool)),
      pool.gpu ? `${pool.arch}, GPU` : pool.arch,
      pool.instanceFamilies.join(','),
      pool.instanceSizes.join(','),
      capacityTypes.join(','),
      String(pool.weight),
      limits.cpu,
      limits.memory,
      plannedText(pool),
      money(poolUsdPerHour(plan, pool) * 730),
    ]);
  }
  rows.push(['total', '', '', '', '', '', '', '', '', `${plan.total.nodes} nodes`, money(plan.total.usdPerMonth)]);
  return alignedTable(rows, new Set([6, 7, 8, 10]));
}

/** The cost lines every mode shares: the bound, the baseline and the before / after comparison. */
function costLines(plan: CapacityPlan): string[] {
  const lines = [
    `lower bound: $${money(plan.lowerBound.usdPerHour)}/hour; the plan costs ${plan.gap.toFixed(2)}× that`,
    `integer lower bound (whole nodes, one type per group): $${money(plan.integerBound.usdPerHour)}/hour; the plan costs ${plan.integerGap.toFixed(2)}× that, the baseline ${plan.baseline.integerGap.toFixed(2)}×`,
    `baseline (first-fit decreasing on ${plan.options.baselineType}): ${plural(plan.baseline.nodes, 'node')}, $${money(plan.baseline.usdPerHour)}/hour (${plan.baseline.gap.toFixed(2)}× the bound)`,
  ];
  if (plan.before) {
    const fleet = plan.before.fleet.map((f) => `${f.count} × ${f.instanceType}`).join(' + ');
    lines.push(
      `before (DC/OS agents, ${fleet}): ${plural(plan.before.nodes, 'node')}, $${money(plan.before.usdPerHour)}/hour, $${money(plan.before.usdPerMonth)}/month → ${change(plan.before.savings)}`,
    );
  }
  return lines;
}

function groupNotes(plan: CapacityPlan): string[] {
  const lines: string[] = [];
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
    `${pricesText(plan)}; node groups of ${plan.options.minNodes}+ nodes where they have the pods${policyText(plan)}${zonal}`,
  );
  return lines;
}

function poolNotes(plan: CapacityPlan, pools: readonly NodePoolPlan[], mode: PoolModeText): string[] {
  const unplaced = plan.unplaced.map(
    ({ workload, reason }) => `not placed: ${terminalText(workload)}: ${terminalText(reason)}`,
  );
  const footnotes = poolFootnotes(plan, pools, mode);
  return [
    ...poolNodeLines(plan, pools),
    ...unplaced,
    footnotes.labelDomain,
    ...footnotes.meaning,
    `${pricesText(plan)}; planned as node groups of ${plan.options.minNodes}+ nodes where they have the pods${policyText(plan)}`,
  ];
}

/** The DaemonSets on every node of a pool, and the pools whose images need an arm64 build. */
function poolNodeLines(plan: CapacityPlan, pools: readonly NodePoolPlan[]): string[] {
  const lines: string[] = [];
  for (const pool of pools) {
    // Every group of a pool runs the same DaemonSets (a split by AZ copies them): the first group's are the pool's.
    const perNode = plan.groups.find((group) => group.name === pool.groups[0])?.perNode ?? [];
    if (perNode.length > 0) {
      lines.push(`on every node of ${terminalText(pool.name)} (DaemonSet): ${perNode.map(terminalText).join(', ')}`);
    }
  }
  const arm = pools.filter((pool) => pool.arch === 'arm64').map((pool) => terminalText(pool.name));
  if (arm.length > 0) {
    lines.push(`arm64 (Graviton) nodes in ${arm.join(', ')}: every image those pods run needs an arm64 build`);
  }
  return lines;
}

/** What the pool table's columns mean, in this mode's words (the page puts the label domain in its header). */
function poolFootnotes(
  plan: CapacityPlan,
  pools: readonly NodePoolPlan[],
  mode: PoolModeText,
): { labelDomain: string; meaning: string[] } {
  const zonal = pools.filter((pool) => pool.zonal).map((pool) => terminalText(pool.name));
  return {
    labelDomain: `${mode.name} NodePools, one per planned group; families and sizes are the requirements ${mode.labelDomain}/instance-family and ${mode.labelDomain}/instance-size (the types the planner weighed)`,
    meaning: [
      `weight: the pools a pod fits are tried highest first (${POOL_WEIGHTS.general} without labels or taints, ${POOL_WEIGHTS.constrained} labelled or tainted); limits: max nodes × the planned type, a ceiling whichever types are launched`,
      ...(zonal.length > 0
        ? [
            `${zonal.join(', ')}: one pool over the ${plan.options.zones} AZs, each node in the AZ of its pods' EBS volumes`,
          ]
        : []),
      ...mode.notes,
    ],
  };
}

function pricesText(plan: CapacityPlan): string {
  return plan.options.userPrices ? 'your prices' : `on-demand us-east-1 prices of ${PRICES_DATE} (data/capacity)`;
}

function policyText(plan: CapacityPlan): string {
  return `${plan.options.nPlusOne ? ', N+1' : ''}${plan.options.prefixDelegation ? ', prefix delegation' : ''}`;
}

/** A pool's own labels (less the group label every pool has, named by the pool) and taints. */
function poolPlacementText(pool: NodePoolPlan): string {
  const labels = Object.entries(pool.labels)
    .filter(([key]) => key !== POOL_GROUP_LABEL)
    .map(([key, value]) => `${key}=${value}`);
  const taints = pool.taints.map((taint) => `taint ${taint.key}=${taint.value}:${taint.effect}`);
  return [...labels, ...taints].join(', ');
}

/** `limits.cpu` in vCPU and `limits.memory` in GiB (one decimal when not whole). */
function poolLimitsText(pool: NodePoolPlan): { cpu: string; memory: string } {
  return { cpu: `${pool.limits.cpu} vCPU`, memory: `${Math.round((pool.limits.memoryMib / 1024) * 10) / 10} GiB` };
}

/** `3 × c6a.xlarge (max 9)`: the nodes the plan packs onto, and the most the limits allow of that type. */
function plannedText(pool: NodePoolPlan): string {
  return `${pool.plannedNodes} × ${pool.plannedType} (max ${pool.maxNodes})`;
}

function poolUsdPerHour(plan: CapacityPlan, pool: NodePoolPlan): number {
  const names = new Set(pool.groups);
  return plan.groups.filter((group) => names.has(group.name)).reduce((sum, group) => sum + group.usdPerHour, 0);
}

/** Input text on the terminal: control and bidirectional characters shown as escapes. */
const terminalText = (text: string) => escapeControlCharacters(text);

/** Where a group's nodes go: its AZ (a group split by AZ), the labels and the taints. */
function placementText(group: NodeGroupPlan, plan: CapacityPlan): string {
  const zone = group.zone !== undefined ? [`AZ ${group.zone + 1} of ${plan.options.zones}`] : [];
  const labels = Object.entries(group.labels).map(([key, value]) => `${key}=${value}`);
  const taints = group.taints.map((taint) => `taint ${taint.key}=${taint.value}:${taint.effect}`);
  return [...zone, ...labels, ...taints].join(', ');
}

/** Text on the page: control and bidirectional characters shown as escapes, then HTML-escaped. */
const escape = (text: string) => escapeHtml(escapeControlCharacters(text));

/**
 * A self-contained HTML page: the before / after chart, the node groups (with a NodePool mode, the NodePools first),
 * and each node's packing. `options` may be the title alone, as before the capacity modes.
 */
export function planHtml(plan: CapacityPlan, options: string | PlanReportOptions = {}): string {
  const { title = 'Capacity plan', ...report } = typeof options === 'string' ? { title: options } : options;
  const mode = report.capacity ?? 'node-groups';
  const bars = [
    ...(plan.before
      ? [{ label: 'DC/OS today', nodes: plan.before.nodes, usd: plan.before.usdPerMonth, color: '#9aa5b1' }]
      : []),
    { label: 'EKS plan', nodes: plan.total.nodes, usd: plan.total.usdPerMonth, color: '#2f7d4f' },
    { label: 'integer lower bound', nodes: undefined, usd: plan.integerBound.usdPerMonth, color: '#a5d6a7' },
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
  const pools = mode === 'node-groups' ? '' : poolSection(plan, POOL_MODES[mode], capacityTypesOf(report));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>${PAGE_STYLE}.big{font-size:1.4em}details{margin:.5em 0}${pools ? POOL_STYLE : ''}</style>
</head><body>
<h1>${escape(title)}</h1>
${savings}
${chart}
<p>The plan costs ${plan.integerGap.toFixed(2)}× the integer lower bound (the fewest whole nodes of one type per group, with the spread floor) and ${plan.gap.toFixed(2)}× the lower bound (every request at the cheapest capacity, nodes in fractions); first-fit decreasing on ${escape(plan.options.baselineType)} costs ${plan.baseline.integerGap.toFixed(2)}× and ${plan.baseline.gap.toFixed(2)}×. ${plan.options.userPrices ? 'Your prices.' : `On-demand us-east-1 prices of ${PRICES_DATE} from the capacity data.`}</p>
${plan.unplaced.length > 0 ? `<h2>Not placed</h2><ul>${plan.unplaced.map((u) => `<li>${escape(u.workload)}: ${escape(u.reason)}</li>`).join('')}</ul>` : ''}
${pools}<h2>${pools ? 'Planned groups (what the NodePools are sized from)' : 'Node groups'}</h2>
<table><tr><th>node group</th><th>instance type</th><th>nodes min / desired / max</th><th>$/hour</th><th>workloads</th><th>pods</th><th>labels, taints</th></tr>
${groups}
</table>
${report.split ? clusterSplitHtml(report.split) : ''}<h2>Packing per node</h2>
${packing}
</body></html>
`;
}

/** The pool section's own style: labels, taints and instance families as chips, the requirement keys muted. */
const POOL_STYLE =
  '.chip{display:inline-block;margin:1px 2px;padding:0 5px;border-radius:3px;background:#e8eef4;font-family:monospace;font-size:.9em;white-space:nowrap}.chip.taint{background:#fbe3d6}th small{display:block;font-weight:normal;color:#667;font-family:monospace}table.pools td.n,table.pools td.nw{white-space:nowrap}ul.notes{color:#444;max-width:75em}ul.notes li{margin:.25em 0}';

/** The NodePools as a table, with what their columns mean and the mode's own notes. */
function poolSection(plan: CapacityPlan, mode: PoolModeText, capacityTypes: readonly string[]): string {
  const pools = nodePoolsFromPlan(plan);
  const chips = (items: readonly string[], kind = '') =>
    items.map((item) => `<span class="chip${kind}">${escape(item)}</span>`).join(' ');
  const rows = pools
    .map((pool) => {
      const labels = Object.entries(pool.labels)
        .filter(([key]) => key !== POOL_GROUP_LABEL)
        .map(([key, value]) => `${key}=${value}`);
      const taints = pool.taints.map((taint) => `${taint.key}=${taint.value}:${taint.effect}`);
      const limits = poolLimitsText(pool);
      return `<tr><td class="nw">${escape(pool.name)}</td><td>${[chips(labels), chips(taints, ' taint')].filter((c) => c).join(' ')}</td><td>${escape(pool.arch)}${pool.gpu ? ', GPU' : ''}</td><td>${chips(pool.instanceFamilies)}</td><td>${chips(pool.instanceSizes)}</td><td>${chips(capacityTypes)}</td><td class="n">${pool.weight}</td><td class="n">${escape(limits.cpu)}</td><td class="n">${escape(limits.memory)}</td><td class="nw">${escape(plannedText(pool))}</td><td class="n">$${money(poolUsdPerHour(plan, pool) * 730)}</td></tr>`;
    })
    .join('\n');
  const notes = [...poolNodeLines(plan, pools), ...poolFootnotes(plan, pools, mode).meaning];
  return `<h2>NodePools (${escape(mode.name)})</h2>
<table class="pools"><tr><th>NodePool</th><th>labels, taints</th><th>arch</th><th>instance families<small>${escape(mode.labelDomain)}/<wbr>instance-family</small></th><th>sizes<small>${escape(mode.labelDomain)}/<wbr>instance-size</small></th><th>capacity types<small>karpenter.sh/<wbr>capacity-type</small></th><th>weight</th><th>limits cpu</th><th>limits memory</th><th>planned</th><th>$/month</th></tr>
${rows}
<tr><th colspan="9">total</th><th>${plural(plan.total.nodes, 'node')}</th><th class="n">$${money(plan.total.usdPerMonth)}</th></tr>
</table>
<ul class="notes">${notes.map((note) => `<li>${escape(note)}</li>`).join('')}</ul>
`;
}
