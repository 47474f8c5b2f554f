import { translate, app } from './helpers';

const placed = (constraints: string[][], extra: object = {}) => translate(app({ constraints, ...extra }));
const selector = { matchLabels: { 'app.kubernetes.io/name': 'web' } };

describe('placement constraints', () => {
  test('[hostname, UNIQUE] → required pod anti-affinity per node', () => {
    expect(placed([['hostname', 'UNIQUE']]).podSpec().affinity).toEqual({
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: selector, topologyKey: 'kubernetes.io/hostname' }] },
    });
  });

  test.each([
    ['@zone', 'topology.kubernetes.io/zone'],
    ['@region', 'topology.kubernetes.io/region'],
    ['rack', 'rack'],
  ])('[%s, GROUP_BY] → topology spread on %s', (field, key) => {
    const result = placed([[field, 'GROUP_BY']]);
    expect(result.podSpec().topologySpreadConstraints).toEqual([{ maxSkew: 1, topologyKey: key, whenUnsatisfiable: 'DoNotSchedule', labelSelector: selector }]);
    if (field === 'rack') expect(result.estate.nodeLabels).toEqual([{ key: 'rack', values: [], reason: '[rack, GROUP_BY] spreads instances across rack values' }]);
  });

  test('[attr, GROUP_BY, n] keeps the spread; the count is not needed', () => {
    expect(placed([['rack', 'GROUP_BY', '3']]).field('constraints[0][2]').status).toBe('approximated');
  });

  test('[hostname, MAX_PER, 1] → anti-affinity; MAX_PER n > 1 → even spread, approximated', () => {
    expect(placed([['hostname', 'MAX_PER', '1']]).podSpec().affinity?.podAntiAffinity).toBeDefined();
    const two = placed([['rack', 'MAX_PER', '2']]);
    expect(two.podSpec().topologySpreadConstraints?.[0]).toMatchObject({ topologyKey: 'rack', maxSkew: 1 });
    expect(two.field('constraints[0][1]')).toMatchObject({ status: 'approximated', note: expect.stringContaining('no per-domain cap') });
  });

  test('[attr, CLUSTER|IS, v] → nodeSelector; the labels the node groups need are collected', () => {
    const result = placed([['node-class', 'CLUSTER', 'gpu'], ['zone-id', 'IS', 'a']]);
    expect(result.podSpec().nodeSelector).toEqual({ 'node-class': 'gpu', 'zone-id': 'a' });
    expect(result.estate.nodeLabels.map((l) => `${l.key}=${l.values.join('|')}`)).toEqual(['node-class=gpu', 'zone-id=a']);
    expect(placed([['hostname', 'CLUSTER', 'agent-7']]).field('constraints[0][0]').status).toBe('approximated');
  });

  test('[attr, CLUSTER] without a value keeps instances together', () => {
    expect(placed([['rack', 'CLUSTER']]).podSpec().affinity?.podAffinity).toEqual({ requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: selector, topologyKey: 'rack' }] });
  });

  test('LIKE / UNLIKE with a list of literals → node affinity In / NotIn; real regexes are unsupported', () => {
    const result = placed([['rack', 'LIKE', 'rack-1|rack-2'], ['os', 'UNLIKE', '^(centos|rhel)$']]);
    expect(result.podSpec().affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0].matchExpressions).toEqual([
      { key: 'rack', operator: 'In', values: ['rack-1', 'rack-2'] },
      { key: 'os', operator: 'NotIn', values: ['centos', 'rhel'] },
    ]);
    const regex = placed([['rack', 'LIKE', 'rack-[0-9]+']]);
    expect(regex.podSpec().affinity).toBeUndefined();
    expect(regex.field('constraints[0][2]')).toMatchObject({ status: 'unsupported', note: expect.stringContaining('regular expressions') });
  });

  test('acceptedResourceRoles [slave_public] → the public node group (selector, toleration, and what the nodes need)', () => {
    const result = translate(app({ acceptedResourceRoles: ['slave_public'] }));
    expect(result.podSpec().nodeSelector).toEqual({ 'marathon-to-eks/node-role': 'public' });
    expect(result.podSpec().tolerations).toContainEqual({ key: 'marathon-to-eks/node-role', operator: 'Equal', value: 'public', effect: 'NoSchedule' });
    expect(result.estate.nodeTaints).toEqual([{ key: 'marathon-to-eks/node-role', value: 'public', effect: 'NoSchedule', reason: 'public nodes only take workloads that ran on public agents' }]);
    expect(translate(app({ acceptedResourceRoles: ['*'] })).podSpec().nodeSelector).toBeUndefined();
  });

  test('other Mesos roles are reported with the Kubernetes way', () => {
    expect(translate(app({ role: 'analytics' })).field('role')).toMatchObject({ status: 'approximated', note: expect.stringContaining('ResourceQuota') });
  });

  test('pod constraints in object form', () => {
    const result = translate({ id: '/shop/pod', containers: [{ name: 'c', resources: { cpus: 0.1, mem: 32 }, image: { kind: 'DOCKER', id: 'x' } }], scheduling: { placement: { constraints: [{ fieldName: 'hostname', operator: 'UNIQUE' }] } } });
    expect(result.podSpec().affinity?.podAntiAffinity).toBeDefined();
  });
});
