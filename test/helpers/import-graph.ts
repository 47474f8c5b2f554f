import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/** Files (paths relative to the root, forward slashes) and the project files each imports. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/**
 * Every module a TypeScript text names: `import` and `import type`, `export … from`, `import x = require()`,
 * `import()` and `require()` calls, as the compiler's own pre-processor reads them (comments and strings skipped).
 */
export function importedModules(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((file) => file.fileName);
}

/**
 * The import graph of the `.ts` files under `folders` (relative to `root`): an edge for every import that resolves,
 * by the compiler's module resolution with the project's options, to another file of those folders. A relative
 * import that resolves to nothing is thrown: the graph would silently miss an edge.
 */
export function importGraph(root: string, folders: readonly string[]): ImportGraph {
  const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const files = folders.flatMap((folder) => typeScriptFiles(path.join(root, folder)));
  const inGraph = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = new Set<string>();
    for (const name of importedModules(fs.readFileSync(file, 'utf8'))) {
      const resolved = ts.resolveModuleName(name, file, options, ts.sys).resolvedModule;
      if (!resolved) {
        if (name.startsWith('.')) {
          throw new Error(`${path.relative(root, file)}: ${name} resolves to no file`);
        }
        continue;
      }
      const target = path.resolve(resolved.resolvedFileName);
      if (!resolved.isExternalLibraryImport && inGraph.has(target)) {
        targets.add(relative(root, target));
      }
    }
    graph.set(relative(root, file), [...targets].sort());
  }
  return graph;
}

/** The graph of folders: `a → b` when a file of folder `a` imports one of folder `b` (`folderOf` names them). */
export function folderGraph(graph: ImportGraph, folderOf: (file: string) => string): ImportGraph {
  const folders = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    const from = folderOf(file);
    const edges = folders.get(from) ?? new Set<string>();
    folders.set(from, edges);
    for (const target of targets) {
      if (folderOf(target) !== from) {
        edges.add(folderOf(target));
      }
    }
  }
  return new Map([...folders].map(([folder, edges]) => [folder, [...edges].sort()]));
}

/**
 * The import cycles of a graph, one per strongly connected component of two or more nodes or a node that imports
 * itself (Tarjan's algorithm, so every cycle is found, however long): its members, sorted, and the shortest closed
 * path through the first of them, e.g. `['a.ts', 'b.ts', 'a.ts']`, to show one import chain to break.
 */
export function importCycles(graph: ImportGraph): { path: string[]; members: string[] }[] {
  return stronglyConnected(graph)
    .filter((component) => component.length > 1 || (graph.get(component[0]) ?? []).includes(component[0]))
    .map((component) => {
      const members = [...component].sort();
      return { path: shortestCycle(graph, members[0], new Set(members)), members };
    })
    .sort((a, b) => (a.members[0] < b.members[0] ? -1 : 1));
}

/** Tarjan's strongly connected components (iterative: no recursion depth to worry about). */
function stronglyConnected(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) {
      continue;
    }
    const frames: { node: string; edge: number }[] = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const target = edges[frame.edge++];
        if (!index.has(target)) {
          index.set(target, next);
          low.set(target, next++);
          stack.push(target);
          onStack.add(target);
          frames.push({ node: target, edge: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}

/** The shortest path from `start` back to itself within `members` (breadth first). */
function shortestCycle(graph: ImportGraph, start: string, members: ReadonlySet<string>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const target of graph.get(node) ?? []) {
      if (target === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at)!) {
          path.splice(1, 0, at);
        }
        return [...path, start];
      }
      if (members.has(target) && !previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start];
}

function typeScriptFiles(folder: string): string[] {
  return fs
    .readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.resolve(entry.parentPath, entry.name))
    .sort();
}

function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}
