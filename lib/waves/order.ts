import { compareStrings } from '../util/compare';
import { DependencyEdge, EstateGraph, UnresolvedReference } from './graph';
import { Heap } from './heap';
import { stronglyConnectedComponents } from './scc';

export interface WaveOptions {
  /**
   * `dependencies-first`: a workload moves no earlier than what it depends on (the wave after, at the earliest).
   * `callers-first`: the reverse, a workload moves no earlier than its callers.
   * @default 'dependencies-first'
   */
  readonly order?: 'dependencies-first' | 'callers-first';
  /**
   * At most this many workloads a wave: a larger wave is split into consecutive waves, keeping the order. A cycle
   * larger than this moves whole, in a wave of its own.
   * @default no limit
   */
  readonly maxWaveSize?: number;
  /** Workload id → wave number (1-based). @default none */
  readonly pins?: Readonly<Record<string, number>>;
}

export interface Wave {
  /** 1-based. */
  readonly wave: number;
  /** Ids, sorted. Empty for a wave left free so that a later pin holds. */
  readonly workloads: readonly string[];
}

export interface WavePlan {
  /** Every wave from 1 to the last, in order. */
  readonly waves: readonly Wave[];
  /** The graph's edges. */
  readonly edges: readonly DependencyEdge[];
  /** The strongly connected components of more than one workload (they move together): ids sorted, cycles sorted. */
  readonly cycles: readonly (readonly string[])[];
  /** The graph's unresolved references. */
  readonly unresolved: readonly UnresolvedReference[];
}

/** A wave plan that cannot be made: the message names the ids and pins concerned. */
export class WavePlanError extends Error {}

/** The highest wave a pin may name in an estate of up to this many workloads (more: one wave each at most). */
const MAX_WAVES = 10_000;

/** One workload, or a cycle of workloads that move together. */
interface Unit {
  /** Positions of its workloads in the sorted ids, ascending. */
  readonly members: number[];
  readonly prerequisites: number[];
  readonly dependents: number[];
  pin?: number;
}

interface Scope {
  readonly ids: readonly string[];
  readonly units: readonly Unit[];
}

/**
 * Orders an estate into waves. Cycles (strongly connected components, Tarjan) move together. Each workload takes the
 * earliest wave its order allows (longest path over the condensation) unless it is pinned; with `maxWaveSize`, the
 * workloads that are ready fill each wave, those due before a pinned workload first, then those with the longest
 * chain behind them, then by id. Deterministic: the plan depends only on the graph's contents.
 *
 * Throws WavePlanError (a plain message naming the ids) for a pin of an unknown id, a pin < 1, or pins that contradict
 * the order (a workload pinned before something it must follow that is pinned later).
 */
export function planWaves(graph: EstateGraph, options: WaveOptions = {}): WavePlan {
  const order = options.order ?? 'dependencies-first';
  if (order !== 'dependencies-first' && order !== 'callers-first') {
    throw new WavePlanError(`order must be dependencies-first or callers-first, not ${JSON.stringify(order)}`);
  }
  const max = options.maxWaveSize;
  if (max !== undefined && (!Number.isInteger(max) || max < 1)) {
    throw new WavePlanError(`the max wave size must be a whole number ≥ 1, not ${String(max)}`);
  }
  const ids = [...new Set(graph.nodes.map((node) => node.id))].sort(compareStrings);
  const scope: Scope = { ids, units: units(ids, mustFollow(graph.edges, ids, order)) };
  applyPins(scope, options.pins ?? {});
  const waveOf = schedule(scope, max);
  const byWave: string[][] = Array.from({ length: waveOf.reduce((last, wave) => Math.max(last, wave), 0) }, () => []);
  scope.units.forEach((unit, u) => byWave[waveOf[u] - 1].push(...unit.members.map((m) => ids[m])));
  return {
    waves: byWave.map((workloads, i) => ({ wave: i + 1, workloads: workloads.sort(compareStrings) })),
    edges: graph.edges,
    cycles: scope.units
      .filter((unit) => unit.members.length > 1)
      .map((unit) => unit.members.map((m) => ids[m]))
      .sort((a, b) => compareStrings(a[0], b[0])),
    unresolved: graph.unresolved,
  };
}

/** The ids in waves 1..n, wave by wave (each wave's ids sorted). */
export function idsThroughWave(plan: WavePlan, n: number): string[] {
  return plan.waves.filter((wave) => wave.wave <= n).flatMap((wave) => wave.workloads);
}

/** For each workload (by position in `ids`), the workloads it must move after. */
function mustFollow(edges: readonly DependencyEdge[], ids: readonly string[], order: string): number[][] {
  const position = new Map(ids.map((id, i) => [id, i]));
  const after: number[][] = ids.map(() => []);
  for (const edge of edges) {
    const from = position.get(edge.from);
    const to = position.get(edge.to);
    if (from === undefined || to === undefined) {
      const missing = from === undefined ? edge.from : edge.to;
      throw new WavePlanError(`the edge ${edge.from} → ${edge.to} (${edge.via}) names ${missing}, which is not a node`);
    }
    if (from !== to) {
      if (order === 'dependencies-first') {
        after[from].push(to);
      } else {
        after[to].push(from);
      }
    }
  }
  return after;
}

/**
 * The condensation: one unit per strongly connected component. Tarjan numbers components so that a component's
 * prerequisites come before it, which every pass below relies on.
 */
function units(ids: readonly string[], after: readonly (readonly number[])[]): Unit[] {
  const { component, count } = stronglyConnectedComponents(after);
  const list: Unit[] = Array.from({ length: count }, () => ({ members: [], prerequisites: [], dependents: [] }));
  ids.forEach((_, v) => list[component[v]].members.push(v));
  const seen = new Int32Array(count).fill(-1);
  list.forEach((unit, u) => {
    for (const v of unit.members) {
      for (const w of after[v]) {
        const p = component[w];
        if (p !== u && seen[p] !== u) {
          seen[p] = u;
          unit.prerequisites.push(p);
          list[p].dependents.push(u);
        }
      }
    }
  });
  return list;
}

function applyPins(scope: Scope, pins: Readonly<Record<string, number>>): void {
  const position = new Map(scope.ids.map((id, i) => [id, i]));
  const unitOf = new Int32Array(scope.ids.length);
  scope.units.forEach((unit, u) => unit.members.forEach((m) => (unitOf[m] = u)));
  const pinnedBy = new Map<number, string>();
  for (const [id, wave] of Object.entries(pins).sort(([a], [b]) => compareStrings(a, b))) {
    const at = position.get(id);
    if (at === undefined) {
      throw new WavePlanError(`pin ${id}=${wave}: no workload ${id} in the estate`);
    }
    if (!Number.isInteger(wave) || wave < 1) {
      throw new WavePlanError(`pin ${id}=${wave}: waves are numbered 1, 2, 3…`);
    }
    const last = Math.max(MAX_WAVES, scope.ids.length);
    if (wave > last) {
      throw new WavePlanError(`pin ${id}=${wave}: a plan has at most ${last} waves`);
    }
    const unit = scope.units[unitOf[at]];
    if (unit.pin !== undefined && unit.pin !== wave) {
      const other = pinnedBy.get(unitOf[at]) as string;
      throw new WavePlanError(
        `pins ${other}=${unit.pin} and ${id}=${wave} disagree: they are in a cycle (${label(scope, unit)}), which moves together`,
      );
    }
    unit.pin = wave;
    pinnedBy.set(unitOf[at], id);
  }
}

/** Each unit's earliest wave, honouring pins; throws when a pin comes before what the unit must follow. */
function earliestWaves(scope: Scope): Int32Array {
  const { units: list } = scope;
  const earliest = new Int32Array(list.length);
  const because = new Int32Array(list.length).fill(-1);
  list.forEach((unit, u) => {
    let wave = 1;
    for (const p of unit.prerequisites) {
      if (earliest[p] + 1 > wave) {
        wave = earliest[p] + 1;
        because[u] = p;
      }
    }
    if (unit.pin !== undefined) {
      if (unit.pin < wave) {
        throw new WavePlanError(
          `pin ${label(scope, unit)}=${unit.pin} contradicts the order: ${chain(scope, because, u)}, so wave ${wave} at the earliest`,
        );
      }
      wave = unit.pin;
    }
    earliest[u] = wave;
  });
  return earliest;
}

/** `/a must move after /b, which must move after /c (pinned to wave 3)`, at most five steps. */
function chain(scope: Scope, because: Int32Array, from: number): string {
  const steps: string[] = [];
  let at = because[from];
  while (at !== -1 && steps.length < 5) {
    const unit = scope.units[at];
    steps.push(`${label(scope, unit)}${unit.pin !== undefined ? ` (pinned to wave ${unit.pin})` : ''}`);
    if (unit.pin !== undefined) {
      break;
    }
    at = because[at];
  }
  const more = at !== -1 && scope.units[at].pin === undefined ? ', …' : '';
  return `${label(scope, scope.units[from])} must move after ${steps.join(', which must move after ')}${more}`;
}

function label(scope: Scope, unit: Unit): string {
  return unit.members.map((m) => scope.ids[m]).join(' + ');
}

/**
 * List scheduling over the condensation: wave by wave, pinned units in their wave, then ready units by deadline
 * (the latest wave that leaves room before a pinned dependent), longest chain behind them, first id.
 */
function schedule(scope: Scope, max: number | undefined): Int32Array {
  const { units: list } = scope;
  earliestWaves(scope);
  const latest = new Float64Array(list.length).fill(Infinity);
  const dueFor = new Int32Array(list.length).fill(-1);
  const height = new Int32Array(list.length);
  for (let u = list.length - 1; u >= 0; u--) {
    const unit = list[u];
    if (unit.pin !== undefined) {
      latest[u] = unit.pin;
      dueFor[u] = u;
    }
    for (const d of unit.dependents) {
      height[u] = Math.max(height[u], height[d] + 1);
      if (unit.pin === undefined && latest[d] - 1 < latest[u]) {
        latest[u] = latest[d] - 1;
        dueFor[u] = dueFor[d];
      }
    }
  }
  const ready = new Heap<number>((a, b) =>
    latest[a] !== latest[b]
      ? latest[a] < latest[b]
      : height[a] !== height[b]
        ? height[a] > height[b]
        : list[a].members[0] < list[b].members[0],
  );
  const waiting = new Int32Array(list.length);
  const pinnedIn = new Map<number, number[]>();
  list.forEach((unit, u) => {
    waiting[u] = unit.prerequisites.length;
    if (unit.pin !== undefined) {
      const atPin = pinnedIn.get(unit.pin);
      if (atPin) {
        atPin.push(u);
      } else {
        pinnedIn.set(unit.pin, [u]);
      }
    } else if (waiting[u] === 0) {
      ready.push(u);
    }
  });
  const waveOf = new Int32Array(list.length);
  let placed = 0;
  for (let wave = 1; placed < list.length; wave++) {
    const now = [...(pinnedIn.get(wave) ?? [])];
    let size = now.reduce((sum, u) => sum + list[u].members.length, 0);
    const deferred: number[] = [];
    while (ready.size > 0 && (max === undefined || size < max)) {
      const u = ready.pop() as number;
      const n = list[u].members.length;
      if (max === undefined || size + n <= max || size === 0) {
        now.push(u);
        size += n;
      } else {
        deferred.push(u);
      }
    }
    deferred.forEach((u) => ready.push(u));
    for (const u of now) {
      if (waiting[u] > 0) {
        throw noRoom(scope, { unit: u, pinned: u, max });
      }
      waveOf[u] = wave;
      placed++;
    }
    for (const u of now) {
      for (const d of list[u].dependents) {
        waiting[d]--;
        if (waiting[d] === 0 && list[d].pin === undefined) {
          ready.push(d);
        }
      }
    }
    const late = ready.peek();
    if (late !== undefined && latest[late] <= wave) {
      throw noRoom(scope, { unit: late, pinned: dueFor[late], max });
    }
  }
  return waveOf;
}

function noRoom(scope: Scope, what: { unit: number; pinned: number; max: number | undefined }): Error {
  const pinned = scope.units[what.pinned];
  const room = `with at most ${what.max ?? 'any number of'} workloads a wave`;
  const advice = 'pin it later or allow larger waves';
  return new WavePlanError(
    what.unit === what.pinned
      ? `${room}, what ${label(scope, pinned)} must move after does not fit before wave ${pinned.pin}, where it is pinned: ${advice}`
      : `${room}, ${label(scope, scope.units[what.unit])} cannot move before ${label(scope, pinned)}, pinned to wave ${pinned.pin}: ${advice}`,
  );
}
