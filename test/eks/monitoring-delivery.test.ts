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
  test('each namespace’s rules travel in their own group; every bucket with a prometheus-operator object applies after the CRDs chart', () => {
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
      'ServiceMonitor',
    ]);
    for (const manifest of delivery.manifests) {
      const bucket = delivery.plan.buckets.find((candidate) => manifest.node.id === `Bucket${candidate.index}`)!;
      const holdsMonitoring = bucket.objects.some((object) => object.apiVersion.startsWith('monitoring.coreos.com/'));
      expect([manifest.node.id, manifest.node.dependencies.includes(crds)]).toEqual([
        manifest.node.id,
        holdsMonitoring,
      ]);
    }
    expect(delivery.node.validate()).toEqual([]);
    // A second estate in the same namespace would overwrite the rules and dashboard of the first.
    const second = new MarathonWorkload(new cdk8s.App(), 'second', {
      definitions: estate.definitions,
      groups: estate.groups,
    });
    expect(environment.addWorkload(second).node.validate()).toEqual([
      "second: namespace shop already gets alert rules from workload estate; each namespace's rules and dashboard belong to one workload: compile those definitions into one MarathonWorkload, or compile this one with alerts: false",
    ]);
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
