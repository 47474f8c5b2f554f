import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';

/**
 * Kubernetes objects an add-on applies, as the environment applies them: with `kubectl apply` (`overwrite`), so an
 * object that is already in the cluster is updated instead of failing the deploy.
 */
export function platformManifest(
  scope: Construct,
  id: string,
  cluster: eks.ICluster,
  manifest: object[],
): eks.KubernetesManifest {
  return new eks.KubernetesManifest(scope, id, { cluster, overwrite: true, manifest });
}
