import { formatPath } from '../../lib/util/json-path';
import { loadTexts } from '../../lib/marathon/load/estate';
import { errors, loadJson } from '../helpers/load';

const app = (id: string, extra: object = {}) => ({ id, cmd: 'sleep 100', ...extra });
const pod = (id: string) => ({
  id,
  containers: [{ name: 'c', resources: { cpus: 0.1, mem: 32 }, exec: { command: { shell: 'sleep 1' } } }],
});
const job = (id: string) => ({ id, run: { cmd: 'true', cpus: 0.1, mem: 32, disk: 0 } });

const summary = (value: unknown) => {
  const result = loadJson(value);
  return result.definitions.map(
    (d) => `${d.kind} ${d.id} @ ${formatPath(d.pointer)}${d.group ? ` in ${d.group}` : ''}`,
  );
};

describe('input shapes', () => {
  test('a single app, pod or job', () => {
    expect(summary(app('/a'))).toEqual(['app /a @ $']);
    expect(summary(pod('/p'))).toEqual(['pod /p @ $']);
    expect(summary(job('j'))).toEqual(['job j @ $']);
  });

  test('a JSON array of definitions, kinds detected one by one', () => {
    expect(summary([app('/a'), pod('/p'), job('j')])).toEqual(['app /a @ [0]', 'pod /p @ [1]', 'job j @ [2]']);
  });

  test('API responses: {"apps": [...]}, {"app": {...}}, {"pods": [...]}, {"*": [...]}', () => {
    expect(summary({ apps: [app('/a'), app('/b')] })).toEqual(['app /a @ apps[0]', 'app /b @ apps[1]']);
    expect(summary({ app: app('/a', { tasks: [], lastTaskFailure: {} }) })).toEqual(['app /a @ app']);
    expect(summary({ pods: [pod('/p'), { id: '/q', spec: pod('/q'), status: 'STABLE' }] })).toEqual([
      'pod /p @ pods[0]',
      'pod /q @ pods[1]',
    ]);
    expect(summary({ '*': [app('/g/a')] })).toEqual(['app /g/a @ ["*"][0]']);
  });

  test('a /v2/groups tree: relative ids and dependencies resolve against the enclosing group', () => {
    const tree = {
      id: '/',
      version: '2020-01-01T00:00:00Z',
      apps: [app('/top')],
      pods: [{ id: '/shop/checkout', spec: pod('/shop/checkout'), status: 'STABLE' }],
      groups: [
        {
          id: '/shop',
          dependencies: ['/db'],
          apps: [app('web', { dependencies: ['api', '../db/pg'] }), app('/shop/api')],
          groups: [{ id: 'jobs', apps: [app('cron')] }],
        },
        { id: 'db', apps: [app('pg')], pods: [] },
      ],
    };
    const result = loadJson(tree);
    expect(errors(result)).toEqual([
      'pods[0].spec.id: /shop/checkout is not a direct child of its enclosing group / (use a relative id or a nested group)',
    ]);
    expect(result.definitions.map((d) => `${d.kind} ${d.id} in ${d.group}`)).toEqual([
      'app /top in /',
      'app /shop/web in /shop',
      'app /shop/api in /shop',
      'app /shop/jobs/cron in /shop/jobs',
      'app /db/pg in /db',
    ]);
    expect(result.definitions[1].spec).toMatchObject({ dependencies: ['/shop/api', '/db/pg'] });
    expect(
      result.groups.map((g) => `${g.id}: ${g.apps.join(',')} | ${g.groups.join(',')} | ${g.dependencies.join(',')}`),
    ).toEqual([
      '/shop/jobs: /shop/jobs/cron |  | ',
      '/shop: /shop/web,/shop/api | /shop/jobs | /db',
      '/db: /db/pg |  | ',
      '/: /top | /shop,/db | ',
    ]);
  });

  test('an invalid app inside a group does not stop its siblings or the group', () => {
    const result = loadJson({ id: '/g', apps: [app('ok'), { id: 'bad', cmd: 'x', instances: -1 }, app('ok2')] });
    expect(result.definitions.map((d) => d.id)).toEqual(['/g/ok', '/g/ok2']);
    expect(result.groups.map((g) => g.id)).toEqual(['/g']);
    expect(result.rejected).toEqual([{ kind: 'app', id: 'bad', source: 'input.json', pointer: ['apps', 1] }]);
    expect(errors(result)).toEqual(['apps[1].instances: must be at least 0, got number -1']);
  });

  test('ids must be unique within a document, as Marathon requires', () => {
    expect(errors(loadJson({ id: '/g', apps: [app('a')], groups: [{ id: 'a' }] }))).toEqual([
      'groups[0].id: id /g/a is already used in this document at apps[0]',
    ]);
  });

  test('the same id in two files is kept twice with a warning', () => {
    const result = loadTexts([
      { source: 'one.json', text: JSON.stringify(app('/a')), discovered: false },
      { source: 'two.json', text: JSON.stringify(app('/a')), discovered: false },
    ]);
    expect(result.definitions).toHaveLength(2);
    expect(result.diagnostics.filter((d) => d.severity === 'warning').map((d) => `${d.source}: ${d.message}`)).toEqual([
      'two.json: app /a is also defined in one.json',
    ]);
  });

  test('values that are not objects are rejected with what was found', () => {
    expect(errors(loadJson([app('/a'), 42, 'x']))).toEqual([
      '[1]: expected a JSON object (a Marathon app, pod or group, or a Metronome job), got number 42',
      '[2]: expected a JSON object (a Marathon app, pod or group, or a Metronome job), got string "x"',
    ]);
  });

  test('documents found in a directory that are clearly not Marathon JSON are skipped with a note', () => {
    const result = loadTexts([
      {
        source: 'd/config.json',
        text: JSON.stringify({ type: 'object', properties: { service: {} } }),
        discovered: true,
      },
      {
        source: 'd/package.json',
        text: JSON.stringify({ name: 'x', version: '1.0.0', dependencies: {} }),
        discovered: true,
      },
      { source: 'd/app.json', text: JSON.stringify({ cpus: 1 }), discovered: true },
    ]);
    expect(result.sources.map((s) => `${s.source} ${s.status}`)).toEqual([
      'd/config.json skipped',
      'd/package.json skipped',
      'd/app.json read',
    ]);
    expect(errors(result)).toEqual(['id: required field "id" is missing']);
  });

  test('a file named on the command line is never skipped', () => {
    const result = loadTexts([
      { source: 'config.json', text: JSON.stringify({ type: 'object', properties: {} }), discovered: false },
    ]);
    expect(result.sources[0].status).toBe('read');
    expect(result.rejected).toHaveLength(1);
  });

  test('JSON syntax errors name the file, line and column', () => {
    const result = loadTexts([
      { source: 'broken.json', text: '{\n  "id": "/a",\n  "cmd": "x",\n}', discovered: false },
    ]);
    expect(result.diagnostics).toEqual([
      {
        severity: 'error',
        source: 'broken.json',
        path: [],
        code: 'json-syntax',
        message: 'invalid JSON: trailing comma: JSON does not allow a comma before a closing bracket or brace',
        line: 3,
        column: 13,
      },
    ]);
    expect(result.sources[0]).toMatchObject({ status: 'failed' });
  });
});
