import { Stack } from 'aws-cdk-lib';
import * as cdk8s from 'cdk8s';
import { EksEnvironment } from '../../lib/eks/eks-environment';
import { loadTexts } from '../../lib/marathon/load/estate';
import { MarathonWorkload } from '../../lib/workload/marathon-workload';
import { ENV, NO_ADDONS, offlineApp } from './helpers';

const estate = loadTexts([
  {
    source: 'shop.json',
    text: JSON.stringify([
      {
        id: '/shop/api',
        cmd: 'serve',
        cpus: 0.1,
        mem: 32,
        portDefinitions: [{ port: 8080, name: 'http', labels: { DCOS_METRICS_FORMAT: 'prometheus' } }],
      },
      { id: '/shop/web', cmd: 'serve', cpus: 0.1, mem: 32 },
    ]),
    discovered: false,
  },
]);
const workload = (options: { alerts?: boolean } = {}) =>
  new MarathonWorkload(new cdk8s.App(), 'estate', {
    definitions: estate.definitions,
    groups: estate.groups,
    ...options,
  });

describe('delivering the monitoring objects', () => {
  test('each workload’s rules travel with it; every bucket with a prometheus-operator object applies after the CRDs chart', () => {
    const stack = new Stack(offlineApp(), 'Platform', { env: ENV });
    const environment = new EksEnvironment(stack, 'Eks', {
      addons: { ...NO_ADDONS, ebsCsi: true, externalSecrets: true, monitoring: true },
    });
    const delivery = environment.addWorkload(workload());
    const crds = environment.monitoring!.crds;
    const watched = delivery.plan.buckets.filter((bucket) =>
      bucket.objects.some((object) => object.apiVersion.startsWith('monitoring.coreos.com/')),
    );
    const kinds = watched.flatMap((bucket) => bucket.objects.map((object) => object.kind)).sort();
    expect(kinds.filter((kind) => kind === 'PrometheusRule' || kind === 'ServiceMonitor')).toEqual([
      'PrometheusRule',
      'PrometheusRule',
      'ServiceMonitor',
    ]);
    // A workload's rules are in its own bucket, beside its Deployment.
    for (const bucket of watched) {
      for (const rule of bucket.objects.filter((object) => object.kind === 'PrometheusRule')) {
        const deployment = rule.metadata!.name!.replace(/^app-(.*)-alerts$/, '$1');
        expect(bucket.objects.some((o) => o.kind === 'Deployment' && o.metadata?.name === deployment)).toBe(true);
      }
    }
    for (const manifest of delivery.manifests) {
      const bucket = delivery.plan.buckets.find((candidate) => manifest.node.id === `Bucket${candidate.index}`)!;
      const holdsMonitoring = bucket.objects.some((object) => object.apiVersion.startsWith('monitoring.coreos.com/'));
      expect([manifest.node.id, manifest.node.dependencies.includes(crds)]).toEqual([
        manifest.node.id,
        holdsMonitoring,
      ]);
    }
    expect(delivery.node.validate()).toEqual([]);
    // A second estate with workloads in the same namespace (a wave compiled apart) delivers its own rules, but not
    // the namespace's dashboard, which the first already does: two manifests must not own one object.
    const second = new MarathonWorkload(new cdk8s.App(), 'second', {
      definitions: loadTexts([
        {
          source: 'wave2.json',
          text: JSON.stringify([{ id: '/shop/cart', cmd: 'serve', cpus: 0.1, mem: 32 }]),
          discovered: false,
        },
      ]).definitions,
    });
    const secondDelivery = environment.addWorkload(second);
    expect(secondDelivery.node.validate()).toEqual([]);
    const delivered = secondDelivery.plan.buckets.flatMap((bucket) =>
      bucket.objects.map((o) => `${o.kind}/${o.metadata?.name}`),
    );
    expect(delivered).toContain('PrometheusRule/app-cart-alerts');
    expect(delivered).not.toContain('ConfigMap/marathon-to-eks-migration-overview');
    expect(
      delivery.plan.buckets.flatMap((bucket) => bucket.objects.map((o) => `${o.kind}/${o.metadata?.name}`)),
    ).toContain('ConfigMap/marathon-to-eks-migration-overview');
  });

  test('without the monitoring add-on: an error naming the workload and both ways out; alerts: false delivers', () => {
    const stack = new Stack(offlineApp(), 'Platform', { env: ENV });
    const environment = new EksEnvironment(stack, 'Eks', { addons: NO_ADDONS });
    expect(environment.addWorkload(workload()).node.validate()).toEqual([
      "estate: its workloads have ServiceMonitors, PodMonitors or PrometheusRules (prometheus-operator objects), but the environment's monitoring add-on, which installs their CRDs, is off: turn it on (addons.monitoring), or compile the workload with alerts: false (convert --no-alerts)",
    ]);
    const other = new EksEnvironment(new Stack(offlineApp(), 'Other', { env: ENV }), 'Eks', { addons: NO_ADDONS });
    const delivery = other.addWorkload(workload({ alerts: false }));
    expect(delivery.node.validate()).toEqual([]);
    expect(delivery.plan.buckets.flatMap((bucket) => bucket.objects.map((object) => object.kind))).not.toContain(
      'PrometheusRule',
    );
  });
});
