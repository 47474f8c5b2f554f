/**
 * The prometheus-operator custom resources translation emits (monitoring.coreos.com/v1). Their fields are checked
 * against the CRDs of the pinned prometheus-operator-crds chart by lib/validate; these types only name them.
 */
import type { IIoK8sApimachineryPkgApisMetaV1ObjectMeta as ObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';

interface MonitoringObject<K extends string> {
  readonly apiVersion: 'monitoring.coreos.com/v1';
  readonly kind: K;
  readonly metadata: ObjectMeta;
  readonly spec: Record<string, unknown>;
}

export type ServiceMonitor = MonitoringObject<'ServiceMonitor'>;
export type PodMonitor = MonitoringObject<'PodMonitor'>;
export type PrometheusRule = MonitoringObject<'PrometheusRule'>;
