import { compareStrings } from '../util/compare';
import { plural } from '../util/text';
import { DependencyEdge, EdgeKind, GraphNode } from './graph';
import { WaveOptions, WavePlan } from './order';

/** What the table says about the plan besides the plan itself. */
export interface WavesTableOptions {
  /** The options the plan was made with, to explain it. @default none */
  readonly plan?: WaveOptions;
  /** The graph's nodes, for each workload's kind. @default kinds not shown */
  readonly nodes?: readonly GraphNode[];
}

/** Longest id, field or name printed in a table cell; the JSON output and the page keep them whole. */
const CELL = 120;

export const EDGE_KIND_NAMES: Readonly<Record<EdgeKind, string>> = {
  dependency: 'Marathon dependencies',
  'mesos-dns': 'Mesos-DNS names',
  vip: 'VIP names',
  'marathon-lb': 'marathon-lb service ports',
};

/** Cuts a text to `max` characters with an ellipsis, for tables and labels. */
export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** What each workload depends on, with the fields that say so: `/shop/postgres (dependencies[0], env.DB)`. */
export function dependsOn(edges: readonly DependencyEdge[]): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  for (const edge of edges) {
    const targets = out.get(edge.from) ?? new Map<string, string[]>();
    out.set(edge.from, targets);
    const vias = targets.get(edge.to) ?? [];
    targets.set(edge.to, vias);
    if (!vias.includes(edge.via)) {
      vias.push(edge.via);
    }
  }
  return out;
}

/** The plan as a table for the terminal: one row per workload, wave by wave, then cycles and outside names. */
export function wavesTable(plan: WavePlan, options: WavesTableOptions = {}): string {
  const kinds = new Map((options.nodes ?? []).map((node) => [node.id, node.kind]));
  const out = dependsOn(plan.edges);
  const touched = new Set(plan.edges.flatMap((edge) => [edge.from, edge.to]));
  const rows: string[][] = [['wave', 'workload', 'kind', 'depends on (field)']];
  for (const wave of plan.waves) {
    for (const id of wave.workloads) {
      const targets = [...(out.get(id) ?? new Map<string, string[]>())].sort(([a], [b]) => compareStrings(a, b));
      const cell = touched.has(id)
        ? targets.map(([to, vias]) => `${shorten(to, CELL)} (${vias.map((v) => shorten(v, CELL)).join(', ')})`)
        : ['(no edges)'];
      rows.push([String(wave.wave), shorten(id, CELL), kinds.get(id) ?? '', cell.join('; ')]);
    }
  }
  const widths = [0, 1, 2].map((column) => rows.reduce((width, row) => Math.max(width, row[column].length), 0));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (column < 3 ? cell.padEnd(widths[column]) : cell))
      .join('  ')
      .trimEnd();
  const lines = [line(rows[0]), [...widths, 18].map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line), ''];
  lines.push(...summary(plan, options.plan ?? {}));
  return `${lines.join('\n')}\n`;
}

function summary(plan: WavePlan, options: WaveOptions): string[] {
  const lines: string[] = [];
  const workloads = plan.waves.reduce((sum, wave) => sum + wave.workloads.length, 0);
  const byKind = new Map<EdgeKind, number>();
  for (const edge of plan.edges) {
    byKind.set(edge.kind, (byKind.get(edge.kind) ?? 0) + 1);
  }
  const kinds = (Object.keys(EDGE_KIND_NAMES) as EdgeKind[])
    .filter((kind) => byKind.has(kind))
    .map((kind) => `${byKind.get(kind)} from ${EDGE_KIND_NAMES[kind]}`);
  const order = options.order === 'callers-first' ? 'callers first' : 'dependencies first';
  lines.push(
    `${plural(workloads, 'workload')} in ${plural(plan.waves.length, 'wave')} (${order}${options.maxWaveSize !== undefined ? `, at most ${options.maxWaveSize} a wave` : ''}); ${plural(plan.edges.length, 'edge')}${kinds.length > 0 ? `: ${kinds.join(', ')}` : ''}`,
  );
  const waveOf = new Map(plan.waves.flatMap((wave) => wave.workloads.map((id) => [id, wave.wave] as const)));
  for (const cycle of plan.cycles) {
    lines.push(
      `cycle, moves together in wave ${waveOf.get(cycle[0])}: ${cycle.map((id) => shorten(id, CELL)).join(', ')}`,
    );
  }
  for (const wave of plan.waves) {
    if (wave.workloads.length === 0) {
      lines.push(`wave ${wave.wave} is empty: left free so that a pinned workload moves in its wave`);
    } else if (options.maxWaveSize !== undefined && wave.workloads.length > options.maxWaveSize) {
      lines.push(
        `wave ${wave.wave} holds ${wave.workloads.length} workloads, more than ${options.maxWaveSize}: a cycle moves whole, and pinned workloads stay in their wave`,
      );
    }
  }
  if (plan.unresolved.length > 0) {
    lines.push(
      `DC/OS names that point outside the estate (they stay on DC/OS whatever moves): ${plan.unresolved.length}`,
    );
    for (const reference of plan.unresolved) {
      lines.push(
        `  ${shorten(reference.from, CELL)}  ${shorten(reference.via, CELL)}  ${shorten(reference.name, CELL)}`,
      );
    }
  }
  return lines;
}
