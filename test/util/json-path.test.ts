import { formatPath, parsePath, startsWithPath, valueAt } from '../../lib/util/json-path';

describe('JSON paths', () => {
  test.each([
    [[], '$'],
    [['apps', 3, 'container', 'portMappings', 0, 'containerPort'], 'apps[3].container.portMappings[0].containerPort'],
    [[0, 'labels', 'HAPROXY_0_VHOST'], '[0].labels.HAPROXY_0_VHOST'],
    [['labels', 'com.example/team'], 'labels["com.example/team"]'],
    [['env', 'MY-VAR'], 'env["MY-VAR"]'],
    [['env', ''], 'env[""]'],
    [['env', 'quote"d'], 'env["quote\\"d"]'],
  ])('%j formats as %s and parses back', (segments, text) => {
    expect(formatPath(segments)).toBe(text);
    expect(parsePath(text)).toEqual(segments);
  });

  test('valueAt follows objects and arrays and stops at missing steps', () => {
    const doc = { apps: [{ id: '/a', labels: { x: 'y' } }] };
    expect(valueAt(doc, ['apps', 0, 'labels', 'x'])).toBe('y');
    expect(valueAt(doc, ['apps', 1, 'id'])).toBeUndefined();
    expect(valueAt(doc, ['apps', 0, 'id', 'deeper'])).toBeUndefined();
  });

  test('startsWithPath compares whole segments', () => {
    expect(startsWithPath(['ports', 10], ['ports', 1])).toBe(false);
    expect(startsWithPath(['ports', 1, 'x'], ['ports', 1])).toBe(true);
    expect(startsWithPath(['ports'], ['ports', 1])).toBe(false);
  });

  test('parsePath rejects text that is not a path', () => {
    expect(() => parsePath('apps[x]')).toThrow('not a JSON path');
  });
});
