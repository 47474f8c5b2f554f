import * as fs from 'node:fs';
import { loadEstate } from '../../lib/marathon/load/estate';
import { Definition, LoadResult } from '../../lib/marathon/load/definition';
import { canonicalPath, parentPath } from '../../lib/marathon/path-id';
import { parseJsonDocument } from '../../lib/marathon/source-text';
import { parsePath, valueAt } from '../../lib/util/json-path';
import { EstateGraph, estateGraph } from '../../lib/waves/graph';
import { planWaves } from '../../lib/waves/order';
import { CORPUS_DIR, describeWithCorpus } from '../helpers/corpus';

/** Does the value at the edge's field hold its name: the string itself, or an array element (argv) that does. */
function holds(value: unknown, name: string): boolean {
  if (typeof value === 'string') {
    return value.includes(name);
  }
  return Array.isArray(value) && value.some((item) => holds(item, name));
}

const GROUP_VIA = /^group (\S+) (dependencies\[\d+\])$/;

describeWithCorpus('the wave graph of the shared corpus', () => {
  let estate: LoadResult;
  let graph: EstateGraph;
  beforeAll(async () => {
    estate = await loadEstate({ paths: [CORPUS_DIR] });
    graph = estateGraph(estate.definitions, estate.groups);
  });

  test('finds edges of every kind, and a plan of every node', () => {
    const kinds = new Set(graph.edges.map((edge) => edge.kind));
    expect([...kinds].sort()).toEqual(['dependency', 'marathon-lb', 'mesos-dns', 'vip']);
    expect(graph.edges.length).toBeGreaterThan(40);
    const plan = planWaves(graph);
    expect(plan.waves.flatMap((wave) => wave.workloads).sort()).toEqual(graph.nodes.map((node) => node.id).sort());
  });

  test("every edge's via points at a real field of the definition as written, holding the name", () => {
    const byId = new Map<string, Definition[]>();
    for (const definition of estate.definitions) {
      byId.set(definition.id, [...(byId.get(definition.id) ?? []), definition]);
    }
    const groups = new Map(estate.groups.map((group) => [group.id, group]));
    const documents = new Map<string, unknown>();
    const document = (source: string) => {
      if (!documents.has(source)) {
        const parsed = parseJsonDocument(source, fs.readFileSync(source, 'utf8'));
        documents.set(source, parsed.ok ? parsed.document.value : undefined);
      }
      return documents.get(source);
    };
    const wrong: string[] = [];
    let groupEdges = 0;
    for (const edge of graph.edges) {
      const group = GROUP_VIA.exec(edge.via);
      if (group) {
        // A group's dependency: the field is in the group's own document; written relative to its parent group.
        groupEdges++;
        const definition = groups.get(group[1]);
        const written = definition
          ? valueAt(valueAt(document(definition.source), definition.pointer), parsePath(group[2]))
          : undefined;
        const base = definition ? parentPath(definition.id) : '/';
        if (typeof written !== 'string' || canonicalPath(written, base) !== edge.name) {
          wrong.push(`${edge.from} ${edge.via}: ${JSON.stringify(written)} is not ${edge.name}`);
        }
        continue;
      }
      const candidates = byId.get(edge.from) ?? [];
      const found = candidates.some((definition) =>
        holds(valueAt(definition.provenance.original, parsePath(edge.via)), edge.name),
      );
      if (!found) {
        wrong.push(`${edge.from} ${edge.via}: does not hold ${edge.name}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(graph.edges.length - groupEdges).toBeGreaterThan(40);
  });

  test('every unresolved name is in its field too', () => {
    for (const reference of graph.unresolved.filter((r) => !r.via.startsWith('group '))) {
      const definitions = estate.definitions.filter((d) => d.id === reference.from);
      expect(
        definitions.some((d) => holds(valueAt(d.provenance.original, parsePath(reference.via)), reference.name)),
      ).toBe(true);
    }
  });
});
