import { translate, app } from './helpers';

describe('rollout, disruption and unreachable agents', () => {
  test.each([
    [
      { minimumHealthCapacity: 1, maximumOverCapacity: 1 },
      { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '0%', maxSurge: '100%' } },
    ],
    [
      { minimumHealthCapacity: 0.5, maximumOverCapacity: 0.2 },
      { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '50%', maxSurge: '20%' } },
    ],
    [
      { minimumHealthCapacity: 0.67, maximumOverCapacity: 0.34 },
      { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '33%', maxSurge: '34%' } },
    ],
    [
      { minimumHealthCapacity: 0, maximumOverCapacity: 0 },
      { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '100%', maxSurge: '0%' } },
    ],
    [{ minimumHealthCapacity: 1, maximumOverCapacity: 0 }, { type: 'Recreate' }],
  ])('upgradeStrategy %j → %j', (upgradeStrategy, strategy) => {
    expect(translate(app({ upgradeStrategy })).one('Deployment').spec?.strategy).toEqual(strategy);
  });

  test('a PodDisruptionBudget keeps the healthy share, from two instances', () => {
    const pdb = translate(app({ instances: 4, upgradeStrategy: { minimumHealthCapacity: 0.75 } })).one(
      'PodDisruptionBudget',
    );
    expect((pdb as { spec: object }).spec).toEqual({
      minAvailable: '75%',
      selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
    });
    expect(translate(app({ instances: 1 })).all('PodDisruptionBudget')).toEqual([]);
    expect(
      translate(app({ instances: 3, upgradeStrategy: { minimumHealthCapacity: 0 } })).all('PodDisruptionBudget'),
    ).toEqual([]);
  });

  test('unreachableStrategy → tolerations of unreachable and not-ready nodes', () => {
    expect(
      translate(app({ unreachableStrategy: { inactiveAfterSeconds: 120, expungeAfterSeconds: 600 } })).podSpec()
        .tolerations,
    ).toEqual([
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 120 },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 120 },
    ]);
    expect(translate(app({ unreachableStrategy: 'disabled' })).podSpec().tolerations).toEqual([
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    ]);
  });

  test('killSelection and backoff are approximated, said once per field', () => {
    const result = translate(app({ killSelection: 'OLDEST_FIRST', backoffSeconds: 5 }));
    expect(result.field('killSelection')).toMatchObject({
      status: 'approximated',
      note: expect.stringContaining('pod-deletion-cost'),
    });
    expect(result.field('backoffSeconds').status).toBe('approximated');
  });

  test('StatefulSets roll one ordinal at a time, pods start in parallel like Marathon tasks', () => {
    const stateful = translate(
      app({
        container: { type: 'MESOS', volumes: [{ containerPath: 'data', mode: 'RW', persistent: { size: 100 } }] },
      }),
    ).one('StatefulSet');
    expect((stateful as { spec: object }).spec).toMatchObject({
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
    });
  });
});
