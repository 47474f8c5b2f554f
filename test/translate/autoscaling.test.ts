import * as fs from 'node:fs';
import { loadJson } from '../helpers/load';
import { corpusFile, describeWithCorpus } from '../helpers/corpus';
import { estateObjects } from '../../lib/translate/estate-objects';
import { translateEstate } from '../../lib/translate/estate-translation';
import { HorizontalPodAutoscaler } from '../../lib/translate/kube';
import { NO_RULE } from '../../lib/translate/report';
import { validateKubeObjects } from '../../lib/validate/kubernetes';
import { app, translate } from './helpers';

/*
 * Upstream sources the expectations follow (read at these commits):
 * - mesosphere/marathon-autoscale@8949324: marathon_autoscaler.py (AS_* / options, scale_app, autoscale),
 *   autoscaler/modes/scalecpu.py (percent of one core), scalemem.py (percent of the memory limit),
 *   marathon_definitions/autoscale_examples/*.json (the autoscaler apps below are shaped on them).
 * - mesosphere/marathon-lb-autoscale@dfb0aa2: autoscale.rb (options and defaults, `--apps app_servicePort`).
 * - tendrilinc/marathon-autoscaler@0fc7e8a: lib/marathon_autoscaler/rules_manager.py, application_definition.py,
 *   README.md "Scaling Rules".
 */

/** A marathon-autoscale app as its examples define it (autoscale-cpu-noauth-marathon.json), scaling /shop/web. */
const autoscaler = (env: Record<string, string> = {}) => ({
  id: '/autoscale-web',
  cpus: 0.1,
  mem: 128,
  instances: 1,
  container: { type: 'DOCKER', docker: { image: 'mesosphere/marathon-autoscale:latest' } },
  env: {
    AS_DCOS_MASTER: 'http://leader.mesos',
    AS_MARATHON_APP: '/shop/web',
    AS_TRIGGER_MODE: 'cpu',
    AS_MIN_INSTANCES: '1',
    AS_MAX_INSTANCES: '6',
    AS_MIN_RANGE: '55',
    AS_MAX_RANGE: '80',
    AS_AUTOSCALE_MULTIPLIER: '1.5',
    AS_SCALE_UP_FACTOR: '3',
    AS_COOL_DOWN_FACTOR: '4',
    AS_INTERVAL: '30',
    ...env,
  },
});

const target = (extra: object = {}) => app({ instances: 2, ...extra });

const hpaOf = (result: ReturnType<typeof translate>) => result.one<HorizontalPodAutoscaler>('HorizontalPodAutoscaler');

/** The report lines of the workload with this id. */
const reportOf = (result: ReturnType<typeof translate>, id: string) => {
  const workload = result.estate.workloads.find((w) => w.report.id === id);
  if (!workload) {
    throw new Error(`no workload ${id}`);
  }
  return workload.report;
};
const lineOf = (result: ReturnType<typeof translate>, id: string, path: string) =>
  reportOf(result, id).fields.find((f) => f.path === path);

/** marathon-autoscale's up/down steps at multiplier 1.5: +50 % and −34 % (1 − 1/1.5, rounded up). */
const marathonAutoscaleBehavior = {
  scaleUp: { stabilizationWindowSeconds: 90, policies: [{ type: 'Percent', value: 50, periodSeconds: 90 }] },
  scaleDown: { stabilizationWindowSeconds: 120, policies: [{ type: 'Percent', value: 34, periodSeconds: 120 }] },
};

describe('marathon-autoscale → HorizontalPodAutoscaler', () => {
  test('cpu: the range midpoint in percent of one core over the 0.5-CPU request; behavior from interval × factors', () => {
    const result = translate([target(), autoscaler()]);
    const hpa = hpaOf(result);
    expect(hpa.metadata).toMatchObject({
      name: 'web',
      namespace: 'shop',
      labels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/managed-by': 'marathon-to-eks' },
      annotations: { 'marathon-to-eks/app-id': '/shop/web', 'marathon-to-eks/autoscaler-id': '/autoscale-web' },
    });
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 1,
      maxReplicas: 6,
      // (55 + 80) / 2 = 67.5 % of one core; the request is 0.5 CPU → 135 % of it.
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 135 } } },
      ],
      behavior: marathonAutoscaleBehavior,
    });
    expect(result.one('Deployment', 'web').spec).not.toHaveProperty('replicas');
    expect(lineOf(result, '/shop/web', 'instances')).toEqual({
      path: 'instances',
      status: 'approximated',
      note: "replicas left to HPA shop/web (1..6); Marathon's instances 2; it starts at 1 pod: to start at 2 as on DC/OS, run kubectl scale deployment/web -n shop --replicas=2 once after the first apply",
    });
    expect(reportOf(result, '/shop/web').remarks).toContainEqual(
      expect.stringContaining(
        'HorizontalPodAutoscaler shop/web from marathon-autoscale /autoscale-web: replicas 1..6; CPU 67.5 % of one core ÷ the 0.5-CPU request → averageUtilization 135 %; scale up after 90 s, at most 50 % per 90 s; scale down after 120 s, at most 34 % per 120 s',
      ),
    );
  });

  test('the autoscaler app is not emitted; its AS_* settings live on in the HPA, the rest is ignored', () => {
    const result = translate([target(), autoscaler()]);
    const report = reportOf(result, '/autoscale-web');
    expect(report.objects).toEqual([]);
    for (const id of ['/autoscale-web', '/shop/web']) {
      expect(reportOf(result, id).fields.filter((f) => f.note === NO_RULE)).toEqual([]);
    }
    expect(result.objects.filter((o) => o.metadata?.name === 'autoscale-web')).toEqual([]);
    expect(lineOf(result, '/autoscale-web', 'env.AS_MIN_RANGE')).toEqual({
      path: 'env.AS_MIN_RANGE',
      status: 'translated',
      note: 'lives on in the HorizontalPodAutoscaler shop/web',
    });
    const why =
      'not emitted: marathon-autoscale polled Marathon to scale /shop/web; on EKS the HorizontalPodAutoscaler shop/web does that; on EKS it would poll DC/OS APIs that are not there';
    for (const path of ['env.AS_DCOS_MASTER', 'container.docker.image', 'cpus', 'id']) {
      expect(lineOf(result, '/autoscale-web', path)).toEqual({ path, status: 'ignored', note: why });
    }
  });

  test('mem: percent of the memory limit, which is the request', () => {
    const result = translate([
      target(),
      autoscaler({ AS_TRIGGER_MODE: 'mem', AS_MIN_RANGE: '40', AS_MAX_RANGE: '80' }),
    ]);
    expect(hpaOf(result).spec?.metrics).toEqual([
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 60 } } },
    ]);
    expect(hpaOf(result).spec?.behavior).toEqual(marathonAutoscaleBehavior);
  });

  test('mem: a resourceLimits.mem above the request scales the percentage to the request', () => {
    const result = translate([
      target({ mem: 256, resourceLimits: { mem: 512 } }),
      autoscaler({ AS_TRIGGER_MODE: 'mem', AS_MIN_RANGE: '40', AS_MAX_RANGE: '80' }),
    ]);
    // 60 % of 512 MiB = 120 % of the 256 MiB request.
    expect(hpaOf(result).spec?.metrics).toEqual([
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 120 } } },
    ]);
  });

  test.each(['and', 'or'])('%s: a CPU and a memory metric (the HPA follows the larger wish), reported', (mode) => {
    // autoscale-and-noauth-marathon.json: "40,45" / "75,80" (cpu,mem).
    const result = translate([
      target(),
      autoscaler({ AS_TRIGGER_MODE: mode, AS_MIN_RANGE: '40,45', AS_MAX_RANGE: '75,80' }),
    ]);
    expect(hpaOf(result).spec?.metrics).toEqual([
      // (40 + 75) / 2 = 57.5 % of one core over 0.5 CPU; (45 + 80) / 2 = 62.5 % of memory.
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 115 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 63 } } },
    ]);
    expect(hpaOf(result).spec?.behavior).toEqual(marathonAutoscaleBehavior);
    const remark = reportOf(result, '/shop/web').remarks.find((r) => r.startsWith('HorizontalPodAutoscaler'));
    expect(remark).toContain(
      mode === 'and'
        ? 'AS_TRIGGER_MODE and scaled only when CPU and memory agreed; an HPA follows whichever metric asks for more replicas'
        : 'AS_TRIGGER_MODE or: an HPA also follows whichever metric asks for more replicas',
    );
    expect(remark).toContain(`marathon-autoscale's ${mode} mode passes the app where its cpu and mem modes expect`);
  });

  test('sqs: no HPA, the replicas stay, and the KEDA aws-sqs-queue recipe is reported', () => {
    const result = translate([
      target(),
      autoscaler({
        AS_TRIGGER_MODE: 'sqs',
        AS_MIN_RANGE: '3',
        AS_MAX_RANGE: '10',
        AS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/test-auto-scale',
      }),
    ]);
    expect(result.all('HorizontalPodAutoscaler')).toEqual([]);
    expect(result.one('Deployment', 'web').spec?.replicas).toBe(2);
    const line = lineOf(result, '/shop/web', 'instances');
    expect(line?.status).toBe('unsupported');
    expect(line?.note).toContain('scaled by marathon-autoscale /autoscale-web: AS_TRIGGER_MODE sqs scaled on');
    expect(line?.note).toContain(
      'ScaledObject (keda.sh/v1alpha1) on this workload with minReplicaCount 1, maxReplicaCount 6 and a trigger of type aws-sqs-queue, metadata queueURL',
    );
    expect(lineOf(result, '/autoscale-web', 'env.AS_MARATHON_APP')?.status).toBe('unsupported');
  });

  test('the command-line form (--marathon-app, --trigger_mode…) overrides the variables', () => {
    const result = translate([
      target(),
      {
        ...autoscaler(),
        env: { AS_MARATHON_APP: '/elsewhere' },
        cmd: 'python marathon_autoscaler.py --dcos-master http://leader.mesos --trigger_mode cpu --autoscale_multiplier 2 --max_instances 8 --marathon-app shop/web --min_instances 2 --cool_down_factor 5 --scale_up_factor 2 --interval 10 --min_range=20 --max_range 60',
      },
    ]);
    expect(hpaOf(result).spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 8,
      // 40 % of one core over 0.5 CPU.
      metrics: [{ resource: { name: 'cpu', target: { averageUtilization: 80 } } }],
      behavior: {
        scaleUp: { stabilizationWindowSeconds: 20, policies: [{ type: 'Percent', value: 100, periodSeconds: 20 }] },
        scaleDown: { stabilizationWindowSeconds: 50, policies: [{ type: 'Percent', value: 50, periodSeconds: 50 }] },
      },
    });
  });

  test('a target absent from the estate: nothing emitted, a precise unsupported line', () => {
    const result = translate([autoscaler({ AS_MARATHON_APP: '/shop/gone' })]);
    expect(result.objects.filter((o) => o.kind !== 'Namespace')).toEqual([]);
    expect(lineOf(result, '/autoscale-web', 'env.AS_MARATHON_APP')).toEqual({
      path: 'env.AS_MARATHON_APP',
      status: 'unsupported',
      note: '/shop/gone is no app of this estate: marathon-autoscale polled Marathon for it in vain and would crash-loop on EKS; convert that app with it to get its HPA',
    });
  });

  test('a StatefulSet target: the HPA scales the StatefulSet, which leaves out its replicas', () => {
    const result = translate([
      target({
        container: {
          type: 'MESOS',
          volumes: [{ containerPath: 'data', mode: 'RW', persistent: { size: 512, type: 'mount' } }],
        },
      }),
      autoscaler(),
    ]);
    expect(hpaOf(result).spec?.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web' });
    expect(result.one('StatefulSet', 'web').spec).not.toHaveProperty('replicas');
  });

  test('a DaemonSet target cannot be scaled: no HPA, reported', () => {
    const result = translate([target({ instances: 3, constraints: [['hostname', 'UNIQUE']] }), autoscaler()], {
      perNodeInstances: 3,
    });
    expect(result.all('HorizontalPodAutoscaler')).toEqual([]);
    expect(result.one('DaemonSet', 'web')).toBeDefined();
    expect(lineOf(result, '/shop/web', 'instances')).toMatchObject({
      status: 'unsupported',
      note: 'scaled by marathon-autoscale /autoscale-web: a DaemonSet runs one pod on each node and cannot be scaled: no HorizontalPodAutoscaler',
    });
  });
});

describe('marathon-lb-autoscale → HorizontalPodAutoscaler', () => {
  const mlb = (args: string[]) => ({
    id: '/marathon-lb-autoscale',
    args: ['--marathon', 'http://leader.mesos:8080', '--haproxy', 'http://marathon-lb.marathon.mesos:9090', ...args],
    cpus: 0.1,
    mem: 16,
    instances: 1,
    container: { type: 'DOCKER', docker: { image: 'mesosphere/marathon-lb-autoscale', network: 'HOST' } },
  });
  const web = target({
    container: {
      type: 'DOCKER',
      docker: { image: 'nginx', network: 'BRIDGE', portMappings: [{ containerPort: 80, servicePort: 10000 }] },
    },
    cmd: undefined,
  });

  test('two targets: a remark about one target’s missing service port stays with that target', () => {
    const api = target({
      id: '/shop/api',
      container: {
        type: 'DOCKER',
        docker: { image: 'nginx', network: 'BRIDGE', portMappings: [{ containerPort: 80, servicePort: 10001 }] },
      },
      cmd: undefined,
    });
    // web has service port 10000, not 10002: marathon-lb had no frontend shop_web_10002; api's 10001 is right.
    const result = translate([web, api, mlb(['--apps', 'shop_web_10002,shop_api_10001', '--max-instances', '5'])]);
    const missingPort = (id: string) =>
      reportOf(result, id).remarks.filter((remark) => remark.includes('has no service port'));
    expect(missingPort('/shop/web')).toHaveLength(1);
    expect(missingPort('/shop/web')[0]).toContain('/shop/web has no service port 10002');
    expect(missingPort('/shop/api')).toEqual([]);
    expect(result.all('HorizontalPodAutoscaler')).toHaveLength(2);
  });

  test('--apps shop_web_10000: min/max, a CPU metric in place of requests per second, the recipe reported', () => {
    const result = translate([
      web,
      mlb([
        '--target-rps',
        '100',
        '--apps',
        'shop_web_10000',
        '--min-instances',
        '2',
        '--max-instances',
        '12',
        '--interval',
        '30',
      ]),
    ]);
    expect(hpaOf(result).metadata?.annotations).toMatchObject({
      'marathon-to-eks/app-id': '/shop/web',
      'marathon-to-eks/autoscaler-id': '/marathon-lb-autoscale',
    });
    expect(hpaOf(result).spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 12,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
      ],
      // 3 consecutive intervals of 30 s beyond the thresholds (intervals_past_threshold).
      behavior: { scaleUp: { stabilizationWindowSeconds: 90 }, scaleDown: { stabilizationWindowSeconds: 90 } },
    });
    expect(result.one('Deployment', 'web').spec).not.toHaveProperty('replicas');
    const remark = reportOf(result, '/shop/web').remarks.find((r) => r.startsWith('HorizontalPodAutoscaler')) ?? '';
    expect(remark).toContain('no request-rate metric exists on EKS without an adapter');
    // RequestCountPerTarget is per target already: AverageValue (KEDA's default) would divide it by the replicas.
    expect(remark).toContain("the trigger's metricType Value");
    expect(remark).toContain(
      "aws-cloudwatch trigger: namespace AWS/ApplicationELB, metricName RequestCountPerTarget, dimensionName TargetGroup, dimensionValue the target group of this workload's Ingress, metricStat Sum, metricStatPeriod 60, targetMetricValue 6000",
    );
    expect(lineOf(result, '/marathon-lb-autoscale', 'args[9]')).toEqual({
      path: 'args[9]',
      status: 'translated',
      note: 'lives on in the HorizontalPodAutoscaler shop/web',
    });
    expect(lineOf(result, '/marathon-lb-autoscale', 'args[1]')?.status).toBe('ignored');
  });

  test('without --max-instances the HPA gets the largest maxReplicas it holds, reported', () => {
    const result = translate([web, mlb(['--apps', 'shop_web_10000'])]);
    expect(hpaOf(result).spec).toMatchObject({
      minReplicas: 1,
      maxReplicas: 2147483647,
      behavior: { scaleUp: { stabilizationWindowSeconds: 180 }, scaleDown: { stabilizationWindowSeconds: 180 } },
    });
    expect(reportOf(result, '/shop/web').remarks.join('\n')).toContain(
      'no --max-instances: marathon-lb-autoscale had no ceiling, so maxReplicas is 2147483647',
    );
  });
});

describe('marathon-autoscaler labels on the target (tendrilinc)', () => {
  const labels = {
    use_marathon_autoscaler: 'true',
    min_instances: '1',
    max_instances: '10',
    mas_rule_fastscaleup_1: 'cpu | >90 | PT2M | 3 | PT1M30S',
    mas_rule_slowscaledown: 'cpu | <=50 | PT1M | -1 | PT30S',
  };

  test('an HPA from the labels, without an autoscaler annotation; the labels are reported with it', () => {
    const result = translate(target({ labels }));
    const hpa = hpaOf(result);
    expect(hpa.metadata?.annotations).not.toHaveProperty('marathon-to-eks/autoscaler-id');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 1,
      maxReplicas: 10,
      // (90 + 50) / 2 = 70 % of one core over 0.5 CPU.
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 140 } } },
      ],
      behavior: {
        scaleUp: { stabilizationWindowSeconds: 120, policies: [{ type: 'Pods', value: 3, periodSeconds: 90 }] },
        scaleDown: { stabilizationWindowSeconds: 60, policies: [{ type: 'Pods', value: 1, periodSeconds: 30 }] },
      },
    });
    expect(result.one('Deployment', 'web').spec).not.toHaveProperty('replicas');
    for (const key of Object.keys(labels)) {
      expect(result.field(`labels.${key}`)).toEqual({
        path: `labels.${key}`,
        status: 'approximated',
        note: 'kept in the HorizontalPodAutoscaler shop/web',
      });
    }
  });

  test('a falsy use_marathon_autoscaler: no HPA, the labels say why', () => {
    const result = translate(target({ labels: { ...labels, use_marathon_autoscaler: 'no' } }));
    expect(result.all('HorizontalPodAutoscaler')).toEqual([]);
    expect(result.one('Deployment', 'web').spec?.replicas).toBe(2);
    expect(result.field('labels.use_marathon_autoscaler')).toMatchObject({ status: 'unsupported' });
    expect(result.field('labels.use_marathon_autoscaler').note).toContain('the app did not take part');
  });

  test("the tendrilinc autoscaler's own app is not emitted", () => {
    const result = translate([
      target({ labels }),
      {
        id: '/marathon-autoscaler',
        cpus: 0.5,
        mem: 512,
        container: { type: 'DOCKER', docker: { image: 'tendril/marathon-autoscaler:latest' } },
      },
    ]);
    expect(reportOf(result, '/marathon-autoscaler').objects).toEqual([]);
    expect(lineOf(result, '/marathon-autoscaler', 'cpus')?.note).toContain(
      'not emitted: the tendrilinc marathon-autoscaler scaled the apps whose labels opt in',
    );
  });
});

describe("pods' scaling.maxInstances", () => {
  test('HPA from instances to maxInstances on CPU at 80 %, the field translated into it', () => {
    const result = translate({
      id: '/shop/pod',
      scaling: { kind: 'fixed', instances: 2, maxInstances: 5 },
      containers: [{ name: 'a', resources: { cpus: 0.1, mem: 32 }, exec: { command: { shell: 'sleep 1' } } }],
    });
    const hpa = hpaOf(result);
    expect(hpa.metadata?.annotations).toMatchObject({ 'marathon-to-eks/pod-id': '/shop/pod' });
    expect(hpa.metadata?.annotations).not.toHaveProperty('marathon-to-eks/autoscaler-id');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'pod' },
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
      ],
    });
    expect(result.one('Deployment', 'pod').spec).not.toHaveProperty('replicas');
    expect(result.field('scaling.maxInstances')).toEqual({
      path: 'scaling.maxInstances',
      status: 'approximated',
      note: 'maxReplicas 5 in the HorizontalPodAutoscaler shop/pod',
    });
    expect(result.field('scaling.instances')).toEqual({
      path: 'scaling.instances',
      status: 'approximated',
      note: "replicas left to HPA shop/pod (2..5); Marathon's instances 2",
    });
  });
});

describe('migration in waves: the HPA travels with its target', () => {
  const estate = () => loadJson([target(), autoscaler()]);
  const convert = (selected: string[]) => {
    const loaded = estate();
    const translated = translateEstate(
      loaded.definitions,
      loaded.groups,
      {},
      {
        selected: new Set(selected),
        dcosCallers: new Map(),
        waveOf: new Map([
          ['/shop/web', 1],
          ['/autoscale-web', 2],
        ]),
      },
    );
    expect(validateKubeObjects(estateObjects(translated))).toEqual([]);
    return translated;
  };

  test('target moved, autoscaler left on DC/OS: the HPA comes, and the report says to stop the autoscaler', () => {
    const translated = convert(['/shop/web']);
    const web = translated.workloads.find((w) => w.report.id === '/shop/web');
    expect(web?.translation.objects.map((o) => o.kind)).toContain('HorizontalPodAutoscaler');
    expect(web?.report.remarks).toContainEqual(
      'marathon-autoscale /autoscale-web stays on DC/OS in this run (wave 2): stop it when /shop/web moves here, or it keeps scaling the app on DC/OS while the HPA scales this one',
    );
  });

  test('autoscaler moved, target left on DC/OS: nothing emitted, the report says the HPA comes with the target', () => {
    const translated = convert(['/autoscale-web']);
    expect(estateObjects(translated).filter((o) => o.kind !== 'Namespace')).toEqual([]);
    expect(translated.workloads[0].report.remarks).toContainEqual(
      '/shop/web stays on DC/OS in this run (wave 1): its HorizontalPodAutoscaler comes with it, so keep this autoscaler running on DC/OS until then',
    );
  });
});

describeWithCorpus('the corpus autoscalers', () => {
  const read = (relative: string): unknown => JSON.parse(fs.readFileSync(corpusFile(relative), 'utf8'));

  test('universe marathon-autoscaler (AS_MARATHON_APP ""): no objects, a precise line', () => {
    const rendered = read(
      '_rendered/mesosphere__universe/repo__packages__M__marathon-autoscaler__0__marathon.rendered.json',
    ) as { id: string };
    // The package names the app `<marathon-app>-<service.name>`: with marathon-app "" the id is "-autoscaler", which
    // the loader rejects before translation. Under a valid id the empty target is what remains.
    expect(rendered.id).toBe('-autoscaler');
    expect(loadJson(rendered).diagnostics.some((d) => d.severity === 'error')).toBe(true);
    const result = translate({ ...rendered, id: '/autoscaler' });
    expect(result.objects.filter((o) => o.kind !== 'Namespace')).toEqual([]);
    expect(result.field('env.AS_MARATHON_APP')).toEqual({
      path: 'env.AS_MARATHON_APP',
      status: 'unsupported',
      note: 'AS_MARATHON_APP is empty: marathon-autoscale exits at start (--marathon-app is required, mesosphere/marathon-autoscale@8949324:marathon_autoscaler.py env_or_req) and scaled no app',
    });
  });

  test('marathon-lb 1.13 scaling tutorial: the autoscaler and nginx (servicePort 10000) → an HPA on nginx', () => {
    const dir =
      'mesosphere__dcos-docs-site/pages__mesosphere__dcos__services__marathon-lb__1.13__mlb-scaling-tutorial__index.md';
    const result = translate([read(`${dir}__L55.json`), read(`${dir}__L102.json`)]);
    expect(hpaOf(result).spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx' },
      minReplicas: 1,
      maxReplicas: 2147483647,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
      ],
      behavior: { scaleUp: { stabilizationWindowSeconds: 180 }, scaleDown: { stabilizationWindowSeconds: 180 } },
    });
    expect(reportOf(result, '/marathon-lb-autoscale').objects).toEqual([]);
    expect(reportOf(result, '/nginx').remarks.join('\n')).toContain('targetMetricValue 6000');
  });
});
