import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk.bundled.js';
import { compareStrings } from '../util/compare';
import { DependencyEdge } from './graph';

/** Every box on the page has this size; a long id is cut in the box and whole in its tooltip. */
export const NODE_WIDTH = 210;
export const NODE_HEIGHT = 24;

/** Up to this many drawn edges get their fields printed next to them; more only in tooltips. */
export const MAX_PRINTED_LABELS = 120;
const LABEL_CHARS = 36;
const LABEL_CHAR_WIDTH = 6.2;
const LABEL_HEIGHT = 13;

export interface PlacedNode {
  readonly id: string;
  readonly wave: number;
  readonly x: number;
  readonly y: number;
}

/** One drawn edge: every edge of the plan between two workloads, whatever the fields. */
export interface PlacedEdge {
  readonly from: string;
  readonly to: string;
  readonly vias: readonly string[];
  /** Polyline from the earlier wave's box to the later one's. */
  readonly points: readonly { readonly x: number; readonly y: number }[];
  /** True when the line runs from `to` to `from` (the caller is in the later wave): the arrowhead sits at its start. */
  readonly reversed: boolean;
  readonly label?: { readonly text: string; readonly x: number; readonly y: number };
}

export interface Layout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
}

/** Above this many boxes the layout trades polish for time (see {@link layoutOptions}). */
export const LARGE_GRAPH = 300;

/**
 * ELK layered layout options (elkjs 0.12.1). Option ids, their values and the targets they apply to were checked in
 * the metadata elkjs ships (`lib/elk-worker.js` of elkjs 0.12.1: the `LayoutOptionData` registrations and the enums
 * `LayeringStrategy`, `NodePlacementStrategy`, `EdgeRouting`) and in ELK's reference,
 * https://eclipse.dev/elk/reference/options.html. `partitioning.activate` applies to parents and
 * `partitioning.partition` (an integer) to nodes: "nodes with lower partition IDs will appear to the left of nodes
 * with higher partition IDs", so each wave is a column. `separateConnectedComponents` is off so that the columns of
 * separate components line up. `randomSeed` 1 (ELK's default for layered, fixed here on purpose) keeps the layout the
 * same run after run.
 *
 * Large graphs: measured on the generated 1,000-workload estate (bench/waves-estate.ts: 967 boxes, 1,667 lines) on
 * this 2-core machine (shared, so ±30 %): ELK's defaults took 57 s; thoroughness 1 (default 7) with POLYLINE routing
 * 45 s; with LONGEST_PATH layering (default NETWORK_SIMPLEX) 7.5 s; then LINEAR_SEGMENTS node placement 9 s for a
 * drawing of 3,850 × 15,700 px whose columns all start at the top. SIMPLE placement was as fast and smaller, but it
 * centres every column, so the short ones begin halfway down the page; BRANDES_KOEPF made 4,700 × 19,200 px;
 * ORTHOGONAL or SPLINES routing doubled the time.
 */
export function layoutOptions(nodeCount: number): Record<string, string> {
  const common = {
    'org.eclipse.elk.algorithm': 'layered',
    'org.eclipse.elk.direction': 'RIGHT',
    'org.eclipse.elk.partitioning.activate': 'true',
    'org.eclipse.elk.separateConnectedComponents': 'false',
    'org.eclipse.elk.randomSeed': '1',
    'org.eclipse.elk.spacing.nodeNode': '6',
    'org.eclipse.elk.layered.spacing.nodeNodeBetweenLayers': '70',
    'org.eclipse.elk.padding': '[top=30,left=12,bottom=12,right=12]',
  };
  return nodeCount <= LARGE_GRAPH
    ? common
    : {
        ...common,
        'org.eclipse.elk.layered.thoroughness': '1',
        'org.eclipse.elk.layered.layering.strategy': 'LONGEST_PATH',
        'org.eclipse.elk.layered.nodePlacement.strategy': 'LINEAR_SEGMENTS',
        'org.eclipse.elk.edgeRouting': 'POLYLINE',
      };
}

/**
 * Lays out the workloads that have edges: one box per workload in its wave's column, one line per pair of
 * workloads that have an edge between them.
 */
export async function layoutGraph(
  edges: readonly DependencyEdge[],
  waveOf: ReadonlyMap<string, number>,
): Promise<Layout> {
  const ids = [...new Set(edges.flatMap((edge) => [edge.from, edge.to]))].sort(compareStrings);
  const key = new Map(ids.map((id, i) => [id, `n${i}`]));
  const pairs = new Map<string, { from: string; to: string; vias: string[] }>();
  for (const edge of edges) {
    const pairKey = `${edge.from}\n${edge.to}`;
    const pair = pairs.get(pairKey) ?? { from: edge.from, to: edge.to, vias: [] };
    pairs.set(pairKey, pair);
    if (!pair.vias.includes(edge.via)) {
      pair.vias.push(edge.via);
    }
  }
  const drawn = [...pairs.values()].sort((a, b) => compareStrings(a.from, b.from) || compareStrings(a.to, b.to));
  const printLabels = drawn.length <= MAX_PRINTED_LABELS;
  const wave = (id: string) => waveOf.get(id) ?? 1;
  const elkEdges: ElkExtendedEdge[] = drawn.map((pair, i) => {
    const reversed = wave(pair.from) > wave(pair.to);
    const text = labelText(pair.vias);
    return {
      id: `e${i}`,
      sources: [key.get(reversed ? pair.to : pair.from) as string],
      targets: [key.get(reversed ? pair.from : pair.to) as string],
      ...(printLabels
        ? { labels: [{ text, width: Math.ceil(text.length * LABEL_CHAR_WIDTH), height: LABEL_HEIGHT }] }
        : {}),
    };
  });
  const root: ElkNode = {
    id: 'root',
    layoutOptions: layoutOptions(ids.length),
    children: ids.map((id) => ({
      id: key.get(id) as string,
      width: NODE_WIDTH,
      height: NODE_HEIGHT,
      layoutOptions: { 'org.eclipse.elk.partitioning.partition': String(wave(id)) },
    })),
    edges: elkEdges,
  };
  // Loaded on first use: ELK is 1.6 MB of JavaScript that only the page needs.
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const result = ids.length === 0 ? { ...root, width: 0, height: 0 } : await new ELK().layout(root);
  const placed = new Map((result.children ?? []).map((child) => [child.id, child]));
  const placedEdges = new Map(((result.edges ?? []) as ElkExtendedEdge[]).map((edge) => [edge.id, edge]));
  return {
    width: result.width ?? 0,
    height: result.height ?? 0,
    nodes: ids.map((id) => {
      const child = placed.get(key.get(id) as string);
      return { id, wave: wave(id), x: child?.x ?? 0, y: child?.y ?? 0 };
    }),
    edges: drawn.map((pair, i) => placedEdge(pair, placedEdges.get(`e${i}`), wave(pair.from) > wave(pair.to))),
  };
}

function placedEdge(
  pair: { from: string; to: string; vias: string[] },
  edge: ElkExtendedEdge | undefined,
  reversed: boolean,
): PlacedEdge {
  const points = (edge?.sections ?? []).flatMap((section) => [
    section.startPoint,
    ...(section.bendPoints ?? []),
    section.endPoint,
  ]);
  const label = edge?.labels?.[0];
  return {
    from: pair.from,
    to: pair.to,
    vias: pair.vias,
    points,
    reversed,
    ...(label?.text !== undefined ? { label: { text: label.text, x: label.x ?? 0, y: label.y ?? 0 } } : {}),
  };
}

function labelText(vias: readonly string[]): string {
  const text = vias.join(', ');
  return text.length <= LABEL_CHARS ? text : `${text.slice(0, LABEL_CHARS - 1)}…`;
}
