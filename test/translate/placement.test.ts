import { translate, app } from './helpers';
import { demandOf } from '../../lib/capacity/demand';
import { planCapacity } from '../../lib/capacity/plan';

const placed = (constraints: string[][], extra: object = {}) => translate(app({ constraints, ...extra }));
const selector = { matchLabels: { 'app.kubernetes.io/name': 'web' } };

describe('placement constraints', () => {
  test('[hostname, UNIQUE] → required pod anti-affinity per node', () => {
    expect(placed([['hostname', 'UNIQUE']]).podSpec().affinity).toEqual({
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: selector, topologyKey: 'kubernetes.io/hostname' },
        ],
      },
    });
  });

  test.each([
    ['@zone', 'topology.kubernetes.io/zone'],
    ['@region', 'topology.kubernetes.io/region'],
    ['rack', 'rack'],
  ])('[%s, GROUP_BY] → topology spread on %s', (field, key) => {
    const result = placed([[field, 'GROUP_BY']]);
    expect(result.podSpec().topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: key, whenUnsatisfiable: 'DoNotSchedule', labelSelector: selector },
    ]);
    if (field === 'rack') {
      expect(result.estate.nodeLabels).toEqual([
        { key: 'rack', values: [], reason: '[rack, GROUP_BY] spreads instances across rack values' },
      ]);
    }
  });

  test('[attr, GROUP_BY, n] keeps the spread; the count is not needed', () => {
    expect(placed([['rack', 'GROUP_BY', '3']]).field('constraints[0][2]').status).toBe('approximated');
  });

  test('[hostname, MAX_PER, 1] → anti-affinity; MAX_PER n > 1 → even spread, approximated', () => {
    expect(placed([['hostname', 'MAX_PER', '1']]).podSpec().affinity?.podAntiAffinity).toBeDefined();
    const two = placed([['rack', 'MAX_PER', '2']]);
    expect(two.podSpec().topologySpreadConstraints?.[0]).toMatchObject({ topologyKey: 'rack', maxSkew: 1 });
    expect(two.field('constraints[0][1]')).toMatchObject({
      status: 'approximated',
      note: expect.stringContaining('no per-domain cap'),
    });
  });

  test('[attr, CLUSTER|IS, v] → nodeSelector; the labels the node groups need are collected', () => {
    const result = placed([
      ['node-class', 'CLUSTER', 'gpu'],
      ['zone-id', 'IS', 'a'],
    ]);
    expect(result.podSpec().nodeSelector).toEqual({ 'node-class': 'gpu', 'zone-id': 'a' });
    expect(result.estate.nodeLabels.map((l) => `${l.key}=${l.values.join('|')}`)).toEqual([
      'node-class=gpu',
      'zone-id=a',
    ]);
    expect(placed([['hostname', 'CLUSTER', 'agent-7']]).field('constraints[0][0]').status).toBe('approximated');
  });

  test('[attr, CLUSTER] without a value keeps instances together', () => {
    expect(placed([['rack', 'CLUSTER']]).podSpec().affinity?.podAffinity).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: selector, topologyKey: 'rack' }],
    });
  });

  test('LIKE / UNLIKE with a list of literals → node affinity In / NotIn; real regexes are unsupported', () => {
    const result = placed([
      ['rack', 'LIKE', 'rack-1|rack-2'],
      ['os', 'UNLIKE', '^(centos|rhel)$'],
    ]);
    expect(
      result.podSpec().affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0]
        .matchExpressions,
    ).toEqual([
      { key: 'rack', operator: 'In', values: ['rack-1', 'rack-2'] },
      { key: 'os', operator: 'NotIn', values: ['centos', 'rhel'] },
    ]);
    const regex = placed([['rack', 'LIKE', 'rack-[0-9]+']]);
    expect(regex.podSpec().affinity).toBeUndefined();
    expect(regex.field('constraints[0][2]')).toMatchObject({
      status: 'unsupported',
      note: expect.stringContaining('regular expressions'),
    });
  });

  test('acceptedResourceRoles [slave_public] → the public node group (selector, toleration, and what the nodes need)', () => {
    const result = translate(app({ acceptedResourceRoles: ['slave_public'] }));
    expect(result.podSpec().nodeSelector).toEqual({ 'marathon-to-eks/node-role': 'public' });
    expect(result.podSpec().tolerations).toContainEqual({
      key: 'marathon-to-eks/node-role',
      operator: 'Equal',
      value: 'public',
      effect: 'NoSchedule',
    });
    expect(result.estate.nodeTaints).toEqual([
      {
        key: 'marathon-to-eks/node-role',
        value: 'public',
        effect: 'NoSchedule',
        reason: 'public nodes only take workloads that ran on public agents',
      },
    ]);
    expect(translate(app({ acceptedResourceRoles: ['*'] })).podSpec().nodeSelector).toBeUndefined();
    // Private or public: the private nodes (public ones are tainted), said as an approximation.
    const either = translate(app({ acceptedResourceRoles: ['*', 'slave_public'] }));
    expect(either.podSpec().nodeSelector).toBeUndefined();
    expect(either.podSpec().tolerations?.some((t) => t.key === 'marathon-to-eks/node-role')).toBe(false);
    expect(either.field('acceptedResourceRoles[1]')).toMatchObject({
      status: 'approximated',
      note: expect.stringContaining('private nodes'),
    });
  });

  test('other Mesos roles are reported with the Kubernetes way', () => {
    expect(translate(app({ role: 'analytics' })).field('role')).toMatchObject({
      status: 'approximated',
      note: expect.stringContaining('ResourceQuota'),
    });
  });

  test('pod constraints in object form', () => {
    const result = translate({
      id: '/shop/pod',
      containers: [{ name: 'c', resources: { cpus: 0.1, mem: 32 }, image: { kind: 'DOCKER', id: 'x' } }],
      scheduling: { placement: { constraints: [{ fieldName: 'hostname', operator: 'UNIQUE' }] } },
    });
    expect(result.podSpec().affinity?.podAntiAffinity).toBeDefined();
  });
});

describe('apps that ran on every agent', () => {
  // cadvisor from the DC/OS Universe: 256 instances, one per host, on private and public agents.
  const everyAgent = (extra: object = {}) =>
    app({
      instances: 256,
      constraints: [['hostname', 'UNIQUE']],
      acceptedResourceRoles: ['*', 'slave_public'],
      ...extra,
    });

  test('one per host with at least perNodeInstances instances → a DaemonSet on every node, public ones too', () => {
    const result = translate(everyAgent());
    expect(result.all('Deployment')).toEqual([]);
    const daemonSet = result.one<import('../../lib/translate/kube').DaemonSet>('DaemonSet');
    expect(daemonSet.spec?.selector).toEqual(selector);
    expect(daemonSet.spec?.updateStrategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
    });
    const pod = daemonSet.spec?.template.spec;
    // One per node needs no anti-affinity; the public taint is tolerated because the app accepted public agents.
    expect(pod?.affinity).toBeUndefined();
    expect(pod?.tolerations).toContainEqual({
      key: 'marathon-to-eks/node-role',
      operator: 'Equal',
      value: 'public',
      effect: 'NoSchedule',
    });
    expect(pod?.nodeSelector).toBeUndefined();
    // Draining never evicts DaemonSet pods: no PodDisruptionBudget.
    expect(result.all('PodDisruptionBudget')).toEqual([]);
    expect(result.field('instances')).toMatchObject({
      status: 'approximated',
      note: expect.stringContaining('DaemonSet'),
    });
    expect(result.field('constraints[0][1]')).toMatchObject({
      status: 'translated',
      note: expect.stringContaining('one pod per node'),
    });
    expect(result.field('acceptedResourceRoles[1]')).toMatchObject({
      status: 'translated',
      note: expect.stringContaining('public ones too'),
    });
    expect(result.estate.nodeLabels).toEqual([]);
  });

  test('MAX_PER 1 counts; minimumHealthCapacity carries over as a share of the nodes', () => {
    const result = translate(
      everyAgent({
        constraints: [['hostname', 'MAX_PER', '1']],
        acceptedResourceRoles: ['*'],
        upgradeStrategy: { minimumHealthCapacity: 0.8, maximumOverCapacity: 0.5 },
      }),
    );
    expect((result.one('DaemonSet') as { spec: { updateStrategy: unknown } }).spec.updateStrategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: '20%', maxSurge: 0 },
    });
    expect(result.field('upgradeStrategy.minimumHealthCapacity')).toMatchObject({
      status: 'translated',
      note: 'maxUnavailable 20% of the nodes',
    });
    expect(result.field('upgradeStrategy.maximumOverCapacity').note).toContain('no surge');
    expect(result.podSpec('DaemonSet').tolerations?.some((t) => t.key === 'marathon-to-eks/node-role')).toBe(false);
  });

  test('fewer instances, another limit, perNodeInstances 0 or persistent volumes keep the usual workload', () => {
    expect(translate(everyAgent({ instances: 99 })).one('Deployment').spec?.replicas).toBe(99);
    expect(translate(everyAgent({ constraints: [['hostname', 'MAX_PER', '2']] })).all('DaemonSet')).toEqual([]);
    expect(translate(everyAgent({ constraints: [['rack', 'UNIQUE']] })).all('DaemonSet')).toEqual([]);
    expect(translate(everyAgent(), { perNodeInstances: 0 }).one('Deployment').spec?.replicas).toBe(256);
    expect(translate(everyAgent({ instances: 12 }), { perNodeInstances: 12 }).all('DaemonSet')).toHaveLength(1);
    const stateful = translate(
      everyAgent({
        container: { type: 'MESOS', volumes: [{ containerPath: 'data', mode: 'RW', persistent: { size: 10 } }] },
      }),
    );
    expect(stateful.all('DaemonSet')).toEqual([]);
    expect(stateful.all('StatefulSet')).toHaveLength(1);
  });
});

describe('Mesos attributes Kubernetes labels cannot name', () => {
  const LABEL = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

  test('[rack, IS, "rack 1/a"] → a valid label value made from it (with a hash), approximated, and the same value for the node groups', () => {
    const result = placed([['rack', 'IS', 'rack 1/a']]);
    const value = result.podSpec().nodeSelector?.rack ?? '';
    expect(value).toMatch(/^rack-1-a-[0-9a-f]{5}$/);
    expect(result.estate.nodeLabels).toEqual([
      { key: 'rack', values: [value], reason: '[rack, IS, rack 1/a] selects nodes' },
    ]);
    expect(result.field('constraints[0][2]')).toMatchObject({
      status: 'approximated',
      note: expect.stringContaining(
        `"rack 1/a" is not a valid label value, so the label value is "${value}" (label the nodes so)`,
      ),
    });
  });

  test('["my attr!", IS, x] → a valid label key made from it, approximated; every workload naming it meets on that key', () => {
    const first = placed([['my attr!', 'IS', 'x']]);
    const [key] = Object.keys(first.podSpec().nodeSelector ?? {});
    expect(key).toMatch(/^my-attr-[0-9a-f]{5}$/);
    expect(first.field('constraints[0][0]').status).toBe('approximated');
    expect(placed([['my attr!', 'GROUP_BY']]).podSpec().topologySpreadConstraints?.[0].topologyKey).toBe(key);
  });

  test('values that differ only in characters Kubernetes lacks stay apart; valid ones are kept as they are', () => {
    const a = placed([['rack', 'IS', 'a/b']]).podSpec().nodeSelector?.rack;
    const b = placed([['rack', 'IS', 'a b']]).podSpec().nodeSelector?.rack;
    expect(a).not.toBe(b);
    expect(placed([['rack', 'IS', 'a-b']]).podSpec().nodeSelector?.rack).toBe('a-b');
  });

  test('LIKE literals longer than 63 characters and Metronome job attributes get the same labels', () => {
    const long = 'v'.repeat(70);
    const values =
      placed([['rack', 'LIKE', `x|${long}`]]).podSpec().affinity?.nodeAffinity
        ?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0].matchExpressions?.[0].values ?? [];
    expect(values[0]).toBe('x');
    expect(values[1]).toMatch(LABEL);
    expect(values[1].length).toBeLessThanOrEqual(63);
    const job = translate({
      id: 'shop.report',
      run: {
        cmd: 'r.sh',
        cpus: 0.1,
        mem: 64,
        disk: 0,
        placement: { constraints: [{ attribute: 'rack', operator: 'IS', value: 'rack 1/a' }] },
      },
    });
    expect(job.podSpec('CronJob').nodeSelector?.rack).toBe(
      placed([['rack', 'IS', 'rack 1/a']]).podSpec().nodeSelector?.rack,
    );
  });

  test('the node groups a capacity plan makes carry only valid labels', () => {
    const result = placed([
      ['rack', 'IS', 'rack 1/a'],
      ['my attr!', 'CLUSTER', 'x y'],
    ]);
    const groups = planCapacity(demandOf(result.estate)).groups;
    expect(groups.some((group) => group.labels.rack === result.podSpec().nodeSelector?.rack)).toBe(true);
    for (const group of groups) {
      for (const [key, value] of Object.entries(group.labels)) {
        expect(key).toMatch(LABEL);
        expect(value).toMatch(LABEL);
      }
    }
  });
});
