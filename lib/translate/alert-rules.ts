import { Definition } from '../marathon/load/definition';
import { KubeObject } from './kube';
import { MARATHON_INSTANCES_METRIC } from './migration-dashboard';
import { metadataOf } from './metadata';
import { PrometheusRule } from './monitoring-kinds';

/**
 * The alerts of one workload, as a Prometheus rule group (`spec.groups[]` of a PrometheusRule, prometheus-operator-crds
 * 31.0.1 charts/crds/templates/crd-prometheusrules.yaml: `name`, `rules[].alert`, `expr`, `for`, `labels`,
 * `annotations`). Every metric is kube-state-metrics v2.19.1's (the kube-state-metrics chart 8.2.0 that
 * kube-prometheus-stack 88.2.0 deploys; kubernetes/kube-state-metrics@v2.19.1 docs/metrics/workload/*.md), with the
 * labels those pages list. docs/monitoring.md explains each rule.
 */
export interface RuleGroup {
  readonly name: string;
  readonly rules: readonly (RecordingRule | AlertRule)[];
}

/** A series Prometheus stores on every evaluation: here, a constant the dashboard reads. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  /** How long the expression must hold before the alert fires. @default none: on its first evaluation */
  readonly for?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** One translated definition, as its alerts need it: the definition and the objects it became. */
export interface AlertWorkload {
  readonly definition: Definition;
  readonly objects: readonly KubeObject[];
}

/** A workload's rule group, the namespace it goes in, the remark its report gets, and the workload's metadata. */
export interface WorkloadAlerts {
  readonly namespace: string;
  readonly group: RuleGroup;
  readonly remark: string;
  /** The controller's labels and annotations: the rule object is the workload's as much as its Service is. */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** Marathon's health check grace period when a definition has no health check (MARATHON_DEFAULTS' 300 s). */
export const DEFAULT_GRACE_SECONDS = 300;
/** The smallest and largest wait of the crash-loop alert: see `backoffCapSeconds`. */
const CRASH_LOOP_MIN_SECONDS = 300;
const CRASH_LOOP_MAX_SECONDS = 3600;
/** Placeholders of the `runbookUrl` template. */
export const RUNBOOK_PLACEHOLDERS = ['namespace', 'name', 'id'] as const;

const CONTROLLERS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob']);

/** The alerts of a workload, or none when it has no controller (it always has one). */
export function workloadAlerts(workload: AlertWorkload, runbookUrl: string): WorkloadAlerts | undefined {
  const controller = workload.objects.find((object) => CONTROLLERS.has(object.kind));
  const name = controller?.metadata?.name;
  if (!controller || name === undefined) {
    return undefined;
  }
  const namespace = controller.metadata?.namespace ?? 'default';
  const { definition } = workload;
  const context: RuleContext = {
    namespace,
    name,
    id: definition.id,
    runbook: runbookFor(runbookUrl, { namespace, name, id: definition.id }),
  };
  const explained: { rule: AlertRule; why: string }[] = [];
  if (definition.kind === 'job') {
    const spec: { suspend?: boolean; startingDeadlineSeconds?: number } =
      controller.kind === 'CronJob' ? (controller.spec ?? {}) : {};
    explained.push(jobFailed(context));
    if (spec.suspend !== true) {
      explained.push(missedRun(context, spec.startingDeadlineSeconds ?? 0));
    }
  } else {
    const kind = controller.kind as 'Deployment' | 'StatefulSet' | 'DaemonSet';
    const facts = definition.kind === 'app' ? appFacts(definition) : podFacts(definition);
    explained.push(
      unavailable(context, kind, { ...facts, hpaMinReplicas: hpaMinReplicas(workload.objects) }),
      crashLooping(context, kind, facts),
      notReady(context, kind, facts.graceSeconds),
    );
  }
  const kind = controller.kind as 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'CronJob';
  const instances =
    definition.kind === 'app'
      ? definition.spec.instances
      : definition.kind === 'pod'
        ? definition.spec.scaling.instances
        : undefined;
  const recorded = instances !== undefined ? [marathonInstancesRule(context, `${kind}/${name}`, instances)] : [];
  const group = { name: `${definition.kind}-${name}`, rules: [...explained.map(({ rule }) => rule), ...recorded] };
  const remark = `alerts (PrometheusRule ${namespace}/${alertRuleName(group)}): ${explained
    .map(({ rule, why }) => `${rule.alert} (${rule.labels.severity}: ${why})`)
    .join(
      '; ',
    )}${recorded.length > 0 ? `; Marathon's ${instances} instances recorded as ${MARATHON_INSTANCES_METRIC} for the migration overview dashboard` : ''}`;
  return {
    namespace,
    group,
    remark,
    labels: controller.metadata?.labels ?? {},
    annotations: controller.metadata?.annotations ?? {},
  };
}

/**
 * The name of a workload's PrometheusRule: its rule group's name (`app-web`, `pod-db`, `job-backup`: an app and a job
 * may share a Kubernetes name) and `-alerts`. One object per workload, in the workload's own manifest, so a run that
 * converts part of a namespace (`--only`, `--wave`), a wave's rollback (`kubectl delete -f` its files) and a later
 * wave touch only their own workloads' rules, and a group never moves between objects (Prometheus keeps its alert
 * state by rule file, which the operator derives from the object).
 */
export function alertRuleName(group: Pick<RuleGroup, 'name'>): string {
  return `${group.name}-alerts`;
}

/**
 * The workload's PrometheusRule. The environment's Prometheus selects rules from every namespace
 * (lib/eks/addons/monitoring.ts: `ruleSelectorNilUsesHelmValues: false`; kube-prometheus-stack 88.2.0 values.yaml
 * `ruleNamespaceSelector: {}`).
 */
export function alertRuleObject(alerts: WorkloadAlerts): PrometheusRule {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: metadataOf(
      alertRuleName(alerts.group),
      alerts.namespace,
      { ...alerts.labels },
      { ...alerts.annotations },
    ),
    spec: { groups: [alerts.group] },
  };
}

interface RuleContext {
  readonly namespace: string;
  readonly name: string;
  readonly id: string;
  readonly runbook: string;
}

/** What Marathon said about an app's or pod's health, with Marathon's defaults already applied by normalization. */
interface HealthFacts {
  readonly minimumHealthCapacity: number;
  /** The longest health check grace period; DEFAULT_GRACE_SECONDS without a health check. */
  readonly graceSeconds: number;
  readonly graceFromCheck: boolean;
  readonly backoffSeconds: number;
  readonly backoffFactor: number;
  readonly maxLaunchDelaySeconds: number;
}

function appFacts(definition: Extract<Definition, { kind: 'app' }>): HealthFacts {
  const { spec } = definition;
  const graces = spec.healthChecks.map((check) => check.gracePeriodSeconds);
  return {
    minimumHealthCapacity: spec.upgradeStrategy.minimumHealthCapacity,
    graceSeconds: graces.length > 0 ? Math.max(...graces) : DEFAULT_GRACE_SECONDS,
    graceFromCheck: graces.length > 0,
    backoffSeconds: spec.backoffSeconds,
    backoffFactor: spec.backoffFactor,
    maxLaunchDelaySeconds: spec.maxLaunchDelaySeconds,
  };
}

function podFacts(definition: Extract<Definition, { kind: 'pod' }>): HealthFacts {
  const { spec } = definition;
  const graces = spec.containers.flatMap((container) =>
    container.healthCheck ? [container.healthCheck.gracePeriodSeconds] : [],
  );
  const { backoff } = spec.scheduling;
  return {
    minimumHealthCapacity: spec.scheduling.upgrade.minimumHealthCapacity,
    graceSeconds: graces.length > 0 ? Math.max(...graces) : DEFAULT_GRACE_SECONDS,
    graceFromCheck: graces.length > 0,
    backoffSeconds: backoff.backoff,
    backoffFactor: backoff.backoffFactor,
    maxLaunchDelaySeconds: backoff.maxLaunchDelay,
  };
}

/** The kube-state-metrics series of a controller's desired and available pods, and the label naming it. */
const REPLICA_METRICS = {
  Deployment: {
    label: 'deployment',
    desired: 'kube_deployment_spec_replicas',
    available: 'kube_deployment_status_replicas_available',
  },
  StatefulSet: {
    label: 'statefulset',
    desired: 'kube_statefulset_replicas',
    available: 'kube_statefulset_status_replicas_available',
  },
  DaemonSet: {
    label: 'daemonset',
    desired: 'kube_daemonset_status_desired_number_scheduled',
    available: 'kube_daemonset_status_number_available',
  },
} as const;

/**
 * Fewer pods available than Marathon's `upgradeStrategy.minimumHealthCapacity` kept healthy, of the desired count
 * the controller has now (its spec replicas: an HorizontalPodAutoscaler may have changed it), for longer than the
 * health check's grace period. At least one pod is expected while any is desired, so a capacity of 0 still alerts
 * when none is left.
 */
/**
 * The minReplicas of the workload's HorizontalPodAutoscaler, if it has one. Pods the HPA adds may wait minutes for a
 * node (the cluster autoscaler's), which Marathon never counted against health: the threshold is measured against
 * the HPA's floor then, not against every replica it asked for.
 */
function hpaMinReplicas(objects: readonly KubeObject[]): number | undefined {
  const hpa = objects.find((object) => object.kind === 'HorizontalPodAutoscaler') as
    { spec?: { minReplicas?: number } } | undefined;
  return hpa?.spec?.minReplicas ?? (hpa ? 1 : undefined);
}

function unavailable(
  context: RuleContext,
  kind: keyof typeof REPLICA_METRICS,
  facts: HealthFacts & { readonly hpaMinReplicas?: number },
): { rule: AlertRule; why: string } {
  const metrics = REPLICA_METRICS[kind];
  const match = selector({ namespace: context.namespace, [metrics.label]: context.name });
  const by = `(namespace, ${metrics.label})`;
  const desired = `max by ${by} (${metrics.desired}${match})`;
  const floor = facts.hpaMinReplicas;
  // With an HPA: of at most its minReplicas, so a scale-up whose pods wait for a node does not page.
  const counted = floor === undefined ? desired : `clamp_max(${desired}, ${floor})`;
  const expr = [
    `max by ${by} (${metrics.available}${match})`,
    `  < on ${by} clamp_min(ceil(${facts.minimumHealthCapacity} * ${counted}), 1)`,
    `and on ${by} ${desired} > 0`,
  ].join('\n');
  const of = floor === undefined ? 'desired' : `min(desired, HPA minReplicas ${floor})`;
  const grace = graceWords(facts);
  return {
    rule: rule(context, {
      alert: 'MarathonWorkloadUnavailable',
      severity: 'critical',
      expr,
      for: duration(facts.graceSeconds),
      summary: `Fewer pods available than Marathon kept healthy: ${kind} ${context.namespace}/${context.name}`,
      description: `${kind} ${context.namespace}/${context.name}: only {{ $value }} pods available, fewer than minimumHealthCapacity ${facts.minimumHealthCapacity} of the desired replicas${floor === undefined ? '' : ` (of at most the HPA's minReplicas ${floor})`} (at least 1), for longer than ${grace}.`,
    }),
    why: `available pods < ceil(${facts.minimumHealthCapacity} × ${of}) for ${duration(facts.graceSeconds)}, ${grace}`,
  };
}

/**
 * The pods of a controller, one series per pod, from `kube_pod_owner`: a Deployment's pods belong to its ReplicaSets,
 * which the Deployment controller names `<deployment>-<pod-template-hash>` (kubernetes/kubernetes
 * pkg/controller/deployment/sync.go `getNewReplicaSet`: `d.Name + "-" + podTemplateSpecHash`, a
 * `rand.SafeEncodeString` of the template's hash: no dash, so `web` does not match `web-v2`'s `web-v2-<hash>`).
 */
function podsOf(context: RuleContext, kind: keyof typeof REPLICA_METRICS): string {
  const owner =
    kind === 'Deployment'
      ? `owner_kind="ReplicaSet", owner_name=~${promString(`${regexEscape(context.name)}-[a-z0-9]+`)}`
      : `owner_kind=${promString(kind)}, owner_name=${promString(context.name)}`;
  return `max by (namespace, pod) (kube_pod_owner{namespace=${promString(context.namespace)}, ${owner}})`;
}

/**
 * The seconds Marathon's launch backoff takes to reach its cap in a crash loop: the n-th relaunch waits
 * min(backoffSeconds × backoffFactor^(n−1), maxLaunchDelaySeconds), so the delay reaches the cap after
 * k = ⌈ln(max / backoff) / ln(factor)⌉ relaunches, having waited backoff × (factor^k − 1) / (factor − 1) in all.
 * Marathon's defaults (1 s, 1.15, 300 s): k = ⌈ln 300 / ln 1.15⌉ = ⌈40.8⌉ = 41, and 1 × (1.15^41 − 1) / 0.15 ≈ 2047 s
 * (34 min). From then on a crash-looping task was relaunched once per maxLaunchDelaySeconds: that is the rate at which
 * DC/OS showed it "delayed". Bounded to 5 min (the kubelet's own backoff reaches its 5-min cap after 5 restarts, and
 * `max_over_time(…[5m])` must span one restart) and 1 h (a crash loop should not wait longer to be told).
 */
export function backoffCapSeconds(facts: {
  readonly backoffSeconds: number;
  readonly backoffFactor: number;
  readonly maxLaunchDelaySeconds: number;
}): number {
  const { backoffSeconds: base, backoffFactor: factor, maxLaunchDelaySeconds: max } = facts;
  let seconds: number;
  if (base >= max) {
    seconds = 0;
  } else if (factor <= 1) {
    // The delay never grows: Marathon relaunched every backoffSeconds, for ever.
    seconds = CRASH_LOOP_MAX_SECONDS;
  } else {
    const k = Math.ceil(Math.log(max / base) / Math.log(factor));
    seconds = (base * (factor ** k - 1)) / (factor - 1);
  }
  return Math.min(CRASH_LOOP_MAX_SECONDS, Math.max(CRASH_LOOP_MIN_SECONDS, Math.round(seconds)));
}

/**
 * A container restarting in a loop (the kubelet's `CrashLoopBackOff`, seen at least once in every 5-min window:
 * between restarts the container runs, and the gauge drops) for as long as Marathon's backoff took to reach its cap.
 */
function crashLooping(
  context: RuleContext,
  kind: keyof typeof REPLICA_METRICS,
  facts: HealthFacts,
): { rule: AlertRule; why: string } {
  const waiting = `kube_pod_container_status_waiting_reason${selector({ namespace: context.namespace, reason: 'CrashLoopBackOff' })}`;
  const expr = [
    `max by (namespace, pod, container) (max_over_time(${waiting}[5m]))`,
    `  * on (namespace, pod) group_left () ${podsOf(context, kind)}`,
    `>= 1`,
  ].join('\n');
  const wait = backoffCapSeconds(facts);
  const backoff = `backoffSeconds ${facts.backoffSeconds}, backoffFactor ${facts.backoffFactor}, maxLaunchDelaySeconds ${facts.maxLaunchDelaySeconds}`;
  return {
    rule: rule(context, {
      alert: 'MarathonWorkloadCrashLooping',
      severity: 'warning',
      expr,
      for: duration(wait),
      summary: `A container is crash looping: ${kind} ${context.namespace}/${context.name}`,
      description: `${kind} ${context.namespace}/${context.name}: container {{ $labels.container }} of pod {{ $labels.pod }} has been in CrashLoopBackOff for ${duration(wait)}, as long as Marathon's launch backoff (${backoff}) took to reach its maximum delay.`,
    }),
    why: `CrashLoopBackOff for ${duration(wait)}, the time Marathon's backoff (${backoff}) took to reach its cap`,
  };
}

/** A pod not ready (kube-state-metrics `kube_pod_status_ready{condition="false"}`) for longer than the grace period. */
function notReady(
  context: RuleContext,
  kind: keyof typeof REPLICA_METRICS,
  graceSeconds: number,
): { rule: AlertRule; why: string } {
  const ready = `kube_pod_status_ready${selector({ namespace: context.namespace, condition: 'false' })}`;
  const expr = [`max by (namespace, pod) (${ready})`, `  * on (namespace, pod) ${podsOf(context, kind)}`, `> 0`].join(
    '\n',
  );
  return {
    rule: rule(context, {
      alert: 'MarathonWorkloadNotReady',
      severity: 'warning',
      expr,
      for: duration(graceSeconds),
      summary: `A pod is not ready: ${kind} ${context.namespace}/${context.name}`,
      description: `${kind} ${context.namespace}/${context.name}: pod {{ $labels.pod }} has failed its readiness for longer than ${duration(graceSeconds)}; the Service sends it no traffic.`,
    }),
    why: `a pod not ready for ${duration(graceSeconds)}`,
  };
}

/**
 * The CronJob's latest failed run started after its last success: it fires on a failed run and resolves with the
 * next successful one (a failed Job stays in the CronJob's history, so "a failed Job exists" would never resolve).
 */
function jobFailed(context: RuleContext): { rule: AlertRule; why: string } {
  const { namespace, name } = context;
  const ns = selector({ namespace });
  const failed = `(kube_job_failed${selector({ namespace, condition: 'true' })} == 1)`;
  const owned = `max by (namespace, job_name) (kube_job_owner${selector({ namespace, owner_kind: 'CronJob', owner_name: name })})`;
  const lastSuccess = `max by (namespace) (kube_cronjob_status_last_successful_time${selector({ namespace, cronjob: name })})`;
  const expr = [
    `max by (namespace) (`,
    `  kube_job_status_start_time${ns}`,
    `    * on (namespace, job_name) group_left () ${failed}`,
    `    * on (namespace, job_name) group_left () ${owned}`,
    `)`,
    // A CronJob that never succeeded has no last-success series: 0 stands in for it.
    `> on (namespace) (${lastSuccess} or label_replace(vector(0), "namespace", ${promString(namespace)}, "", ""))`,
  ].join('\n');
  return {
    rule: rule(context, {
      alert: 'MetronomeJobFailed',
      severity: 'warning',
      expr,
      summary: `The latest run failed: CronJob ${namespace}/${name}`,
      description: `CronJob ${namespace}/${name}: a run failed after the last successful one; this resolves when a run succeeds.`,
    }),
    why: 'a run failed since the last successful one',
  };
}

/**
 * The CronJob's next schedule time lies more than `startingDeadlineSeconds` in the past: the controller skipped that
 * run. kube-state-metrics computes it as the schedule's next time after `status.lastScheduleTime`
 * (kubernetes/kube-state-metrics@v2.19.1 internal/store/cronjob.go `getNextScheduledTime`), and the CronJob
 * controller leaves `lastScheduleTime` alone when it is too late to start a run (kubernetes/kubernetes
 * pkg/controller/cronjob/cronjob_controllerv2.go: "we don't set LastScheduleTime when not scheduling"), so the
 * alert holds until the next run starts. A suspended CronJob never alerts.
 */
function missedRun(context: RuleContext, deadlineSeconds: number): { rule: AlertRule; why: string } {
  const { namespace, name } = context;
  const match = selector({ namespace, cronjob: name });
  const expr = [
    `time() - max by (namespace, cronjob) (kube_cronjob_next_schedule_time${match}) > ${deadlineSeconds}`,
    `unless on (namespace, cronjob) (kube_cronjob_spec_suspend${match} == 1)`,
  ].join('\n');
  return {
    rule: rule(context, {
      alert: 'MetronomeJobMissedRun',
      severity: 'warning',
      expr,
      summary: `A scheduled run was missed: CronJob ${namespace}/${name}`,
      description: `CronJob ${namespace}/${name}: a scheduled run did not start within startingDeadlineSeconds (${deadlineSeconds} s).`,
    }),
    why: `a scheduled run not started within startingDeadlineSeconds ${deadlineSeconds}`,
  };
}

/**
 * Marathon's instances as a constant series, `workload="<Kind>/<name>"` as the migration overview dashboard keys its
 * replica series (migration-dashboard.ts). Recording rules' labels are stored as written (they are not templates, as
 * alerting rules' are: prometheus/prometheus@v3.13.2 rules/recording.go:93-105), so the id needs no escaping.
 */
function marathonInstancesRule(context: RuleContext, workload: string, instances: number): RecordingRule {
  return {
    record: MARATHON_INSTANCES_METRIC,
    expr: `vector(${instances})`,
    labels: { namespace: context.namespace, workload, marathon_id: context.id },
  };
}

/**
 * Summaries and descriptions name the workload last or before a colon: the credential rules read a name such as
 * `pod-secret` followed by a word as a key and its value, and would flag the text.
 */
function rule(
  context: RuleContext,
  fields: {
    readonly alert: string;
    readonly severity: 'warning' | 'critical';
    readonly expr: string;
    readonly for?: string;
    readonly summary: string;
    readonly description: string;
  },
): AlertRule {
  return {
    alert: fields.alert,
    expr: fields.expr,
    ...(fields.for !== undefined ? { for: fields.for } : {}),
    labels: { severity: fields.severity, namespace: context.namespace },
    annotations: {
      // Only Kubernetes names (DNS labels) and numbers are written into these, besides the template's own actions.
      summary: fields.summary,
      description: fields.description,
      runbook_url: context.runbook,
      marathon_id: templateText(context.id),
    },
  };
}

function graceWords(facts: HealthFacts): string {
  return facts.graceFromCheck
    ? `the health check grace period (${facts.graceSeconds} s)`
    : `Marathon's default grace period (${DEFAULT_GRACE_SECONDS} s: no health check)`;
}

/** `{namespace="shop", deployment="web"}`, every value a quoted PromQL string. */
function selector(matchers: Readonly<Record<string, string>>): string {
  return `{${Object.entries(matchers)
    .map(([label, value]) => `${label}=${promString(value)}`)
    .join(', ')}}`;
}

/** A PromQL string literal: only `\`, `"` and line breaks need escaping in double quotes (Go's strconv syntax). */
export function promString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}

/** A value matched literally by a (RE2) regex. */
function regexEscape(value: string): string {
  return value.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/**
 * Text that Prometheus's Go templates (annotations and labels are templates) print as it is: only `{{` opens an
 * action, so each is written as the action that prints it.
 */
export function templateText(text: string): string {
  return text.replace(/\{\{/g, '{{ "{{" }}');
}

/** The runbook URL of a workload: each placeholder replaced by its value, URL-encoded. */
export function runbookFor(
  template: string,
  values: Readonly<Record<(typeof RUNBOOK_PLACEHOLDERS)[number], string>>,
): string {
  return template.replace(/\{(namespace|name|id)\}/g, (_, key: keyof typeof values) => encodeURIComponent(values[key]));
}

/** `5m`, `34m7s`, `1h`: a Prometheus duration. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s === 0) {
    return '0s';
  }
  const parts = [
    [Math.floor(s / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'm'],
    [s % 60, 's'],
  ] as const;
  return parts
    .filter(([value]) => value > 0)
    .map(([value, unit]) => `${value}${unit}`)
    .join('');
}
