import {
  DashboardScope,
  MARATHON_INSTANCES_METRIC,
  dashboardUid,
  migrationDashboard,
} from '../../lib/translate/migration-dashboard';
import { validateKubeObjects } from '../../lib/validate/kubernetes';

/*
 * Upstream names the dashboard relies on, checked at the pinned versions (see lib/translate/migration-dashboard.ts):
 * kube-prometheus-stack 88.2.0 values.yaml grafana.sidecar.dashboards (label grafana_dashboard, labelValue "1",
 * searchNamespace ALL) and sidecar.datasources (uid prometheus); kube-state-metrics v2.19.1 (chart 8.2.0)
 * docs/metrics/workload/*.md; kubelet prober_probe_total (kubernetes pkg/kubelet/prober/prober_manager.go);
 * Grafana's 40-character uid (grafana pkg/util/shortid_generator.go).
 */

const LABELS = { 'app.kubernetes.io/managed-by': 'marathon-to-eks' };

const scope = (namespace = 'shop'): DashboardScope => ({ namespace, labels: LABELS });

// The dashboard is data: tests read it as such.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Dashboard = any;

function dashboardOf(s: DashboardScope): { json: string; dashboard: Dashboard } {
  const data = migrationDashboard(s).data as Record<string, string>;
  const json = data[`migration-overview-${s.namespace}.json`];
  return { json, dashboard: JSON.parse(json) };
}

function exprs(dashboard: Dashboard): string[] {
  return dashboard.panels.flatMap((panel: Dashboard) => panel.targets.map((t: Dashboard) => t.expr as string));
}

const NS = 'namespace="shop"';

/**
 * A structural PromQL check (no PromQL parser is a dependency): every string literal is closed and decodes as a
 * JSON string (the escapes PromQL shares), and (), {} and [] balance outside strings. Returns the literals.
 */
function promqlStrings(expr: string): string[] {
  const strings: string[] = [];
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', '}': '{', ']': '[' };
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === '"') {
      let j = i + 1;
      while (j < expr.length && expr[j] !== '"') {
        j += expr[j] === '\\' ? 2 : 1;
      }
      if (j >= expr.length) {
        throw new Error(`unterminated string at ${i}`);
      }
      strings.push(JSON.parse(expr.slice(i, j + 1)) as string);
      i = j;
    } else if ('({['.includes(c)) {
      stack.push(c);
    } else if (c in pairs && stack.pop() !== pairs[c]) {
      throw new Error(`unbalanced ${c} at ${i}`);
    } else if (c === '\n') {
      throw new Error(`raw newline at ${i}`);
    }
  }
  if (stack.length > 0) {
    throw new Error(`unclosed ${stack.join('')}`);
  }
  return strings;
}

describe('migrationDashboard: the ConfigMap', () => {
  test('is in the namespace, carries its labels and the sidecar label, and holds one JSON key named after it', () => {
    const configMap = migrationDashboard(scope());
    expect(configMap.apiVersion).toBe('v1');
    expect(configMap.kind).toBe('ConfigMap');
    expect(configMap.metadata).toEqual({
      name: 'marathon-to-eks-migration-overview',
      namespace: 'shop',
      labels: { 'app.kubernetes.io/managed-by': 'marathon-to-eks', grafana_dashboard: '1' },
    });
    expect(Object.keys(configMap.data ?? {})).toEqual(['migration-overview-shop.json']);
  });

  test('passes strict validation, for a short and a 63-character namespace', () => {
    expect(validateKubeObjects([migrationDashboard(scope()), migrationDashboard(scope('a'.repeat(63)))])).toEqual([]);
  });

  test('the labels passed in are not mutated', () => {
    const labels = { a: 'b' };
    migrationDashboard({ namespace: 'shop', labels });
    expect(labels).toEqual({ a: 'b' });
  });
});

describe('migrationDashboard: the dashboard', () => {
  test('title, uid, tags, datasource variable and no timestamps', () => {
    const { dashboard } = dashboardOf(scope());
    expect(dashboard.title).toBe('Migration overview — shop');
    expect(dashboard.uid).toBe(dashboardUid('shop'));
    expect(dashboard.uid).toMatch(/^m2e-shop-[0-9a-f]{8}$/);
    expect(dashboard.tags).toEqual(['marathon-to-eks', 'migration']);
    expect(dashboard.id).toBeUndefined();
    expect(dashboard.templating.list).toEqual([
      {
        current: { text: 'Prometheus', value: 'prometheus' },
        hide: 0,
        label: 'Data source',
        name: 'datasource',
        query: 'prometheus',
        type: 'datasource',
      },
    ]);
    for (const panel of dashboard.panels) {
      expect(panel.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
    }
    expect(JSON.stringify(dashboard)).not.toMatch(/\d{4}-\d{2}-\d{2}T|"(created|updated|iteration)"/);
  });

  test('panels: the replicas table, replicas, restarts, probe failures and Metronome runs, for every namespace', () => {
    const { dashboard } = dashboardOf(scope());
    expect(dashboard.panels.map((p: Dashboard) => [p.id, p.type, p.title, p.gridPos])).toEqual([
      [1, 'table', 'Replicas: Marathon vs desired vs available', { h: 10, w: 24, x: 0, y: 0 }],
      [2, 'timeseries', 'Desired vs available replicas', { h: 9, w: 12, x: 0, y: 10 }],
      [3, 'timeseries', 'Container restarts', { h: 9, w: 12, x: 12, y: 10 }],
      [4, 'timeseries', 'Probe failures per second', { h: 9, w: 12, x: 0, y: 19 }],
      [5, 'timeseries', 'Metronome jobs: failed runs and time since the last success', { h: 9, w: 12, x: 12, y: 19 }],
    ]);
    // The namespace alone decides the dashboard: a run of one wave writes what a run of the estate writes, so applying
    // either never takes a panel away (a namespace without jobs shows that panel empty).
    expect(dashboard.description).toBe(
      "What marathon-to-eks migrated into the namespace shop: replicas against Marathon's, restarts, probe failures, Metronome runs.",
    );
  });

  test('desired and available replicas: kube-state-metrics per kind, keyed workload="<Kind>/<name>"', () => {
    const { dashboard } = dashboardOf(scope());
    const [desired, available, marathon] = dashboard.panels[1].targets;
    expect(desired).toEqual({
      datasource: { type: 'prometheus', uid: '${datasource}' },
      expr:
        `max by (workload) (label_replace(kube_deployment_spec_replicas{${NS}}, "workload", "Deployment/$1", "deployment", "(.+)")` +
        ` or label_replace(kube_statefulset_replicas{${NS}}, "workload", "StatefulSet/$1", "statefulset", "(.+)")` +
        ` or label_replace(kube_daemonset_status_desired_number_scheduled{${NS}}, "workload", "DaemonSet/$1", "daemonset", "(.+)"))`,
      legendFormat: '{{workload}} desired',
      range: true,
      refId: 'A',
    });
    expect(available.expr).toBe(
      `max by (workload) (label_replace(kube_deployment_status_replicas_available{${NS}}, "workload", "Deployment/$1", "deployment", "(.+)")` +
        ` or label_replace(kube_statefulset_status_replicas_available{${NS}}, "workload", "StatefulSet/$1", "statefulset", "(.+)")` +
        ` or label_replace(kube_daemonset_status_number_available{${NS}}, "workload", "DaemonSet/$1", "daemonset", "(.+)"))`,
    );
    // Marathon's instances come from each workload's recording rule (alert-rules.ts), selected by namespace only.
    expect(marathon.expr).toBe(`marathon_to_eks:marathon_instances{${NS}}`);
    expect(MARATHON_INSTANCES_METRIC).toBe('marathon_to_eks:marathon_instances');
    expect(marathon.legendFormat).toBe('{{workload}} Marathon');
    const table = dashboard.panels[0];
    expect(table.targets.map((t: Dashboard) => [t.refId, t.expr, t.instant, t.format])).toEqual([
      ['A', desired.expr, true, 'table'],
      ['B', available.expr, true, 'table'],
      ['C', marathon.expr, true, 'table'],
    ]);
    expect(table.description).toContain(
      "Marathon's instances come from the recording rule marathon_to_eks:marathon_instances of each app's and pod's PrometheusRule.",
    );
  });

  test('restarts and probe failures are attributed to workloads through the pods’ owners', () => {
    const { dashboard } = dashboardOf(scope());
    const restarts = dashboard.panels[2].targets[0].expr as string;
    const pods = `sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total{${NS}}[$__rate_interval]))`;
    expect(restarts).toBe(
      'sum by (workload) (' +
        `label_replace(sum by (owner_name) ((${pods} * on (namespace, pod) group_left (replicaset) label_replace(kube_pod_owner{${NS}, owner_kind="ReplicaSet", owner_is_controller="true"}, "replicaset", "$1", "owner_name", "(.+)")) * on (namespace, replicaset) group_left (owner_name) kube_replicaset_owner{${NS}, owner_kind="Deployment", owner_is_controller="true"}), "workload", "Deployment/$1", "owner_name", "(.+)")` +
        ` or label_replace(sum by (owner_name) (${pods} * on (namespace, pod) group_left (owner_name) kube_pod_owner{${NS}, owner_kind="StatefulSet", owner_is_controller="true"}), "workload", "StatefulSet/$1", "owner_name", "(.+)")` +
        ` or label_replace(sum by (owner_name) (${pods} * on (namespace, pod) group_left (owner_name) kube_pod_owner{${NS}, owner_kind="DaemonSet", owner_is_controller="true"}), "workload", "DaemonSet/$1", "owner_name", "(.+)")` +
        ` or label_replace(sum by (owner_name) ((${pods} * on (namespace, pod) group_left (job_name) label_replace(kube_pod_owner{${NS}, owner_kind="Job", owner_is_controller="true"}, "job_name", "$1", "owner_name", "(.+)")) * on (namespace, job_name) group_left (owner_name) kube_job_owner{${NS}, owner_kind="CronJob", owner_is_controller="true"}), "workload", "CronJob/$1", "owner_name", "(.+)")` +
        ')',
    );
    const probes = dashboard.panels[3].targets[0].expr as string;
    expect(probes).toBe(
      restarts
        .split(pods)
        .join(`sum by (namespace, pod) (rate(prober_probe_total{${NS}, result="failed"}[$__rate_interval]))`),
    );
  });

  test('Metronome jobs: failed Jobs per CronJob and the time since the last successful run', () => {
    const { dashboard } = dashboardOf(scope());
    expect(dashboard.panels[4].targets.map((t: Dashboard) => [t.refId, t.expr, t.legendFormat])).toEqual([
      [
        'A',
        `label_replace(sum by (owner_name) (kube_job_failed{${NS}, condition="true"} * on (namespace, job_name) group_left (owner_name) kube_job_owner{${NS}, owner_kind="CronJob", owner_is_controller="true"}), "workload", "CronJob/$1", "owner_name", "(.+)")`,
        '{{workload}} failed runs',
      ],
      [
        'B',
        `label_replace(time() - kube_cronjob_status_last_successful_time{${NS}}, "workload", "CronJob/$1", "cronjob", "(.+)")`,
        '{{workload}} since success',
      ],
    ]);
  });

  test('every query is structurally sound PromQL', () => {
    for (const expr of exprs(dashboardOf(scope()).dashboard)) {
      expect(() => promqlStrings(expr)).not.toThrow();
    }
  });
});

describe('migrationDashboard: determinism, uid and bounds', () => {
  test('the same namespace gives the same bytes', () => {
    expect(dashboardOf(scope()).json).toBe(dashboardOf(scope()).json);
    expect(dashboardOf(scope('other')).json).not.toBe(dashboardOf(scope()).json);
  });

  test('keys are sorted at every depth', () => {
    const { dashboard } = dashboardOf(scope());
    const unsorted: string[] = [];
    const visit = (value: unknown, at: string): void => {
      if (Array.isArray(value)) {
        value.forEach((item, i) => visit(item, `${at}[${i}]`));
      } else if (value !== null && typeof value === 'object') {
        const keys = Object.keys(value);
        if (keys.join('\n') !== [...keys].sort().join('\n')) {
          unsorted.push(at);
        }
        keys.forEach((key) => visit((value as Record<string, unknown>)[key], `${at}.${key}`));
      }
    };
    visit(dashboard, '$');
    expect(unsorted).toEqual([]);
  });

  test('uid: stable per namespace, at most 40 characters of Grafana’s alphabet, distinct for distinct namespaces', () => {
    const long = 'a'.repeat(63);
    expect(dashboardUid('shop')).toBe(dashboardUid('shop'));
    expect(dashboardUid(long)).toHaveLength(39);
    expect(dashboardUid(long)).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
    expect(dashboardUid(`${'a'.repeat(30)}-x`)).not.toBe(dashboardUid(`${'a'.repeat(30)}-y`));
    expect(dashboardUid('weird ns/"$')).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
  });

  test('a constant size, well within one delivered object (MONITORING_OBJECT_MAX_BYTES, 64 KiB)', () => {
    const small = Buffer.byteLength(JSON.stringify(migrationDashboard(scope('a'))));
    const large = Buffer.byteLength(JSON.stringify(migrationDashboard(scope('a'.repeat(63)))));
    expect(large).toBeLessThan(20 * 1024);
    expect(small).toBeLessThan(large);
  });
});

describe('migrationDashboard: no name or id of a workload reaches it', () => {
  test('queries select by namespace only, with no `$` Grafana could take for a variable', () => {
    const literals = new Set<string>();
    for (const expr of exprs(dashboardOf(scope('shop')).dashboard)) {
      promqlStrings(expr).forEach((literal) => literals.add(literal));
      expect(expr.replace(/\$1|\$__rate_interval/g, '')).not.toMatch(/\$|\[\[/);
    }
    // The namespace, and the kube-state-metrics label names and values the queries fix.
    const fixed = [...literals].filter((literal) => literal !== 'shop');
    expect(fixed.every((literal) => /^([A-Za-z_]+(\/\$1)?|\$1|\(\.\+\)|true|failed)$/.test(literal))).toBe(true);
    expect(literals.has('shop')).toBe(true);
  });
});
