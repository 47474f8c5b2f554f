import { loadTexts } from '../../lib/marathon/load/estate';
import { translateEstate } from '../../lib/translate/estate-translation';
import { translate, app } from './helpers';

describe('naming and identity', () => {
  test('/a/b/c → namespace a, name b-c; top-level ids → the default namespace', () => {
    const result = translate([app({ id: '/shop/backend/api' }), app({ id: '/solo' })]);
    expect(result.all('Deployment').map((d) => `${d.metadata?.namespace}/${d.metadata?.name}`)).toEqual([
      'shop/backend-api',
      'default/solo',
    ]);
    expect(result.field('id').note).toBe('namespace shop, name backend-api');
  });

  test('single-namespace strategy names workloads after the whole id', () => {
    const result = translate(app({ id: '/shop/backend/api' }), {
      namespaceStrategy: 'single',
      defaultNamespace: 'legacy',
    });
    expect(result.one('Deployment').metadata).toMatchObject({ namespace: 'legacy', name: 'shop-backend-api' });
  });

  test('names longer than 63 characters keep a stable hash; ids starting with a digit get a prefix', () => {
    const long = `/shop/${'a'.repeat(80)}`;
    const first = translate(app({ id: long })).one('Deployment').metadata?.name as string;
    expect(first).toHaveLength(63);
    expect(first).toMatch(/^a+-[0-9a-f]{5}$/);
    expect(translate(app({ id: long })).one('Deployment').metadata?.name).toBe(first);
    const digit = translate(app({ id: '/shop/2fa' }));
    expect(digit.one('Deployment').metadata?.name).toBe('m-2fa');
    expect(digit.field('id').status).toBe('approximated');
  });

  test('collisions are resolved deterministically and reported', () => {
    const result = translate([app({ id: '/shop/a-b' }), app({ id: '/shop/a/b' })]);
    const names = result.all('Deployment').map((d) => d.metadata?.name);
    expect(names[0]).toBe('a-b');
    expect(names[1]).toMatch(/^a-b-[0-9a-f]{5}$/);
    expect(result.field('id', 1)).toMatchObject({
      status: 'approximated',
      note: expect.stringContaining('already used by /shop/a-b'),
    });
  });

  test('the same id in two files: both converted under distinct names, each pointing at the other', () => {
    const text = (extra: object) => JSON.stringify(app({ id: '/shop/web', ...extra }));
    const loaded = loadTexts([
      { source: 'a.json', text: text({}), discovered: false },
      { source: 'b.json', text: text({ instances: 3 }), discovered: false },
    ]);
    const { workloads } = translateEstate(loaded.definitions, loaded.groups);
    expect(workloads.map((w) => w.translation.objects[0].metadata?.name)).toEqual([
      'web',
      expect.stringMatching(/^web-[0-9a-f]{5}$/),
    ]);
    expect(workloads[0].report.remarks[0]).toBe(
      'app /shop/web is also defined in b.json: Marathon holds one definition per id, so check which one is current (each is converted, under its own name)',
    );
    expect(workloads[1].report.remarks[0]).toContain('also defined in a.json');
  });

  test('every object carries the original id and the standard labels; groups become namespaces', () => {
    const result = translate({
      id: '/shop',
      apps: [
        app({
          id: 'web',
          instances: 2,
          labels: { team: 'storefront', HAPROXY_GROUP: 'external', HAPROXY_0_VHOST: 'a.example.com,b.example.com' },
          portDefinitions: [{ port: 8080, name: 'http' }],
        }),
      ],
    });
    // The workload's own PrometheusRule included; the namespace's dashboard covers all its workloads.
    for (const object of result.estate.workloads.flatMap((workload) => workload.translation.objects)) {
      expect(object.metadata?.annotations?.['marathon-to-eks/app-id']).toBe('/shop/web');
      expect(object.metadata?.labels).toMatchObject({
        'app.kubernetes.io/name': 'web',
        'app.kubernetes.io/managed-by': 'marathon-to-eks',
        'app.kubernetes.io/part-of': 'shop',
        team: 'storefront',
      });
    }
    expect(result.one('Namespace').metadata).toMatchObject({
      name: 'shop',
      annotations: { 'marathon-to-eks/group-id': '/shop' },
    });
    // A label value Kubernetes cannot hold is kept in the annotation with all Marathon labels.
    const deployment = result.one('Deployment');
    expect(deployment.metadata?.labels?.HAPROXY_0_VHOST).toBeUndefined();
    expect(JSON.parse(deployment.metadata?.annotations?.['marathon-to-eks/marathon-labels'] as string)).toEqual({
      HAPROXY_0_VHOST: 'a.example.com,b.example.com',
      HAPROXY_GROUP: 'external',
      team: 'storefront',
    });
  });

  test('pods and jobs carry pod-id and job-id annotations', () => {
    const result = translate([
      {
        id: '/shop/sidecars',
        containers: [{ name: 'main', resources: { cpus: 0.1, mem: 32 }, image: { kind: 'DOCKER', id: 'nginx' } }],
      },
      { id: 'shop.report', run: { cmd: 'true', cpus: 0.1, mem: 32, disk: 0 } },
    ]);
    expect(result.one('Deployment').metadata?.annotations?.['marathon-to-eks/pod-id']).toBe('/shop/sidecars');
    expect(result.one('CronJob').metadata).toMatchObject({
      namespace: 'shop',
      name: 'report',
      annotations: { 'marathon-to-eks/job-id': 'shop.report' },
    });
  });
});
