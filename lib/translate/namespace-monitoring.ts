import { compareStrings } from '../util/compare';
import { MONITORING_RULE_NAME, WorkloadAlerts } from './alert-rules';
import { KubeObject } from './kube';
import { metadataOf } from './metadata';
import { PrometheusRule } from './monitoring-kinds';
import { ResolvedTranslateOptions } from './options';

/**
 * The namespace-level monitoring objects: one PrometheusRule per namespace with a rule group per workload, in
 * translation order, namespaces in name order. The environment's Prometheus selects rules from every namespace
 * (lib/eks/addons/monitoring.ts: `ruleSelectorNilUsesHelmValues: false`, and kube-prometheus-stack 88.2.0
 * values.yaml `ruleNamespaceSelector: {}`).
 */
export function namespaceMonitoring(
  alerts: readonly WorkloadAlerts[],
  options: Pick<ResolvedTranslateOptions, 'extraLabels'>,
): KubeObject[] {
  const byNamespace = new Map<string, WorkloadAlerts[]>();
  for (const entry of alerts) {
    byNamespace.set(entry.namespace, [...(byNamespace.get(entry.namespace) ?? []), entry]);
  }
  return [...byNamespace.keys()].sort(compareStrings).map((namespace): PrometheusRule => {
    const groups = byNamespace.get(namespace) as WorkloadAlerts[];
    return {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: metadataOf(
        MONITORING_RULE_NAME,
        namespace,
        { ...options.extraLabels, 'app.kubernetes.io/managed-by': 'marathon-to-eks' },
        {},
      ),
      spec: { groups: groups.map((entry) => entry.group) },
    };
  });
}
