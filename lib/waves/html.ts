import { escapeControlCharacters } from '../util/control-characters';
import { PAGE_STYLE, escapeHtml } from '../util/html';
import { plural } from '../util/text';
import { GraphNode } from './graph';
import { Layout, NODE_HEIGHT, NODE_WIDTH, PlacedEdge, layoutGraph } from './layout';
import { WavePlan } from './order';
import { shorten } from './table';

/** What the wave plan page shows besides the plan. */
export interface WavesHtmlOptions {
  /** The page's title. @default 'Migration waves' */
  readonly title?: string;
  /** The graph's nodes, for each workload's kind. @default kinds not shown */
  readonly nodes?: readonly GraphNode[];
}

/** ColorBrewer's 12-class "Set3" qualitative scheme: light fills under dark text. Waves past 12 reuse colours. */
const PALETTE = [
  '#8dd3c7',
  '#ffffb3',
  '#bebada',
  '#fb8072',
  '#80b1d3',
  '#fdb462',
  '#b3de69',
  '#fccde5',
  '#d9d9d9',
  '#bc80bd',
  '#ccebc5',
  '#ffed6f',
];
const BOX_CHARS = 32;
/**
 * Most workloads with edges the page draws: ELK took ~10 s for 1,000 on this 2-core machine and grows faster than
 * linearly; past this the page keeps its tables and says why the drawing is left out.
 */
export const MAX_DRAWN = 2_500;
const TIP_CHARS = 300;

/** Text from the input, made safe for the page: control and bidirectional characters shown as escapes, then HTML. */
const safe = (text: string, max = TIP_CHARS) => escapeHtml(shorten(escapeControlCharacters(text), max));
const colour = (wave: number) => PALETTE[(wave - 1) % PALETTE.length];
const num = (value: number) => String(Math.round(value * 10) / 10);

/**
 * A self-contained HTML page of the plan: the graph of the workloads that have edges, laid out by ELK with one column
 * per wave (static SVG computed here; the page needs no script), the workloads without edges, the cycles, the waves
 * and the names outside the estate. Every id, field and name is escaped.
 */
export async function wavesHtml(plan: WavePlan, options: WavesHtmlOptions = {}): Promise<string> {
  const title = options.title ?? 'Migration waves';
  const kinds = new Map((options.nodes ?? []).map((node) => [node.id, node.kind]));
  const waveOf = new Map(plan.waves.flatMap((wave) => wave.workloads.map((id) => [id, wave.wave] as const)));
  const connected = new Set(plan.edges.flatMap((edge) => [edge.from, edge.to]));
  const drawn = connected.size <= MAX_DRAWN;
  const layout = drawn ? await layoutGraph(plan.edges, waveOf) : { width: 0, height: 0, nodes: [], edges: [] };
  const workloads = plan.waves.reduce((sum, wave) => sum + wave.workloads.length, 0);
  const describe = (id: string) => {
    const kind = kinds.get(id);
    return `${id}${kind !== undefined ? ` (${kind})` : ''}, wave ${waveOf.get(id) ?? '?'}`;
  };
  const legend = plan.waves
    .map(
      (wave) =>
        `<span class="chip" style="background:${colour(wave.wave)}">wave ${wave.wave}: ${wave.workloads.length}</span>`,
    )
    .join(' ');
  const isolated = plan.waves
    .flatMap((wave) => wave.workloads.filter((id) => !connected.has(id)))
    .map(
      (id) =>
        `<span class="chip" style="background:${colour(waveOf.get(id) ?? 1)}" title="${safe(describe(id))}">${safe(id, 60)}</span>`,
    )
    .join(' ');
  const cycles = plan.cycles
    .map((cycle) => `<li>wave ${waveOf.get(cycle[0])}: ${cycle.map((id) => safe(id)).join(', ')}</li>`)
    .join('\n');
  const waves = plan.waves
    .map(
      (wave) =>
        `<tr><td class="n">${wave.wave}</td><td class="n">${wave.workloads.length}</td><td>${wave.workloads.map((id) => safe(id)).join(', ') || '(empty: left free for a pin)'}</td></tr>`,
    )
    .join('\n');
  const unresolved = plan.unresolved
    .map(
      (reference) =>
        `<tr><td>${safe(reference.from)}</td><td>${safe(reference.via)}</td><td>${safe(reference.name)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${safe(title)}</title>
<style>${PAGE_STYLE}h1{margin:0 0 .3em}h2{margin:1em 0 .4em}.chip{display:inline-block;padding:2px 8px;margin:2px;border:1px solid #999;border-radius:4px;font-size:12px}.graph{overflow:auto;max-height:85vh;border:1px solid #ccc}svg text{font-family:sans-serif}.e{fill:none;stroke:#555;stroke-width:1.2}.e:hover{stroke:#d00;stroke-width:3}</style>
</head><body>
<h1>${safe(title)}</h1>
<p>${plural(workloads, 'workload')} in ${plural(plan.waves.length, 'wave')}; ${plural(plan.edges.length, 'edge')}, ${plural(plan.cycles.length, 'cycle')}, ${plural(plan.unresolved.length, 'name')} outside the estate. ${legend}</p>
<h2>Workloads with edges (${connected.size})</h2>
<p>One column per wave. An arrow points from a caller to what it calls or depends on; hover a line for the fields that say so, a box for its workload.</p>
${drawn ? `<div class="graph">${svg(layout, describe)}</div>` : `<p>${connected.size} workloads with edges are more than this page draws (${MAX_DRAWN}): plan a part of the estate at a time to see its graph; the waves and their ids are below.</p>`}
<h2>Workloads with no edges (${workloads - connected.size})</h2>
<div>${isolated || '(none)'}</div>
<h2>Cycles (${plan.cycles.length})</h2>
${cycles ? `<p>Each moves together, in one wave.</p><ul>${cycles}</ul>` : '<p>(none)</p>'}
<h2>Waves</h2>
<table><tr><th>wave</th><th>workloads</th><th>ids</th></tr>
${waves}
</table>
<h2>Names outside the estate (${plan.unresolved.length})</h2>
<p>DC/OS names that point at nothing in the estate: they stay on DC/OS whatever moves.</p>
${unresolved ? `<table><tr><th>workload</th><th>field</th><th>name</th></tr>\n${unresolved}\n</table>` : '<p>(none)</p>'}
</body></html>
`;
}

function svg(layout: Layout, describe: (id: string) => string): string {
  if (layout.nodes.length === 0) {
    return '<p>(no edges)</p>';
  }
  const columns = new Map<number, number>();
  for (const node of layout.nodes) {
    columns.set(node.wave, Math.min(columns.get(node.wave) ?? Infinity, node.x));
  }
  const headers = [...columns]
    .sort(([a], [b]) => a - b)
    .map(([wave, x]) => `<text x="${num(x)}" y="18" font-size="14" font-weight="bold">wave ${wave}</text>`);
  const nodes = layout.nodes.map(
    (node) =>
      `<g><title>${safe(describe(node.id))}</title><rect x="${num(node.x)}" y="${num(node.y)}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="4" fill="${colour(node.wave)}" stroke="#666"/><text x="${num(node.x + 6)}" y="${num(node.y + 16)}" font-size="12">${safe(node.id, BOX_CHARS)}</text></g>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(layout.width)}" height="${Math.ceil(layout.height)}" viewBox="0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}" role="img" aria-label="dependency graph, one column per wave">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#555"/></marker></defs>',
    ...headers,
    ...layout.edges.map(edgePath),
    ...nodes,
    '</svg>',
  ].join('\n');
}

function edgePath(edge: PlacedEdge): string {
  if (edge.points.length === 0) {
    return '';
  }
  const d = edge.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${num(p.x)},${num(p.y)}`).join('');
  const marker = edge.reversed ? 'marker-start="url(#arrow)"' : 'marker-end="url(#arrow)"';
  const tip = `${edge.from} → ${edge.to}: ${edge.vias.join(', ')}`;
  const label = edge.label
    ? `<text x="${num(edge.label.x)}" y="${num(edge.label.y + 10)}" font-size="10" fill="#333">${safe(edge.label.text)}</text>`
    : '';
  return `<path class="e" d="${d}" ${marker}><title>${safe(tip)}</title></path>${label}`;
}
