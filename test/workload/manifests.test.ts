import { parseAllDocuments } from 'yaml';
import { toYaml, yamlDocuments } from '../../lib/workload/manifests';

describe('manifest YAML', () => {
  const tricky = [
    'yes',
    'on',
    'NO',
    'y',
    'off',
    '0755',
    '0x1F',
    '1e3',
    '~',
    'null',
    '2024-01-01',
    'a: b',
    '',
    '  lead',
    '80',
    'multi\nline',
  ];

  test('strings YAML 1.1 would read as something else are quoted, so kubectl sees strings', () => {
    const object = { env: tricky.map((value, i) => ({ name: `V${i}`, value })) };
    const text = toYaml(object);
    for (const version of ['1.1', '1.2'] as const) {
      expect(parseAllDocuments(text, { version })[0].toJS()).toEqual(object);
    }
    expect(text).toContain('value: "on"');
  });

  test('no anchors for repeated objects, no folded long lines, key order kept', () => {
    const shared = { app: 'web' };
    const long = 'x'.repeat(300);
    const text = toYaml({ b: shared, a: shared, long });
    expect(text).not.toMatch(/[&*]\w/);
    expect(text).toContain(`long: ${long}\n`);
    expect(text.indexOf('b:')).toBeLessThan(text.indexOf('a:'));
  });

  test('several documents, with a header comment', () => {
    const text = yamlDocuments([{ a: 1 }, { b: 2 }], '# header\n');
    expect(text).toBe('# header\na: 1\n---\nb: 2\n');
    expect(parseAllDocuments(text).map((d) => d.toJS())).toEqual([{ a: 1 }, { b: 2 }]);
  });
});
