import { compareStrings } from '../util/compare';
import { closestMatch, quote } from '../util/describe';
import { Definition, GroupDefinition } from '../marathon/load/definition';
import { DcosCaller, EstateSelection } from '../translate/selection';
import { EstateGraph, EstateGraphError, estateGraph } from '../waves/graph';
import { WaveOptions, WavePlan, WavePlanError, idsThroughWave, planWaves } from '../waves/order';

/**
 * Which workloads of an estate a run converts, in a migration in waves. The whole estate is still loaded, so every
 * reference resolves; what is not selected keeps running on DC/OS.
 *
 * ```ts
 * new MarathonWorkload(app, 'wave-1', { definitions, groups, select: WorkloadSelection.throughWave(1) });
 * new MarathonWorkload(app, 'shop', { definitions, groups, select: WorkloadSelection.only('/shop/*') });
 * ```
 */
export class WorkloadSelection {
  /**
   * The workloads matching any of `patterns`: a Marathon or Metronome id (`/shop/api`, `backup.nightly`), a group id
   * (`/shop`: everything in it), or a glob where `*` stands for any characters but `/` and `**` for any at all.
   */
  static only(...patterns: string[]): WorkloadSelection {
    return new WorkloadSelection(patterns, undefined, {});
  }

  /** The workloads of waves 1 to `wave` of the estate's wave plan (as `marathon-to-eks waves` prints it). */
  static throughWave(wave: number, options: WaveOptions = {}): WorkloadSelection {
    return new WorkloadSelection([], wave, options);
  }

  private constructor(
    /** Id, group or glob patterns. */
    readonly patterns: readonly string[],
    /** The last wave selected. */
    readonly wave: number | undefined,
    /** How the waves are planned. */
    readonly waveOptions: WaveOptions,
  ) {}

  /** This selection and the workloads matching `patterns` too. */
  and(...patterns: string[]): WorkloadSelection {
    return new WorkloadSelection([...this.patterns, ...patterns], this.wave, this.waveOptions);
  }

  /** What is wrong with the selection itself, before any estate is read. */
  problems(): string[] {
    const problems: string[] = [];
    if (this.wave !== undefined && (!Number.isInteger(this.wave) || this.wave < 1)) {
      problems.push(`the wave must be a whole number from 1, got ${this.wave}`);
    }
    for (const pattern of this.patterns) {
      if (pattern.trim() === '') {
        problems.push('a selection pattern is empty');
      }
    }
    return problems;
  }
}

/** A selection applied to an estate: what the translation needs, and the graph and plan it was decided on. */
export interface ResolvedSelection {
  readonly selection: EstateSelection;
  readonly graph: EstateGraph;
  /** The wave plan (planned with the selection's wave options, also when it selects by pattern). */
  readonly plan: WavePlan;
  /** Patterns that matched nothing, each with the closest id when there is one. */
  readonly unmatched: readonly string[];
}

/** Resolves a selection against the whole estate. Throws a plain message for a wave plan that cannot be made. */
export function resolveSelection(
  select: WorkloadSelection,
  definitions: readonly Definition[],
  groups: readonly GroupDefinition[],
): ResolvedSelection {
  const graph = estateGraph(definitions, groups);
  const plan = planWaves(graph, select.waveOptions);
  const ids = [...new Set(definitions.map((definition) => definition.id))].sort(compareStrings);
  const selected = new Set<string>(select.wave !== undefined ? idsThroughWave(plan, select.wave) : []);
  const unmatched: string[] = [];
  for (const pattern of select.patterns) {
    const matches = ids.filter(patternMatcher(pattern));
    if (matches.length === 0) {
      const near = closestMatch(pattern, ids);
      unmatched.push(`${quote(pattern)} matches no workload${near ? ` (did you mean ${quote(near)}?)` : ''}`);
    }
    matches.forEach((id) => selected.add(id));
  }
  const waveOf = new Map(plan.waves.flatMap((wave) => wave.workloads.map((id) => [id, wave.wave] as const)));
  return { selection: { selected, dcosCallers: dcosCallers(graph, selected), waveOf }, graph, plan, unmatched };
}

/** Exact id, group prefix, or glob (`*` within a segment, `**` across segments). */
function patternMatcher(pattern: string): (id: string) => boolean {
  if (!pattern.includes('*')) {
    const group = pattern.endsWith('/') ? pattern : `${pattern}/`;
    return (id) => id === pattern || id.startsWith(group);
  }
  const source = pattern
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const regex = new RegExp(`^${source}$`);
  return (id) => regex.test(id);
}

/** For each selected workload, the edges into it from workloads left on DC/OS. */
function dcosCallers(graph: EstateGraph, selected: ReadonlySet<string>): Map<string, DcosCaller[]> {
  const callers = new Map<string, DcosCaller[]>();
  for (const edge of graph.edges) {
    if (selected.has(edge.to) && !selected.has(edge.from)) {
      callers.set(edge.to, [...(callers.get(edge.to) ?? []), { from: edge.from, via: edge.via, name: edge.name }]);
    }
  }
  return callers;
}

/** A selection that cannot be applied to the estate: a pattern matching nothing, a wave plan that cannot be made. */
export class SelectionError extends Error {}

/** {@link resolveSelection}, throwing a {@link SelectionError} for the selection's problems and unmatched patterns. */
export function checkedSelection(
  select: WorkloadSelection,
  definitions: readonly Definition[],
  groups: readonly GroupDefinition[],
): ResolvedSelection {
  const problems = select.problems();
  if (problems.length > 0) {
    throw new SelectionError(problems.join('; '));
  }
  let resolved: ResolvedSelection;
  try {
    resolved = resolveSelection(select, definitions, groups);
  } catch (cause) {
    if (cause instanceof WavePlanError || cause instanceof EstateGraphError) {
      throw new SelectionError(cause.message);
    }
    throw cause;
  }
  if (resolved.unmatched.length > 0) {
    throw new SelectionError(resolved.unmatched.join('; '));
  }
  return resolved;
}
