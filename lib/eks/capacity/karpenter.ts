import { Aws, Duration, Stack, Tags, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { NodePoolPlan } from '../../capacity/node-pools';
import { ContainerResources, PlatformPods } from '../addons/addon-options';
import { HelmChartSource, helmAddon } from '../addons/helm';
import { platformManifest } from '../addons/manifest';
import { PodIdentity } from '../addons/pod-identity';
import { acknowledge } from '../nag';
import { NodeGroupSpec } from '../node-groups';
import { KarpenterCapacityOptions } from './capacity';
import { SelectorTerm, karpenterNodeObjects, karpenterOptionProblems } from './karpenter-objects';

/*
 * Every value below was read at aws/karpenter-provider-aws v1.14.1 unless a comment says otherwise:
 * - IAM, queue and rules: website/content/en/docs/getting-started/getting-started-with-karpenter/cloudformation.yaml
 *   (the template the v1.14 getting-started guide deploys);
 * - chart values: charts/karpenter/values.yaml and templates/deployment.yaml;
 * - the install: website/content/en/v1.14/getting-started/getting-started-with-karpenter (namespace kube-system,
 *   `helm upgrade --install karpenter oci://public.ecr.aws/karpenter/karpenter --version 1.14.1`) and
 *   website/content/en/v1.14/upgrading/upgrade-guide.md "CRD Upgrades" (the karpenter-crd chart, recommended because
 *   Helm never upgrades a chart's crds/).
 * The tag's Chart.yaml still says 1.13.0: the release commit after the tag sets 1.14.1, which is what the OCI
 * registry publishes and the v1.14 docs install.
 */

/**
 * Karpenter's chart. aws-eks-v2's kubectl handler (custom-resource-handlers/dist/aws-eks-v2/kubectl-handler/helm)
 * `helm pull`s an `oci://` repository, which must name the chart itself, and logs in to ECR Public first in the `aws`
 * partition with the handler role's AmazonElasticContainerRegistryPublicReadOnly (the kubectl provider attaches it
 * there); elsewhere it pulls without a login.
 */
export const KARPENTER_CHART: HelmChartSource = {
  repository: 'oci://public.ecr.aws/karpenter/karpenter',
  chart: 'karpenter',
  version: '1.14.1',
};

/** Karpenter's CRDs as their own chart, installed first so that an upgrade upgrades them. */
export const KARPENTER_CRD_CHART: HelmChartSource = {
  repository: 'oci://public.ecr.aws/karpenter/karpenter-crd',
  chart: 'karpenter-crd',
  version: '1.14.1',
};

/** Namespace and service account of the controller (the v1.14 guide's `kube-system`; the chart's fullname). */
export const KARPENTER_NAMESPACE = 'kube-system';
const SERVICE_ACCOUNT = 'karpenter';

/**
 * The controller's resources: the v1.14 getting-started guide's requests (1 CPU, 1Gi) and memory limit; no CPU limit,
 * so a busy controller is not throttled (the chart itself sets none: `controller.resources: {}`).
 */
const DEFAULT_RESOURCES: ContainerResources = {
  requests: { cpu: '1', memory: '1Gi' },
  limits: { memory: '1Gi' },
};

/** The chart's `replicas: 2`, which its required pod anti-affinity (per hostname) puts on two nodes. */
const REPLICAS = 2;

/**
 * The managed node group the controller runs on: two nodes for the chart's two replicas (anti-affine by host, spread
 * over zones), with room for the add-ons. Karpenter launches every other node.
 */
export const KARPENTER_CONTROLLER_NODE_GROUP: NodeGroupSpec = {
  name: 'karpenter',
  instanceTypes: ['m6i.large'],
  minSize: 2,
  desiredSize: 2,
  maxSize: 2,
};

/** The subnet discovery tag of the upstream guides (`karpenter.sh/discovery: <cluster name>`). */
export const DISCOVERY_TAG = 'karpenter.sh/discovery';

export interface KarpenterProps extends KarpenterCapacityOptions {
  /** The cluster Karpenter launches nodes for. */
  readonly cluster: eks.Cluster;
  /** The cluster's name as a literal: the IAM condition keys and the chart's `settings.clusterName` name it. */
  readonly clusterName: string;
  /** The cluster's VPC: the nodes run in its private subnets (with egress). */
  readonly vpc: ec2.IVpc;
  /** The planned NodePools (`nodePoolsFromPlan`). */
  readonly pools: readonly NodePoolPlan[];
}

/**
 * Karpenter on an aws-eks-v2 cluster: its node role and access entry, its interruption queue and EventBridge rules,
 * the controller's role through EKS Pod Identity, the karpenter-crd and karpenter charts, and the EC2NodeClass and
 * NodePools of the plan, applied once the CRDs and the controller are in.
 *
 * On `cdk destroy` the NodePools and the EC2NodeClass go first: the EC2NodeClass's finalizer waits until Karpenter has
 * terminated the pools' nodes (pkg/controllers/nodeclass/controller.go, finalize), so no instance outlives the
 * controller and blocks the VPC's deletion.
 */
export class Karpenter extends Construct {
  /** Problems of the options, for synth to list. */
  static problems(options: KarpenterCapacityOptions, where = 'capacity'): string[] {
    return karpenterOptionProblems(options, where);
  }

  /** The controller's pods: the chart's two replicas, with the configured resources. */
  static pods(options: KarpenterCapacityOptions = {}): PlatformPods[] {
    return [
      {
        name: `${KARPENTER_NAMESPACE}/karpenter`,
        replicas: REPLICAS,
        containers: [options.resources ?? DEFAULT_RESOURCES],
      },
    ];
  }

  /** The karpenter chart (the controller). */
  readonly chart: eks.HelmChart;
  /** The karpenter-crd chart, installed before `chart`. */
  readonly crdChart: eks.HelmChart;
  /** The role of the nodes Karpenter launches (the EC2NodeClass's `role`). */
  readonly nodeRole: iam.Role;
  /** The SQS queue of interruption events (spot interruptions, rebalances, health events, state changes). */
  readonly interruptionQueue: sqs.Queue;
  /** The EventBridge rules that feed the queue. */
  readonly interruptionRules: readonly events.Rule[];
  /** The controller's role (EKS Pod Identity for kube-system/karpenter). */
  readonly controllerRole: iam.Role;
  /** The EC2NodeClass and the NodePools, one manifest (applied after `chart`). */
  readonly nodeObjects: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: KarpenterProps) {
    super(scope, id);
    const { cluster, clusterName } = props;

    this.nodeRole = new iam.Role(this, 'NodeRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: `Nodes Karpenter launches for EKS cluster ${clusterName}`,
      managedPolicies: NODE_POLICIES.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    });
    // EC2_LINUX: EKS maps the role to system:node:{{EC2PrivateDNSName}} in system:bootstrappers and system:nodes, the
    // groups the v1.14 guide's step04-grant-access.sh maps; such an entry takes no access policies.
    const nodeAccess = new eks.AccessEntry(this, 'NodeAccess', {
      cluster,
      principal: this.nodeRole.roleArn,
      accessEntryType: eks.AccessEntryType.EC2_LINUX,
      accessPolicies: [],
    });

    this.interruptionQueue = new sqs.Queue(this, 'InterruptionQueue', {
      // cloudformation.yaml: MessageRetentionPeriod 300, SqsManagedSseEnabled; its DenyHTTP statement is enforceSSL's.
      retentionPeriod: Duration.seconds(300),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    // Each rule's target lets EventBridge send to the queue, scoped to that rule (aws:SourceArn), where upstream's
    // queue policy lets events.amazonaws.com and sqs.amazonaws.com send from anywhere.
    this.interruptionRules = INTERRUPTION_RULES.map(
      ({ id: ruleId, source, detailType }) =>
        new events.Rule(this, ruleId, {
          eventPattern: { source: [source], detailType: [detailType] },
          targets: [new targets.SqsQueue(this.interruptionQueue)],
        }),
    );

    const identity = new PodIdentity(this, 'Identity', {
      cluster,
      namespace: KARPENTER_NAMESPACE,
      serviceAccount: SERVICE_ACCOUNT,
      statements: controllerStatements({
        clusterName,
        clusterArn: cluster.clusterArn,
        nodeRoleArn: this.nodeRole.roleArn,
        queueArn: this.interruptionQueue.queueArn,
        arn: arnBuilder(this),
      }),
    });
    this.controllerRole = identity.role;

    this.crdChart = helmAddon(
      this,
      'CrdChart',
      { chartVersion: props.chartVersion },
      {
        cluster,
        chart: KARPENTER_CRD_CHART,
        namespace: KARPENTER_NAMESPACE,
        values: {},
      },
    );
    this.chart = helmAddon(this, 'Chart', props, {
      cluster,
      chart: KARPENTER_CHART,
      namespace: KARPENTER_NAMESPACE,
      values: {
        settings: { clusterName, interruptionQueue: this.interruptionQueue.queueName },
        serviceAccount: { create: true, name: SERVICE_ACCOUNT },
        replicas: REPLICAS,
        controller: { resources: props.resources ?? DEFAULT_RESOURCES },
        // The chart's default affinity (nodeAffinity `karpenter.sh/nodepool DoesNotExist`) keeps the controller off
        // the nodes it launches; it is left as it is.
      },
    });
    // The chart's crds/ would make the CRDs Helm cannot upgrade (and the kubectl handler drops `skipCrds`): the
    // karpenter-crd release owns them first, and the chart's install then skips the CRDs that exist.
    this.chart.node.addDependency(this.crdChart);
    this.chart.node.addDependency(identity);

    this.nodeObjects = platformManifest(
      this,
      'NodeObjects',
      cluster,
      karpenterNodeObjects(props.pools, props, {
        nodeRoleName: this.nodeRole.roleName,
        subnetSelectorTerms: subnetSelectorTerms(props.vpc, clusterName),
        // The cluster security group EKS makes: managed node groups use it too, so Karpenter's nodes reach and are
        // reached as theirs are. EKS makes it outside CloudFormation, so it cannot carry a discovery tag of ours.
        securityGroupSelectorTerms: [{ id: cluster.clusterSecurityGroupId }],
      }),
    );
    // The CRDs (and the controller that acts on them) must exist before the objects are applied; on destroy the
    // objects go before the controller, which terminates their nodes.
    this.nodeObjects.node.addDependency(this.chart);
    // Nodes join only once their role's access entry exists; on destroy the entry outlives the nodes being drained.
    this.nodeObjects.node.addDependency(nodeAccess);

    this.acknowledgeFindings();
  }

  private acknowledgeFindings(): void {
    acknowledge(
      this.nodeRole,
      'the AWS managed policies the Karpenter node role uses upstream (cloudformation.yaml v1.14.1, KarpenterNodeRole)',
      ...NODE_POLICIES.map(
        (name) => `AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`,
      ),
    );
    acknowledge(
      this.controllerRole,
      "Karpenter's controller policy as upstream scopes it (cloudformation.yaml v1.14.1): instances, fleets, launch templates and instance profiles it creates have unknown ARNs, so they are limited by the cluster's tags and the region; Describe, pricing and ListInstanceProfiles calls have no resource-level permissions",
      ...controllerWildcards(this).map((resource) => `AwsSolutions::AwsSolutions-IAM5[Resource::${resource}]`),
    );
    acknowledge(
      this.interruptionQueue,
      'interruption events are worth nothing after their 5-minute retention (upstream MessageRetentionPeriod 300): a dead-letter queue would only keep stale events',
      'AwsSolutions::AwsSolutions-SQS3',
    );
  }
}

/** The node role's AWS managed policies (cloudformation.yaml v1.14.1, KarpenterNodeRole.ManagedPolicyArns). */
const NODE_POLICIES = [
  'AmazonEKS_CNI_Policy',
  'AmazonEKSWorkerNodePolicy',
  'AmazonEC2ContainerRegistryPullOnly',
  'AmazonSSMManagedInstanceCore',
];

/** The EventBridge rules of cloudformation.yaml v1.14.1, with their event patterns. */
const INTERRUPTION_RULES = [
  { id: 'ScheduledChangeRule', source: 'aws.health', detailType: 'AWS Health Event' },
  { id: 'SpotInterruptionRule', source: 'aws.ec2', detailType: 'EC2 Spot Instance Interruption Warning' },
  { id: 'RebalanceRule', source: 'aws.ec2', detailType: 'EC2 Instance Rebalance Recommendation' },
  { id: 'InstanceStateChangeRule', source: 'aws.ec2', detailType: 'EC2 Instance State-change Notification' },
  {
    id: 'CapacityReservationInterruptionRule',
    source: 'aws.ec2',
    detailType: 'EC2 Capacity Reservation Instance Interruption Warning',
  },
] as const;

/**
 * Subnets: the VPC's private subnets with egress (where the node groups run), selected by id. Subnets this app makes
 * also get upstream's discovery tag (for people and tools that look for it), but are not selected by it: a tag key
 * holds one value, so a second cluster in the same VPC (a blue/green swap) would take the first one's subnets away.
 * An imported VPC's subnets cannot be tagged from here (Tags.of reaches only CloudFormation resources of this app).
 */
function subnetSelectorTerms(vpc: ec2.IVpc, clusterName: string): SelectorTerm[] {
  const subnets = vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnets;
  for (const subnet of subnets) {
    if (subnet.node.defaultChild instanceof ec2.CfnSubnet) {
      Tags.of(subnet).add(DISCOVERY_TAG, clusterName);
    }
  }
  return subnets.map((subnet) => ({ id: subnet.subnetId }));
}

/**
 * ARNs with the partition, region and account, in two forms: the policy's (CloudFormation pseudo parameters, or the
 * stack's literal region and account), and cdk-nag's rendering of the same (`<AWS::Partition>`), for the findings.
 */
interface ArnBuilder {
  (template: string): string;
  readonly nag: (template: string) => string;
}

function arnBuilder(scope: Construct): ArnBuilder {
  const stack = Stack.of(scope);
  const region = Token.isUnresolved(stack.region) ? undefined : stack.region;
  const account = Token.isUnresolved(stack.account) ? undefined : stack.account;
  const fill = (template: string, partition: string, r: string, a: string) =>
    template.replaceAll('{partition}', partition).replaceAll('{region}', r).replaceAll('{account}', a);
  const build = (template: string) => fill(template, Aws.PARTITION, region ?? Aws.REGION, account ?? Aws.ACCOUNT_ID);
  return Object.assign(build, {
    nag: (template: string) =>
      fill(template, '<AWS::Partition>', region ?? '<AWS::Region>', account ?? '<AWS::AccountId>'),
  });
}

const EC2 = 'arn:{partition}:ec2:{region}';
/** RunInstances / CreateFleet on what they read (cloudformation.yaml, AllowScopedEC2InstanceAccessActions). */
const EC2_READ_RESOURCES = [
  `${EC2}::image/*`,
  `${EC2}::snapshot/*`,
  `${EC2}:*:security-group/*`,
  `${EC2}:*:subnet/*`,
  `${EC2}:*:capacity-reservation/*`,
  `${EC2}:*:placement-group/*`,
];
/** What RunInstances / CreateFleet / CreateLaunchTemplate create (AllowScopedEC2InstanceActionsWithTags). */
const EC2_CREATED_RESOURCES = [
  `${EC2}:*:fleet/*`,
  `${EC2}:*:instance/*`,
  `${EC2}:*:volume/*`,
  `${EC2}:*:network-interface/*`,
  `${EC2}:*:launch-template/*`,
  `${EC2}:*:spot-instances-request/*`,
];
const LAUNCH_TEMPLATES = `${EC2}:*:launch-template/*`;
const INSTANCES = `${EC2}:*:instance/*`;
const INSTANCE_PROFILES = 'arn:{partition}:iam::{account}:instance-profile/*';
const SSM_PARAMETERS = 'arn:{partition}:ssm:{region}::parameter/aws/service/*';

/** Every wildcard resource of the controller policy, as cdk-nag names it. */
function controllerWildcards(scope: Construct): string[] {
  const arn = arnBuilder(scope);
  return [
    ...new Set([
      ...EC2_READ_RESOURCES,
      ...EC2_CREATED_RESOURCES,
      LAUNCH_TEMPLATES,
      INSTANCES,
      INSTANCE_PROFILES,
      SSM_PARAMETERS,
    ]),
  ]
    .map((template) => arn.nag(template))
    .concat('*');
}

/** What the controller policy names. */
interface ControllerScope {
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly nodeRoleArn: string;
  readonly queueArn: string;
  readonly arn: ArnBuilder;
}

/**
 * The controller's policy: the statements of upstream's six policies (cloudformation.yaml v1.14.1:
 * NodeLifecyclePolicy, IAMIntegrationPolicy, EKSIntegrationPolicy, InterruptionPolicy, ZonalShiftPolicy,
 * ResourceDiscoveryPolicy), with their Sids, resources and conditions.
 */
function controllerStatements(scope: ControllerScope): iam.PolicyStatement[] {
  const { clusterName, arn } = scope;
  const clusterTag = `kubernetes.io/cluster/${clusterName}`;
  const region = arn('{region}');
  const statement = (props: iam.PolicyStatementProps) => new iam.PolicyStatement(props);
  return [
    // NodeLifecyclePolicy
    statement({
      sid: 'AllowScopedEC2InstanceAccessActions',
      resources: EC2_READ_RESOURCES.map(arn),
      actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
    }),
    statement({
      sid: 'AllowScopedEC2LaunchTemplateAccessActions',
      resources: [arn(LAUNCH_TEMPLATES)],
      actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
      conditions: {
        StringEquals: { [`aws:ResourceTag/${clusterTag}`]: 'owned' },
        StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
      },
    }),
    statement({
      sid: 'AllowScopedEC2InstanceActionsWithTags',
      resources: EC2_CREATED_RESOURCES.map(arn),
      actions: ['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate'],
      conditions: {
        StringEquals: {
          [`aws:RequestTag/${clusterTag}`]: 'owned',
          'aws:RequestTag/eks:eks-cluster-name': clusterName,
        },
        StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
      },
    }),
    statement({
      sid: 'AllowScopedResourceCreationTagging',
      resources: EC2_CREATED_RESOURCES.map(arn),
      actions: ['ec2:CreateTags'],
      conditions: {
        StringEquals: {
          [`aws:RequestTag/${clusterTag}`]: 'owned',
          'aws:RequestTag/eks:eks-cluster-name': clusterName,
          'ec2:CreateAction': ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'],
        },
        StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
      },
    }),
    statement({
      sid: 'AllowScopedResourceTagging',
      resources: [arn(INSTANCES)],
      actions: ['ec2:CreateTags'],
      conditions: {
        StringEquals: { [`aws:ResourceTag/${clusterTag}`]: 'owned' },
        StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
        StringEqualsIfExists: { 'aws:RequestTag/eks:eks-cluster-name': clusterName },
        'ForAllValues:StringEquals': { 'aws:TagKeys': ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'] },
      },
    }),
    statement({
      sid: 'AllowScopedDeletion',
      resources: [arn(INSTANCES), arn(LAUNCH_TEMPLATES)],
      actions: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'],
      conditions: {
        StringEquals: { [`aws:ResourceTag/${clusterTag}`]: 'owned' },
        StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
      },
    }),
    // IAMIntegrationPolicy
    statement({
      sid: 'AllowPassingInstanceRole',
      resources: [scope.nodeRoleArn],
      actions: ['iam:PassRole'],
      conditions: { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'] } },
    }),
    statement({
      sid: 'AllowScopedInstanceProfileCreationActions',
      resources: [arn(INSTANCE_PROFILES)],
      actions: ['iam:CreateInstanceProfile'],
      conditions: {
        StringEquals: {
          [`aws:RequestTag/${clusterTag}`]: 'owned',
          'aws:RequestTag/eks:eks-cluster-name': clusterName,
          'aws:RequestTag/topology.kubernetes.io/region': region,
        },
        StringLike: { 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
      },
    }),
    statement({
      sid: 'AllowScopedInstanceProfileTagActions',
      resources: [arn(INSTANCE_PROFILES)],
      actions: ['iam:TagInstanceProfile'],
      conditions: {
        StringEquals: {
          [`aws:ResourceTag/${clusterTag}`]: 'owned',
          'aws:ResourceTag/topology.kubernetes.io/region': region,
          [`aws:RequestTag/${clusterTag}`]: 'owned',
          'aws:RequestTag/eks:eks-cluster-name': clusterName,
          'aws:RequestTag/topology.kubernetes.io/region': region,
        },
        StringLike: {
          'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*',
          'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*',
        },
      },
    }),
    statement({
      sid: 'AllowScopedInstanceProfileActions',
      resources: [arn(INSTANCE_PROFILES)],
      actions: ['iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile'],
      conditions: {
        StringEquals: {
          [`aws:ResourceTag/${clusterTag}`]: 'owned',
          'aws:ResourceTag/topology.kubernetes.io/region': region,
        },
        StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*' },
      },
    }),
    // EKSIntegrationPolicy
    statement({
      sid: 'AllowAPIServerEndpointDiscovery',
      resources: [scope.clusterArn],
      actions: ['eks:DescribeCluster'],
    }),
    // InterruptionPolicy
    statement({
      sid: 'AllowInterruptionQueueActions',
      resources: [scope.queueArn],
      actions: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
    }),
    // ZonalShiftPolicy (used once `settings.enableZonalShift` is set through `values`)
    statement({
      sid: 'AllowZonalShiftStatusReadOnly',
      resources: ['*'],
      actions: ['arc-zonal-shift:GetManagedResource'],
      conditions: { StringEquals: { 'arc-zonal-shift:ResourceIdentifier': scope.clusterArn } },
    }),
    // ResourceDiscoveryPolicy
    statement({
      sid: 'AllowRegionalReadActions',
      resources: ['*'],
      actions: [
        'ec2:DescribeCapacityReservations',
        'ec2:DescribeImages',
        'ec2:DescribeInstances',
        'ec2:DescribeInstanceStatus',
        'ec2:DescribeInstanceTypeOfferings',
        'ec2:DescribeInstanceTypes',
        'ec2:DescribeLaunchTemplates',
        'ec2:DescribePlacementGroups',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSpotPriceHistory',
        'ec2:DescribeSubnets',
      ],
      conditions: { StringEquals: { 'aws:RequestedRegion': region } },
    }),
    statement({ sid: 'AllowSSMReadActions', resources: [arn(SSM_PARAMETERS)], actions: ['ssm:GetParameter'] }),
    statement({ sid: 'AllowPricingReadActions', resources: ['*'], actions: ['pricing:GetProducts'] }),
    statement({
      sid: 'AllowUnscopedInstanceProfileListAction',
      resources: ['*'],
      actions: ['iam:ListInstanceProfiles'],
    }),
    statement({
      sid: 'AllowInstanceProfileReadActions',
      resources: [arn(INSTANCE_PROFILES)],
      actions: ['iam:GetInstanceProfile'],
    }),
  ];
}
