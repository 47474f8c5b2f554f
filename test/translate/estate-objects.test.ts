import { estateObjects, workloadKey } from '../../lib/translate/estate-objects';
import { TranslatedWorkload } from '../../lib/translate/estate-translation';
import { translate } from './helpers';

const estate = () =>
  translate([
    {
      id: '/shop',
      apps: [{ id: '/shop/api', cmd: 'serve', cpus: 0.1, mem: 32, instances: 2 }],
      pods: [
        {
          id: '/shop/cache',
          containers: [{ name: 'redis', resources: { cpus: 0.1, mem: 32 }, image: { kind: 'DOCKER', id: 'redis:7' } }],
        },
      ],
    },
    { id: 'billing.report', run: { cmd: 'report.sh', cpus: 0.5, mem: 256, disk: 0 } },
  ]).estate;

describe('workloadKey', () => {
  // The key decides a deployed workload's delivery bucket and manifest file: this format must never change.
  test('is <namespace>/<app|pod|job>-<name> of the first object', () => {
    expect(estate().workloads.map(workloadKey)).toEqual(['shop/app-api', 'shop/pod-cache', 'billing/job-report']);
  });

  test('an object without a namespace is in default', () => {
    const workload = {
      translation: { objects: [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' } }] },
      report: { kind: 'app' },
    } as unknown as TranslatedWorkload;
    expect(workloadKey(workload)).toBe('default/app-api');
  });
});

describe('estateObjects', () => {
  test('the namespaces, then each workload’s objects in translation order, then each namespace’s dashboard', () => {
    const translation = estate();
    expect(
      estateObjects(translation).map((o) => `${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}`),
    ).toEqual([
      'Namespace /billing',
      'Namespace /shop',
      'Deployment shop/api',
      'Service shop/api',
      'PodDisruptionBudget shop/api',
      'PrometheusRule shop/app-api-alerts',
      'Deployment shop/cache',
      'PrometheusRule shop/pod-cache-alerts',
      'CronJob billing/report',
      'PrometheusRule billing/job-report-alerts',
      'ConfigMap billing/marathon-to-eks-migration-overview',
      'ConfigMap shop/marathon-to-eks-migration-overview',
    ]);
  });
});
