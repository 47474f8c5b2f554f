import { KubectlV36Layer } from '@aws-cdk/lambda-layer-kubectl-v36';
import { Annotations, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { demandOf } from '../capacity/demand';
import { CapacityPlan, PlanOptions, planCapacity } from '../capacity/plan';
import { mergeValues } from './addons/addon-options';
import { resolveVersion } from './addons/addon-versions';
import {
  EksEnvironmentAddons,
  LOAD_BALANCER_CONTROLLER_RESOURCES,
  ResolvedAddons,
  platformWorkloadDemand,
  resolveAddons,
} from './addons/addons';
import { ClusterAutoscaler } from './addons/cluster-autoscaler';
import { CoreDns } from './addons/coredns';
import { EbsCsi } from './addons/ebs-csi';
import { CUTOVER_RELEASE, CoexistenceZone, ExternalDns, coexistenceZone } from './addons/external-dns';
import { ExternalSecrets } from './addons/external-secrets';
import { MetricsServer } from './addons/metrics-server';
import { MONITORING_NAMESPACE, Monitoring } from './addons/monitoring';
import { registerChecks } from './checks';
import { ClusterEndpoint } from './cluster-endpoint';
import { CostEstimate, estimateHourlyCost } from './cost';
import { CoexistenceOptions, DcosConnection, coexistenceDomainProblem } from './dcos-connection';
import { acknowledgeInherentFindings } from './nag';
import { NatGateways, Network } from './network';
import { NodeGroupSpec, ResolvedNodeGroup, addNodeGroup, privateSubnetsPerAz, resolveNodeGroup } from './node-groups';
import { AutoModeNodePools, AutoModeStorage } from './capacity/auto-mode';
import { AUTO_MODE_NODE_ROLE_ID, addNodeLaunchers, clusterCapacityProps } from './capacity/node-launchers';
import { autoModeCluster, pinPodIdentityAgent } from './addons/pod-identity';
import { Capacity, CapacityMode, NodeGroupsCapacityOptions } from './capacity/capacity';
import { capacityProblems, nodeGroupSpecsOf, nodePoolsOf, resolveCapacity } from './capacity/capacity-choice';
import { Karpenter } from './capacity/karpenter';
import { NodePoolPlan } from '../capacity/node-pools';
import { TrafficCutover, TrafficCutoverProps, cutoverZoneProblem } from './traffic-cutover';
import { DeliverableWorkload, WorkloadDelivery, WorkloadDeliveryOptions } from './workload-delivery';
import { GitOpsDeliveries } from './gitops-deliveries';
import { Delivery, GitOpsEngine } from './gitops/gitops-options';
import { ARGOCD_NAMESPACE } from '../gitops/argocd-objects';
import { cutoverRoutes } from '../translate/traffic-cutover';

export type { EksEnvironmentAddons } from './addons/addons';

export interface EksEnvironmentProps {
  /**
   * The EKS cluster's name. A literal: IAM conditions and autoscaler tags name it.
   * @default the stack name and this construct's id, e.g. `Platform-Eks`
   */
  readonly clusterName?: string;
  /** The cluster's Kubernetes version; the add-on versions are pinned per minor. @default KubernetesVersion.V1_36 */
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
  /** How `workloads` reach the cluster (as `addWorkload`'s `delivery`). @default Delivery.cloudFormation() */
  readonly delivery?: Delivery;
  /**
   * Argo CD, which syncs the workloads delivered by `Delivery.gitOps` (README, "Large estates"): the EKS capability
   * (`GitOpsEngine.managedArgoCd`) or the argo-cd chart (`GitOpsEngine.argoCdHelm`).
   * @default none: no workload may be delivered by GitOps
   */
  readonly gitOpsEngine?: GitOpsEngine;
  /**
   * Where the nodes come from (README, "Choosing a capacity mode"): `Capacity.nodeGroups()` (managed node groups and
   * the Cluster Autoscaler), `Capacity.karpenter()` or `Capacity.autoMode()` (NodePools derived from the capacity
   * plan). A bare `PlanOptions` object, as earlier versions took, means `Capacity.nodeGroups({ plan })`.
   * @default Capacity.nodeGroups()
   */
  readonly capacity?: Capacity | PlanOptions;
  /**
   * Managed node groups (with `Capacity.nodeGroups()` only; as its `groups`). @default planned for `workloads`;
   * without them `defaultNodeGroups`: with monitoring (zonal volumes) `general-az1` … one per AZ, 1 × m6i.large each
   * (autoscaling to 3); else `general`: 3 × m6i.large (to 9)
   */
  readonly nodeGroups?: readonly NodeGroupSpec[];
  /** The add-ons, each with its own options (README, "Add-ons"). @default every add-on, with its defaults */
  readonly addons?: EksEnvironmentAddons;
  /**
   * Name prefix of the AWS Secrets Manager secrets the environment reads: the Secrets of migrated workloads
   * (`<prefix><DC/OS secret path>`) and its own (Grafana's admin, `<prefix><cluster>/grafana-admin`). The External
   * Secrets Operator may read only these.
   * @default 'marathon-to-eks/'
   */
  readonly secretsPrefix?: string;
  /** What happens to the Secrets KMS key on `cdk destroy`. @default RemovalPolicy.RETAIN (etcd backups may need it) */
  readonly keyRemovalPolicy?: RemovalPolicy;
  /**
   * The DC/OS cluster the estate leaves, while apps run on both: CoreDNS (then the managed `coredns` add-on) forwards
   * the DC/OS zones to its masters' DNS, so migrated workloads keep calling the apps still on DC/OS by their DC/OS
   * names (`api-shop.marathon.mesos`). The network path to DC/OS is yours to provide (docs/dcos-coexistence.md).
   * @default none: DC/OS names do not resolve in the cluster
   */
  readonly dcos?: DcosConnection;
  /**
   * Where apps still on DC/OS find migrated workloads: ExternalDNS names their internal NLBs in this Route 53 private
   * zone, and writes no other. A workload translated with `coexistenceDomain` must name this zone.
   * @default none: no ExternalDNS, and no workload may be translated with `coexistenceDomain`
   */
  readonly coexistence?: CoexistenceOptions;
  /**
   * Move marathon-lb's public vhosts to the workloads' ALBs by weight: every vhost of a workload translated with
   * `trafficCutover: { zone, weight }` gets a weighted pair in this public zone, the `marathon-lb` record here (weight
   * 100 − weight) and the `eks` record from a second ExternalDNS release (`external-dns-cutover`, which may write
   * weighted records in this zone only). A workload translated with `trafficCutover` must name this zone. Manifests
   * applied with kubectl instead: pass their routes as `trafficCutover.routes` (the migration report's
   * `routeCutover.routes`). The marathon-lb records are retained: CloudFormation never deletes them.
   * @default none: no weighted records, and no workload may be translated with `trafficCutover`
   */
  readonly trafficCutover?: TrafficCutoverProps;
}

/**
 * A complete EKS environment for workloads migrated from DC/OS: VPC, cluster (private or CIDR-limited endpoint,
 * every control-plane log, Secrets encrypted with KMS), nodes sized by the capacity plan (managed node groups on Amazon
 * Linux 2023, Karpenter or EKS Auto Mode: `capacity`), and the add-ons that replace what DC/OS gave: load balancers
 * for marathon-lb, autoscaling, storage, secrets, monitoring.
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
  /** CoreDNS as a managed add-on, when it is on (`dcos` turns it on). */
  readonly coreDns?: CoreDns;
  /** ExternalDNS, when it is on (`coexistence` turns it on). */
  readonly externalDns?: ExternalDns;
  /** The coexistence zone, as read from `coexistence.zone`. */
  readonly coexistenceZone?: CoexistenceZone;
  /** The marathon-lb records of the traffic cut-over, when `trafficCutover` is set. */
  readonly trafficCutover?: TrafficCutover;
  /** The ExternalDNS release that writes the ALB records of the cut-over (`external-dns-cutover`), when it is set. */
  readonly cutoverExternalDns?: ExternalDns;
  /** The add-ons that are on, with their options. */
  readonly addons: ResolvedAddons;
  /** The cluster's Kubernetes version, e.g. `1.36`. */
  readonly kubernetesVersion: string;
  /** What the environment costs per hour (control plane, nodes at their desired size, NAT gateways), us-east-1 prices. */
  readonly hourlyCost: CostEstimate;
  /** The capacity plan the node groups or NodePools come from, when they were planned. */
  readonly capacityPlan?: CapacityPlan;
  /** Where the nodes come from. */
  readonly capacityMode: CapacityMode;
  /** The NodePools planned for Karpenter or Auto Mode (none with node groups). */
  readonly nodePools: readonly NodePoolPlan[];
  /** Karpenter, with `Capacity.karpenter()`. */
  readonly karpenter?: Karpenter;
  /** The planned NodePools of Auto Mode, with `Capacity.autoMode()`. */
  readonly autoModeNodePools?: AutoModeNodePools;
  /** Auto Mode's default StorageClass, with `Capacity.autoMode()`. */
  readonly autoModeStorage?: AutoModeStorage;
  /** What makes EBS volumes: the EBS CSI add-on, or Auto Mode's block storage. */
  readonly blockStorage?: EbsCsi | AutoModeStorage;
  /** Argo CD (`gitOpsEngine`) and the bootstrap of the workloads delivered by GitOps. */
  readonly gitOps: GitOpsDeliveries;
  private readonly network: Network;
  private readonly deliveries: WorkloadDelivery[] = [];
  /** What is wrong with the props and the workloads: synth fails with all of them. */
  private readonly problems: string[] = [];
  private readonly hasCoexistence: boolean;

  constructor(scope: Construct, id: string, props: EksEnvironmentProps = {}) {
    super(scope, id);
    // The native OIDC provider, and Amazon Linux 2023 for node groups added to `cluster` without an amiType (ours
    // always name theirs; aws-eks-v2's Nodegroup reads the flag only to pick a missing one), whatever the app's
    // feature flags say.
    this.node.setContext('@aws-cdk/aws-eks:defaultToAL2023', true);
    this.node.setContext('@aws-cdk/aws-eks:useNativeOidcProvider', true);
    registerChecks(this);

    const stack = Stack.of(this);
    this.hasCoexistence = props.coexistence !== undefined;
    const hasCutover = props.trafficCutover !== undefined;
    const capacity = resolveCapacity(props.capacity);
    this.capacityMode = capacity.mode;
    const triggers = {
      dcos: props.dcos !== undefined,
      coexistence: this.hasCoexistence,
      trafficCutover: hasCutover,
      capacityMode: capacity.mode,
      ...(props.gitOpsEngine ? { gitOpsEngine: props.gitOpsEngine } : {}),
    };
    const addons = resolveAddons(props.addons, triggers);
    this.addons = addons;
    const version = props.version ?? eks.KubernetesVersion.V1_36;
    this.kubernetesVersion = version.version;
    this.secretsPrefix = props.secretsPrefix ?? 'marathon-to-eks/';
    this.clusterName = props.clusterName ?? defaultClusterName(stack.stackName, id);
    const problems = this.problems;
    this.node.addValidation({ validate: () => problems });
    problems.push(
      ...capacityProblems(capacity, {
        addons: props.addons ?? {},
        ...(props.nodeGroups ? { nodeGroups: props.nodeGroups } : {}),
        dcos: props.dcos !== undefined,
      }),
    );
    // JavaScript callers of earlier versions: these moved into the monitoring add-on's options.
    for (const moved of ['alertReceivers', 'metricsRetention'] as const) {
      if ((props as Record<string, unknown>)[moved] !== undefined) {
        problems.push(`${moved} moved to addons.monitoring.${moved === 'metricsRetention' ? 'retention' : moved}`);
      }
    }

    this.network = new Network(this, 'Network', {
      ...(props.vpc ? { vpc: props.vpc } : {}),
      ...(props.natGateways ? { natGateways: props.natGateways } : {}),
    });
    this.vpc = this.network.vpc;
    this.secretsKey = new kms.Key(this, 'SecretsKey', {
      description: `Envelope encryption of Kubernetes Secrets in ${this.clusterName}`,
      enableKeyRotation: true,
      removalPolicy: props.keyRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    const controller = addons.loadBalancerController;
    this.cluster = new eks.Cluster(this, 'Cluster', {
      clusterName: this.clusterName,
      version,
      vpc: this.vpc,
      vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
      ...clusterCapacityProps(this, capacity),
      kubectlProviderOptions: { kubectlLayer: props.kubectlLayer ?? new KubectlV36Layer(this, 'KubectlLayer') },
      secretsEncryptionKey: this.secretsKey,
      clusterLogging: [
        eks.ClusterLoggingTypes.API,
        eks.ClusterLoggingTypes.AUDIT,
        eks.ClusterLoggingTypes.AUTHENTICATOR,
        eks.ClusterLoggingTypes.CONTROLLER_MANAGER,
        eks.ClusterLoggingTypes.SCHEDULER,
      ],
      endpointAccess: (props.endpoint ?? ClusterEndpoint.private()).access,
      ...(controller
        ? {
            albController: {
              version: controller.version ?? eks.AlbControllerVersion.V3_2_2,
              // The chart sets no requests (aws-load-balancer-controller 3.2.2 values.yaml `resources: {}`): ours are what the capacity plan counts.
              additionalHelmChartValues: mergeValues(
                { resources: controller.resources ?? LOAD_BALANCER_CONTROLLER_RESOURCES },
                controller.values,
              ),
            },
          }
        : {}),
    });
    Validations.of(this.cluster).acknowledge({
      id: 'CloudFormation-Validate::W9009',
      reason: 'aws-eks-v2 always writes EncryptionConfig.Resources ["secrets"], which is what the key is for',
    });
    (props.adminRoleArns ?? []).forEach((arn, i) => this.cluster.grantClusterAdmin(`Admin${i}`, arn));
    // Auto Mode's nodes run the agent themselves (see autoModeCluster): no add-on, no version to pin.
    if (!autoModeCluster(this.cluster)) {
      pinPodIdentityAgent(
        this.cluster,
        resolveVersion(this, 'eks-pod-identity-agent', this.kubernetesVersion, addons.podIdentityAgent.addonVersion),
      );
    }

    // Groups whose pods mount EBS volumes get one node group per AZ of the VPC.
    const zones = privateSubnetsPerAz(this.vpc).length;
    const givenGroups = props.nodeGroups ?? (capacity.options as NodeGroupsCapacityOptions).groups;
    // Karpenter and Auto Mode always plan (the add-ons' pods alone, without workloads): their NodePools come from it.
    const plans = capacity.mode === 'node-groups' ? !givenGroups && (props.workloads?.length ?? 0) > 0 : true;
    if (plans) {
      this.capacityPlan = planCapacity(
        [
          ...(props.workloads ?? []).flatMap((workload) => demandOf(workload.translation)),
          ...platformWorkloadDemand(addons, triggers),
        ],
        { zones, ...capacity.planOptions },
      );
    }
    const specs = nodeGroupSpecsOf(capacity, {
      given: givenGroups,
      plan: this.capacityPlan,
      zones,
      zonalVolumes: addons.monitoring !== undefined,
    });
    const resolved = specs.map(resolveNodeGroup);
    problems.push(...resolved.flatMap((r) => r.problems));
    const names = specs.map((spec) => spec.name);
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i) {
        problems.push(`two node groups are named ${JSON.stringify(name)}`);
      }
    });
    if (names.length === 0 && capacity.mode === 'node-groups') {
      problems.push('nodeGroups is empty: the add-ons and workloads need nodes');
    }
    // A duplicate is reported above; only the first of a name is built (construct ids are the names).
    this.nodeGroupSpecs = resolved.flatMap((r, i) => (r.group && names.indexOf(r.group.name) === i ? [r.group] : []));
    this.nodeGroups = this.nodeGroupSpecs.map((group) => addNodeGroup(this.cluster, group, this.vpc));
    this.nodePools = nodePoolsOf(capacity, this.capacityPlan);
    const launchers = addNodeLaunchers(this, capacity, {
      cluster: this.cluster,
      clusterName: this.clusterName,
      vpc: this.vpc,
      nodeGroups: this.nodeGroups,
      pools: this.nodePools,
    });
    problems.push(...launchers.problems);
    for (const warning of launchers.warnings) {
      Annotations.of(this).addWarningV2('marathon-to-eks:unmetNodeLabel', warning);
    }
    this.karpenter = launchers.karpenter;
    this.autoModeNodePools = launchers.autoModeNodePools;
    const capacityReady = [launchers.karpenter, launchers.autoModeNodePools].filter((c) => c !== undefined);

    // An add-on's pods need nodes to become ready. The controller's mutating webhook intercepts every new Service
    // (aws-load-balancer-controller 3.2.2 templates/webhook.yaml: mservice.elbv2.k8s.aws, failurePolicy Fail), so
    // every add-on that may create one waits until the controller is ready.
    const afterNodesAndController = (construct: Construct) => {
      construct.node.addDependency(...this.nodeGroups, ...capacityReady);
      if (this.cluster.albController) {
        construct.node.addDependency(this.cluster.albController);
      }
    };
    const common = { cluster: this.cluster, kubernetesVersion: this.kubernetesVersion };
    if (addons.metricsServer) {
      this.metricsServer = new MetricsServer(this, 'MetricsServer', { ...addons.metricsServer, ...common });
      afterNodesAndController(this.metricsServer);
    }
    if (addons.ebsCsi) {
      this.ebsCsi = new EbsCsi(this, 'EbsCsi', { ...addons.ebsCsi, ...common, clusterName: this.clusterName });
      afterNodesAndController(this.ebsCsi);
    }
    if (capacity.mode === 'auto-mode') {
      this.autoModeStorage = new AutoModeStorage(this, 'AutoModeStorage', {
        cluster: this.cluster,
        clusterName: this.clusterName,
      });
    }
    this.blockStorage = this.ebsCsi ?? this.autoModeStorage;
    if (addons.clusterAutoscaler) {
      this.clusterAutoscaler = new ClusterAutoscaler(this, 'ClusterAutoscaler', {
        ...addons.clusterAutoscaler,
        ...common,
        clusterName: this.clusterName,
      });
      afterNodesAndController(this.clusterAutoscaler);
    }
    if (addons.externalSecrets) {
      this.externalSecrets = new ExternalSecrets(this, 'ExternalSecrets', {
        ...addons.externalSecrets,
        cluster: this.cluster,
        clusterName: this.clusterName,
        // Argo CD's repository Secret comes through the platform store too.
        platformNamespaces: [MONITORING_NAMESPACE, ...(props.gitOpsEngine ? [ARGOCD_NAMESPACE] : [])],
      });
      afterNodesAndController(this.externalSecrets);
    }
    this.coreDns = this.addCoreDns(props.dcos, afterNodesAndController);
    this.coexistenceZone = this.readCoexistenceZone(props.coexistence);
    if (addons.externalDns && this.coexistenceZone) {
      this.externalDns = new ExternalDns(this, 'ExternalDns', {
        ...addons.externalDns,
        cluster: this.cluster,
        clusterName: this.clusterName,
        zone: this.coexistenceZone,
      });
      afterNodesAndController(this.externalDns);
    } else if (addons.externalDns && !this.hasCoexistence && !hasCutover) {
      problems.push(
        'addons.externalDns needs coexistence: { zone }, the private zone it writes the NLB names in, or trafficCutover: { zone, marathonLb }',
      );
    } else if (!addons.externalDns && this.hasCoexistence) {
      Annotations.of(this).addWarningV2(
        'marathon-to-eks:noExternalDns',
        'coexistence is set but addons.externalDns is off: nothing names the NLBs in the coexistence zone unless you run ExternalDNS yourself',
      );
    }
    if (props.trafficCutover) {
      this.trafficCutover = new TrafficCutover(this, 'TrafficCutover', props.trafficCutover);
      const zone = this.trafficCutover.zone;
      if (!addons.externalDns) {
        problems.push(
          'trafficCutover needs the externalDns add-on (addons.externalDns is false): ExternalDNS writes the ALB record (set identifier eks) of every weighted pair',
        );
      } else if (zone) {
        this.cutoverExternalDns = new ExternalDns(this, 'ExternalDnsCutover', {
          ...addons.externalDns,
          cluster: this.cluster,
          clusterName: this.clusterName,
          zone,
          release: CUTOVER_RELEASE,
        });
        afterNodesAndController(this.cutoverExternalDns);
      }
    }
    if (addons.monitoring) {
      problems.push(...Monitoring.problems(addons.monitoring));
      const storage = this.blockStorage;
      if (!this.externalSecrets || !storage) {
        problems.push(
          'the monitoring add-on needs the externalSecrets (Grafana and receiver credentials) and ebsCsi (persistent volumes; under Auto Mode its own block storage) add-ons',
        );
      } else {
        this.monitoring = new Monitoring(this, 'Monitoring', {
          ...addons.monitoring,
          storageClassName: addons.monitoring.storageClassName ?? storage.storageClassName,
          cluster: this.cluster,
          externalSecrets: this.externalSecrets,
          secretsPrefix: this.secretsPrefix,
          clusterName: this.clusterName,
        });
        this.monitoring.node.addDependency(storage);
        afterNodesAndController(this.monitoring);
        if (
          addons.monitoring.storageClassName !== undefined &&
          addons.monitoring.storageClassName !== storage.storageClassName
        ) {
          Annotations.of(this).addWarningV2(
            'marathon-to-eks:storageClassMismatch',
            `monitoring claims the StorageClass ${JSON.stringify(addons.monitoring.storageClassName)}, but the ${this.ebsCsi ? 'ebsCsi add-on' : 'Auto Mode storage'} makes ${JSON.stringify(storage.storageClassName)}: Prometheus, Alertmanager and Grafana would stay Pending unless you make it`,
          );
        }
      }
    }

    this.gitOps = new GitOpsDeliveries(this, {
      cluster: this.cluster,
      clusterName: this.clusterName,
      ...(props.gitOpsEngine ? { engine: props.gitOpsEngine } : {}),
      ...(this.externalSecrets ? { externalSecrets: this.externalSecrets } : {}),
      problems,
      afterPlatform: afterNodesAndController,
      ...(this.monitoring ? { deleteBefore: [this.monitoring.chart, this.monitoring.crds] } : {}),
    });

    this.hourlyCost = estimateHourlyCost({
      nodeGroups: this.nodeGroupSpecs,
      nodePools: this.nodePools,
      autoMode: capacity.mode === 'auto-mode',
      natGateways: this.network.natGatewayCount,
    });
    acknowledgeInherentFindings(
      this,
      autoModeCluster(this.cluster)
        ? {
            nodeRoles: [this.node.tryFindChild(AUTO_MODE_NODE_ROLE_ID), this.autoModeNodePools?.nodeRole].filter(
              (role): role is Construct => role !== undefined,
            ),
          }
        : undefined,
    );
    for (const workload of props.workloads ?? []) {
      this.addWorkload(workload, props.delivery ? { delivery: props.delivery } : {});
    }
  }

  /**
   * Deploys a compiled Marathon estate (a `MarathonWorkload` chart) onto the cluster: its Namespaces in this stack,
   * then its objects spread over workload stacks that stay within CloudFormation's limits, each object that makes
   * an AWS load balancer after the controller, and the Secrets it needs synced from Secrets Manager.
   */
  addWorkload(workload: DeliverableWorkload, options: WorkloadDeliveryOptions = {}): WorkloadDelivery {
    // An invalid zone is reported once, by the constructor. A workload other than MarathonWorkload may carry a
    // translation without options: it asks for no coexistence domain.
    const zoneName = this.coexistenceZone?.name;
    const domain = (workload.translation as Partial<DeliverableWorkload['translation']> | undefined)?.options
      ?.coexistenceDomain;
    const domainProblem =
      this.hasCoexistence && zoneName === undefined
        ? undefined
        : coexistenceDomainProblem(workload.node.id, domain, zoneName);
    if (domainProblem !== undefined) {
      this.problems.push(domainProblem);
    }
    this.addCutoverRoutes(workload);
    const gitOps = options.delivery?.gitOps;
    if (gitOps) {
      this.gitOps.bootstrapFor(workload, gitOps);
    }
    const delivery = new WorkloadDelivery(this, `Workload-${workload.node.id}`, {
      environment: this,
      workload,
      ...options,
    });
    this.deliveries.push(delivery);
    for (const unmet of delivery.unmetNodeLabels) {
      Annotations.of(this).addWarningV2(
        'marathon-to-eks:unmetNodeLabel',
        `${unmet}: its pods would stay Pending; add a node group with that label (nodeGroups)`,
      );
    }
    return delivery;
  }

  /** Every workload delivery added so far. */
  get workloadDeliveries(): readonly WorkloadDelivery[] {
    return this.deliveries;
  }

  /** The marathon-lb records of a workload's vhosts, when it was translated with `trafficCutover`. */
  private addCutoverRoutes(workload: DeliverableWorkload): void {
    const translation = workload.translation as Partial<DeliverableWorkload['translation']> | undefined;
    const zone = translation?.options?.trafficCutover?.zone;
    const problem = cutoverZoneProblem(workload.node.id, zone, {
      hasCutover: this.trafficCutover !== undefined,
      ...(this.trafficCutover?.zone ? { zoneName: this.trafficCutover.zone.name } : {}),
    });
    if (problem !== undefined) {
      this.problems.push(problem);
      return;
    }
    if (zone === undefined || !this.trafficCutover?.zone) {
      return;
    }
    for (const route of cutoverRoutes(workload.translation)) {
      this.trafficCutover.addRoute(route);
    }
  }

  /** The managed CoreDNS, when it is on, forwarding the DC/OS zones when `dcos` is set. */
  private addCoreDns(dcos: DcosConnection | undefined, after: (construct: Construct) => void): CoreDns | undefined {
    const options = this.addons.coreDns;
    if (dcos && !(dcos instanceof DcosConnection)) {
      this.problems.push('dcos must be made by DcosConnection.mesosDns({ servers })');
      return undefined;
    }
    if (dcos) {
      this.problems.push(...dcos.problems);
      if (!options) {
        this.problems.push(
          'dcos needs the coreDns add-on (addons.coreDns is false): the DC/OS zones are forwarded through its Corefile',
        );
      } else if (options.configurationValues?.corefile !== undefined) {
        this.problems.push(
          'addons.coreDns.configurationValues.corefile would replace the Corefile that forwards the DC/OS zones: leave it out with dcos, or forward the zones in your own Corefile without dcos',
        );
      }
    }
    if (!options) {
      return undefined;
    }
    const coreDns = new CoreDns(this, 'CoreDns', {
      ...options,
      cluster: this.cluster,
      kubernetesVersion: this.kubernetesVersion,
      forwardZones: dcos?.forwardZones ?? [],
    });
    after(coreDns);
    return coreDns;
  }

  /** The coexistence zone, or undefined with the problems reported. */
  private readCoexistenceZone(coexistence: CoexistenceOptions | undefined): CoexistenceZone | undefined {
    if (!coexistence) {
      return undefined;
    }
    if (!(coexistence as Partial<CoexistenceOptions>).zone) {
      this.problems.push('coexistence needs zone: the Route 53 private zone the NLB names go in');
      return undefined;
    }
    const read = coexistenceZone(coexistence.zone);
    this.problems.push(...read.problems);
    return read.zone;
  }
}

/** `Platform` + `Eks` → `Platform-Eks`, within EKS's 100-character name limit. */
function defaultClusterName(stackName: string, id: string): string {
  return `${stackName}-${id}`.replace(/[^0-9A-Za-z-_]/g, '-').slice(0, 100);
}
