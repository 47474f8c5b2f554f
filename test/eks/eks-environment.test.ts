import * as path from 'node:path';
import * as cdk8s from 'cdk8s';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ClusterEndpoint } from '../../lib/eks/cluster-endpoint';
import { loadEstate } from '../../lib/marathon/load/estate';
import { LoadResult } from '../../lib/marathon/load/definition';
import { NodeCapacity } from '../../lib/eks/node-groups';
import { MarathonWorkload } from '../../lib/workload/marathon-workload';
import { Synthesized, expectNagClean, expectNoCredentials, manifestsOf, synthesize } from './helpers';

const EXAMPLES = path.join(__dirname, '../../examples/estate');

const EXAMPLE_NODE_GROUPS = [
  { name: 'general', instanceTypes: ['m6i.large'], minSize: 3, maxSize: 9 },
  {
    name: 'batch',
    instanceTypes: ['m6i.large', 'm5.large'],
    capacity: NodeCapacity.spot(),
    minSize: 1,
    maxSize: 4,
    labels: { 'node-class': 'batch' },
  },
  { name: 'storage', instanceTypes: ['r6i.large'], minSize: 1, maxSize: 2, labels: { 'node-class': 'storage' } },
];

describe('EksEnvironment with the example estate', () => {
  let estate: LoadResult;
  let result: Synthesized;
  let main: Template;

  beforeAll(async () => {
    estate = await loadEstate({ paths: [EXAMPLES] });
    result = synthesize(
      {
        endpoint: ClusterEndpoint.publicFrom('203.0.113.0/24'),
        adminRoleArns: ['arn:aws:iam::123456789012:role/PlatformAdmins'],
        nodeGroups: EXAMPLE_NODE_GROUPS,
      },
      estate,
    );
    main = result.templates.get('Platform') as Template;
  }, 120_000);

  test('the cluster: Kubernetes 1.36, Secrets encrypted with a rotating KMS key, every control-plane log, a CIDR-limited endpoint', () => {
    main.hasResourceProperties('AWS::EKS::Cluster', {
      Name: 'Platform-Eks',
      Version: '1.36',
      EncryptionConfig: [{ Provider: { KeyArn: Match.anyValue() }, Resources: ['secrets'] }],
      Logging: {
        ClusterLogging: {
          EnabledTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'].map((type) => ({
            Type: type,
          })),
        },
      },
      ResourcesVpcConfig: Match.objectLike({
        EndpointPrivateAccess: true,
        EndpointPublicAccess: true,
        PublicAccessCidrs: ['203.0.113.0/24'],
      }),
    });
    main.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    main.hasResourceProperties('AWS::EKS::AccessEntry', {
      PrincipalArn: 'arn:aws:iam::123456789012:role/PlatformAdmins',
      AccessPolicies: [Match.objectLike({ AccessScope: { Type: 'cluster' } })],
    });
  });

  test('a VPC over three AZs with a NAT gateway each and flow logs', () => {
    main.resourceCountIs('AWS::EC2::Subnet', 6);
    main.resourceCountIs('AWS::EC2::NatGateway', 3);
    main.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL' });
  });

  test('managed node groups on Amazon Linux 2023 with the labels the estate selects', () => {
    main.resourceCountIs('AWS::EKS::Nodegroup', 3);
    // No fixed NodegroupName (a replacement would fail on it): the label names the group.
    main.hasResourceProperties('AWS::EKS::Nodegroup', {
      NodegroupName: Match.absent(),
      Labels: { 'marathon-to-eks/node-group': 'general' },
      AmiType: 'AL2023_x86_64_STANDARD',
      CapacityType: 'ON_DEMAND',
      InstanceTypes: ['m6i.large'],
      ScalingConfig: { MinSize: 3, DesiredSize: 3, MaxSize: 9 },
    });
    main.hasResourceProperties('AWS::EKS::Nodegroup', {
      NodegroupName: Match.absent(),
      CapacityType: 'SPOT',
      Labels: { 'marathon-to-eks/node-group': 'batch', 'node-class': 'batch' },
    });
    main.hasResourceProperties('AWS::EKS::Nodegroup', {
      NodegroupName: Match.absent(),
      Labels: { 'marathon-to-eks/node-group': 'storage', 'node-class': 'storage' },
    });
    expect(result.environment.workloadDeliveries[0].unmetNodeLabels).toEqual([]);
  });

  test('every add-on: load balancer controller, metrics-server, autoscaler, EBS CSI + gp3, Pod Identity, External Secrets, monitoring', () => {
    const charts = Object.values(main.findResources('Custom::AWSCDK-EKS-HelmChart')).map(
      (r) => (r as { Properties: { Chart: string; Timeout?: string } }).Properties,
    );
    expect(charts.map((chart) => chart.Chart).sort()).toEqual([
      'aws-load-balancer-controller',
      'cluster-autoscaler',
      'external-secrets',
      'kube-prometheus-stack',
      'prometheus-operator-crds',
    ]);
    // Every Helm release has an explicit timeout under the kubectl Lambda's 15 minutes (but the controller's, set by aws-cdk-lib).
    for (const chart of charts.filter((c) => c.Chart !== 'aws-load-balancer-controller')) {
      expect(Number(chart.Timeout?.replace('s', ''))).toBeLessThan(900);
    }
    for (const addon of ['metrics-server', 'aws-ebs-csi-driver', 'eks-pod-identity-agent']) {
      main.hasResourceProperties('AWS::EKS::Addon', { AddonName: addon });
    }
    main.resourceCountIs('AWS::EKS::PodIdentityAssociation', 3);
    for (const serviceAccount of ['ebs-csi-controller-sa', 'cluster-autoscaler', 'external-secrets']) {
      main.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { ServiceAccount: serviceAccount });
    }
    const objects = manifestsOf(main).flat() as {
      kind: string;
      metadata: { name: string; annotations?: Record<string, string> };
    }[];
    const storageClass = objects.find((o) => o.kind === 'StorageClass') as unknown as {
      metadata: object;
      parameters: Record<string, string>;
      volumeBindingMode: string;
    };
    expect(storageClass.metadata).toMatchObject({
      name: 'gp3',
      annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
    });
    // Encrypted, bound where the pod runs, and tagged so volumes left after the cluster can be found.
    expect(storageClass.parameters).toEqual({
      type: 'gp3',
      encrypted: 'true',
      'csi.storage.k8s.io/fstype': 'ext4',
      tagSpecification_1: 'marathon-to-eks/cluster=Platform-Eks',
    });
    expect(storageClass.volumeBindingMode).toBe('WaitForFirstConsumer');
    expect(objects.filter((o) => o.kind === 'ClusterSecretStore').map((o) => o.metadata.name)).toEqual([
      'platform-secrets',
    ]);
  });

  test('the autoscaler may only resize this cluster’s node groups', () => {
    main.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
            Condition: { StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/Platform-Eks': 'owned' } },
          }),
        ]),
      },
    });
  });

  test('monitoring: Prometheus with retention and a gp3 volume, Grafana’s admin from Secrets Manager, no credential in the values', () => {
    const kps = Object.values(main.findResources('Custom::AWSCDK-EKS-HelmChart'))
      .map((r) => (r as { Properties: { Chart: string; Values: unknown } }).Properties)
      .find((p) => p.Chart === 'kube-prometheus-stack');
    const values = JSON.parse(typeof kps?.Values === 'string' ? kps.Values : JSON.stringify(kps?.Values));
    expect(values.prometheus.prometheusSpec).toMatchObject({
      retention: '15d',
      retentionSize: '45GiB',
      storageSpec: {
        volumeClaimTemplate: { spec: { storageClassName: 'gp3', resources: { requests: { storage: '50Gi' } } } },
      },
    });
    expect(values.grafana.admin).toEqual({
      existingSecret: 'grafana-admin',
      userKey: 'admin-user',
      passwordKey: 'admin-password',
    });
    expect(values.crds).toEqual({ enabled: false });
    main.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'admin-password' }),
    });
    for (const secret of Object.values(main.findResources('AWS::SecretsManager::Secret'))) {
      expect((secret as { Properties: object }).Properties).not.toHaveProperty('SecretString');
    }
    // The CRDs outlive an uninstall (removing them would delete every Prometheus object).
    const crds = Object.values(main.findResources('Custom::AWSCDK-EKS-HelmChart')).find(
      (r) => (r as { Properties: { Chart: string } }).Properties.Chart === 'prometheus-operator-crds',
    ) as { DeletionPolicy?: string };
    expect(crds.DeletionPolicy).toBe('Retain');
  });

  test('the example workloads are in a workload stack, after the namespaces, the controller and the secret store', () => {
    const workloads = result.templates.get('Platform-estate-0') as Template;
    const objects = manifestsOf(workloads).flat() as { kind: string; metadata: { name: string; namespace?: string } }[];
    expect(
      objects
        .filter((o) => o.kind === 'Deployment')
        .map((o) => `${o.metadata.namespace}/${o.metadata.name}`)
        .sort(),
    ).toEqual(['legacy/cache', 'payments/gateway', 'shop/api', 'shop/frontend', 'shop/worker']);
    expect(objects.filter((o) => o.kind === 'CronJob')).toHaveLength(2);
    expect(
      objects
        .filter((o) => o.kind === 'ExternalSecret')
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(['analytics-smtp-password', 'payments-stripe-api-key', 'shop-postgres-password']);
    const namespaces = manifestsOf(main).flat() as { kind: string; metadata: { name: string } }[];
    expect(
      namespaces
        .filter((o) => o.kind === 'Namespace')
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(['legacy', 'monitoring', 'payments', 'shop']);
    const delivery = result.environment.workloadDeliveries[0];
    expect(delivery.stacks.map((stack) => stack.stackName)).toEqual(['Platform-estate-0']);
    expect(delivery.stacks[0].dependencies.map((stack) => stack.stackName)).toContain('Platform');
    // The bucket with the frontend's Ingress depends on the controller (it is in the stack the workload stack depends on).
    expect(delivery.plan.buckets.some((bucket) => bucket.createsLoadBalancer)).toBe(true);
    const withIngress = delivery.plan.buckets.findIndex((bucket) => bucket.createsLoadBalancer);
    expect(delivery.manifests[withIngress].node.dependencies.map((d) => d.node.path)).toContainEqual(
      expect.stringMatching(/AlbController$/),
    );
    expect([...delivery.secretsToCreate.keys()]).toEqual([
      'marathon-to-eks/analytics/smtp/password',
      'marathon-to-eks/payments/stripe/api-key',
      'marathon-to-eks/shop/postgres/password',
    ]);
  });

  test('cdk-nag AwsSolutions: no unacknowledged finding, and every acknowledgement has a reason', () => {
    expectNagClean(result, 10);
  });

  test('no secret value or password in any template or manifest', () => {
    expectNoCredentials(result);
  });

  test('the estimated cost: control plane, nodes at desired size, NAT gateways', () => {
    expect(result.environment.hourlyCost).toMatchObject({
      controlPlane: 0.1,
      nodeGroups: [
        { name: 'general', nodes: 3, instanceType: 'm6i.large', usdPerHour: 0.288 },
        { name: 'batch', nodes: 1, instanceType: 'm6i.large', usdPerHour: 0.096 },
        { name: 'storage', nodes: 1, instanceType: 'r6i.large', usdPerHour: 0.126 },
      ],
      natGateways: 0.135,
      usdPerHour: 0.745,
    });
  });
});

describe('EksEnvironment sized by the capacity planner', () => {
  test('given workloads, the node groups are the plan: types, sizes, labels; the workloads are delivered', async () => {
    const estate = await loadEstate({ paths: [EXAMPLES] });
    const workload = new MarathonWorkload(new cdk8s.App(), 'estate', {
      definitions: estate.definitions,
      groups: estate.groups,
    });
    const result = synthesize({ workloads: [workload] }, undefined, false);
    const plan = result.environment.capacityPlan;
    // Prometheus, Alertmanager and Grafana (general) and PostgreSQL (storage) mount EBS volumes: one group per AZ.
    expect(plan?.groups.map((g) => [g.name, g.zone])).toEqual([
      ['general-az1', 0],
      ['general-az2', 1],
      ['general-az3', 2],
      ['node-class-batch', undefined],
      ['node-class-storage-az1', 0],
      ['node-class-storage-az2', 1],
      ['node-class-storage-az3', 2],
    ]);
    const main = result.templates.get('Platform') as Template;
    main.resourceCountIs('AWS::EKS::Nodegroup', plan!.groups.length);
    for (const group of plan?.groups ?? []) {
      main.hasResourceProperties('AWS::EKS::Nodegroup', {
        NodegroupName: Match.absent(),
        InstanceTypes: [group.instanceType],
        ScalingConfig: { MinSize: group.minSize, DesiredSize: group.desiredSize, MaxSize: group.maxSize },
        // The AZs' groups share the label value (the Cluster Autoscaler balances only groups whose labels match).
        Labels: { ...group.labels, 'marathon-to-eks/node-group': group.name.replace(/-az\d$/, '') },
      });
    }
    // A zonal group runs in one private subnet (its AZ's), a distinct one for each AZ; the others in all three.
    const nodegroups = Object.values(main.findResources('AWS::EKS::Nodegroup')).map(
      (r) => (r as { Properties: { Labels: Record<string, string>; Subnets: unknown[] } }).Properties,
    );
    const subnetsOf = (name: string) =>
      nodegroups.filter((p) => p.Labels['marathon-to-eks/node-group'] === name).map((p) => p.Subnets);
    for (const name of ['general', 'node-class-storage']) {
      const subnets = subnetsOf(name);
      expect(subnets.map((s) => s.length)).toEqual([1, 1, 1]);
      expect(new Set(subnets.map((s) => JSON.stringify(s[0]))).size).toBe(3);
    }
    expect(subnetsOf('node-class-batch').map((s) => s.length)).toEqual([3]);
    expect(result.environment.workloadDeliveries).toHaveLength(1);
    expect(result.environment.workloadDeliveries[0].unmetNodeLabels).toEqual([]);
    expect(result.environment.hourlyCost.usdPerHour).toBeCloseTo(0.1 + plan!.total.usdPerHour + 0.135, 4);
  }, 60_000);
});
