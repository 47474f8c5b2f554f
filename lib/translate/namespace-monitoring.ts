import { compareStrings } from '../util/compare';
import { KubeObject } from './kube';
import { migrationDashboard } from './migration-dashboard';
import { ResolvedTranslateOptions } from './options';

/**
 * The most JSON one monitoring object may hold. Each is delivered on EKS in a custom resource of at most 96 KiB
 * (lib/eks/delivery.ts DEFAULT_DELIVERY_LIMITS, prune labels and JSON-in-JSON escaping included). A namespace's
 * dashboard is far below it whatever the namespace holds: its queries select by namespace, and Marathon's instances
 * come from the workloads' recording rules (about 14 KiB); a workload's PrometheusRule holds one rule group.
 */
export const MONITORING_OBJECT_MAX_BYTES = 64 * 1024;

/**
 * The namespace-level monitoring objects: the Grafana "Migration overview" dashboard (migration-dashboard.ts) of each
 * namespace with alerted workloads, in name order. It depends on the namespace only, so every run writes the same one
 * whichever workloads it converts. The alert rules are each workload's own (alert-rules.ts `alertRuleObject`).
 */
export function namespaceMonitoring(
  namespaces: readonly string[],
  options: Pick<ResolvedTranslateOptions, 'extraLabels'>,
): KubeObject[] {
  const labels = monitoringLabels(options);
  return [...new Set(namespaces)].sort(compareStrings).map((namespace) => migrationDashboard({ namespace, labels }));
}

/** The labels of every monitoring object: the estate's extra labels, and who manages it. */
export function monitoringLabels(options: Pick<ResolvedTranslateOptions, 'extraLabels'>): Record<string, string> {
  return { ...options.extraLabels, 'app.kubernetes.io/managed-by': 'marathon-to-eks' };
}
