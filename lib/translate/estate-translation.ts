import { compareStrings } from '../util/compare';
import { formatPath } from '../util/json-path';
import { Definition, GroupDefinition } from '../marathon/load/definition';
import { alertRuleObject, workloadAlerts } from './alert-rules';
import { translateApp } from './app';
import { redactCredentials } from './credentials';
import { EstateContext, buildEstateContext } from './estate';
import { translateJob } from './job';
import { KubeObject, Namespace, refOf } from './kube';
import { metadataOf } from './metadata';
import { namespaceMonitoring } from './namespace-monitoring';
import { idSegments } from './naming';
import { ResolvedTranslateOptions, TranslateOptions, resolveOptions } from './options';
import { translatePod } from './pod';
import { FIELD_STATUSES, FieldStatus } from './notes';
import { WorkloadReport, fieldReport } from './report';
import { NodeLabelRequirement, NodeTaintRequirement, SecretRequirement } from './requirements';
import { EstateSelection } from './selection';
import { Translation } from './translation';

/** One translated definition and its report. */
export interface TranslatedWorkload {
  readonly translation: Translation;
  readonly report: WorkloadReport;
}

/** A definition whose translation failed: a bug in marathon-to-eks, reported with where the definition is. */
export interface TranslationFailure {
  readonly kind: Definition['kind'];
  readonly id: string;
  readonly source: string;
  readonly pointer: string;
  readonly message: string;
}

/** The estate, translated: workloads, the namespaces they need, and what the cluster must provide. */
export interface EstateTranslation {
  readonly options: ResolvedTranslateOptions;
  readonly namespaces: readonly Namespace[];
  readonly workloads: readonly TranslatedWorkload[];
  /**
   * What watches the workloads, per namespace (option `alerts`): a PrometheusRule per namespace with a rule group per
   * workload, namespaces in name order. Rendered after the workloads; `convert` writes each namespace's to
   * `<namespace>/monitoring.yaml`.
   */
  readonly monitoring: readonly KubeObject[];
  /** Definitions that could not be translated (each a bug to report); every other definition still is. */
  readonly failures: readonly TranslationFailure[];
  readonly secrets: readonly SecretRequirement[];
  readonly nodeLabels: readonly NodeLabelRequirement[];
  readonly nodeTaints: readonly NodeTaintRequirement[];
  /** A migration in waves: the definitions this run leaves on DC/OS (none when the whole estate is converted). */
  readonly leftOnDcos: readonly LeftOnDcos[];
}

/** A definition of the estate that this run does not convert: it keeps running on DC/OS. */
export interface LeftOnDcos {
  readonly kind: Definition['kind'];
  readonly id: string;
  readonly source: string;
  readonly pointer: string;
}

/**
 * Translates every definition of an estate. Names, ports and VIP Services are decided for the whole estate first,
 * so cross-references (service discovery, shared VIPs, dependencies) resolve the same way in every output.
 */
export function translateEstate(
  definitions: readonly Definition[],
  groups: readonly GroupDefinition[] = [],
  options?: TranslateOptions,
  selection?: EstateSelection,
): EstateTranslation {
  const resolved = resolveOptions(options);
  // The same estate gives the same output in any order: names, shared VIPs and duplicates are decided in this order.
  // Names and ports are decided over the whole estate even when a part is converted, so they never change between
  // waves.
  const ordered = [...definitions].sort(compareDefinitionPlaces);
  const context = buildEstateContext(ordered, groups, resolved, selection);
  const duplicates = duplicateRemarks(ordered);
  const workloads: TranslatedWorkload[] = [];
  /** The namespaces of the workloads that have alerts: each gets the migration overview dashboard. */
  const alerted: string[] = [];
  const failures: TranslationFailure[] = [];
  const leftOnDcos: LeftOnDcos[] = [];
  ordered.forEach((definition, index) => {
    if (!context.isSelected(definition)) {
      leftOnDcos.push({ ...placeFields(definition) });
      return;
    }
    // A bug met by one definition must not cost the estate the others: it is reported, the rest translated.
    try {
      const translated = translateDefinition(definition, context, duplicates.get(index) ?? []);
      workloads.push(translated.workload);
      if (translated.alertsNamespace !== undefined) {
        alerted.push(translated.alertsNamespace);
      }
    } catch (cause) {
      failures.push({
        ...placeFields(definition),
        message: redactCredentials(cause instanceof Error ? cause.message : String(cause)),
      });
    }
  });
  const monitoring = namespaceMonitoring(alerted, resolved);
  const namespaces = namespacesFor(
    ordered.filter((definition) => context.isSelected(definition)),
    context,
    resolved,
  );
  return {
    options: resolved,
    namespaces,
    workloads,
    monitoring,
    failures,
    secrets: uniqueBy(
      workloads.flatMap((w) => w.translation.secrets),
      (s) => `${s.namespace}/${s.name}/${s.key}`,
    ),
    nodeLabels: mergeNodeLabels(workloads.flatMap((w) => w.translation.nodeLabels)),
    nodeTaints: uniqueBy(
      workloads.flatMap((w) => w.translation.nodeTaints),
      (t) => `${t.key}=${t.value}:${t.effect}`,
    ),
    leftOnDcos,
  };
}

function placeFields(definition: Definition): LeftOnDcos {
  return {
    kind: definition.kind,
    id: definition.id,
    source: definition.source,
    pointer: formatPath(definition.pointer),
  };
}

function translateDefinition(
  definition: Definition,
  context: EstateContext,
  duplicateRemarks: readonly string[],
): { workload: TranslatedWorkload; alertsNamespace?: string } {
  const translated =
    definition.kind === 'app'
      ? translateApp(definition, context)
      : definition.kind === 'pod'
        ? translatePod(definition, context)
        : translateJob(definition, context);
  const { options } = context;
  const alerts = options.alerts ? workloadAlerts(translated, options.runbookUrl) : undefined;
  // The alerts join the workload's own objects (and so its manifest and delivery bucket), last.
  const translation = alerts
    ? { ...translated, objects: [...translated.objects, alertRuleObject(alerts)] }
    : translated;
  const workload: TranslatedWorkload = {
    translation,
    report: {
      id: definition.id,
      kind: definition.kind,
      source: definition.source,
      pointer: formatPath(definition.pointer),
      objects: translation.objects.map(refOf),
      fields: fieldReport(definition, translation.notes.entries),
      remarks: [...duplicateRemarks, ...translation.notes.remarks, ...(alerts ? [alerts.remark] : [])].map(
        redactCredentials,
      ),
    },
  };
  return alerts ? { workload, alertsNamespace: alerts.namespace } : { workload };
}

/** Where a definition was written: source, then its place in the document (array indexes as numbers), then kind and id. */
function compareDefinitionPlaces(a: Definition, b: Definition): number {
  const bySource = compareStrings(a.source, b.source);
  if (bySource !== 0) {
    return bySource;
  }
  for (let i = 0; i < Math.min(a.pointer.length, b.pointer.length); i++) {
    const x = a.pointer[i];
    const y = b.pointer[i];
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : compareStrings(String(x), String(y));
    if (order !== 0) {
      return order;
    }
  }
  return a.pointer.length - b.pointer.length || compareStrings(a.kind, b.kind) || compareStrings(a.id, b.id);
}

/**
 * Marathon holds one definition per id, so the same id in two inputs (two exports, a file and its edited copy)
 * means one of them is stale. Both are converted, under distinct names; each says where the other is.
 */
function duplicateRemarks(definitions: readonly Definition[]): Map<number, string[]> {
  const byId = new Map<string, number[]>();
  definitions.forEach((definition, index) => {
    const key = `${definition.kind} ${definition.id}`;
    byId.set(key, [...(byId.get(key) ?? []), index]);
  });
  const remarks = new Map<number, string[]>();
  for (const [key, indexes] of byId) {
    if (indexes.length < 2) {
      continue;
    }
    for (const index of indexes) {
      const others = indexes.filter((other) => other !== index).map((other) => placeOf(definitions[other]));
      remarks.set(index, [
        `${key} is also defined in ${others.join(', ')}: Marathon holds one definition per id, so check which one is current (each is converted, under its own name)`,
      ]);
    }
  }
  return remarks;
}

function placeOf(definition: Definition): string {
  return definition.pointer.length === 0
    ? definition.source
    : `${definition.source} at ${formatPath(definition.pointer)}`;
}

/** A Namespace per namespace the workloads use (but `default`), annotated with the Marathon groups it holds. */
function namespacesFor(
  definitions: readonly Definition[],
  context: EstateContext,
  options: ResolvedTranslateOptions,
): Namespace[] {
  const groupsOf = new Map<string, Set<string>>();
  for (const definition of definitions) {
    const { namespace } = context.identityOf(definition);
    if (namespace === 'default') {
      continue;
    }
    const segments = idSegments(definition.id, definition.kind);
    const group =
      options.namespaceStrategy === 'single' || segments.length < 2
        ? '/'
        : definition.kind === 'job'
          ? segments[0]
          : `/${segments[0]}`;
    groupsOf.set(namespace, (groupsOf.get(namespace) ?? new Set()).add(group));
  }
  return [...groupsOf.keys()].sort(compareStrings).map((name) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: metadataOf(
      name,
      undefined,
      { ...options.extraLabels, 'app.kubernetes.io/managed-by': 'marathon-to-eks' },
      {
        'marathon-to-eks/group-id': [...(groupsOf.get(name) as Set<string>)].sort(compareStrings).join(', '),
      },
    ),
  }));
}

function mergeNodeLabels(labels: readonly NodeLabelRequirement[]): NodeLabelRequirement[] {
  const byKey = new Map<string, { values: Set<string>; reasons: Set<string> }>();
  for (const label of labels) {
    const entry = byKey.get(label.key) ?? { values: new Set(), reasons: new Set() };
    label.values.forEach((value) => entry.values.add(value));
    entry.reasons.add(label.reason);
    byKey.set(label.key, entry);
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([key, entry]) => ({
      key,
      values: [...entry.values].sort(compareStrings),
      reason: [...entry.reasons].sort(compareStrings).join('; '),
    }));
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) {
    if (!seen.has(key(item))) {
      seen.set(key(item), item);
    }
  }
  return [...seen.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, item]) => item);
}

/** Counts of report lines per status. */
export function statusCounts(workloads: readonly TranslatedWorkload[]): Record<FieldStatus, number> {
  const counts = Object.fromEntries(FIELD_STATUSES.map((status) => [status, 0])) as Record<FieldStatus, number>;
  for (const workload of workloads) {
    for (const field of workload.report.fields) {
      counts[field.status]++;
    }
  }
  return counts;
}
