import { createHash } from 'node:crypto';
import type { ConfigMap } from './kube';

/**
 * The Grafana "Migration overview" dashboard of one namespace, as a ConfigMap the kube-prometheus-stack Grafana
 * sidecar provisions. Every external name below was checked against upstream at the pinned versions:
 *
 * - Sidecar: kube-prometheus-stack 88.2.0 values.yaml `grafana.sidecar.dashboards` (line ~1536): `label:
 *   grafana_dashboard`, `labelValue: "1"`, `searchNamespace: ALL`, so a ConfigMap in any namespace with that label is
 *   loaded. The sidecar writes every key as a file into one folder, so the key carries the namespace: two namespaces'
 *   dashboards must not overwrite each other.
 * - Datasource: the chart's default datasource (same values, `sidecar.datasources`: `name: Prometheus`,
 *   `uid: prometheus`, rendered by templates/grafana/configmaps-datasources.yaml with `type: prometheus`). Panels use
 *   a `${datasource}` variable of type prometheus whose default is that uid, so another Prometheus can be picked.
 * - kube-state-metrics v2.19.1 (kube-state-metrics chart 8.2.0's appVersion, the sub-chart kps 88.2.0 depends on),
 *   docs/metrics/workload/*.md: kube_deployment_spec_replicas / kube_deployment_status_replicas_available
 *   (`deployment`), kube_statefulset_replicas / kube_statefulset_status_replicas_available (`statefulset`),
 *   kube_daemonset_status_desired_number_scheduled / kube_daemonset_status_number_available (`daemonset`),
 *   kube_pod_container_status_restarts_total (`namespace`, `pod`, `container`), kube_pod_owner (`owner_kind`,
 *   `owner_name`, `owner_is_controller`), kube_replicaset_owner (`replicaset`), kube_job_owner and kube_job_failed
 *   (`job_name`, `condition`), kube_cronjob_status_last_successful_time (`cronjob`). The chart's ServiceMonitor keeps
 *   those labels (`honorLabels: true`, kps values `kube-state-metrics.prometheus.monitor`).
 * - Probe failures: the kubelet's prober_probe_total (kubernetes pkg/kubelet/prober/prober_manager.go ProberResults:
 *   labels probe_type, result = successful|failed|unknown, container, pod, namespace, pod_uid), served on
 *   /metrics/probes, which kps scrapes (`kubelet.serviceMonitor.probes: true`, values.yaml ~line 1851; honorLabels
 *   true).
 * - Grafana: a dashboard uid has at most 40 characters of [a-zA-Z0-9-_] (grafana pkg/util/shortid_generator.go).
 *
 * Pure: the same scope gives the same bytes (sorted keys, no timestamps, no ids but the panels').
 */

/** What {@link migrationDashboard} needs of one namespace. */
export interface DashboardScope {
  /** The namespace, which the ConfigMap lives in and every query selects. */
  readonly namespace: string;
  /** Labels every object of the namespace carries (e.g. app.kubernetes.io/managed-by). */
  readonly labels: Record<string, string>;
}

/** The ConfigMap's name in the namespace. */
export const MIGRATION_DASHBOARD_NAME = 'marathon-to-eks-migration-overview';

/** The sidecar's label and value (kube-prometheus-stack 88.2.0 values.yaml grafana.sidecar.dashboards). */
export const GRAFANA_DASHBOARD_LABEL = 'grafana_dashboard';
export const GRAFANA_DASHBOARD_LABEL_VALUE = '1';

/**
 * Marathon's instances, one constant series per app or pod: the recording rule each workload's alert group carries
 * (alert-rules.ts `marathonInstancesRule`), labelled `namespace`, `workload="<Kind>/<name>"` and `marathon_id`. The
 * dashboard only selects it by namespace, so its size does not grow with the namespace and it stays deliverable for
 * any number of workloads.
 */
export const MARATHON_INSTANCES_METRIC = 'marathon_to_eks:marathon_instances';

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

/** The migration overview dashboard of `scope.namespace`, in a ConfigMap the Grafana sidecar picks up. */
export function migrationDashboard(scope: DashboardScope): ConfigMap {
  const dashboard = dashboardOf(scope);
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: MIGRATION_DASHBOARD_NAME,
      namespace: scope.namespace,
      labels: { ...scope.labels, [GRAFANA_DASHBOARD_LABEL]: GRAFANA_DASHBOARD_LABEL_VALUE },
    },
    data: { [`migration-overview-${scope.namespace}.json`]: `${JSON.stringify(sortKeys(dashboard), null, 1)}\n` },
  };
}

/** A uid that is stable per namespace, readable, and within Grafana's 40 characters: `m2e-<namespace>-<hash>`. */
export function dashboardUid(namespace: string): string {
  const hash = createHash('sha256').update(namespace).digest('hex').slice(0, 8);
  const readable = namespace.replace(/[^a-zA-Z0-9_-]/g, '-').slice(0, 26);
  return `m2e-${readable}-${hash}`;
}

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value !== null && typeof value === 'object') {
    const record = value as { readonly [key: string]: Json };
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, sortKeys(record[key])]),
    );
  }
  return value;
}

/**
 * A PromQL string literal of `text`. JSON's escapes (`\"`, `\\`, `\n`, `\uXXXX`) are PromQL's too (Go string escapes). Grafana
 * interpolates `$name`, `${…}` and `[[name]]` in queries before Prometheus sees them, and label_replace expands `$1`
 * in its replacement; neither can occur in a Kubernetes name or a Marathon id, but a hostile one is defused: `$`
 * becomes the fullwidth ＄ and `[[` becomes `[ [`, so it can neither reach a variable nor end the string.
 */
function promString(text: string): string {
  // A lone surrogate would be JSON's `\udXXX`, which Go's strconv.Unquote (PromQL's lexer) rejects.
  const wellFormed = text.replace(/\p{Surrogate}/gu, '\uFFFD');
  return JSON.stringify(wellFormed.replace(/\$/g, '＄').replace(/\[\[/g, '[ ['));
}

interface Queries {
  readonly desired: string;
  readonly available: string;
  readonly restarts: string;
  readonly probeFailures: string;
  readonly failedRuns: string;
  readonly sinceSuccess: string;
}

/** The per-kind replica metrics and the label that names the controller (kube-state-metrics v2.19.1). */
const REPLICA_METRICS: readonly {
  readonly kind: string;
  readonly label: string;
  readonly desired: string;
  readonly available: string;
}[] = [
  {
    kind: 'Deployment',
    label: 'deployment',
    desired: 'kube_deployment_spec_replicas',
    available: 'kube_deployment_status_replicas_available',
  },
  {
    kind: 'StatefulSet',
    label: 'statefulset',
    desired: 'kube_statefulset_replicas',
    available: 'kube_statefulset_status_replicas_available',
  },
  {
    kind: 'DaemonSet',
    label: 'daemonset',
    desired: 'kube_daemonset_status_desired_number_scheduled',
    available: 'kube_daemonset_status_number_available',
  },
];

function queriesOf(namespace: string): Queries {
  const ns = `namespace=${promString(namespace)}`;
  const replicas = (which: 'desired' | 'available') =>
    `max by (workload) (${REPLICA_METRICS.map(
      (m) => `label_replace(${m[which]}{${ns}}, "workload", "${m.kind}/$1", "${m.label}", "(.+)")`,
    ).join(' or ')})`;
  return {
    desired: replicas('desired'),
    available: replicas('available'),
    restarts: byWorkload(
      `sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total{${ns}}[$__rate_interval]))`,
      ns,
    ),
    probeFailures: byWorkload(
      `sum by (namespace, pod) (rate(prober_probe_total{${ns}, result="failed"}[$__rate_interval]))`,
      ns,
    ),
    failedRuns:
      `label_replace(sum by (owner_name) (kube_job_failed{${ns}, condition="true"} * on (namespace, job_name) ` +
      `group_left (owner_name) kube_job_owner{${ns}, owner_kind="CronJob", owner_is_controller="true"}), ` +
      `"workload", "CronJob/$1", "owner_name", "(.+)")`,
    sinceSuccess: `label_replace(time() - kube_cronjob_status_last_successful_time{${ns}}, "workload", "CronJob/$1", "cronjob", "(.+)")`,
  };
}

/**
 * `pods` (a vector by namespace and pod) summed per controller, as `workload="<Kind>/<name>"`: pods of Deployments
 * through their ReplicaSet (kube_pod_owner, then kube_replicaset_owner), of StatefulSets and DaemonSets directly, of
 * Metronome jobs through their Job (kube_job_owner) to the CronJob.
 */
function byWorkload(pods: string, ns: string): string {
  const owner = (kind: string) => `kube_pod_owner{${ns}, owner_kind="${kind}", owner_is_controller="true"}`;
  const named = (kind: string, expression: string) =>
    `label_replace(sum by (owner_name) (${expression}), "workload", "${kind}/$1", "owner_name", "(.+)")`;
  const direct = (kind: string) => named(kind, `${pods} * on (namespace, pod) group_left (owner_name) ${owner(kind)}`);
  const viaParent = (podOwner: string, label: string, parentMetric: string, kind: string) =>
    named(
      kind,
      `(${pods} * on (namespace, pod) group_left (${label}) label_replace(${owner(podOwner)}, "${label}", "$1", "owner_name", "(.+)")) ` +
        `* on (namespace, ${label}) group_left (owner_name) ${parentMetric}{${ns}, owner_kind="${kind}", owner_is_controller="true"}`,
    );
  return `sum by (workload) (${[
    viaParent('ReplicaSet', 'replicaset', 'kube_replicaset_owner', 'Deployment'),
    direct('StatefulSet'),
    direct('DaemonSet'),
    viaParent('Job', 'job_name', 'kube_job_owner', 'CronJob'),
  ].join(' or ')})`;
}

function target(refId: string, expr: string, legendFormat: string, instant = false): Json {
  return {
    datasource: DATASOURCE,
    expr,
    legendFormat,
    refId,
    ...(instant ? { instant: true, range: false, format: 'table' } : { range: true }),
  };
}

/** One graph panel; panels alternate left and right, two to a row. */
interface GraphPanel {
  readonly id: number;
  readonly title: string;
  readonly description: string;
  readonly targets: readonly Json[];
  readonly y: number;
}

function timeseries(panel: GraphPanel): Json {
  return {
    datasource: DATASOURCE,
    description: panel.description,
    fieldConfig: { defaults: { min: 0 }, overrides: [] },
    gridPos: { h: 9, w: 12, x: panel.id % 2 === 0 ? 0 : 12, y: panel.y },
    id: panel.id,
    options: { legend: { displayMode: 'table', placement: 'right', calcs: ['lastNotNull', 'max'] } },
    targets: panel.targets,
    title: panel.title,
    type: 'timeseries',
  };
}

function dashboardOf(scope: DashboardScope): Json {
  const q = queriesOf(scope.namespace);
  // The dashboard depends on the namespace alone, not on which of its workloads a run converted: a run of one wave
  // writes the same bytes as a run of the whole estate, so applying either never takes a panel away. A namespace
  // without apps or jobs just shows those series empty.
  const marathonQuery = `${MARATHON_INSTANCES_METRIC}{namespace=${promString(scope.namespace)}}`;
  const marathonNote = `Marathon's instances come from the recording rule ${MARATHON_INSTANCES_METRIC} of each app's and pod's PrometheusRule.`;
  const replicaTargets: Json[] = [
    target('A', q.desired, '{{workload}} desired'),
    target('B', q.available, '{{workload}} available'),
    target('C', marathonQuery, '{{workload}} Marathon'),
  ];
  const tableTargets: Json[] = [
    target('A', q.desired, '', true),
    target('B', q.available, '', true),
    target('C', marathonQuery, '', true),
  ];
  const panels: Json[] = [
    {
      datasource: DATASOURCE,
      description: `Desired and available replicas now, per workload, next to Marathon's instances. ${marathonNote}`,
      gridPos: { h: 10, w: 24, x: 0, y: 0 },
      id: 1,
      options: { showHeader: true, sortBy: [{ displayName: 'workload', desc: false }] },
      targets: tableTargets,
      title: 'Replicas: Marathon vs desired vs available',
      transformations: [
        { id: 'merge', options: {} },
        {
          id: 'organize',
          options: {
            excludeByName: { Time: true },
            renameByName: {
              'Value #A': 'desired',
              'Value #B': 'available',
              'Value #C': 'Marathon instances',
              marathon_id: 'Marathon id',
            },
          },
        },
      ],
      type: 'table',
    },
    timeseries({
      id: 2,
      title: 'Desired vs available replicas',
      description: `kube-state-metrics' desired and available replicas per Deployment, StatefulSet and DaemonSet. ${marathonNote}`,
      targets: replicaTargets,
      y: 10,
    }),
    timeseries({
      id: 3,
      title: 'Container restarts',
      description:
        'Container restarts per workload (kube_pod_container_status_restarts_total), attributed through the pods’ owners.',
      targets: [target('A', q.restarts, '{{workload}}')],
      y: 10,
    }),
    timeseries({
      id: 4,
      title: 'Probe failures per second',
      description:
        'Failed liveness, readiness and startup probes per workload (kubelet prober_probe_total{result="failed"}).',
      targets: [target('A', q.probeFailures, '{{workload}}')],
      y: 19,
    }),
    timeseries({
      id: 5,
      title: 'Metronome jobs: failed runs and time since the last success',
      description:
        'Failed runs are the failed Jobs each CronJob still keeps (failedJobsHistoryLimit); time since the last ' +
        'successful run in seconds.',
      targets: [
        target('A', q.failedRuns, '{{workload}} failed runs'),
        target('B', q.sinceSuccess, '{{workload}} since success'),
      ],
      y: 19,
    }),
  ];
  return {
    annotations: { list: [] },
    description: `What marathon-to-eks migrated into the namespace ${scope.namespace}: replicas against Marathon's, restarts, probe failures, Metronome runs.`,
    editable: false,
    graphTooltip: 1,
    panels,
    refresh: '1m',
    schemaVersion: 39,
    tags: ['marathon-to-eks', 'migration'],
    templating: {
      list: [
        {
          current: { text: 'Prometheus', value: 'prometheus' },
          hide: 0,
          label: 'Data source',
          name: 'datasource',
          query: 'prometheus',
          type: 'datasource',
        },
      ],
    },
    time: { from: 'now-6h', to: 'now' },
    timezone: 'browser',
    title: `Migration overview — ${scope.namespace}`,
    uid: dashboardUid(scope.namespace),
    version: 1,
  };
}
