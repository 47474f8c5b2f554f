import { MAX_NESTING_DEPTH, parseJsonDocument } from '../../lib/marathon/source-text';

function problem(text: string) {
  const outcome = parseJsonDocument('f.json', text);
  if (outcome.ok) {
    throw new Error('expected a syntax problem');
  }
  return outcome.problem;
}

describe('parseJsonDocument', () => {
  test('reads valid JSON and locates values by path', () => {
    const outcome = parseJsonDocument(
      'f.json',
      '{\n  "id": "/a",\n  "container": {\n    "docker": { "image": "nginx" }\n  }\n}',
    );
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) {
      return;
    }
    expect(outcome.document.value).toEqual({ id: '/a', container: { docker: { image: 'nginx' } } });
    expect(outcome.document.locate(['container', 'docker', 'image'])).toEqual({ line: 4, column: 17 });
    // A missing field points at the nearest object that exists.
    expect(outcome.document.locate(['container', 'docker', 'nope'])).toEqual({ line: 4, column: 5 });
  });

  test.each([
    ['{"id": "/a",}', 'trailing comma', 1, 12],
    ['{"id": "/a"\n "cmd": "x"}', "expected ',' between values", 2, 2],
    ['{\n  // a comment\n  "id": "/a"\n}', 'comments are not allowed in JSON', 2, 3],
    ["{'id': '/a'}", 'need double quotes', 1, 2],
    ['{"id": }', 'expected a value', 1, 8],
    ['{"id": "/a"', "expected '}' to close the object", 1, 12],
    ['{"id": "/a"} {"id": "/b"}', 'after the end of the JSON document', 1, 14],
    ['{"cpus": 01}', 'leading zeros', 1, 11],
    ['{"id": "/a\n"}', 'unterminated string', 1, 8],
  ])('%j → %s at %i:%i', (text, message, line, column) => {
    const found = problem(text);
    expect(found.message).toContain(message);
    expect(found.line).toBe(line);
    expect(found.column).toBe(column);
  });

  test('an empty file says so', () => {
    expect(problem('  \n').message).toMatch(/empty/);
  });

  test('a byte-order mark is accepted', () => {
    expect(parseJsonDocument('f.json', '\ufeff{"id": "/a"}').ok).toBe(true);
  });

  test('nesting deeper than the limit is refused before any recursive walk', () => {
    const deep = '['.repeat(MAX_NESTING_DEPTH + 1) + ']'.repeat(MAX_NESTING_DEPTH + 1);
    expect(problem(deep).message).toMatch(/nested \d+ levels deep/);
    const ok = '['.repeat(MAX_NESTING_DEPTH) + ']'.repeat(MAX_NESTING_DEPTH);
    expect(parseJsonDocument('f.json', ok).ok).toBe(true);
  });

  test('brackets inside strings do not count as nesting', () => {
    expect(parseJsonDocument('f.json', JSON.stringify({ cmd: '['.repeat(1000) })).ok).toBe(true);
  });

  test('duplicate keys are found with their position (JSON.parse silently keeps the last)', () => {
    const outcome = parseJsonDocument('f.json', '{\n  "id": "/a",\n  "env": {"A": "1", "A": "2"},\n  "id": "/b"\n}');
    if (!outcome.ok) {
      throw new Error('parse failed');
    }
    expect(outcome.duplicateKeys).toEqual([
      { path: ['env', 'A'], line: 3, column: 21 },
      { path: ['id'], line: 4, column: 3 },
    ]);
  });
});
