import { formatPath } from '../../lib/util/json-path';
import { mergeEnvironment } from '../../lib/translate/env';
import { app, translate } from './helpers';

/** Every variable a container gets is set once, with a name Kubernetes accepts. */
describe('environment variables Kubernetes would reject or silently override', () => {
  test('labels null and NULL both make MARATHON_APP_LABEL_NULL: set once, from the label written later (as on Marathon)', () => {
    const result = translate(app({ labels: { null: 'a', NULL: 'b' } }));
    const env = result.container().env ?? [];
    expect(env.filter((variable) => variable.name === 'MARATHON_APP_LABEL_NULL')).toEqual([
      { name: 'MARATHON_APP_LABEL_NULL', value: 'b' },
    ]);
    expect(result.env().MARATHON_APP_LABELS).toBe('NULL null');
    expect(result.field('labels.null')).toMatchObject({
      status: 'approximated',
      note: expect.stringContaining('$MARATHON_APP_LABEL_NULL is also made by label "NULL"'),
    });
    expect(result.field('labels.NULL').status).toBe('translated');
  });

  test('three spellings of one label name: the last written wins', () => {
    const env = translate(app({ labels: { team: 'a', Team: 'b', TEAM: 'c' } })).env();
    expect(env.MARATHON_APP_LABEL_TEAM).toBe('c');
  });

  test('env names Kubernetes rejects ("..", "..x", "1A") are unsupported, like other invalid names', () => {
    const result = translate(app({ env: { '..': 'x', '..x': 'y', '1A': 'z', OK: 'ok' } }));
    expect(Object.keys(result.env())).toContain('OK');
    for (const name of ['..', '..x', '1A']) {
      expect(result.field(formatPath(['env', name]))).toMatchObject({
        status: 'unsupported',
        note: expect.stringContaining('rename it'),
      });
      expect(Object.keys(result.env())).not.toContain(name);
    }
  });

  test('mergeEnvironment keeps each name once, the later definition winning', () => {
    expect(
      mergeEnvironment(
        [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
          { name: 'A', value: '3' },
        ],
        [{ name: 'B', value: 'user' }],
      ),
    ).toEqual([
      { name: 'A', value: '3' },
      { name: 'B', value: 'user' },
    ]);
  });
});
