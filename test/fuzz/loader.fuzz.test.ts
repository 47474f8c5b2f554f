import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { JsonPath, PathSegment } from '../../lib/util/json-path';
import { LoadResult } from '../../lib/marathon/load/definition';
import { loadTexts } from '../../lib/marathon/load/estate';
import { CORPUS_DIR, corpusSources, hasCorpus } from '../helpers/corpus';
import { fuzz } from './fuzz';

/**
 * The loader must never throw, whatever it is fed: mutated corpus documents (wrong types, missing keys, huge
 * numbers, odd unicode, deep nesting, truncated JSON) come back as diagnostics, never as exceptions.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function seedDocuments(): Json[] {
  const files = hasCorpus
    ? corpusSources()
        .filter((source) => source.kind !== 'template')
        .filter((_, i) => i % 6 === 0)
        .map((source) => path.join(CORPUS_DIR, source.localFile))
    : fs
        .readdirSync(path.join(__dirname, '../../examples/estate'), { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.json'))
        .map((f) => path.join(__dirname, '../../examples/estate', f));
  return files.map((file) => JSON.parse(fs.readFileSync(file, 'utf8')) as Json);
}

const seeds = seedDocuments();

function allPaths(value: Json, prefix: PathSegment[] = [], out: JsonPath[] = []): JsonPath[] {
  out.push(prefix);
  if (Array.isArray(value)) {
    value.forEach((item, i) => allPaths(item, [...prefix, i], out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      allPaths(item, [...prefix, key], out);
    }
  }
  return out;
}

function setAt(root: Json, at: JsonPath, replacement: Json | undefined): Json {
  if (at.length === 0) {
    return replacement ?? null;
  }
  const copy = structuredClone(root);
  let node = copy as Record<PathSegment, Json>;
  for (const segment of at.slice(0, -1)) {
    node = node[segment] as unknown as Record<PathSegment, Json>;
  }
  const last = at[at.length - 1];
  if (replacement === undefined) {
    if (Array.isArray(node) && typeof last === 'number') {
      node.splice(last, 1);
    } else {
      delete node[last];
    }
  } else {
    node[last] = replacement;
  }
  return copy;
}

const oddStrings = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '\u0000',
    '\ud800',
    '\u202e/evil',
    'a\u200bb',
    '🚀/app',
    '/ünïcödé',
    '../../..',
    '',
    ' ',
    'x'.repeat(5000),
  ),
);
const hugeNumbers = fc.oneof(
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0, 2_147_483_648, 65_536, 0.1 + 0.2, Number.MIN_VALUE),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);
const anyJson: fc.Arbitrary<Json> = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>;
const deepNesting = fc.nat({ max: 300 }).map((depth) => {
  let value: Json = 'bottom';
  for (let i = 0; i < depth; i++) {
    value = i % 2 === 0 ? [value] : { nested: value };
  }
  return value;
});

type Mutation =
  | { kind: 'replace'; at: number; value: Json }
  | { kind: 'delete'; at: number }
  | { kind: 'string'; at: number; value: string }
  | { kind: 'number'; at: number; value: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: fc.oneof(anyJson, deepNesting) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('string' as const), at: fc.nat(), value: oddStrings }),
  fc.record({ kind: fc.constant('number' as const), at: fc.nat(), value: hugeNumbers }),
);

function mutate(seed: Json, mutations: readonly Mutation[]): Json {
  let document = seed;
  for (const change of mutations) {
    const paths = allPaths(document);
    const at = paths[change.at % paths.length];
    document = setAt(document, at, change.kind === 'delete' ? undefined : change.value);
  }
  return document;
}

function checkWellFormed(result: LoadResult): void {
  expect(result.diagnostics.filter((d) => d.code === 'internal-error')).toEqual([]);
  for (const diagnostic of result.diagnostics) {
    expect(typeof diagnostic.message).toBe('string');
    expect(diagnostic.message.length).toBeGreaterThan(0);
    expect(Array.isArray(diagnostic.path)).toBe(true);
  }
  for (const rejected of result.rejected) {
    const explained = result.diagnostics.some(
      (d) => d.severity === 'error' && rejected.pointer.every((segment, i) => d.path[i] === segment),
    );
    expect(explained).toBe(true);
  }
}

const load = (text: string) => loadTexts([{ source: 'mutated.json', text, discovered: false }]);

describe('loader robustness (property-based, fast-check)', () => {
  test(`${seeds.length} seed documents load without internal errors`, () => {
    for (const seed of seeds) {
      checkWellFormed(load(JSON.stringify(seed)));
    }
  });

  test('mutated documents: wrong types, missing keys, huge numbers, odd unicode, deep nesting', () => {
    fuzz(
      fc.property(
        fc.nat({ max: seeds.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        (seedIndex, mutations) => {
          checkWellFormed(load(JSON.stringify(mutate(seeds[seedIndex], mutations))));
        },
      ),
      400,
      1,
    );
  });

  test('truncated and corrupted JSON text gives a syntax error with a position', () => {
    fuzz(
      fc.property(
        fc.nat({ max: seeds.length - 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.option(fc.string({ minLength: 1, maxLength: 3 })),
        (seedIndex, cut, insert) => {
          const text = JSON.stringify(seeds[seedIndex], null, 2);
          const at = Math.floor(cut * (text.length - 1));
          const corrupted = insert === null ? text.slice(0, at) : text.slice(0, at) + insert + text.slice(at);
          const result = load(corrupted);
          checkWellFormed(result);
          const syntax = result.diagnostics.filter((d) => d.code === 'json-syntax');
          if (syntax.length > 0) {
            expect(syntax[0].message).toMatch(/invalid JSON|empty|nested/);
            if (!/empty|nested/.test(syntax[0].message)) {
              expect(syntax[0].line).toBeGreaterThan(0);
            }
          }
        },
      ),
      300,
      2,
    );
  });

  test('arbitrary JSON values of any shape', () => {
    fuzz(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        checkWellFormed(load(JSON.stringify(value)));
      }),
      500,
      3,
    );
  });

  test('hostile nesting far beyond the limit is refused, not recursed into', () => {
    const depth = 100_000;
    const result = load('['.repeat(depth) + ']'.repeat(depth));
    expect(result.diagnostics[0].message).toMatch(/nested 100000 levels deep/);
  });
});
