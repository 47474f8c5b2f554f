import * as path from 'node:path';
import { tempDir, writeTree } from '../helpers/files';
import { folderGraph, importCycles, importGraph, importedModules } from '../helpers/import-graph';

/*
 * No import cycles in lib/ and bin/, type-only imports included: a type-only cycle is still two modules that cannot
 * be understood, tested or moved one without the other. And none between the folders of lib/ either, so they stay
 * layers (util ← marathon, validate ← translate ← workload, capacity ← eks ← cli): a folder only ever imports those
 * below it.
 */

const ROOT = path.resolve(__dirname, '../..');
const graph = importGraph(ROOT, ['lib', 'bin']);

/** `lib/eks/addons/helm.ts` → `lib/eks`; `lib/index.ts` → `lib`; `bin/app.ts` → `bin`. */
const folderOf = (file: string): string => {
  const [top, folder, ...rest] = file.split('/');
  return top === 'lib' && rest.length > 0 ? `${top}/${folder}` : top;
};

const described = (cycles: ReturnType<typeof importCycles>) =>
  cycles.map(({ path: chain, members }) =>
    members.length > chain.length - 1
      ? `${chain.join(' → ')} (cycle of ${members.length}: ${members.join(', ')})`
      : chain.join(' → '),
  );

describe('import cycles', () => {
  test('no file imports another that imports it back, directly or through others', () => {
    expect(described(importCycles(graph))).toEqual([]);
  });

  test('the folders of lib/ are layers: no folder imports one that imports it back', () => {
    const cycles = importCycles(folderGraph(graph, folderOf));
    // Each step of a folder cycle with the file imports that make it, to know which import to move.
    const steps = cycles.flatMap(({ path: chain }) =>
      chain.slice(1).map((to, i) => {
        const from = chain[i];
        const imports = [...graph].flatMap(([file, targets]) =>
          folderOf(file) === from ? targets.filter((t) => folderOf(t) === to).map((t) => `${file} → ${t}`) : [],
        );
        return `${from} → ${to}: ${imports.length} imports, e.g. ${imports.slice(0, 3).join(', ')}`;
      }),
    );
    expect({ cycles: described(cycles), steps }).toEqual({ cycles: [], steps: [] });
  });
});

describe('the import graph', () => {
  test('counts every kind of import, type-only ones too', () => {
    const text = [
      "import { a } from './a';",
      "import type { B } from './b';",
      "import { type C } from './c';",
      "export { d } from './d';",
      "export type { E } from './e';",
      "export * from './f';",
      "import g = require('./g');",
      "const h = import('./h');",
      "const i = require('./i');",
      "type J = typeof import('./j');",
      "import './k';",
      "// import { z } from './commented-out';",
      'const text = "import { y } from \'./in-a-string\'";',
    ].join('\n');
    expect(importedModules(text).sort()).toEqual(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'].map((x) => `./${x}`),
    );
  });

  test('finds every cycle however long, and shows its shortest chain', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c', 'd']],
      ['c', ['a']],
      ['d', ['b']],
      ['e', ['e']],
      ['f', ['a']],
    ]);
    expect(importCycles(graph)).toEqual([
      { path: ['a', 'b', 'c', 'a'], members: ['a', 'b', 'c', 'd'] },
      { path: ['e', 'e'], members: ['e'] },
    ]);
  });

  test('folds files into folders, without self-edges', () => {
    const files = new Map([
      ['lib/a/one.ts', ['lib/a/two.ts', 'lib/b/three.ts']],
      ['lib/a/two.ts', []],
      ['lib/b/three.ts', ['lib/a/two.ts']],
      ['lib/index.ts', ['lib/a/one.ts']],
    ]);
    expect(Object.fromEntries(folderGraph(files, folderOf))).toEqual({
      'lib/a': ['lib/b'],
      'lib/b': ['lib/a'],
      lib: ['lib/a'],
    });
  });

  test('resolves folder imports to their index, and leaves packages out', () => {
    const root = tempDir('m2e-imports-');
    writeTree(root, {
      'tsconfig.json': { compilerOptions: { module: 'commonjs', moduleResolution: 'node' } },
      'lib/a.ts': "import { b } from './b';\nimport type { C } from './c';\nimport * as fs from 'node:fs';",
      'lib/b/index.ts': "export * from '../a';",
      'lib/c.ts': 'export interface C {}',
      'bin/main.ts': "import '../lib/a';",
    });
    expect(Object.fromEntries(importGraph(root, ['lib', 'bin']))).toEqual({
      'bin/main.ts': ['lib/a.ts'],
      'lib/a.ts': ['lib/b/index.ts', 'lib/c.ts'],
      'lib/b/index.ts': ['lib/a.ts'],
      'lib/c.ts': [],
    });
  });

  test('a relative import that resolves to no file fails the graph', () => {
    const root = tempDir('m2e-imports-');
    writeTree(root, { 'tsconfig.json': {}, 'lib/a.ts': "import { gone } from './gone';" });
    expect(() => importGraph(root, ['lib'])).toThrow('lib/a.ts: ./gone resolves to no file');
  });

  test('reads the whole project', () => {
    expect(graph.get('bin/marathon-to-eks.ts')).toEqual(['lib/cli/program.ts']);
    expect(graph.size).toBeGreaterThan(100);
  });
});
