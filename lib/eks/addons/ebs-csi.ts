import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { EksAddonOptions, PlatformPods } from './addon-options';
import { managedAddon } from './eks-addon';
import { platformManifest } from './manifest';
import { PodIdentity } from './pod-identity';

/** What a caller can set of the EBS CSI driver and its StorageClass. */
export interface EbsCsiOptions extends EksAddonOptions {
  /**
   * Name of the StorageClass (encrypted gp3, bound where the pod is scheduled). The migrated StatefulSets and
   * monitoring claim it: the environment warns when a workload asks for another class.
   * @default 'gp3'
   */
  readonly storageClassName?: string;
  /** Make it the cluster's default StorageClass (claims without a class get it). @default true */
  readonly defaultClass?: boolean;
}

export interface EbsCsiProps extends EbsCsiOptions {
  /** The cluster the driver and the StorageClass are installed in. */
  readonly cluster: eks.Cluster;
  /** The cluster's Kubernetes version (`1.36`). */
  readonly kubernetesVersion: string;
  /** Every volume is tagged `marathon-to-eks/cluster=<clusterName>`, to find the ones left after the cluster is gone. */
  readonly clusterName: string;
}

/** The tag on every EBS volume the StorageClass provisions. */
export const VOLUME_TAG = 'marathon-to-eks/cluster';

/** The StorageClass the environment makes when none is named. */
export const DEFAULT_STORAGE_CLASS = 'gp3';

/**
 * The EBS CSI driver (EKS add-on, credentials through Pod Identity) and a default encrypted gp3 StorageClass: what
 * the StatefulSets of migrated persistent volumes claim.
 */
export class EbsCsi extends Construct {
  /**
   * Its pods: the controller, 2 replicas (`controller.replicaCount: 2`) of the driver and four sidecars. The driver,
   * provisioner, attacher and resizer request 10m / 40Mi (`controller.resources`; the sidecars' own are `{}` and
   * inherit it), the liveness probe 10m / 32Mi; the snapshotter runs only when the snapshot CRDs are installed, which
   * the environment does not do. Checked in kubernetes-sigs/aws-ebs-csi-driver v1.64.0 (the newest release),
   * charts/aws-ebs-csi-driver/values.yaml and templates/controller.yaml; the pinned add-on builds (v1.56, v1.57) are
   * older releases of the same chart, which the EKS add-on renders. Its
   * node DaemonSet is part of each node's DaemonSet overhead (lib/capacity/node-shape.ts).
   */
  static pods(): PlatformPods[] {
    const sidecar = { requests: { cpu: '10m', memory: '40Mi' } };
    return [
      {
        name: 'kube-system/ebs-csi-controller',
        replicas: 2,
        containers: [sidecar, sidecar, sidecar, sidecar, { requests: { cpu: '10m', memory: '32Mi' } }],
      },
    ];
  }

  readonly addon: eks.Addon;
  readonly role: iam.Role;
  readonly storageClass: eks.KubernetesManifest;
  readonly storageClassName: string;

  constructor(scope: Construct, id: string, props: EbsCsiProps) {
    super(scope, id);
    const { cluster } = props;
    this.storageClassName = props.storageClassName ?? DEFAULT_STORAGE_CLASS;
    const identity = new PodIdentity(this, 'Identity', {
      cluster,
      namespace: 'kube-system',
      serviceAccount: 'ebs-csi-controller-sa',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEBSCSIDriverPolicy')],
    });
    this.role = identity.role;
    this.addon = managedAddon(this, 'Addon', { ...props, addonName: 'aws-ebs-csi-driver' });
    this.addon.node.addDependency(identity);
    this.storageClass = platformManifest(this, 'Gp3', cluster, [
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: {
          name: this.storageClassName,
          ...(props.defaultClass !== false
            ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }
            : {}),
        },
        provisioner: 'ebs.csi.aws.com',
        parameters: {
          type: 'gp3',
          encrypted: 'true',
          'csi.storage.k8s.io/fstype': 'ext4',
          tagSpecification_1: `${VOLUME_TAG}=${props.clusterName}`,
        },
        // Bind where the pod is scheduled: an EBS volume lives in one AZ.
        volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: true,
        reclaimPolicy: 'Delete',
      },
    ]);
    this.storageClass.node.addDependency(this.addon);
  }
}
