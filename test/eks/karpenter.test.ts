import * as fs from 'node:fs';
import * as path from 'node:path';
import { Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { KubectlV36Layer } from '@aws-cdk/lambda-layer-kubectl-v36';
import { AwsSolutionsChecks } from 'cdk-nag';
import { nodePoolsFromPlan } from '../../lib/capacity/node-pools';
import { planCapacity } from '../../lib/capacity/plan';
import { KARPENTER_CHART, KARPENTER_CRD_CHART, Karpenter, KarpenterProps } from '../../lib/eks/capacity/karpenter';
import { KARPENTER_NODE_CLASS } from '../../lib/eks/capacity/karpenter-objects';
import { acknowledgeInherentFindings } from '../../lib/eks/nag';
import { Network } from '../../lib/eks/network';
import { validateKubeObjects } from '../../lib/validate/kubernetes';
import { demand } from '../helpers/demand';
import { ENV, flatten, offlineApp } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- templates and manifests read by path
type Json = any;

const CLUSTER_NAME = 'm2e-test';

interface Built {
  readonly template: Template;
  readonly json: Json;
  readonly karpenter: Karpenter;
  readonly stack: Stack;
  readonly report: Json;
}

/** A bare aws-eks-v2 cluster (as EksEnvironment makes it) with Karpenter, synthesized with cdk-nag. */
function build(
  options: Partial<KarpenterProps> = {},
  vpcOf: (stack: Stack) => ec2.IVpc = (stack) => new Network(stack, 'Network').vpc,
): Built {
  const app = offlineApp();
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new Stack(app, 'Platform', { env: ENV });
  const vpc = vpcOf(stack);
  const cluster = new eks.Cluster(stack, 'Cluster', {
    clusterName: CLUSTER_NAME,
    version: eks.KubernetesVersion.V1_36,
    vpc,
    vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
    defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
    defaultCapacity: 0,
    kubectlProviderOptions: { kubectlLayer: new KubectlV36Layer(stack, 'KubectlLayer') },
  });
  const pools = nodePoolsFromPlan(
    planCapacity([
      demand('shop/api', 6, 500, 1024),
      demand('shop/db', 3, 1000, 2048, { zonalVolumes: true, nodeSelector: { tier: 'data' } }),
    ]),
  );
  const karpenter = new Karpenter(stack, 'Karpenter', { cluster, clusterName: CLUSTER_NAME, vpc, pools, ...options });
  acknowledgeInherentFindings({ cluster });
  const assembly = app.synth();
  const template = Template.fromStack(stack);
  const reportFile = path.join(assembly.directory, 'validation-report.json');
  const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : { pluginReports: [] };
  return { template, json: template.toJSON(), karpenter, stack, report };
}

function resources(json: Json, type: string): [string, Json][] {
  return Object.entries(json.Resources as Record<string, Json>).filter(([, r]) => r.Type === type);
}

function chart(json: Json, name: string): [string, Json] {
  const found = resources(json, 'Custom::AWSCDK-EKS-HelmChart').find(([, r]) => r.Properties.Chart === name);
  if (!found) {
    throw new Error(`no chart ${name}`);
  }
  return found;
}

function dependsOn(resource: Json): string[] {
  return [resource.DependsOn ?? []].flat();
}

/** Every policy statement of the controller role, by Sid. */
function controllerStatements(json: Json): Record<string, Json> {
  const policies = resources(json, 'AWS::IAM::Policy').filter(([id]) => id.startsWith('KarpenterIdentity'));
  return Object.fromEntries(
    policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement).map((s: Json) => [s.Sid, s]),
  );
}

describe('Karpenter on an aws-eks-v2 cluster', () => {
  let built: Built;
  beforeAll(() => {
    built = build();
  }, 120_000);

  test('the karpenter-crd and karpenter charts from ECR Public, pinned at 1.14.1, in kube-system; CRDs first', () => {
    const [crdId, crd] = chart(built.json, 'karpenter-crd');
    const [, controller] = chart(built.json, 'karpenter');
    expect(KARPENTER_CHART.version).toBe('1.14.1');
    expect(crd.Properties).toMatchObject({
      Repository: 'oci://public.ecr.aws/karpenter/karpenter-crd',
      Version: '1.14.1',
      Namespace: 'kube-system',
      Release: 'karpenter-crd',
      Wait: true,
    });
    expect(controller.Properties).toMatchObject({
      Repository: 'oci://public.ecr.aws/karpenter/karpenter',
      Version: '1.14.1',
      Namespace: 'kube-system',
      Release: 'karpenter',
    });
    expect(dependsOn(controller)).toContain(crdId);
  });

  test("chart values: cluster name, the queue, the service account, two replicas, the guide's resources", () => {
    const [, controller] = chart(built.json, 'karpenter');
    const values = JSON.parse(flatten(controller.Properties.Values));
    expect(values).toEqual({
      settings: { clusterName: CLUSTER_NAME, interruptionQueue: '<token>' },
      serviceAccount: { create: true, name: 'karpenter' },
      replicas: 2,
      controller: { resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi' } } },
    });
    // The queue's name, not its URL or ARN.
    const parts = controller.Properties.Values['Fn::Join'][1];
    const queueId = resources(built.json, 'AWS::SQS::Queue')[0][0];
    expect(parts).toContainEqual({ 'Fn::GetAtt': [queueId, 'QueueName'] });
    // The chart's default affinity keeps the controller off Karpenter's nodes: not overridden.
    expect(values.affinity).toBeUndefined();
  });

  test("the caller's chartVersion and values apply (the version to both charts)", () => {
    const custom = build({ chartVersion: '1.14.2', values: { settings: { enableZonalShift: true } } });
    const [, crd] = chart(custom.json, 'karpenter-crd');
    const [, controller] = chart(custom.json, 'karpenter');
    expect(crd.Properties.Version).toBe('1.14.2');
    expect(controller.Properties.Version).toBe('1.14.2');
    const values = JSON.parse(flatten(controller.Properties.Values));
    expect(values.settings).toEqual({
      clusterName: CLUSTER_NAME,
      interruptionQueue: '<token>',
      enableZonalShift: true,
    });
  });

  test('Pod Identity for kube-system/karpenter, the chart after it', () => {
    const associations = resources(built.json, 'AWS::EKS::PodIdentityAssociation');
    expect(associations.map(([, a]) => [a.Properties.Namespace, a.Properties.ServiceAccount])).toEqual([
      ['kube-system', 'karpenter'],
    ]);
    const [, controller] = chart(built.json, 'karpenter');
    expect(dependsOn(controller)).toEqual(expect.arrayContaining([associations[0][0]]));
  });

  test("the controller policy keeps upstream's statements and scoping", () => {
    const statements = controllerStatements(built.json);
    expect(Object.keys(statements).sort()).toEqual(
      [
        'AllowScopedEC2InstanceAccessActions',
        'AllowScopedEC2LaunchTemplateAccessActions',
        'AllowScopedEC2InstanceActionsWithTags',
        'AllowScopedResourceCreationTagging',
        'AllowScopedResourceTagging',
        'AllowScopedDeletion',
        'AllowPassingInstanceRole',
        'AllowScopedInstanceProfileCreationActions',
        'AllowScopedInstanceProfileTagActions',
        'AllowScopedInstanceProfileActions',
        'AllowAPIServerEndpointDiscovery',
        'AllowInterruptionQueueActions',
        'AllowZonalShiftStatusReadOnly',
        'AllowRegionalReadActions',
        'AllowSSMReadActions',
        'AllowPricingReadActions',
        'AllowUnscopedInstanceProfileListAction',
        'AllowInstanceProfileReadActions',
      ].sort(),
    );
    const tag = `kubernetes.io/cluster/${CLUSTER_NAME}`;
    expect(statements.AllowScopedEC2InstanceActionsWithTags.Condition).toEqual({
      StringEquals: { [`aws:RequestTag/${tag}`]: 'owned', 'aws:RequestTag/eks:eks-cluster-name': CLUSTER_NAME },
      StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
    });
    expect(statements.AllowScopedDeletion).toMatchObject({
      Action: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'],
      Condition: {
        StringEquals: { [`aws:ResourceTag/${tag}`]: 'owned' },
        StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
      },
    });
    expect(statements.AllowScopedResourceTagging.Condition['ForAllValues:StringEquals']).toEqual({
      'aws:TagKeys': ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'],
    });
    expect(statements.AllowScopedInstanceProfileCreationActions.Condition.StringEquals).toEqual({
      [`aws:RequestTag/${tag}`]: 'owned',
      'aws:RequestTag/eks:eks-cluster-name': CLUSTER_NAME,
      'aws:RequestTag/topology.kubernetes.io/region': 'us-east-1',
    });
    expect(statements.AllowRegionalReadActions.Condition).toEqual({
      StringEquals: { 'aws:RequestedRegion': 'us-east-1' },
    });
    // The resources are regional: the stack's region in every EC2 ARN.
    for (const resource of statements.AllowScopedEC2InstanceAccessActions.Resource) {
      expect(flatten(resource)).toMatch(/^arn:<token>:ec2:us-east-1:/);
    }
    // iam:PassRole only of the node role, only to EC2.
    const nodeRoleId = resources(built.json, 'AWS::IAM::Role').find(([id]) => id.startsWith('KarpenterNodeRole'))?.[0];
    expect(statements.AllowPassingInstanceRole).toMatchObject({
      Action: 'iam:PassRole',
      Resource: { 'Fn::GetAtt': [nodeRoleId, 'Arn'] },
      Condition: { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'] } },
    });
    const queueId = resources(built.json, 'AWS::SQS::Queue')[0][0];
    expect(statements.AllowInterruptionQueueActions).toMatchObject({
      Action: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
      Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
    });
    const clusterId = resources(built.json, 'AWS::EKS::Cluster')[0][0];
    expect(statements.AllowAPIServerEndpointDiscovery.Resource).toEqual({ 'Fn::GetAtt': [clusterId, 'Arn'] });
    expect(statements.AllowZonalShiftStatusReadOnly.Condition).toEqual({
      StringEquals: { 'arc-zonal-shift:ResourceIdentifier': { 'Fn::GetAtt': [clusterId, 'Arn'] } },
    });
  });

  test('the node role: the four managed policies upstream gives it, and an EC2_LINUX access entry', () => {
    const [roleId, role] = resources(built.json, 'AWS::IAM::Role').find(([id]) =>
      id.startsWith('KarpenterNodeRole'),
    ) as [string, Json];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' } },
    ]);
    expect(role.Properties.ManagedPolicyArns.map((arn: Json) => flatten(arn).replace(/^.*policy\//, ''))).toEqual([
      'AmazonEKS_CNI_Policy',
      'AmazonEKSWorkerNodePolicy',
      'AmazonEC2ContainerRegistryPullOnly',
      'AmazonSSMManagedInstanceCore',
    ]);
    built.template.hasResourceProperties('AWS::EKS::AccessEntry', {
      Type: 'EC2_LINUX',
      PrincipalArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
      AccessPolicies: [],
    });
  });

  test('the interruption queue (SSE, 5 minutes, TLS only) and its five rules with the upstream patterns', () => {
    const [queueId, queue] = resources(built.json, 'AWS::SQS::Queue')[0];
    expect(queue.Properties).toEqual({ MessageRetentionPeriod: 300, SqsManagedSseEnabled: true });
    const [, policy] = resources(built.json, 'AWS::SQS::QueuePolicy')[0];
    const statements = policy.Properties.PolicyDocument.Statement;
    expect(statements[0]).toMatchObject({
      Effect: 'Deny',
      Action: 'sqs:*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      Principal: { AWS: '*' },
    });
    const rules = resources(built.json, 'AWS::Events::Rule');
    expect(rules.map(([, r]) => r.Properties.EventPattern)).toEqual([
      { source: ['aws.health'], 'detail-type': ['AWS Health Event'] },
      { source: ['aws.ec2'], 'detail-type': ['EC2 Spot Instance Interruption Warning'] },
      { source: ['aws.ec2'], 'detail-type': ['EC2 Instance Rebalance Recommendation'] },
      { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] },
      { source: ['aws.ec2'], 'detail-type': ['EC2 Capacity Reservation Instance Interruption Warning'] },
    ]);
    for (const [ruleId, rule] of rules) {
      expect(rule.Properties.Targets).toEqual([{ Id: 'Target0', Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } }]);
      // EventBridge may send to the queue only from this rule.
      expect(statements).toContainEqual(
        expect.objectContaining({
          Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
          Principal: { Service: 'events.amazonaws.com' },
          Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId, 'Arn'] } } },
        }),
      );
    }
  });

  test("the VPC's private subnets carry the discovery tag, and the EC2NodeClass selects them by id (a tag holds one cluster)", () => {
    const subnets = resources(built.json, 'AWS::EC2::Subnet');
    const tagged = subnets.filter(([, s]) =>
      (s.Properties.Tags as Json[]).some((t) => t.Key === 'karpenter.sh/discovery' && t.Value === CLUSTER_NAME),
    );
    expect(tagged.map(([id]) => id).sort()).toEqual(
      subnets
        .map(([id]) => id)
        .filter((id) => /private/i.test(id))
        .sort(),
    );
    expect(tagged.length).toBe(3);
    const [nodeClass] = manifest(built.json);
    expect(nodeClass.spec.subnetSelectorTerms).toEqual([{ id: '<token>' }, { id: '<token>' }, { id: '<token>' }]);
    expect(nodeClass.spec.securityGroupSelectorTerms).toEqual([{ id: '<token>' }]);
  });

  test('an imported VPC: its subnets are selected by id', () => {
    const imported = build({}, (stack) =>
      ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
        vpcId: 'vpc-0123456789abcdef0',
        availabilityZones: ['us-east-1a', 'us-east-1b'],
        privateSubnetIds: ['subnet-0a0a0a0a0a0a0a0a0', 'subnet-0b0b0b0b0b0b0b0b0'],
        publicSubnetIds: ['subnet-1a1a1a1a1a1a1a1a1', 'subnet-1b1b1b1b1b1b1b1b1'],
      }),
    );
    const [nodeClass] = manifest(imported.json);
    expect(nodeClass.spec.subnetSelectorTerms).toEqual([
      { id: 'subnet-0a0a0a0a0a0a0a0a0' },
      { id: 'subnet-0b0b0b0b0b0b0b0b0' },
    ]);
  });

  test('one manifest: the EC2NodeClass and a NodePool per planned pool, valid, applied after the chart', () => {
    const manifests = resources(built.json, 'Custom::AWSCDK-EKS-KubernetesResource');
    expect(manifests.length).toBe(1);
    const [manifestId, resource] = manifests[0];
    const [, controller] = chart(built.json, 'karpenter');
    const chartId = chart(built.json, 'karpenter')[0];
    expect(dependsOn(resource)).toContain(chartId);
    expect(controller).toBeDefined();
    expect(manifestId).toMatch(/^KarpenterNodeObjects/);
    const objects = manifest(built.json);
    expect(objects.map((o: Json) => `${o.kind}/${o.metadata.name}`)).toEqual([
      `EC2NodeClass/${KARPENTER_NODE_CLASS}`,
      'NodePool/general',
      'NodePool/tier-data',
    ]);
    // The security group id is the cluster's attribute, resolved at deploy time: a plausible id stands in for it.
    objects[0].spec.securityGroupSelectorTerms = [{ id: 'sg-0123456789abcdef0' }];
    objects[0].spec.subnetSelectorTerms = [{ id: 'subnet-0123456789abcdef0' }];
    expect(validateKubeObjects(objects)).toEqual([]);
    expect(resource.Properties.Overwrite).toBe(true);
  });

  test('cdk-nag: no unacknowledged finding; every acknowledgement has a reason', () => {
    const nag = (built.report.pluginReports as Json[]).find((r) => /AwsSolutions/i.test(r.pluginName));
    expect(nag).toBeDefined();
    expect(nag.violations).toEqual([]);
    const suppressed = (nag.suppressedViolations ?? []) as Json[];
    expect(suppressed.length).toBeGreaterThan(0);
    for (const finding of suppressed) {
      expect(finding.reason.length).toBeGreaterThan(20);
    }
    const names = suppressed.map((s) => s.ruleName as string);
    expect(names).toEqual(
      expect.arrayContaining([
        'AwsSolutions-SQS3',
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:us-east-1:*:instance/*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::123456789012:instance-profile/*]',
        'AwsSolutions-IAM5[Resource::*]',
      ]),
    );
  });

  test('pods(): the two replicas the plan counts', () => {
    expect(Karpenter.pods()).toEqual([
      {
        name: 'kube-system/karpenter',
        replicas: 2,
        containers: [{ requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi' } }],
      },
    ]);
    expect(KARPENTER_CRD_CHART).toEqual({
      repository: 'oci://public.ecr.aws/karpenter/karpenter-crd',
      chart: 'karpenter-crd',
      version: '1.14.1',
    });
  });
});

/** The objects of the Karpenter manifest, tokens as `<token>`. */
function manifest(json: Json): Json[] {
  const [, resource] = resources(json, 'Custom::AWSCDK-EKS-KubernetesResource')[0];
  return JSON.parse(flatten(resource.Properties.Manifest)) as Json[];
}
