import { CfnCondition, CfnResource, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import { IConstruct } from 'constructs';

/*
 * cdk-nag (AwsSolutions) findings that come with EKS itself, acknowledged once, each with its reason, so a
 * platform's own findings stand out. The acknowledgements are recorded in cdk.out/validation-report.json.
 */

const managed = (name: string) =>
  `AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`;
const wildcard = (resource: string) => `AwsSolutions::AwsSolutions-IAM5[Resource::${resource}]`;

/** Acknowledges findings on a construct and everything under it, with one reason; nothing when it is absent. */
export function acknowledge(scope: IConstruct | undefined, reason: string, ...ids: string[]): void {
  if (!scope) {
    return;
  }
  for (const id of ids) {
    Validations.of(scope).acknowledge({ id, reason });
  }
}

/** The constructs whose inherent findings are acknowledged: `EksEnvironment` has them all. */
export interface NagTargets {
  /** The cluster, with its kubectl handler and its load balancer controller. */
  readonly cluster: eks.Cluster;
  /** The EBS CSI driver's role, when the add-on is on. */
  readonly ebsCsi?: { readonly role: IConstruct };
  /** The Cluster Autoscaler's role, when the add-on is on. */
  readonly clusterAutoscaler?: { readonly role: IConstruct };
  /** The External Secrets Operator's role and the IAM path of the store roles it may assume, when the add-on is on. */
  readonly externalSecrets?: { readonly role: IConstruct; readonly rolePath: string };
  /** Grafana's admin secret, when the monitoring add-on is on. */
  readonly monitoring?: { readonly grafanaAdmin: IConstruct };
  /** ExternalDNS's role, when the add-on is on. */
  readonly externalDns?: { readonly role: IConstruct };
  /** The role of the cut-over's ExternalDNS release, when `trafficCutover` is set. */
  readonly cutoverExternalDns?: { readonly role: IConstruct };
}

/** An Auto Mode cluster's own findings: its cluster role's policies, and the node role of its compute config. */
export interface AutoModeNagTargets {
  /** The node roles: the compute config's, and the planned NodeClass's when no built-in pool is kept. */
  readonly nodeRoles: readonly IConstruct[];
}

export function acknowledgeInherentFindings(targets: NagTargets, autoMode?: AutoModeNagTargets): void {
  const { cluster } = targets;
  acknowledge(
    cluster,
    'AWS managed policies EKS documents for the cluster role, node role and the kubectl handler of aws-eks-v2',
    managed('AmazonEKSClusterPolicy'),
    managed('AmazonEKSWorkerNodePolicy'),
    managed('AmazonEKS_CNI_Policy'),
    managed('AmazonEC2ContainerRegistryReadOnly'),
    managed('service-role/AWSLambdaBasicExecutionRole'),
    managed('service-role/AWSLambdaVPCAccessExecutionRole'),
    ecrPublicFinding(cluster),
  );
  acknowledge(
    cluster,
    'the CDK provider framework may invoke any version of the kubectl handler function',
    wildcard(`<${handlerLogicalId(cluster)}.Arn>:*`),
  );
  acknowledge(cluster, 'aws-cdk-lib chooses the runtime of the kubectl handler', 'AwsSolutions::AwsSolutions-L1');
  acknowledge(
    cluster.albController,
    'the AWS Load Balancer Controller IAM policy published upstream and shipped by aws-cdk-lib: it manages load balancers it creates, whose ARNs are unknown in advance',
    wildcard('*'),
    wildcard('arn:<AWS::Partition>:ec2:*:*:security-group/*'),
    ...[
      'targetgroup/*/*',
      'loadbalancer/net/*/*',
      'loadbalancer/app/*/*',
      'listener/net/*/*/*',
      'listener/app/*/*/*',
      'listener-rule/net/*/*/*',
      'listener-rule/app/*/*/*',
    ].map((r) => wildcard(`arn:<AWS::Partition>:elasticloadbalancing:*:*:${r}`)),
  );
  acknowledge(
    targets.ebsCsi?.role,
    'the AWS managed policy the EBS CSI driver documents',
    managed('service-role/AmazonEBSCSIDriverPolicy'),
  );
  acknowledge(
    targets.clusterAutoscaler?.role,
    'Describe calls of Auto Scaling, EC2 and EKS have no resource-level permissions; resizing is limited by tag to this cluster',
    wildcard('*'),
  );
  if (targets.externalSecrets) {
    const stack = Stack.of(cluster);
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    acknowledge(
      targets.externalSecrets.role,
      "the External Secrets Operator reads no secret itself: it assumes the store roles of this environment, each of which reads only its namespace's secrets",
      wildcard(`arn:<AWS::Partition>:iam::${account}:role${targets.externalSecrets.rolePath}*`),
    );
  }
  acknowledge(
    targets.externalDns?.role,
    'route53:ListHostedZones has no resource-level permissions (it lists every zone); the record changes are limited to the coexistence zone by its ARN',
    wildcard('*'),
  );
  acknowledge(
    targets.cutoverExternalDns?.role,
    'route53:ListHostedZones has no resource-level permissions (it lists every zone); the record changes are limited to the traffic cut-over zone by its ARN, and to A and TXT records',
    wildcard('*'),
  );
  if (autoMode) {
    const stack = Stack.of(cluster);
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    acknowledge(
      cluster,
      'the AWS managed policies EKS Auto Mode requires on the cluster role (aws-eks-v2 attaches them; EKS user guide, auto-learn-iam, "Cluster IAM role")',
      managed('AmazonEKSComputePolicy'),
      managed('AmazonEKSBlockStoragePolicy'),
      managed('AmazonEKSLoadBalancingPolicy'),
      managed('AmazonEKSNetworkingPolicy'),
    );
    acknowledge(
      cluster,
      "a volume or snapshot Auto Mode creates has no id beforehand; the statement applies only to requests tagged with this cluster's name (aws:RequestTag/eks:eks-cluster-name equal to the role's own session tag)",
      wildcard(`arn:<AWS::Partition>:ec2:${region}:${account}:volume/*`),
      wildcard(`arn:<AWS::Partition>:ec2:${region}::snapshot/*`),
    );
    for (const nodeRole of autoMode.nodeRoles) {
      acknowledge(
        nodeRole,
        'the AWS managed policies EKS documents for an Auto Mode node role (auto-create-node-role: AmazonEKSWorkerNodeMinimalPolicy, AmazonEC2ContainerRegistryPullOnly)',
        managed('AmazonEKSWorkerNodeMinimalPolicy'),
        managed('AmazonEC2ContainerRegistryPullOnly'),
      );
    }
  }
  acknowledge(
    targets.monitoring?.grafanaAdmin,
    'Grafana reads its admin password once at start; rotate it by hand (update the secret, restart Grafana)',
    'AwsSolutions::AwsSolutions-SMG4',
  );
}

/** The finding id embeds the logical id of the condition that adds the ECR Public policy. */
function ecrPublicFinding(cluster: IConstruct): string {
  const condition = cluster.node
    .findAll()
    .find((c): c is CfnCondition => c instanceof CfnCondition && c.node.id === 'HasEcrPublic');
  if (!condition) {
    return managed('AmazonElasticContainerRegistryPublicReadOnly');
  }
  const id = Stack.of(cluster).resolve(condition.logicalId) as string;
  return `AwsSolutions::AwsSolutions-IAM4[Policy::{"Fn::If":["${id}",{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::aws:policy/AmazonElasticContainerRegistryPublicReadOnly"]]},{"Ref":"AWS::NoValue"}]}]`;
}

function handlerLogicalId(cluster: IConstruct): string {
  const handler = cluster.node.tryFindChild('KubectlProvider')?.node.tryFindChild('Handler')?.node.defaultChild as
    CfnResource | undefined;
  return handler ? (Stack.of(cluster).resolve(handler.logicalId) as string) : 'KubectlHandler';
}
