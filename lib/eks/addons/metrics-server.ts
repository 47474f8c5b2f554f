import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { EksAddonOptions, PlatformPods, oneReplica } from './addon-options';
import { managedAddon } from './eks-addon';

/** What a caller can set of metrics-server. */
export type MetricsServerOptions = EksAddonOptions;

export interface MetricsServerProps extends MetricsServerOptions {
  /** The cluster the add-on is installed in. */
  readonly cluster: eks.Cluster;
  /** The cluster's Kubernetes version (`1.36`). */
  readonly kubernetesVersion: string;
}

/**
 * metrics-server as the EKS community add-on: `kubectl top` and the resource metrics HorizontalPodAutoscalers use.
 * It creates a Service, so the environment orders it after the load balancer controller's webhook.
 */
export class MetricsServer extends Construct {
  /**
   * Its pods: one replica requesting 100m CPU and 200Mi, as upstream metrics-server runs (kubernetes-sigs/metrics-server
   * v0.9.0 manifests/base/deployment.yaml: no `replicas`, so 1). The EKS community add-on packages upstream
   * metrics-server; no public source lists its builds' manifests (data/eks-addons/SOURCES.md).
   */
  static pods(): PlatformPods[] {
    return [oneReplica('kube-system/metrics-server', { requests: { cpu: '100m', memory: '200Mi' } })];
  }

  readonly addon: eks.Addon;

  constructor(scope: Construct, id: string, props: MetricsServerProps) {
    super(scope, id);
    this.addon = managedAddon(this, 'Addon', { ...props, addonName: 'metrics-server' });
  }
}
