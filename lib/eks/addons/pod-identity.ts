import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export interface PodIdentityProps {
  /** The cluster whose pods get the role. */
  readonly cluster: eks.Cluster;
  /** Namespace of the service account. */
  readonly namespace: string;
  /** Name of the service account whose pods get the role's credentials. */
  readonly serviceAccount: string;
  /** What the pods may do. @default nothing */
  readonly statements?: readonly iam.PolicyStatement[];
  /** AWS managed policies, for add-ons whose documented policy is one. @default none */
  readonly managedPolicies?: readonly iam.IManagedPolicy[];
}

/**
 * Whether EKS Auto Mode runs the cluster's nodes. Its nodes run the Pod Identity agent themselves ("EKS Auto Mode:
 * you don't need to install the EKS Pod Identity Agent", docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html),
 * so the agent add-on, which aws-eks-v2 makes on first use of `Cluster.eksPodIdentityAgent`, is not asked for.
 */
export function autoModeCluster(cluster: eks.Cluster): boolean {
  const resource = cluster.node.defaultChild as eks.CfnCluster | undefined;
  const compute = resource?.computeConfig as eks.CfnCluster.ComputeConfigProperty | undefined;
  return compute?.enabled === true;
}

/**
 * An IAM role for one Kubernetes service account through EKS Pod Identity: no OIDC provider, no annotation on the
 * service account; the agent add-on hands the pods credentials.
 */
export class PodIdentity extends Construct {
  readonly role: iam.Role;
  readonly association: eks.CfnPodIdentityAssociation;

  constructor(scope: Construct, id: string, props: PodIdentityProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      // Pod Identity assumes the role with session tags (sts:AssumeRole and sts:TagSession).
      assumedBy: new iam.SessionTagsPrincipal(new iam.ServicePrincipal('pods.eks.amazonaws.com')),
      description: `EKS Pod Identity for ${props.namespace}/${props.serviceAccount}`,
      managedPolicies: [...(props.managedPolicies ?? [])],
    });
    for (const statement of props.statements ?? []) {
      this.role.addToPolicy(statement);
    }
    this.association = new eks.CfnPodIdentityAssociation(this, 'Association', {
      clusterName: props.cluster.clusterName,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      roleArn: this.role.roleArn,
    });
    const agent = autoModeCluster(props.cluster) ? undefined : props.cluster.eksPodIdentityAgent;
    if (agent) {
      this.association.node.addDependency(agent);
    }
  }
}

/**
 * Pins the pod identity agent, which aws-eks-v2 creates on first use (`Cluster.eksPodIdentityAgent`) without a
 * version: through its CfnAddon, so there stays one agent add-on whoever asks for it.
 */
export function pinPodIdentityAgent(cluster: eks.Cluster, version: string | undefined): void {
  const agent = cluster.eksPodIdentityAgent;
  const resource = agent?.node.defaultChild as eks.CfnAddon | undefined;
  if (resource && version !== undefined) {
    resource.addonVersion = version;
  }
}
