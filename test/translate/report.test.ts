import { forEachLeaf, NO_RULE } from '../../lib/translate/report';
import { translate, app } from './helpers';

describe('the per-field report', () => {
  test('every leaf the user wrote has exactly one line, on its own path', () => {
    const input = app({
      ports: [8080, 0],
      uris: ['https://h/a.tgz'],
      env: { A: 'x' },
      labels: { team: 'web', 'bad key': 'x' },
      healthchek: [],
      tasksRunning: 3,
      args: null,
      container: { type: 'DOCKER', docker: { image: 'x', network: 'HOST' } },
    });
    const result = translate(input);
    const leaves: string[] = [];
    forEachLeaf(input, [], (path) => leaves.push(path.join('.')));
    const fields = result.fields();
    expect(fields).toHaveLength(leaves.length);
    expect(new Set(fields.map((f) => f.path)).size).toBe(fields.length);
    expect(fields.every((f) => f.note !== NO_RULE)).toBe(true);
    expect(result.field('ports[1]').note).toContain('dynamic: container port');
    expect(result.field('uris[0]').status).toBe('translated');
    expect(result.field('healthchek')).toMatchObject({ status: 'unsupported', note: expect.stringContaining('typo') });
    expect(result.field('tasksRunning')).toMatchObject({
      status: 'ignored',
      note: 'read-only status from the Marathon API',
    });
    expect(result.field('args')).toMatchObject({ status: 'ignored', note: expect.stringContaining('null') });
    expect(result.field('labels["bad key"]')).toMatchObject({
      status: 'approximated',
      note: expect.stringContaining('marathon-to-eks/marathon-labels'),
    });
  });

  test('pods in a group tree report their status wrapper as ignored', () => {
    const result = translate({
      id: '/',
      pods: [
        {
          id: '/p',
          spec: {
            id: '/p',
            containers: [{ name: 'c', resources: { cpus: 0.1, mem: 32 }, image: { kind: 'DOCKER', id: 'x' } }],
          },
          status: 'STABLE',
        },
      ],
    });
    expect(result.field('status')).toMatchObject({
      status: 'ignored',
      note: 'read-only pod status from the Marathon API',
    });
    expect(result.field('spec.containers[0].image.id').status).toBe('translated');
  });
});
