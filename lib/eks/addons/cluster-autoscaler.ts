import { Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { helmRelease } from './helm';
import { PodIdentity } from './pod-identity';

export interface ClusterAutoscalerProps {
  readonly cluster: eks.Cluster;
  /** The cluster's name as a literal: the IAM condition keys name it. */
  readonly clusterName: string;
  /** Chart version (https://kubernetes.github.io/autoscaler). @default '9.59.0' */
  readonly chartVersion?: string;
  /** Image tag, to match the cluster's Kubernetes minor version (e.g. 'v1.36.0'). @default the chart's */
  readonly imageTag?: string;
}

/**
 * The Kubernetes Cluster Autoscaler for the managed node groups (EKS tags their Auto Scaling groups for
 * auto-discovery; the autoscaler reads their labels and taints from the EKS API, so groups can scale from zero).
 * It may only resize the groups of this cluster.
 */
export class ClusterAutoscaler extends Construct {
  readonly chart: eks.HelmChart;
  readonly role: iam.Role;

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
    this.chart = helmRelease(this, 'Chart', {
      cluster,
      repository: 'https://kubernetes.github.io/autoscaler',
      chart: 'cluster-autoscaler',
      version: props.chartVersion ?? '9.59.0',
      namespace: 'kube-system',
      values: {
        cloudProvider: 'aws',
        awsRegion: Stack.of(this).region,
        autoDiscovery: { clusterName },
        rbac: { serviceAccount: { create: true, name: serviceAccount } },
        ...(props.imageTag ? { image: { tag: props.imageTag } } : {}),
        extraArgs: {
          'balance-similar-node-groups': true,
          'skip-nodes-with-system-pods': false,
          'skip-nodes-with-local-storage': false,
          expander: 'least-waste',
        },
        resources: { requests: { cpu: '100m', memory: '300Mi' }, limits: { memory: '600Mi' } },
      },
    });
    this.chart.node.addDependency(identity);
  }
}
