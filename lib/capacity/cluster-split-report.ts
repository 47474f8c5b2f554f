import { escapeControlCharacters } from '../util/control-characters';
import { escapeHtml } from '../util/html';
import { plural } from '../util/text';
import { ClusterLimits, ClusterSize, ClusterSplit, CrossEdge } from './cluster-split';

/** Cross-cluster edges the terminal lists (all of them are in `--json`). */
const TEXT_EDGES = 20;
/** Cross-cluster edges the page lists. */
const HTML_EDGES = 500;

const count = (n: number) => n.toLocaleString('en-US');
const money = (usd: number) => usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** Names from the input (ids, groups, namespaces) made safe for the terminal. */
const safe = (text: string) => escapeControlCharacters(text);

/** `6 of 150,000 pods, 3 of 5,000 nodes, 6 of 300,000 containers`. */
function sizeText(size: ClusterSize, limits: ClusterLimits): string {
  return (['pods', 'nodes', 'containers'] as const)
    .map((key) => `${count(size[key])} of ${count(limits[key])} ${key}`)
    .join(', ');
}

function edgeText(edge: CrossEdge): string {
  return `${edge.from} → ${edge.to} (${edge.fromCluster} → ${edge.toCluster}, ${edge.kind} in ${edge.via})`;
}

function splitCost(split: ClusterSplit): number {
  return split.clusters.reduce((sum, cluster) => sum + cluster.usdPerMonth, 0);
}

/** The "Clusters" lines of the terminal report: one line when one cluster is enough, else the proposed split. */
export function clusterSplitLines(split: ClusterSplit): string[] {
  if (!split.needed) {
    return ['', `clusters: fits one cluster (${sizeText(split.whole, split.limits)})`];
  }
  const rows = split.clusters.map((cluster) => [
    safe(cluster.name),
    count(cluster.topLevelGroups.length),
    count(cluster.size.nodes),
    count(cluster.size.pods),
    count(cluster.size.containers),
    money(cluster.usdPerMonth),
  ]);
  const header = ['cluster', 'top-level groups', 'nodes', 'pods', 'containers', '$/month'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => [...row[i]].length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const edges = split.crossEdges.slice(0, TEXT_EDGES).map((edge) => `  ${safe(edgeText(edge))}`);
  const more = split.crossEdges.length - edges.length;
  return [
    '',
    `clusters: past one cluster (${sizeText(split.whole, split.limits)}); proposed: ${plural(split.clusters.length, 'cluster')} of whole top-level groups, $${money(splitCost(split))}/month together`,
    line(header),
    ...rows.map(line),
    ...split.clusters.map((cluster) => `${safe(cluster.name)}: ${cluster.topLevelGroups.map(safe).join(', ')}`),
    `dependency edges across clusters: ${count(split.crossEdges.length)}`,
    ...edges,
    ...(more > 0 ? [`  … and ${count(more)} more (--json lists them all)`] : []),
    ...split.problems.map((problem) => `cannot split: ${safe(problem)}`),
  ];
}

/** The "Clusters" section of the page. */
export function clusterSplitHtml(split: ClusterSplit): string {
  if (!split.needed) {
    return `<h2>Clusters</h2>\n<p>Fits one cluster (${escapeHtml(sizeText(split.whole, split.limits))}).</p>\n`;
  }
  const rows = split.clusters
    .map(
      (cluster) =>
        `<tr><td>${escapeHtml(cluster.name)}</td><td>${cluster.topLevelGroups.map(escapeHtml).join(', ')}</td><td class="n">${count(cluster.size.nodes)}</td><td class="n">${count(cluster.size.pods)}</td><td class="n">${count(cluster.size.containers)}</td><td class="n">$${money(cluster.usdPerMonth)}</td></tr>`,
    )
    .join('\n');
  const edges = split.crossEdges
    .slice(0, HTML_EDGES)
    .map(
      (edge) =>
        `<tr><td>${escapeHtml(edge.from)}</td><td>${escapeHtml(edge.to)}</td><td>${escapeHtml(edge.fromCluster)} → ${escapeHtml(edge.toCluster)}</td><td>${escapeHtml(edge.kind)}</td><td>${escapeHtml(edge.via)}</td></tr>`,
    )
    .join('\n');
  const more = split.crossEdges.length - Math.min(split.crossEdges.length, HTML_EDGES);
  const problems =
    split.problems.length > 0
      ? `<h3>Cannot split</h3><ul>${split.problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>\n`
      : '';
  return `<h2>Clusters</h2>
<p>Past one cluster (${escapeHtml(sizeText(split.whole, split.limits))}): ${escapeHtml(plural(split.clusters.length, 'cluster'))} of whole top-level groups, $${money(splitCost(split))} a month together.</p>
<table><tr><th>cluster</th><th>top-level groups</th><th>nodes</th><th>pods</th><th>containers</th><th>$/month</th></tr>
${rows}
</table>
${problems}<h3>Dependency edges across clusters: ${count(split.crossEdges.length)}</h3>
${split.crossEdges.length > 0 ? `<table><tr><th>from</th><th>to</th><th>clusters</th><th>kind</th><th>field</th></tr>\n${edges}\n</table>\n` : ''}${more > 0 ? `<p>… and ${count(more)} more (<code>--json</code> lists them all).</p>\n` : ''}`;
}
