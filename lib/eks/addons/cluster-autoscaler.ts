import { Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ContainerResources, HelmAddonOptions, PlatformPods, oneReplica } from './addon-options';
import { resolveVersion } from './addon-versions';
import { HelmChartSource, helmAddon } from './helm';
import { PodIdentity } from './pod-identity';

/** The chart this library was checked against. */
const CLUSTER_AUTOSCALER_CHART: HelmChartSource = {
  repository: 'https://kubernetes.github.io/autoscaler',
  chart: 'cluster-autoscaler',
  version: '9.59.0',
};

/** What a caller can set of the Cluster Autoscaler. */
export interface ClusterAutoscalerOptions extends HelmAddonOptions {
  /**
   * Image tag. The autoscaler's minor version must match the cluster's (cluster-autoscaler FAQ); chart 9.59.0 ships
   * v1.35.0, so the tag is always set.
   * @default the newest patch release of the cluster's Kubernetes minor (data/eks-addons/versions.json)
   */
  readonly imageTag?: string;
  /** The autoscaler container's resources. @default requests 100m CPU / 300Mi, memory limit 600Mi */
  readonly resources?: ContainerResources;
}

export interface ClusterAutoscalerProps extends ClusterAutoscalerOptions {
  /** The cluster whose managed node groups it scales. */
  readonly cluster: eks.Cluster;
  /** The cluster's name as a literal: the IAM condition keys name it. */
  readonly clusterName: string;
  /** The cluster's Kubernetes version (`1.36`): picks the image tag. */
  readonly kubernetesVersion: string;
}

const DEFAULT_RESOURCES: ContainerResources = {
  requests: { cpu: '100m', memory: '300Mi' },
  limits: { memory: '600Mi' },
};

/**
 * The Kubernetes Cluster Autoscaler for the managed node groups (EKS tags their Auto Scaling groups for
 * auto-discovery; the autoscaler reads their labels and taints from the EKS API, so groups can scale from zero).
 * It may only resize the groups of this cluster.
 */
export class ClusterAutoscaler extends Construct {
  /** Its pods: one replica (the chart's `replicaCount: 1`) with the configured resources. */
  static pods(options: ClusterAutoscalerOptions = {}): PlatformPods[] {
    return [oneReplica('kube-system/cluster-autoscaler', options.resources ?? DEFAULT_RESOURCES)];
  }

  readonly chart: eks.HelmChart;
  readonly role: iam.Role;
  /** The image tag installed (undefined: the chart's, when nothing is pinned for the cluster's minor). */
  readonly imageTag?: string;

  constructor(scope: Construct, id: string, props: ClusterAutoscalerProps) {
    super(scope, id);
    const { cluster, clusterName } = props;
    const serviceAccount = 'cluster-autoscaler';
    const identity = new PodIdentity(this, 'Identity', {
      cluster,
      namespace: 'kube-system',
      serviceAccount,
      statements: [
        new iam.PolicyStatement({
          // Describe calls have no resource-level permissions.
          actions: [
            'autoscaling:DescribeAutoScalingGroups',
            'autoscaling:DescribeAutoScalingInstances',
            'autoscaling:DescribeLaunchConfigurations',
            'autoscaling:DescribeScalingActivities',
            'autoscaling:DescribeTags',
            'ec2:DescribeImages',
            'ec2:DescribeInstanceTypes',
            'ec2:DescribeLaunchTemplateVersions',
            'ec2:GetInstanceTypesFromInstanceRequirements',
            'eks:DescribeNodegroup',
          ],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          actions: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
          resources: ['*'],
          conditions: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: 'owned' } },
        }),
      ],
    });
    this.role = identity.role;
    this.imageTag = resolveVersion(this, 'cluster-autoscaler', props.kubernetesVersion, props.imageTag);
    const values = {
      cloudProvider: 'aws',
      awsRegion: Stack.of(this).region,
      autoDiscovery: { clusterName },
      rbac: { serviceAccount: { create: true, name: serviceAccount } },
      ...(this.imageTag !== undefined ? { image: { tag: this.imageTag } } : {}),
      extraArgs: {
        // The per-AZ node groups of zonal workloads count as one: scale-ups are spread over the AZs.
        'balance-similar-node-groups': true,
        'skip-nodes-with-system-pods': false,
        'skip-nodes-with-local-storage': false,
        expander: 'least-waste',
      },
      resources: props.resources ?? DEFAULT_RESOURCES,
    };
    this.chart = helmAddon(this, 'Chart', props, {
      cluster,
      chart: CLUSTER_AUTOSCALER_CHART,
      namespace: 'kube-system',
      values,
    });
    this.chart.node.addDependency(identity);
  }
}
