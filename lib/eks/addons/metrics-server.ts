import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';

export interface MetricsServerProps {
  readonly cluster: eks.Cluster;
}

/** metrics-server as the EKS community add-on: `kubectl top` and the resource metrics HorizontalPodAutoscalers use. */
export class MetricsServer extends Construct {
  readonly addon: eks.Addon;

  constructor(scope: Construct, id: string, props: MetricsServerProps) {
    super(scope, id);
    this.addon = new eks.Addon(this, 'Addon', { cluster: props.cluster, addonName: 'metrics-server' });
  }
}
