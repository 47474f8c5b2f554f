import { compareStrings } from '../util/compare';
import { MONITORING_RULE_NAME, RuleGroup, WorkloadAlerts } from './alert-rules';
import { KubeObject } from './kube';
import { metadataOf } from './metadata';
import { migrationDashboard } from './migration-dashboard';
import { PrometheusRule } from './monitoring-kinds';
import { ResolvedTranslateOptions } from './options';

/**
 * The most JSON one namespace-level monitoring object may hold. Each is delivered on EKS in a custom resource of at
 * most 96 KiB (lib/eks/delivery.ts DEFAULT_DELIVERY_LIMITS, prune labels and JSON-in-JSON escaping included), so a
 * namespace's rules are split into parts below this. The dashboard is far below it whatever the namespace holds: its
 * queries select by namespace, and Marathon's instances come from the rules' recording rules (about 12 KiB).
 */
export const MONITORING_OBJECT_MAX_BYTES = 64 * 1024;

/**
 * The namespace-level monitoring objects, namespaces in name order: each namespace's PrometheusRule (a rule group per
 * workload, in translation order; `marathon-to-eks-alerts`, then `-2`, `-3`… when one object would exceed
 * MONITORING_OBJECT_MAX_BYTES), then its Grafana "Migration overview" dashboard (migration-dashboard.ts). The
 * environment's Prometheus selects rules from every namespace (lib/eks/addons/monitoring.ts:
 * `ruleSelectorNilUsesHelmValues: false`; kube-prometheus-stack 88.2.0 values.yaml `ruleNamespaceSelector: {}`).
 */
export function namespaceMonitoring(
  alerts: readonly WorkloadAlerts[],
  options: Pick<ResolvedTranslateOptions, 'extraLabels'>,
): KubeObject[] {
  const byNamespace = new Map<string, WorkloadAlerts[]>();
  for (const entry of alerts) {
    byNamespace.set(entry.namespace, [...(byNamespace.get(entry.namespace) ?? []), entry]);
  }
  const labels = { ...options.extraLabels, 'app.kubernetes.io/managed-by': 'marathon-to-eks' };
  return [...byNamespace.keys()].sort(compareStrings).flatMap((namespace): KubeObject[] => {
    const entries = byNamespace.get(namespace) as WorkloadAlerts[];
    const rules = ruleParts(entries.map((entry) => entry.group)).map((groups, i): PrometheusRule => ({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: metadataOf(i === 0 ? MONITORING_RULE_NAME : `${MONITORING_RULE_NAME}-${i + 1}`, namespace, labels, {}),
      spec: { groups },
    }));
    return [...rules, migrationDashboard({ namespace, workloads: entries.map((entry) => entry.dashboard), labels })];
  });
}

/** The groups in translation order, packed into parts of at most MONITORING_OBJECT_MAX_BYTES of JSON each. */
function ruleParts(groups: readonly RuleGroup[]): RuleGroup[][] {
  // The object around the groups: metadata and labels, well under 1 KiB.
  const budget = MONITORING_OBJECT_MAX_BYTES - 1024;
  const parts: RuleGroup[][] = [[]];
  let bytes = 0;
  for (const group of groups) {
    const size = Buffer.byteLength(JSON.stringify(group)) + 1;
    if (bytes + size > budget && parts[parts.length - 1].length > 0) {
      parts.push([]);
      bytes = 0;
    }
    parts[parts.length - 1].push(group);
    bytes += size;
  }
  return parts;
}
