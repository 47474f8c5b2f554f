import { KubectlV36Layer } from '@aws-cdk/lambda-layer-kubectl-v36';
import { Annotations, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { PLATFORM_DEMAND, demandOf } from '../capacity/demand';
import { CapacityPlan, PlanOptions, planCapacity } from '../capacity/plan';
import { ClusterAutoscaler } from './addons/cluster-autoscaler';
import { EbsCsi } from './addons/ebs-csi';
import { ExternalSecrets } from './addons/external-secrets';
import { MetricsServer } from './addons/metrics-server';
import { AlertReceiver, Monitoring } from './addons/monitoring';
import { registerChecks } from './checks';
import { ClusterEndpoint } from './cluster-endpoint';
import { CostEstimate, estimateHourlyCost } from './cost';
import { acknowledgeInherentFindings } from './nag';
import { NatGateways, Network } from './network';
import { NodeGroupSpec, ResolvedNodeGroup, addNodeGroup, defaultNodeGroups, nodeGroupsFromPlan, privateSubnetsPerAz, resolveNodeGroup } from './node-groups';
import { DeliverableWorkload, WorkloadDelivery, WorkloadDeliveryOptions } from './workload-delivery';

/** Which add-ons to install; each is on unless switched off. */
export interface EksEnvironmentAddons {
  /** AWS Load Balancer Controller: Ingresses (class `alb`) become ALBs, LoadBalancer Services NLBs. @default true */
  readonly loadBalancerController?: boolean;
  /** metrics-server (EKS community add-on). @default true */
  readonly metricsServer?: boolean;
  /** Cluster Autoscaler for the managed node groups. @default true */
  readonly clusterAutoscaler?: boolean;
  /** EBS CSI driver and the default gp3 StorageClass. @default true */
  readonly ebsCsi?: boolean;
  /** External Secrets Operator reading AWS Secrets Manager; syncs the Secrets the migration report lists. @default true */
  readonly externalSecrets?: boolean;
  /** Prometheus, Alertmanager and Grafana (needs ebsCsi and externalSecrets). @default true */
  readonly monitoring?: boolean;
}

export interface EksEnvironmentProps {
  /**
   * The EKS cluster's name. A literal: IAM conditions and autoscaler tags name it.
   * @default the stack name and this construct's id, e.g. `Platform-Eks`
   */
  readonly clusterName?: string;
  /** @default KubernetesVersion.V1_36 */
  readonly version?: eks.KubernetesVersion;
  /** The kubectl / Helm layer of the deploy-time handler; must match `version`. @default KubectlV36Layer */
  readonly kubectlLayer?: lambda.ILayerVersion;
  /** An existing VPC (private subnets with egress for nodes, public ones for internet-facing load balancers). @default a new VPC over 3 AZs */
  readonly vpc?: ec2.IVpc;
  /** NAT gateways of the new VPC. @default NatGateways.perAz() */
  readonly natGateways?: NatGateways;
  /** Who can reach the Kubernetes API. @default ClusterEndpoint.private() */
  readonly endpoint?: ClusterEndpoint;
  /** IAM role ARNs that get cluster-admin access entries (people, CI). @default none */
  readonly adminRoleArns?: readonly string[];
  /**
   * Compiled estates to deploy (each as with `addWorkload`). Without `nodeGroups`, the node groups are sized for them
   * (and the add-ons' own pods) by the capacity planner.
   * @default none
   */
  readonly workloads?: readonly DeliverableWorkload[];
  /** Options of the capacity planner, when it sizes the node groups. @default the planner's defaults */
  readonly capacity?: PlanOptions;
  /** Managed node groups. @default planned for `workloads`; without them `defaultNodeGroups`: with monitoring (zonal volumes) `general-az1` … one per AZ, 1 × m6i.large each (autoscaling to 3); else `general`: 3 × m6i.large (to 9) */
  readonly nodeGroups?: readonly NodeGroupSpec[];
  /** @default every add-on */
  readonly addons?: EksEnvironmentAddons;
  /** Where alerts go (with `monitoring`). @default none */
  readonly alertReceivers?: readonly AlertReceiver[];
  /** How long Prometheus keeps metrics. @default '15d' */
  readonly metricsRetention?: string;
  /**
   * Name prefix of the AWS Secrets Manager secrets the environment reads: the Secrets of migrated workloads
   * (`<prefix><DC/OS secret path>`) and its own (Grafana's admin, `<prefix><cluster>/grafana-admin`). The External
   * Secrets Operator may read only these.
   * @default 'marathon-to-eks/'
   */
  readonly secretsPrefix?: string;
  /** What happens to the Secrets KMS key on `cdk destroy`. @default RemovalPolicy.RETAIN (etcd backups may need it) */
  readonly keyRemovalPolicy?: RemovalPolicy;
}

/**
 * A complete EKS environment for workloads migrated from DC/OS: VPC, cluster (private or CIDR-limited endpoint,
 * every control-plane log, Secrets encrypted with KMS), managed node groups on Amazon Linux 2023, and the add-ons
 * that replace what DC/OS gave: load balancers for marathon-lb, autoscaling, storage, secrets, monitoring.
 *
 * ```ts
 * const env = new EksEnvironment(stack, 'Eks', { endpoint: ClusterEndpoint.publicFrom('203.0.113.0/24') });
 * env.addWorkload(new MarathonWorkload(new cdk8s.App(), 'estate', { definitions, groups }));
 * ```
 */
export class EksEnvironment extends Construct {
  readonly cluster: eks.Cluster;
  readonly clusterName: string;
  readonly vpc: ec2.IVpc;
  readonly secretsKey: kms.Key;
  readonly nodeGroups: readonly eks.Nodegroup[];
  /** The node groups as configured, defaults filled in. */
  readonly nodeGroupSpecs: readonly ResolvedNodeGroup[];
  readonly secretsPrefix: string;
  readonly externalSecrets?: ExternalSecrets;
  readonly monitoring?: Monitoring;
  readonly ebsCsi?: EbsCsi;
  readonly clusterAutoscaler?: ClusterAutoscaler;
  readonly metricsServer?: MetricsServer;
  /** What the environment costs per hour (control plane, nodes at their desired size, NAT gateways), us-east-1 prices. */
  readonly hourlyCost: CostEstimate;
  /** The capacity plan the node groups come from, when they were planned for `workloads`. */
  readonly capacityPlan?: CapacityPlan;
  private readonly network: Network;
  private readonly deliveries: WorkloadDelivery[] = [];

  constructor(scope: Construct, id: string, props: EksEnvironmentProps = {}) {
    super(scope, id);
    // Amazon Linux 2023 by default and the native OIDC provider, whatever the app's feature flags say.
    this.node.setContext('@aws-cdk/aws-eks:defaultToAL2023', true);
    this.node.setContext('@aws-cdk/aws-eks:useNativeOidcProvider', true);
    registerChecks(this);

    const stack = Stack.of(this);
    const addons = props.addons ?? {};
    const on = (name: keyof EksEnvironmentAddons) => addons[name] !== false;
    this.secretsPrefix = props.secretsPrefix ?? 'marathon-to-eks/';
    this.clusterName = props.clusterName ?? defaultClusterName(stack.stackName, id);

    this.network = new Network(this, 'Network', { ...(props.vpc ? { vpc: props.vpc } : {}), ...(props.natGateways ? { natGateways: props.natGateways } : {}) });
    this.vpc = this.network.vpc;
    this.secretsKey = new kms.Key(this, 'SecretsKey', {
      description: `Envelope encryption of Kubernetes Secrets in ${this.clusterName}`,
      enableKeyRotation: true,
      removalPolicy: props.keyRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    this.cluster = new eks.Cluster(this, 'Cluster', {
      clusterName: this.clusterName,
      version: props.version ?? eks.KubernetesVersion.V1_36,
      vpc: this.vpc,
      vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
      kubectlProviderOptions: { kubectlLayer: props.kubectlLayer ?? new KubectlV36Layer(this, 'KubectlLayer') },
      secretsEncryptionKey: this.secretsKey,
      clusterLogging: [eks.ClusterLoggingTypes.API, eks.ClusterLoggingTypes.AUDIT, eks.ClusterLoggingTypes.AUTHENTICATOR, eks.ClusterLoggingTypes.CONTROLLER_MANAGER, eks.ClusterLoggingTypes.SCHEDULER],
      endpointAccess: (props.endpoint ?? ClusterEndpoint.private()).access,
      ...(on('loadBalancerController') ? { albController: { version: eks.AlbControllerVersion.V3_2_2 } } : {}),
    });
    Validations.of(this.cluster).acknowledge({ id: 'CloudFormation-Validate::W9009', reason: 'aws-eks-v2 always writes EncryptionConfig.Resources ["secrets"], which is what the key is for' });
    (props.adminRoleArns ?? []).forEach((arn, i) => this.cluster.grantClusterAdmin(`Admin${i}`, arn));

    // Groups whose pods mount EBS volumes get one node group per AZ of the VPC.
    const zones = privateSubnetsPerAz(this.vpc).length;
    if (!props.nodeGroups && props.workloads?.length) this.capacityPlan = planFor(props.workloads, { zones, ...props.capacity }, on('monitoring'));
    const specs = props.nodeGroups ?? (this.capacityPlan ? nodeGroupsFromPlan(this.capacityPlan) : defaultNodeGroups(zones, on('monitoring')));
    const resolved = specs.map(resolveNodeGroup);
    const problems = resolved.flatMap((r) => r.problems);
    const names = specs.map((spec) => spec.name);
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i) problems.push(`two node groups are named ${JSON.stringify(name)}`);
    });
    if (names.length === 0) problems.push('nodeGroups is empty: the add-ons and workloads need nodes');
    this.node.addValidation({ validate: () => problems });
    this.nodeGroupSpecs = resolved.flatMap((r) => (r.group ? [r.group] : []));
    this.nodeGroups = this.nodeGroupSpecs.map((group) => addNodeGroup(this.cluster, group, this.vpc));

    // Deployments of the add-ons need nodes to become ready.
    const afterNodes = (construct: Construct) => construct.node.addDependency(...this.nodeGroups);
    // The controller's webhook intercepts every new Service: charts that create Services wait until it is ready.
    const afterController = (construct: Construct) => {
      if (this.cluster.albController) construct.node.addDependency(this.cluster.albController);
    };
    if (on('metricsServer')) {
      this.metricsServer = new MetricsServer(this, 'MetricsServer', { cluster: this.cluster });
      afterNodes(this.metricsServer);
    }
    if (on('ebsCsi')) {
      this.ebsCsi = new EbsCsi(this, 'EbsCsi', { cluster: this.cluster, clusterName: this.clusterName });
      afterNodes(this.ebsCsi);
    }
    if (on('clusterAutoscaler')) {
      this.clusterAutoscaler = new ClusterAutoscaler(this, 'ClusterAutoscaler', { cluster: this.cluster, clusterName: this.clusterName });
      afterNodes(this.clusterAutoscaler);
      afterController(this.clusterAutoscaler);
    }
    if (on('externalSecrets')) {
      this.externalSecrets = new ExternalSecrets(this, 'ExternalSecrets', { cluster: this.cluster, secretsPrefix: this.secretsPrefix });
      afterNodes(this.externalSecrets);
      afterController(this.externalSecrets);
    }
    if (on('monitoring')) {
      if (!this.externalSecrets || !this.ebsCsi) {
        problems.push('the monitoring add-on needs the externalSecrets (Grafana and receiver credentials) and ebsCsi (persistent volumes) add-ons');
      } else {
        this.monitoring = new Monitoring(this, 'Monitoring', {
          cluster: this.cluster,
          externalSecrets: this.externalSecrets,
          secretsPrefix: this.secretsPrefix,
          clusterName: this.clusterName,
          alertReceivers: props.alertReceivers ?? [],
          ...(props.metricsRetention ? { retention: props.metricsRetention } : {}),
        });
        this.monitoring.node.addDependency(this.ebsCsi);
        afterController(this.monitoring);
      }
    } else if (props.alertReceivers?.length) {
      problems.push('alertReceivers are set but the monitoring add-on is off');
    }

    this.hourlyCost = estimateHourlyCost({ nodeGroups: this.nodeGroupSpecs, natGateways: this.network.natGatewayCount });
    acknowledgeInherentFindings(this);
    for (const workload of props.workloads ?? []) this.addWorkload(workload);
  }

  /**
   * Deploys a compiled Marathon estate (a `MarathonWorkload` chart) onto the cluster: its Namespaces in this stack,
   * then its objects spread over workload stacks that stay within CloudFormation's limits, each object that makes
   * an AWS load balancer after the controller, and the Secrets it needs synced from Secrets Manager.
   */
  addWorkload(workload: DeliverableWorkload, options: WorkloadDeliveryOptions = {}): WorkloadDelivery {
    const delivery = new WorkloadDelivery(this, `Workload-${workload.node.id}`, {
      environment: this,
      workload,
      ...options,
    });
    this.deliveries.push(delivery);
    for (const unmet of delivery.unmetNodeLabels) {
      Annotations.of(this).addWarningV2('marathon-to-eks:unmetNodeLabel', `${unmet}: its pods would stay Pending; add a node group with that label (nodeGroups)`);
    }
    return delivery;
  }

  /** Every workload delivery added so far. */
  get workloadDeliveries(): readonly WorkloadDelivery[] {
    return this.deliveries;
  }
}

/** A capacity plan for the workloads and the add-ons' own pods (without monitoring's when it is off). */
function planFor(workloads: readonly DeliverableWorkload[], options: PlanOptions, monitoring: boolean): CapacityPlan {
  const platform = monitoring ? PLATFORM_DEMAND : PLATFORM_DEMAND.filter((demand) => !demand.name.startsWith('monitoring/'));
  return planCapacity([...workloads.flatMap((workload) => demandOf(workload.translation)), ...platform], options);
}

/** `Platform` + `Eks` → `Platform-Eks`, within EKS's 100-character name limit. */
function defaultClusterName(stackName: string, id: string): string {
  return `${stackName}-${id}`.replace(/[^0-9A-Za-z-_]/g, '-').slice(0, 100);
}
