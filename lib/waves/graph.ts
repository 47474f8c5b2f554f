import { compareStrings } from '../util/compare';
import { JsonPath, formatPath, valueAt } from '../util/json-path';
import { Definition, GroupDefinition } from '../marathon/load/definition';
import { NameIndex, nameIndex } from './names';
import { ReferenceKind, namesIn } from './references';
import { referenceTexts } from './texts';

export type EdgeKind = 'dependency' | ReferenceKind;

/** One workload depends on (calls) another, and where its definition says so. */
export interface DependencyEdge {
  /** Id of the workload that calls / depends on. */
  readonly from: string;
  /** Id of the workload called / depended on. */
  readonly to: string;
  /**
   * Where: the path (lib/util/json-path `formatPath`) of the field in the definition as the user wrote it, relative to
   * the definition: `env.DB_URL`, `cmd`, `args[1]`, `healthChecks[0].command.value`, `labels.FOO`, `fetch[0].uri`,
   * `dependencies[0]`, `run.env.X` (jobs), `dependencies[0].id` (job dependencies). A dependency a group declares
   * for everything inside it reads `group <group id> dependencies[<i>]`: the path is in that group's document.
   */
  readonly via: string;
  /**
   * The name as written: `postgres-shop.marathon.mesos`, `cart.marathon.l4lb.thisdcos.directory:80`,
   * `marathon-lb.marathon.mesos:10080`, or the dependency id as written (a group's dependency: as resolved, absolute).
   */
  readonly name: string;
  readonly kind: EdgeKind;
}

export interface GraphNode {
  readonly id: string;
  readonly kind: 'app' | 'pod' | 'job';
}

/** DC/OS names found that point at nothing in the estate (they stay on DC/OS whatever is migrated). */
export interface UnresolvedReference {
  readonly from: string;
  readonly via: string;
  readonly name: string;
}

export interface EstateGraph {
  /** Sorted by id, one per id. */
  readonly nodes: readonly GraphNode[];
  /** Sorted (from, to, via, name), no self-edges, no exact duplicates. */
  readonly edges: readonly DependencyEdge[];
  /** Sorted (from, via, name), no duplicates. */
  readonly unresolved: readonly UnresolvedReference[];
}

/** Thrown when an estate's graph would hold more edges than {@link MAX_EDGES}. */
export class EstateGraphError extends Error {}

/**
 * Edges one graph may hold: a group of 1,000 apps depending on a group of 1,000 is a million edges already, and
 * the wave plan, its JSON and its page grow with them.
 */
export const MAX_EDGES = 2_000_000;

/**
 * The dependency graph of an estate: Marathon `dependencies` (app and group level) and Metronome job dependencies,
 * and every Mesos-DNS, VIP and marathon-lb name found in the texts of apps, pods and jobs. Each edge records the
 * field it was found in. The same estate gives the same graph in any input order.
 */
export function estateGraph(definitions: readonly Definition[], groups: readonly GroupDefinition[] = []): EstateGraph {
  return graphWithin(definitions, groups, MAX_EDGES);
}

/** {@link estateGraph} with another edge limit (tests). */
export function graphWithin(
  definitions: readonly Definition[],
  groups: readonly GroupDefinition[],
  maxEdges: number,
): EstateGraph {
  const sorted = [...definitions].sort(compareDefinitions);
  const index = nameIndex(sorted);
  const collector = new Collector(maxEdges);
  for (const definition of sorted) {
    dependencyEdges(definition, index, collector);
    for (const { path, text } of referenceTexts(definition)) {
      const via = viaOf(definition, path);
      for (const found of namesIn(index, text)) {
        if (found.targets.length === 0) {
          collector.unresolved(definition.id, via, found.name);
        }
        for (const to of found.targets) {
          collector.edge({ from: definition.id, to, via, name: found.name, kind: found.kind });
        }
      }
    }
  }
  for (const group of [...groups].sort((a, b) => compareStrings(a.id, b.id))) {
    groupEdges(group, index, collector);
  }
  const nodes = new Map<string, GraphNode>();
  for (const definition of sorted) {
    if (!nodes.has(definition.id)) {
      nodes.set(definition.id, { id: definition.id, kind: definition.kind });
    }
  }
  return { nodes: [...nodes.values()], ...collector.result() };
}

/** Marathon dependencies (already absolute in the normalized spec) and Metronome job dependencies. */
function dependencyEdges(definition: Definition, index: NameIndex, collector: Collector): void {
  if (definition.kind === 'pod') {
    return;
  }
  definition.spec.dependencies.forEach((dependency, i) => {
    const path: JsonPath = definition.kind === 'job' ? ['dependencies', i, 'id'] : ['dependencies', i];
    const via = viaOf(definition, path);
    const written = definition.provenance.originalPathOf(path);
    const value = written ? valueAt(definition.provenance.original, written) : undefined;
    const name = typeof value === 'string' ? value : dependency;
    const targets =
      definition.kind === 'job'
        ? index.jobIds.has(dependency)
          ? [dependency]
          : []
        : workloadsNamed(index.workloadIds, dependency);
    if (targets.length === 0) {
      collector.unresolved(definition.id, via, name);
    }
    for (const to of targets) {
      collector.edge({ from: definition.id, to, via, name, kind: 'dependency' });
    }
  });
}

/** A group's dependencies hold for every app and pod inside it, however deep. */
function groupEdges(group: GroupDefinition, index: NameIndex, collector: Collector): void {
  const members = workloadsUnder(index.workloadIds, group.id);
  group.dependencies.forEach((dependency, i) => {
    const via = `group ${group.id} ${formatPath(['dependencies', i])}`;
    const targets = workloadsNamed(index.workloadIds, dependency);
    for (const from of members) {
      if (targets.length === 0) {
        collector.unresolved(from, via, dependency);
      }
      for (const to of targets) {
        collector.edge({ from, to, via, name: dependency, kind: 'dependency' });
      }
    }
  });
}

/** An app or pod id names that workload; any other id names the group of every workload beneath it. */
function workloadsNamed(ids: readonly string[], id: string): readonly string[] {
  const at = lowerBound(ids, id);
  return ids[at] === id ? [id] : workloadsUnder(ids, id);
}

function workloadsUnder(ids: readonly string[], group: string): readonly string[] {
  const prefix = group.endsWith('/') ? group : `${group}/`;
  const start = lowerBound(ids, prefix);
  let end = start;
  while (end < ids.length && ids[end].startsWith(prefix)) {
    end++;
  }
  return ids.slice(start, end);
}

function lowerBound(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareStrings(sorted[middle], value) < 0) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/** The user's own path of a normalized field (a legacy field the normalizer moved is named as written). */
function viaOf(definition: Definition, path: JsonPath): string {
  const { provenance } = definition;
  return formatPath(provenance.originalPathOf(path) ?? provenance.nearestOriginalPath(path));
}

function compareDefinitions(a: Definition, b: Definition): number {
  return (
    compareStrings(a.id, b.id) ||
    compareStrings(a.kind, b.kind) ||
    compareStrings(a.source, b.source) ||
    compareStrings(a.pointer.join('/'), b.pointer.join('/'))
  );
}

/** Gathers edges and unresolved names without duplicates, and sorts them. */
class Collector {
  private readonly edges = new Map<string, DependencyEdge>();
  private readonly missing = new Map<string, UnresolvedReference>();

  constructor(private readonly maxEdges: number) {}

  edge(edge: DependencyEdge): void {
    if (edge.from === edge.to) {
      return;
    }
    const key = `${edge.from}\n${edge.to}\n${edge.via}\n${edge.name}`;
    if (!this.edges.has(key)) {
      if (this.edges.size >= this.maxEdges) {
        throw new EstateGraphError(
          `the estate's dependency graph has more than ${this.maxEdges.toLocaleString('en-US')} edges (group dependencies between large groups, or names shared by many workloads); plan parts of the estate separately`,
        );
      }
      this.edges.set(key, edge);
    }
  }

  unresolved(from: string, via: string, name: string): void {
    const key = `${from}\n${via}\n${name}`;
    if (!this.missing.has(key)) {
      this.missing.set(key, { from, via, name });
    }
  }

  result(): Pick<EstateGraph, 'edges' | 'unresolved'> {
    const edges = [...this.edges.values()].sort(
      (a, b) =>
        compareStrings(a.from, b.from) ||
        compareStrings(a.to, b.to) ||
        compareStrings(a.via, b.via) ||
        compareStrings(a.name, b.name),
    );
    const unresolved = [...this.missing.values()].sort(
      (a, b) => compareStrings(a.from, b.from) || compareStrings(a.via, b.via) || compareStrings(a.name, b.name),
    );
    return { edges, unresolved };
  }
}
