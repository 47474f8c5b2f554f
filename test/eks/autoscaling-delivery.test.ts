import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as cdk8s from 'cdk8s';
import { EksEnvironment } from '../../lib/eks/eks-environment';
import { loadTexts } from '../../lib/marathon/load/estate';
import { MarathonWorkload } from '../../lib/workload/marathon-workload';
import { ENV, NO_ADDONS, offlineApp } from './helpers';

// A marathon-autoscale app and its target: the target's HPA needs a metrics.k8s.io provider on the cluster.
const estate = loadTexts([
  {
    source: 'shop.json',
    text: JSON.stringify([
      { id: '/shop/api', cmd: 'serve', cpus: 0.5, mem: 256, instances: 3 },
      {
        id: '/shop/api-autoscale',
        cpus: 0.1,
        mem: 128,
        container: { type: 'DOCKER', docker: { image: 'mesosphere/marathon-autoscale:latest' } },
        // marathon-autoscale exits without any of these (marathon_autoscaler.py parse_arguments).
        env: {
          AS_MARATHON_APP: '/shop/api',
          AS_TRIGGER_MODE: 'cpu',
          AS_MIN_INSTANCES: '2',
          AS_MAX_INSTANCES: '6',
          AS_MIN_RANGE: '55',
          AS_MAX_RANGE: '80',
          AS_AUTOSCALE_MULTIPLIER: '1.5',
          AS_SCALE_UP_FACTOR: '3',
          AS_COOL_DOWN_FACTOR: '4',
          AS_INTERVAL: '30',
        },
      },
    ]),
    discovered: false,
  },
]);

function warningsWith(metricsServer: boolean) {
  const stack = new Stack(offlineApp(), 'Platform', { env: ENV });
  const environment = new EksEnvironment(stack, 'Eks', { addons: { ...NO_ADDONS, metricsServer } });
  const workload = new MarathonWorkload(new cdk8s.App(), 'estate', { ...estate, alerts: false });
  const objects = workload.translation.workloads.flatMap((translated) => translated.translation.objects);
  expect(objects.filter((object) => object.kind === 'HorizontalPodAutoscaler')).toHaveLength(1);
  environment.addWorkload(workload);
  return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('HorizontalPodAutoscaler'));
}

describe('delivering HorizontalPodAutoscalers', () => {
  test('without the metricsServer add-on, synth warns that the HPAs cannot read metrics', () => {
    const warnings = warningsWith(false);
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0].entry.data)).toContain(
      "estate: 1 HorizontalPodAutoscaler but the environment's metricsServer add-on is off",
    );
    expect(JSON.stringify(warnings[0].entry.data)).toContain('marathon-to-eks:hpaWithoutMetricsServer');
  });

  test('with it, no warning', () => {
    expect(warningsWith(true)).toEqual([]);
  });
});
