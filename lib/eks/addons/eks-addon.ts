import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { EksAddonOptions } from './addon-options';
import { PinnedComponent, resolveVersion } from './addon-versions';

export interface ManagedAddonProps extends EksAddonOptions {
  /** The cluster the add-on is installed in. */
  readonly cluster: eks.Cluster;
  /** The EKS add-on's name, e.g. `aws-ebs-csi-driver`: one of the components data/eks-addons/versions.json pins. */
  readonly addonName: PinnedComponent;
  /** The cluster's Kubernetes version (`1.36`): picks the pinned add-on version. */
  readonly kubernetesVersion: string;
}

/**
 * An EKS managed add-on at a pinned version. Without `AddonVersion`, EKS installs its default of the day, so two
 * deploys of one template could run different add-on versions (see `resolveVersion`).
 */
export function managedAddon(scope: Construct, id: string, props: ManagedAddonProps): eks.Addon {
  const version = resolveVersion(scope, props.addonName, props.kubernetesVersion, props.addonVersion);
  return new eks.Addon(scope, id, {
    cluster: props.cluster,
    addonName: props.addonName,
    ...(version !== undefined ? { addonVersion: version } : {}),
    ...(props.configurationValues ? { configurationValues: { ...props.configurationValues } } : {}),
  });
}
