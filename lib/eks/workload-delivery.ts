import { Annotations, CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct, IConstruct } from 'constructs';
import { workloadKey } from '../translate/estate-objects';
import { EstateTranslation } from '../translate/estate-translation';
import { ExternalSecrets } from './addons/external-secrets';
import { secretStoreObject, secretSync } from '../translate/external-secret-objects';
import {
  DEFAULT_DELIVERY_LIMITS,
  DeliveryLimits,
  DeliveryPlan,
  ObjectGroup,
  RenderedObject,
  createsLoadBalancer,
  planDelivery,
} from './delivery';
import { ResolvedNodeGroup, unmetLabels } from './node-groups';
import { storageClassMismatches } from './storage-check';
import { Delivery } from './gitops/gitops-options';
import { estateObjects } from '../translate/estate-objects';
import { renderedObject } from '../workload/manifests';

/** What `addWorkload` needs of a compiled estate: `MarathonWorkload` is one. */
export interface DeliverableWorkload extends Construct {
  /**
   * The rendered objects, in the order of `estateObjects(translation)`: the namespaces, then each workload's objects.
   * A workload's delivery bucket follows from its translation (`workloadKey`), not from what is rendered, so
   * rendering may add to an object but must not rename it or move it to another namespace.
   */
  toJson(): unknown[];
  /** What the translation decided; the delivery buckets, Secrets and node labels come from it. */
  readonly translation: EstateTranslation;
}

export interface WorkloadDeliveryOptions {
  /**
   * How the manifests reach the cluster: from the stacks, or synced by Argo CD from the repository that
   * `convert --layout gitops` writes (README, "Large estates"). Under GitOps the stacks still apply the Namespaces and
   * each namespace's SecretStore (their IAM roles are made here), and nothing else of the estate: the ExternalSecrets
   * are in Git too.
   * @default Delivery.cloudFormation()
   */
  readonly delivery?: Delivery;
  /**
   * How many buckets the workloads are hashed into (a power of two). Once the estate is deployed, pin the value the
   * synth output reports: the default grows with the estate, and a smaller count later would delete buckets.
   * @default grows with the estate, about half-full buckets
   */
  readonly bucketCount?: number;
  /**
   * How many manifests the Namespaces are hashed into by name (a power of two). Pin it too once deployed: a namespace
   * then never changes manifest, and a smaller count later would delete namespace manifests, and their namespaces.
   * @default grows with the estate, about half-full manifests
   */
  readonly namespaceBucketCount?: number;
  /**
   * Sizes of manifests and workload stacks.
   * @default DEFAULT_DELIVERY_LIMITS (96 KiB manifests, 16 buckets and 800 KiB per stack)
   */
  readonly limits?: DeliveryLimits;
}

/** What a delivery needs of the environment it lands on: `EksEnvironment` is one. */
export interface DeliveryTarget extends IConstruct {
  /** The cluster the manifests apply to. */
  readonly cluster: eks.Cluster;
  /** The cluster's name, in the workload stacks' descriptions. */
  readonly clusterName: string;
  /** Name prefix of the Secrets Manager secrets the workloads' Secrets are synced from. */
  readonly secretsPrefix: string;
  /** The node groups, to find the node labels the workloads select that none carries. */
  readonly nodeGroupSpecs: readonly ResolvedNodeGroup[];
  /** The StorageClass the EBS CSI driver makes, when the add-on is on. */
  readonly ebsCsi?: { readonly storageClassName: string };
  /**
   * What makes EBS volumes and its StorageClass: the EBS CSI add-on or Auto Mode's block storage.
   * @default `ebsCsi`
   */
  readonly blockStorage?: { readonly storageClassName: string };
  /** The NodePools of Karpenter or Auto Mode, whose labels pods may select as node groups'. @default none */
  readonly nodePools?: readonly { readonly labels: Readonly<Record<string, string>> }[];
  /** The External Secrets Operator, when the add-on is on: the workloads' Secrets are synced through it. */
  readonly externalSecrets?: Pick<ExternalSecrets, 'store' | 'storePolicy' | 'rolePath' | 'namespaceStore'>;
  /**
   * The monitoring add-on, when it is on: buckets holding prometheus-operator objects (ServiceMonitors, PodMonitors,
   * PrometheusRules) apply after its CRDs chart.
   * @default none: a workload with such objects fails synthesis, naming the way out
   */
  readonly monitoring?: { readonly crds: IConstruct };
  /**
   * The metrics-server add-on, when it is on: HorizontalPodAutoscalers read pods' CPU and memory through it.
   * @default none: a workload with HPAs gets a warning (its pods would stay at minReplicas)
   */
  readonly metricsServer?: IConstruct;
}

export interface WorkloadDeliveryProps extends WorkloadDeliveryOptions {
  /** The environment the workload is delivered to. */
  readonly environment: DeliveryTarget;
  /** The compiled estate. */
  readonly workload: DeliverableWorkload;
}

/**
 * One compiled estate on the cluster. Namespaces go in the environment's stack; the objects in workload stacks
 * (`<stack>-<workload>-<n>`), one `KubernetesManifest` per bucket (see `planDelivery`), each bucket always in the
 * same stack so it is never deleted and re-created elsewhere.
 */
export class WorkloadDelivery extends Construct {
  readonly plan: DeliveryPlan;
  readonly stacks: readonly Stack[];
  readonly namespaceManifests: readonly eks.KubernetesManifest[];
  readonly manifests: readonly eks.KubernetesManifest[];
  /** Node labels the workloads select that no node group carries. */
  readonly unmetNodeLabels: readonly string[];
  /** AWS Secrets Manager secrets to create before deploying (name → what it holds). */
  readonly secretsToCreate: ReadonlyMap<string, string>;

  constructor(scope: Construct, id: string, props: WorkloadDeliveryProps) {
    super(scope, id);
    const { environment, workload } = props;
    const cluster = environment.cluster;
    const home = Stack.of(this);
    const translation = workload.translation;
    // A handoff keeps the buckets (see GitOpsDeliveryOptions.handoff): the manifests are rendered as before.
    const handoff = props.delivery?.gitOps?.handoff === true;
    const gitOps = props.delivery?.kind === 'gitops' && !handoff;
    // Under GitOps no bucket ever deletes what it applied: it prunes nothing and is retained when it leaves the
    // template, because what it held is Argo CD's (or, in a handoff, about to be).
    const keepApplied = props.delivery?.kind === 'gitops';
    // Under GitOps the chart is never rendered: Argo CD applies what convert wrote, and at 10,000 apps rendering
    // costs seconds and a copy of every object. The translation's objects carry the same kinds and fields (the
    // chart only orders keys and drops empty values: a test holds the two equal), enough for the checks below; only
    // the Namespaces this delivery still applies are rendered.
    const rendered = gitOps
      ? ([
          ...translation.namespaces.map(renderedObject),
          ...estateObjects(translation).slice(translation.namespaces.length),
        ] as RenderedObject[])
      : (workload.toJson() as RenderedObject[]);
    const storage = environment.blockStorage ?? environment.ebsCsi;
    for (const mismatch of storageClassMismatches(rendered, storage ? [storage.storageClassName] : [])) {
      Annotations.of(environment).addWarningV2(
        'marathon-to-eks:storageClassMismatch',
        `${workload.node.id}: ${mismatch}`,
      );
    }

    const namespaces = rendered.slice(0, translation.namespaces.length);
    const groups: ObjectGroup[] = [];
    let offset = namespaces.length;
    for (const translated of translation.workloads) {
      const objects = rendered.slice(offset, offset + translated.translation.objects.length);
      offset += translated.translation.objects.length;
      // An autoscaler app is not emitted: no objects, no bucket (and no first object to key it by).
      if (objects.length > 0 && !gitOps) {
        groups.push({ key: workloadKey(translated), objects });
      }
    }
    // Each namespace-level monitoring object (after the workloads' in `rendered`: the namespace's dashboard) travels
    // alone. Its key (two slashes) is no workload's and no Secret's. The dashboard depends on the namespace only, so
    // when another estate of this environment already delivers it (two waves compiled apart), this one does not: two
    // manifests would own one object, and deleting either would take it away.
    const dashboardOwners = monitoringOwners.get(environment) ?? new Map<string, string>();
    monitoringOwners.set(environment, dashboardOwners);
    for (const object of gitOps ? [] : rendered.slice(offset)) {
      const namespace = object.metadata?.namespace ?? 'default';
      const owner = dashboardOwners.get(namespace);
      if (owner !== undefined && owner !== workload.node.id) {
        continue;
      }
      dashboardOwners.set(namespace, workload.node.id);
      groups.push({ key: `monitoring/${namespace}/${object.metadata?.name}`, objects: [object] });
    }
    const watched = rendered.some(isMonitoringObject);
    if (watched && !environment.monitoring) {
      const problem = `${workload.node.id}: its workloads have ServiceMonitors, PodMonitors or PrometheusRules (prometheus-operator objects), but the environment's monitoring add-on, which installs their CRDs, is off: turn it on (addons.monitoring), or compile the workload with alerts: false (convert --no-alerts)`;
      this.node.addValidation({ validate: () => [problem] });
    }
    const scaled = rendered.filter((object) => object.kind === 'HorizontalPodAutoscaler').length;
    if (scaled > 0 && !environment.metricsServer) {
      // A warning, not an error: another provider of metrics.k8s.io (prometheus-adapter) may be installed by hand.
      Annotations.of(this).addWarningV2(
        'marathon-to-eks:hpaWithoutMetricsServer',
        `${workload.node.id}: ${scaled} HorizontalPodAutoscaler${scaled > 1 ? 's' : ''} but the environment's metricsServer add-on is off: without a metrics.k8s.io provider they cannot read CPU or memory, and their workloads stay at minReplicas; turn it on (addons.metricsServer) or install another provider`,
      );
    }
    const secrets = secretSync(translation.secrets, environment.secretsPrefix);
    this.secretsToCreate = secrets.remote;
    // Each namespace's SecretStore travels alone, so the ExternalSecrets keep the buckets they had. Its role is made
    // in the stack its bucket lands in, once the plan is known; until then the store carries a placeholder of the
    // ARN's length.
    const stores = new Map<RenderedObject, { namespace: string; secretNames: string[] }>();
    if (environment.externalSecrets) {
      // Under GitOps the ExternalSecrets are in Git (convert --layout gitops writes them with the same
      // secretSync); the stores stay here, as their IAM roles are made here.
      for (const [key, object] of gitOps ? [] : secrets.objects) {
        groups.push({ key, objects: [object] });
      }
      const owners = storeOwners.get(environment) ?? new Map<string, string>();
      storeOwners.set(environment, owners);
      const shared = [...secrets.byNamespace.keys()].filter((namespace) => owners.has(namespace));
      // One SecretStore per namespace: a second estate's store (and role) would overwrite the first's on every deploy.
      if (shared.length > 0) {
        const problem = `${workload.node.id}: namespace${shared.length > 1 ? 's' : ''} ${shared.join(', ')} already get${shared.length > 1 ? '' : 's'} Secrets from workload ${[...new Set(shared.map((namespace) => owners.get(namespace)))].join(', ')}; each namespace's SecretStore belongs to one workload: compile those definitions into one MarathonWorkload, or give them other namespaces`;
        this.node.addValidation({ validate: () => [problem] });
      }
      for (const namespace of secrets.byNamespace.keys()) {
        if (!owners.has(namespace)) {
          owners.set(namespace, workload.node.id);
        }
      }
      for (const [namespace, secretNames] of secrets.byNamespace) {
        const placeholder = storePlaceholder(namespace, environment);
        stores.set(placeholder, { namespace, secretNames });
        groups.push({ key: `secretstore/${namespace}`, objects: [placeholder] });
      }
    } else if (secrets.remote.size > 0) {
      Annotations.of(this).addWarningV2(
        'marathon-to-eks:secretsNotSynced',
        `the externalSecrets add-on is off: create these Kubernetes Secrets by hand: ${[...secrets.objects.keys()].join(', ')}`,
      );
    }

    this.plan = planDelivery(namespaces, groups, {
      limits: props.limits ?? DEFAULT_DELIVERY_LIMITS,
      ...(props.bucketCount !== undefined ? { bucketCount: props.bucketCount } : {}),
      ...(props.namespaceBucketCount !== undefined ? { namespaceBucketCount: props.namespaceBucketCount } : {}),
    });
    if (props.bucketCount === undefined || props.namespaceBucketCount === undefined) {
      const secretsSynced = secrets.objects.size;
      Annotations.of(this).addInfo(
        `${workload.node.id}: ${translation.workloads.length} workloads${secretsSynced > 0 ? ` and ${secretsSynced} Secrets` : ''} in ${this.plan.bucketCount} buckets, ${namespaces.length} Namespaces in ${this.plan.namespaceBucketCount}; once deployed, pin them with addWorkload(workload, { bucketCount: ${this.plan.bucketCount}, namespaceBucketCount: ${this.plan.namespaceBucketCount} })`,
      );
    }

    // Each namespace manifest keeps its bucket's id (an estate with one keeps `Namespaces0`); like the buckets, a
    // manifest split from a parent applies the namespaces it takes over before the parent updates. And a Namespace
    // holds everything in it, so no manifest ever deletes one: they apply without --prune, and CloudFormation
    // retains them when a manifest leaves the template (an estate whose namespaces were packed by the earlier,
    // unhashed scheme reshuffles once without losing any). A namespace dropped from the estate is left to delete by hand.
    const namespacesByIndex = new Map<number, eks.KubernetesManifest>();
    for (const manifest of this.plan.namespaces) {
      namespacesByIndex.set(
        manifest.index,
        new eks.KubernetesManifest(this, `Namespaces${manifest.index}`, {
          cluster,
          manifest: [...manifest.objects],
          overwrite: true,
          prune: false,
          removalPolicy: RemovalPolicy.RETAIN,
        }),
      );
    }
    for (const manifest of this.plan.namespaces) {
      const parent = manifest.splitFrom === undefined ? undefined : namespacesByIndex.get(manifest.splitFrom);
      if (parent) {
        parent.node.addDependency(namespacesByIndex.get(manifest.index) as eks.KubernetesManifest);
      }
    }
    this.namespaceManifests = [...namespacesByIndex.values()];
    const afterPlatform = [
      ...this.namespaceManifests,
      ...(environment.externalSecrets
        ? [environment.externalSecrets.store, environment.externalSecrets.storePolicy]
        : []),
    ];

    const stacks = new Map<number, Stack>();
    const stackFor = (index: number): Stack => {
      let stack = stacks.get(index);
      if (!stack) {
        stack = new Stack(home.node.scope as Construct, `${home.node.id}-${workload.node.id}-${index}`, {
          stackName: `${home.stackName}-${workload.node.id}-${index}`,
          env: { account: home.account, region: home.region },
          description: `Workloads ${workload.node.id} (bucket stack ${index}) of ${environment.clusterName}, by marathon-to-eks`,
        });
        stack.addStackDependency(home);
        stacks.set(index, stack);
      }
      return stack;
    };
    const byIndex = new Map<number, eks.KubernetesManifest>();
    for (const bucket of this.plan.buckets) {
      const stack = stackFor(bucket.stack);
      const objects = bucket.objects.map((object) => {
        const store = stores.get(object);
        return store && environment.externalSecrets
          ? environment.externalSecrets.namespaceStore(stack, store.namespace, store.secretNames).store
          : object;
      });
      const manifest = new eks.KubernetesManifest(stack, `Bucket${bucket.index}`, {
        cluster,
        manifest: objects,
        overwrite: true,
        ...(keepApplied ? { prune: false, removalPolicy: RemovalPolicy.RETAIN } : {}),
      });
      manifest.node.addDependency(...afterPlatform);
      if (environment.monitoring && bucket.objects.some(isMonitoringObject)) {
        manifest.node.addDependency(environment.monitoring.crds);
      }
      // Deleting a load balancer's Service or Ingress needs the controller: it must outlive them on destroy.
      if (bucket.createsLoadBalancer && cluster.albController) {
        manifest.node.addDependency(cluster.albController);
      }
      byIndex.set(bucket.index, manifest);
    }
    for (const bucket of this.plan.buckets) {
      const parent = bucket.splitFrom === undefined ? undefined : byIndex.get(bucket.splitFrom);
      // The new sibling applies its share before the parent drops it, so moved objects are never deleted.
      if (parent) {
        parent.node.addDependency(byIndex.get(bucket.index) as eks.KubernetesManifest);
      }
    }
    this.manifests = [...byIndex.values()];
    this.stacks = [...stacks.entries()].sort(([a], [b]) => a - b).map(([, stack]) => stack);

    // Under GitOps the buckets hold no Service or Ingress: the rendered objects say whether any makes a load balancer.
    if (
      (gitOps ? rendered.some(createsLoadBalancer) : this.plan.buckets.some((bucket) => bucket.createsLoadBalancer)) &&
      !cluster.albController
    ) {
      Annotations.of(this).addWarningV2(
        'marathon-to-eks:noLoadBalancerController',
        'workloads have Ingresses or LoadBalancer Services but the loadBalancerController add-on is off: no AWS load balancer will be made for them',
      );
    }
    this.unmetNodeLabels = unmetLabels(
      [...environment.nodeGroupSpecs, ...(environment.nodePools ?? [])],
      translation.nodeLabels,
    );
    if (secrets.remote.size > 0) {
      new CfnOutput(this, 'SecretsToCreate', {
        description: 'AWS Secrets Manager secrets the migrated workloads read (create them before they start)',
        value: [...secrets.remote.keys()].join(', ').slice(0, 4000),
      });
    }
  }
}

/** A prometheus-operator object: kubectl can apply it only once the CRDs are installed. */
function isMonitoringObject(object: RenderedObject): boolean {
  return object.apiVersion.startsWith('monitoring.coreos.com/');
}

/** Which workload delivers each namespace's dashboard, per environment. */
const monitoringOwners = new WeakMap<DeliveryTarget, Map<string, string>>();

/** Which workload each namespace's SecretStore belongs to, per environment. */
const storeOwners = new WeakMap<DeliveryTarget, Map<string, string>>();

/** A SecretStore as long as the real one will be, to size the bucket before its role exists. */
function storePlaceholder(namespace: string, environment: DeliveryTarget): RenderedObject {
  const arn = `arn:aws:iam::123456789012:role${environment.externalSecrets?.rolePath ?? '/'}namespaces/${namespace}/${'x'.repeat(48)}`;
  return secretStoreObject(namespace, 'xx-xxxxxxxxx-1', arn);
}

export { secretSync } from '../translate/external-secret-objects';
