import { loadJson } from '../helpers/load';
import {
  AlertRule,
  backoffCapSeconds,
  duration,
  promString,
  templateText,
  workloadAlerts,
} from '../../lib/translate/alert-rules';
import { estateObjects } from '../../lib/translate/estate-objects';
import { EstateTranslation, translateEstate } from '../../lib/translate/estate-translation';
import { HorizontalPodAutoscaler, KubeObject } from '../../lib/translate/kube';
import { MONITORING_OBJECT_MAX_BYTES, namespaceMonitoring } from '../../lib/translate/namespace-monitoring';
import { validateKubeObjects } from '../../lib/validate/kubernetes';
import { translateOptionProblems } from '../../lib/workload/option-problems';
import { app, translate } from './helpers';

// Metric names and labels: kubernetes/kube-state-metrics@v2.19.1 docs/metrics/workload/{deployment,statefulset,
// daemonset,pod,job,cronjob}-metrics.md (the version kube-state-metrics chart 8.2.0 ships, which
// kube-prometheus-stack 88.2.0 depends on). Rule fields: prometheus-operator-crds 31.0.1 crd-prometheusrules.yaml.

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}
type Rules = { metadata: { name: string; namespace: string }; spec: { groups: { name: string; rules: Rule[] }[] } };

/** Every workload's PrometheusRule holds its one group: the groups of the translation, in translation order. */
const rulesOf = (result: ReturnType<typeof translate>): Pick<Rules, 'spec'> => {
  const rules = result.all('PrometheusRule') as unknown as Rules[];
  for (const rule of rules) {
    expect([rule.metadata.name, rule.spec.groups.length]).toEqual([`${rule.spec.groups[0].name}-alerts`, 1]);
  }
  return { spec: { groups: rules.flatMap((rule) => rule.spec.groups) } };
};

describe('alert rules per workload', () => {
  test('a Deployment: unavailable below minimumHealthCapacity × spec replicas, crash loop, not ready; exact rules', () => {
    const result = translate(
      app({
        instances: 4,
        upgradeStrategy: { minimumHealthCapacity: 0.5, maximumOverCapacity: 0.5 },
        healthChecks: [
          { protocol: 'MESOS_HTTP', path: '/health', gracePeriodSeconds: 120 },
          { protocol: 'TCP', gracePeriodSeconds: 45 },
        ],
        portDefinitions: [{ port: 8080, name: 'http' }],
      }),
    );
    const rules = rulesOf(result);
    expect((result.one('PrometheusRule', 'app-web-alerts') as unknown as Rules).metadata.namespace).toBe('shop');
    expect(rules.spec.groups.map((group) => group.name)).toEqual(['app-web']);
    const [unavailable, crashLooping, notReady] = rules.spec.groups[0].rules;
    expect(unavailable).toEqual({
      alert: 'MarathonWorkloadUnavailable',
      expr: [
        'max by (namespace, deployment) (kube_deployment_status_replicas_available{namespace="shop", deployment="web"})',
        '  < on (namespace, deployment) clamp_min(ceil(0.5 * max by (namespace, deployment) (kube_deployment_spec_replicas{namespace="shop", deployment="web"})), 1)',
        'and on (namespace, deployment) max by (namespace, deployment) (kube_deployment_spec_replicas{namespace="shop", deployment="web"}) > 0',
      ].join('\n'),
      for: '2m',
      labels: { severity: 'critical', namespace: 'shop' },
      annotations: {
        summary: 'Fewer pods available than Marathon kept healthy: Deployment shop/web',
        description:
          'Deployment shop/web: only {{ $value }} pods available, fewer than minimumHealthCapacity 0.5 of the desired replicas (at least 1), for longer than the health check grace period (120 s).',
        runbook_url: 'https://wiki.example.com/runbooks/shop/web',
        marathon_id: '/shop/web',
      },
    });
    const owner =
      'max by (namespace, pod) (kube_pod_owner{namespace="shop", owner_kind="ReplicaSet", owner_name=~"web-[a-z0-9]+"})';
    expect(crashLooping).toMatchObject({
      alert: 'MarathonWorkloadCrashLooping',
      expr: [
        'max by (namespace, pod, container) (max_over_time(kube_pod_container_status_waiting_reason{namespace="shop", reason="CrashLoopBackOff"}[5m]))',
        `  * on (namespace, pod) group_left () ${owner}`,
        '>= 1',
      ].join('\n'),
      // Marathon's defaults: 1 s × 1.15^n reaches 300 s after 41 relaunches, 2047 s of waiting in all.
      for: '34m7s',
      labels: { severity: 'warning', namespace: 'shop' },
    });
    expect(notReady).toMatchObject({
      alert: 'MarathonWorkloadNotReady',
      expr: [
        'max by (namespace, pod) (kube_pod_status_ready{namespace="shop", condition="false"})',
        `  * on (namespace, pod) ${owner}`,
        '> 0',
      ].join('\n'),
      for: '2m',
      labels: { severity: 'warning', namespace: 'shop' },
    });
    // Marathon's instances, a constant series for the migration overview dashboard: last in the group.
    expect(rules.spec.groups[0].rules).toHaveLength(4);
    expect(rules.spec.groups[0].rules[3]).toEqual({
      record: 'marathon_to_eks:marathon_instances',
      expr: 'vector(4)',
      labels: { namespace: 'shop', workload: 'Deployment/web', marathon_id: '/shop/web' },
    });
    expect(result.estate.workloads[0].report.remarks).toContain(
      "alerts (PrometheusRule shop/app-web-alerts): MarathonWorkloadUnavailable (critical: available pods < ceil(0.5 × desired) for 2m, the health check grace period (120 s)); MarathonWorkloadCrashLooping (warning: CrashLoopBackOff for 34m7s, the time Marathon's backoff (backoffSeconds 1, backoffFactor 1.15, maxLaunchDelaySeconds 300) took to reach its cap); MarathonWorkloadNotReady (warning: a pod not ready for 2m); Marathon's 4 instances recorded as marathon_to_eks:marathon_instances for the migration overview dashboard",
    );
  });

  test('a StatefulSet and a pod: their own metrics and owners; no health check waits Marathon’s default 300 s', () => {
    const result = translate([
      app({
        id: '/db/pg',
        container: {
          type: 'MESOS',
          volumes: [{ containerPath: 'data', mode: 'RW', persistent: { size: 1024 } }],
        },
        backoffSeconds: 10,
        backoffFactor: 2,
        maxLaunchDelaySeconds: 600,
      }),
      {
        id: '/db/cache',
        containers: [{ name: 'redis', resources: { cpus: 0.5, mem: 256 }, image: { kind: 'DOCKER', id: 'redis:7' } }],
      },
    ]);
    const groups = rulesOf(result).spec.groups;
    expect(groups.map((group) => group.name)).toEqual(['app-pg', 'pod-cache']);
    const [pgUnavailable, pgCrash] = groups[0].rules;
    expect(pgUnavailable.expr).toBe(
      [
        'max by (namespace, statefulset) (kube_statefulset_status_replicas_available{namespace="db", statefulset="pg"})',
        // Resident apps: Marathon's default minimumHealthCapacity 0.5.
        '  < on (namespace, statefulset) clamp_min(ceil(0.5 * max by (namespace, statefulset) (kube_statefulset_replicas{namespace="db", statefulset="pg"})), 1)',
        'and on (namespace, statefulset) max by (namespace, statefulset) (kube_statefulset_replicas{namespace="db", statefulset="pg"}) > 0',
      ].join('\n'),
    );
    expect(pgUnavailable.for).toBe('5m');
    expect(pgUnavailable.annotations.description).toContain("Marathon's default grace period (300 s: no health check)");
    // 10 × 2^n reaches 600 after ⌈log2 60⌉ = 6 relaunches: 10 × (2^6 − 1) = 630 s.
    expect(pgCrash.for).toBe('10m30s');
    expect(pgCrash.expr).toContain(
      'max by (namespace, pod) (kube_pod_owner{namespace="db", owner_kind="StatefulSet", owner_name="pg"})',
    );
    expect(groups[1].rules[0].expr).toContain(
      'kube_deployment_status_replicas_available{namespace="db", deployment="cache"}',
    );
    expect(groups[1].rules[0].annotations.marathon_id).toBe('/db/cache');
  });

  test('with an HPA, unavailable counts at most its minReplicas: a scale-up waiting for a node does not page', () => {
    const result = translate({
      id: '/db/cache',
      scaling: { kind: 'fixed', instances: 3, maxInstances: 6 },
      containers: [{ name: 'redis', resources: { cpus: 0.5, mem: 256 }, image: { kind: 'DOCKER', id: 'redis:7' } }],
    });
    expect(result.one<HorizontalPodAutoscaler>('HorizontalPodAutoscaler').spec?.minReplicas).toBe(3);
    const [unavailable] = rulesOf(result).spec.groups[0].rules;
    const desired =
      'max by (namespace, deployment) (kube_deployment_spec_replicas{namespace="db", deployment="cache"})';
    expect(unavailable.expr).toBe(
      [
        'max by (namespace, deployment) (kube_deployment_status_replicas_available{namespace="db", deployment="cache"})',
        `  < on (namespace, deployment) clamp_min(ceil(1 * clamp_max(${desired}, 3)), 1)`,
        `and on (namespace, deployment) ${desired} > 0`,
      ].join('\n'),
    );
    expect(result.estate.workloads[0].report.remarks.join('\n')).toContain(
      'MarathonWorkloadUnavailable (critical: available pods < ceil(1 × min(desired, HPA minReplicas 3)) for 5m',
    );
  });

  test('a scheduled Metronome job: a failed run since the last success, and a run missed by startingDeadlineSeconds', () => {
    const result = translate({
      id: 'shop.report',
      run: { cmd: 'report.sh', cpus: 0.5, mem: 256, disk: 0, docker: { image: 'reports:1' } },
      schedules: [{ id: 'nightly', cron: '30 2 * * *', startingDeadlineSeconds: 120 }],
    });
    const [failed, missed] = rulesOf(result).spec.groups[0].rules;
    expect(rulesOf(result).spec.groups[0].name).toBe('job-report');
    expect(failed).toEqual({
      alert: 'MetronomeJobFailed',
      expr: [
        'max by (namespace) (',
        '  kube_job_status_start_time{namespace="shop"}',
        '    * on (namespace, job_name) group_left () (kube_job_failed{namespace="shop", condition="true"} == 1)',
        '    * on (namespace, job_name) group_left () max by (namespace, job_name) (kube_job_owner{namespace="shop", owner_kind="CronJob", owner_name="report"})',
        ')',
        '> on (namespace) (max by (namespace) (kube_cronjob_status_last_successful_time{namespace="shop", cronjob="report"}) or label_replace(vector(0), "namespace", "shop", "", ""))',
      ].join('\n'),
      labels: { severity: 'warning', namespace: 'shop' },
      annotations: {
        summary: 'The latest run failed: CronJob shop/report',
        description:
          'CronJob shop/report: a run failed after the last successful one; this resolves when a run succeeds.',
        runbook_url: 'https://wiki.example.com/runbooks/shop/report',
        marathon_id: 'shop.report',
      },
    });
    expect(missed).toMatchObject({
      alert: 'MetronomeJobMissedRun',
      expr: [
        'time() - max by (namespace, cronjob) (kube_cronjob_next_schedule_time{namespace="shop", cronjob="report"}) > 120',
        'unless on (namespace, cronjob) (kube_cronjob_spec_suspend{namespace="shop", cronjob="report"} == 1)',
      ].join('\n'),
      labels: { severity: 'warning', namespace: 'shop' },
    });
    expect(missed.for).toBeUndefined();
  });

  test('an on-demand job (a suspended CronJob) has no missed-run alert', () => {
    const result = translate({ id: 'shop.adhoc', run: { cmd: 'x.sh', cpus: 0.1, mem: 32, disk: 0 } });
    expect(rulesOf(result).spec.groups[0].rules.map((rule) => rule.alert)).toEqual(['MetronomeJobFailed']);
  });

  test('one PrometheusRule per workload, last in its objects; one dashboard per namespace; none with alerts: false', () => {
    const input = [app({ id: '/b/x' }), app({ id: '/a/y' }), app({ id: '/a/z' })];
    const result = translate(input);
    const rules = result.all('PrometheusRule') as unknown as Rules[];
    expect(
      rules.map((rule) => [rule.metadata.namespace, rule.metadata.name, rule.spec.groups.map((g) => g.name)]),
    ).toEqual([
      ['b', 'app-x-alerts', ['app-x']],
      ['a', 'app-y-alerts', ['app-y']],
      ['a', 'app-z-alerts', ['app-z']],
    ]);
    for (const workload of result.estate.workloads) {
      const objects = workload.translation.objects;
      expect(objects[objects.length - 1].kind).toBe('PrometheusRule');
      expect(workload.report.objects[workload.report.objects.length - 1]).toMatchObject({ kind: 'PrometheusRule' });
    }
    expect(result.estate.monitoring.map((object) => `${object.kind} ${object.metadata?.namespace}`)).toEqual([
      'ConfigMap a',
      'ConfigMap b',
    ]);
    const off = translate(input, { alerts: false });
    expect(off.all('PrometheusRule')).toEqual([]);
    expect(off.estate.monitoring).toEqual([]);
    expect(off.estate.workloads[0].report.remarks.filter((remark) => remark.startsWith('alerts'))).toEqual([]);
  });

  test('a run of part of a namespace writes the same rules for what it converts, and the same dashboard', () => {
    // A wave's output applied after another's must not take the other wave's alerts or panels away.
    const input = [app({ id: '/a/y' }), app({ id: '/a/z', instances: 3 }), app({ id: '/a/w', instances: 0 })];
    const { definitions, groups } = loadJson(input);
    const whole = translateEstate(definitions, groups);
    const part = translateEstate(definitions, groups, {}, { selected: new Set(['/a/z']), dcosCallers: new Map() });
    const rules = (estate: EstateTranslation) =>
      new Map(
        estateObjects(estate)
          .filter((o) => o.kind === 'PrometheusRule')
          .map((o) => [o.metadata?.name, JSON.stringify(o)]),
      );
    expect([...rules(part).keys()]).toEqual(['app-z-alerts']);
    expect(rules(part).get('app-z-alerts')).toBe(rules(whole).get('app-z-alerts'));
    expect(JSON.stringify(part.monitoring)).toBe(JSON.stringify(whole.monitoring));
  });

  test('a namespace of any size: each rule object holds one group, and the dashboard is the same small one', () => {
    const dashboards = namespaceMonitoring(['big', 'big', 'a'], { extraLabels: { team: 't' } });
    expect(dashboards.map((object) => `${object.metadata?.namespace}/${object.metadata?.name}`)).toEqual([
      'a/marathon-to-eks-migration-overview',
      'big/marathon-to-eks-migration-overview',
    ]);
    for (const dashboard of dashboards) {
      expect(Buffer.byteLength(JSON.stringify(dashboard))).toBeLessThan(20 * 1024);
      expect(Buffer.byteLength(JSON.stringify(dashboard))).toBeLessThanOrEqual(MONITORING_OBJECT_MAX_BYTES);
      expect(dashboard.metadata?.labels).toEqual({
        team: 't',
        'app.kubernetes.io/managed-by': 'marathon-to-eks',
        grafana_dashboard: '1',
      });
    }
  });

  test('the runbook URL template: placeholders filled URL-encoded; bad templates are option problems', () => {
    const result = translate(app(), { runbookUrl: 'https://runbooks.example.com/{namespace}/{name}?id={id}' });
    expect(rulesOf(result).spec.groups[0].rules[0].annotations.runbook_url).toBe(
      'https://runbooks.example.com/shop/web?id=%2Fshop%2Fweb',
    );
    expect(translateOptionProblems({ runbookUrl: 'https://wiki.example.com/{namespace}/{name}/{id}' })).toEqual([]);
    expect(translateOptionProblems({ runbookUrl: 'https://wiki.example.com/{app}' })).toEqual([
      { option: 'runbookUrl', problem: 'unknown placeholder {app}: use {namespace}, {name}, {id}' },
    ]);
    expect(translateOptionProblems({ runbookUrl: 'ftp://wiki.example.com/{name}' })).toEqual([
      {
        option: 'runbookUrl',
        problem:
          'expected an http(s) URL with placeholders {namespace}, {name}, {id}, got "ftp://wiki.example.com/{name}"',
      },
    ]);
    expect(translateOptionProblems({ runbookUrl: 'https://wiki.example.com/{{name}}' })).toHaveLength(1);
    expect(translateOptionProblems({ runbookUrl: 'https://wiki.example.com/a b' })).toHaveLength(1);
  });

  test('a hostile id cannot inject PromQL, a template action or YAML', () => {
    const loaded = loadJson(app({ id: '/shop/web' }));
    const definition = { ...loaded.definitions[0], id: '/shop/x"} or vector(1) #{{ .ExternalURL }}\n- a: b' };
    const objects: KubeObject[] = [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'shop' },
        spec: { selector: {}, template: {} },
      },
    ];
    const alerts = workloadAlerts({ definition, objects }, 'https://wiki.example.com/{id}');
    const rule = alerts!.group.rules[0] as AlertRule;
    expect(rule.annotations.marathon_id).toBe('/shop/x"} or vector(1) #{{ "{{" }} .ExternalURL }}\n- a: b');
    expect(rule.annotations.runbook_url).toBe(
      'https://wiki.example.com/%2Fshop%2Fx%22%7D%20or%20vector(1)%20%23%7B%7B%20.ExternalURL%20%7D%7D%0A-%20a%3A%20b',
    );
    // The id is never part of an expression; names are, quoted. The recording rule's labels are not templates: as is.
    expect(rule.expr).not.toContain('vector(1)');
    expect(alerts!.group.rules[3]).toEqual({
      record: 'marathon_to_eks:marathon_instances',
      expr: 'vector(1)',
      labels: { namespace: 'shop', workload: 'Deployment/web', marathon_id: definition.id },
    });
    expect(promString('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    expect(templateText('{{{{x')).toBe('{{ "{{" }}{{ "{{" }}x');
    const rules: KubeObject = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'r', namespace: 'shop' },
      spec: { groups: [alerts!.group] },
    };
    expect(validateKubeObjects([rules])).toEqual([]);
  });

  test('Marathon’s backoff arithmetic, bounded to 5 min … 1 h', () => {
    expect(backoffCapSeconds({ backoffSeconds: 1, backoffFactor: 1.15, maxLaunchDelaySeconds: 300 })).toBe(2047);
    expect(backoffCapSeconds({ backoffSeconds: 10, backoffFactor: 2, maxLaunchDelaySeconds: 600 })).toBe(630);
    expect(backoffCapSeconds({ backoffSeconds: 300, backoffFactor: 2, maxLaunchDelaySeconds: 300 })).toBe(300);
    expect(backoffCapSeconds({ backoffSeconds: 5, backoffFactor: 1, maxLaunchDelaySeconds: 300 })).toBe(3600);
    expect(backoffCapSeconds({ backoffSeconds: 1, backoffFactor: 1.15, maxLaunchDelaySeconds: 3600 })).toBe(3600);
    expect([0, 45, 120, 2047, 3600, 3661].map(duration)).toEqual(['0s', '45s', '2m', '34m7s', '1h', '1h1m1s']);
  });
});
