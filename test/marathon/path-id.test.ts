import { canonicalPath, isChildOf, parentPath, pathIdProblem, serviceIdProblem } from '../../lib/marathon/path-id';

describe('Marathon path ids', () => {
  test.each([
    ['web', '/', '/web'],
    ['web', '/shop', '/shop/web'],
    ['/abs/app', '/shop', '/abs/app'],
    ['./web', '/shop', '/shop/web'],
    ['../db', '/shop/frontend', '/shop/db'],
    ['../../../x', '/a', '/x'],
    ['a//b/', '/', '/a/b'],
  ])('%s resolved against %s is %s', (id, base, expected) => {
    expect(canonicalPath(id, base)).toBe(expected);
  });

  test.each(['/shop/web', 'web', '/a.b/c-d/e1', '../x', '/1/2'])('%s is valid', (id) => {
    expect(pathIdProblem(id)).toBeUndefined();
  });

  test.each([
    ['/product/service/myApp', 'myApp'],
    ['/10_apps', '10_apps'],
    ['/-autoscaler', '-autoscaler'],
    ['/a-/b', 'a-'],
    ['/a..b', 'a..b'],
    ['/{{service.name}}', '{{service.name}}'],
  ])('%s is invalid because of segment %s', (id, segment) => {
    expect(pathIdProblem(id)).toContain(JSON.stringify(segment));
  });

  test('apps and pods may not be the root or end in a reserved word', () => {
    expect(serviceIdProblem('/')).toMatch(/root/);
    expect(serviceIdProblem('/shop/tasks')).toMatch(/reserved/);
    expect(serviceIdProblem('/shop/web')).toBeUndefined();
  });

  test('parents and children', () => {
    expect(parentPath('/a/b/c')).toBe('/a/b');
    expect(parentPath('/a')).toBe('/');
    expect(isChildOf('/a/b', '/a')).toBe(true);
    expect(isChildOf('/a/b/c', '/a')).toBe(false);
    expect(isChildOf('/a', '/')).toBe(true);
  });
});
