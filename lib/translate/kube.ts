/**
 * The Kubernetes objects translation produces: plain JSON manifests, typed with the interfaces kubernetes-models
 * generates from the Kubernetes OpenAPI schema (type-only imports: nothing of it runs here).
 */
import type { IIoK8sApimachineryPkgApisMetaV1ObjectMeta as ObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { ICronJob } from 'kubernetes-models/batch/v1/CronJob';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { PodMonitor, PrometheusRule, ServiceMonitor } from './monitoring-kinds';

export type { IContainer as Container } from 'kubernetes-models/v1/Container';
export type { IContainerPort as ContainerPort } from 'kubernetes-models/v1/ContainerPort';
export type { IEnvVar as EnvVar } from 'kubernetes-models/v1/EnvVar';
export type { IPodSpec as PodSpec } from 'kubernetes-models/v1/PodSpec';
export type { IProbe as Probe } from 'kubernetes-models/v1/Probe';
export type { IVolume as Volume } from 'kubernetes-models/v1/Volume';
export type { IVolumeMount as VolumeMount } from 'kubernetes-models/v1/VolumeMount';
export type { IPersistentVolumeClaim as PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
export type { IServicePort as ServicePort } from 'kubernetes-models/v1/ServicePort';
export type { IToleration as Toleration } from 'kubernetes-models/v1/Toleration';
export type { IAffinity as Affinity } from 'kubernetes-models/v1/Affinity';
export type { ITopologySpreadConstraint as TopologySpreadConstraint } from 'kubernetes-models/v1/TopologySpreadConstraint';
export type { ISecurityContext as SecurityContext } from 'kubernetes-models/v1/SecurityContext';
export type { IResourceRequirements as ResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
export type { IPodTemplateSpec as PodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
export type { IHTTPIngressPath as IngressPath } from 'kubernetes-models/networking.k8s.io/v1/HTTPIngressPath';
export type { IDeploymentStrategy as DeploymentStrategy } from 'kubernetes-models/apps/v1/DeploymentStrategy';
export type { IDaemonSetUpdateStrategy as DaemonSetUpdateStrategy } from 'kubernetes-models/apps/v1/DaemonSetUpdateStrategy';
export type { IStatefulSetUpdateStrategy as StatefulSetUpdateStrategy } from 'kubernetes-models/apps/v1/StatefulSetUpdateStrategy';
export type { ObjectMeta };

export type Namespace = INamespace;
export type Deployment = IDeployment;
export type DaemonSet = IDaemonSet;
export type StatefulSet = IStatefulSet;
export type CronJob = ICronJob;
export type Job = IJob;
export type Service = IService;
export type Ingress = IIngress;
export type PodDisruptionBudget = IPodDisruptionBudget;
export type HorizontalPodAutoscaler = IHorizontalPodAutoscaler;
export type ConfigMap = IConfigMap;
export type { PodMonitor, PrometheusRule, ServiceMonitor };

/** Every kind of object translation emits. */
export type KubeObject =
  | Namespace
  | Deployment
  | DaemonSet
  | StatefulSet
  | CronJob
  | Job
  | Service
  | Ingress
  | PodDisruptionBudget
  | HorizontalPodAutoscaler
  | ConfigMap
  | ServiceMonitor
  | PodMonitor
  | PrometheusRule;

/** The identity of an emitted object, as the migration report lists it. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

export function refOf(object: KubeObject): ObjectRef {
  const metadata = object.metadata ?? {};
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    ...(metadata.namespace !== undefined ? { namespace: metadata.namespace } : {}),
    name: metadata.name ?? '',
  };
}
