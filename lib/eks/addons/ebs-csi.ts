import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PodIdentity } from './pod-identity';

export interface EbsCsiProps {
  readonly cluster: eks.Cluster;
  /** Name of the default StorageClass (the migration's `storageClass` option must match). @default 'gp3' */
  readonly storageClassName?: string;
  /** Every volume is tagged `marathon-to-eks/cluster=<clusterName>`, to find the ones left after the cluster is gone. */
  readonly clusterName: string;
}

/** The tag on every EBS volume the StorageClass provisions. */
export const VOLUME_TAG = 'marathon-to-eks/cluster';

/**
 * The EBS CSI driver (EKS add-on, credentials through Pod Identity) and a default encrypted gp3 StorageClass: what
 * the StatefulSets of migrated persistent volumes claim.
 */
export class EbsCsi extends Construct {
  readonly addon: eks.Addon;
  readonly role: iam.Role;
  readonly storageClass: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: EbsCsiProps) {
    super(scope, id);
    const { cluster } = props;
    const identity = new PodIdentity(this, 'Identity', {
      cluster,
      namespace: 'kube-system',
      serviceAccount: 'ebs-csi-controller-sa',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEBSCSIDriverPolicy')],
    });
    this.role = identity.role;
    this.addon = new eks.Addon(this, 'Addon', { cluster, addonName: 'aws-ebs-csi-driver' });
    this.addon.node.addDependency(identity);
    this.storageClass = new eks.KubernetesManifest(this, 'Gp3', {
      cluster,
      overwrite: true,
      manifest: [
        {
          apiVersion: 'storage.k8s.io/v1',
          kind: 'StorageClass',
          metadata: { name: props.storageClassName ?? 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
          provisioner: 'ebs.csi.aws.com',
          parameters: { type: 'gp3', encrypted: 'true', 'csi.storage.k8s.io/fstype': 'ext4', tagSpecification_1: `${VOLUME_TAG}=${props.clusterName}` },
          // Bind where the pod is scheduled: an EBS volume lives in one AZ.
          volumeBindingMode: 'WaitForFirstConsumer',
          allowVolumeExpansion: true,
          reclaimPolicy: 'Delete',
        },
      ],
    });
    this.storageClass.node.addDependency(this.addon);
  }
}
