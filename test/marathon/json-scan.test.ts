import fc from 'fast-check';
import { locatePaths, scanStructure } from '../../lib/marathon/json-scan';

describe('scanning valid JSON text', () => {
  const text =
    '{\n  "id": "/a",\n  "tricky \\"key\\"": "a } ] , \\" : [ {",\n  "apps": [ {"x": 1}, [2, 3], {"y": {"z": null}} ],\n  "id": "/b"\n}';

  test('depth and duplicate keys (escaped keys decoded)', () => {
    expect(scanStructure(text)).toEqual({
      maxDepth: 4,
      duplicateKeys: [{ path: ['id'], offset: text.lastIndexOf('"id"') }],
    });
    expect(
      scanStructure('{"a": {"b": 1, "b": 2}, "c": [{"d": 1, "d\\u0000": 2, "d": 3}]}').duplicateKeys.map((d) => d.path),
    ).toEqual([
      ['a', 'b'],
      ['c', 0, 'd'],
    ]);
    expect(scanStructure('[]').maxDepth).toBe(1);
    expect(scanStructure('"just a string"').maxDepth).toBe(0);
  });

  test('locates members at their key, array items at their value, missing paths at the nearest ancestor', () => {
    const offsets = locatePaths(text, [
      [],
      ['tricky "key"'],
      ['apps', 1, 0],
      ['apps', 2, 'y', 'z'],
      ['apps', 2, 'y', 'missing'],
      ['nope'],
      ['apps', 7],
    ]);
    expect(offsets).toEqual([
      0,
      text.indexOf('"tricky'),
      text.indexOf('2, 3'),
      text.indexOf('"z"'),
      text.indexOf('"y"'),
      0,
      text.indexOf('"apps"'),
    ]);
  });

  test('agrees with JSON.parse on where every value is, for arbitrary documents', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        const json = JSON.stringify(value, null, 1);
        // Every path of the value must be found, and the text there must parse back to the value (arrays) or
        // start with the key (objects).
        const paths: (string | number)[][] = [];
        const walk = (node: unknown, at: (string | number)[]) => {
          paths.push(at);
          if (Array.isArray(node)) {
            node.forEach((item, i) => walk(item, [...at, i]));
          } else if (node !== null && typeof node === 'object') {
            Object.entries(node).forEach(([k, v]) => walk(v, [...at, k]));
          }
        };
        walk(value, []);
        const offsets = locatePaths(json, paths);
        paths.forEach((path, i) => {
          const last = path[path.length - 1];
          if (typeof last === 'string') {
            expect(json.startsWith(JSON.stringify(last), offsets[i])).toBe(true);
          }
        });
        expect(scanStructure(json).duplicateKeys).toEqual([]);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
