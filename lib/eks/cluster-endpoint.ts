import * as eks from 'aws-cdk-lib/aws-eks-v2';

/** Who can reach the Kubernetes API endpoint. */
export class ClusterEndpoint {
  /** Only from inside the VPC (and networks peered or connected to it): the safest; kubectl needs a VPN or a bastion. */
  static private(): ClusterEndpoint {
    return new ClusterEndpoint(eks.EndpointAccess.PRIVATE, 'private');
  }

  /** Public, but only from these CIDR blocks (e.g. the office and the CI runners), and private inside the VPC. */
  static publicFrom(...cidrs: string[]): ClusterEndpoint {
    if (cidrs.length === 0) {
      throw new Error('ClusterEndpoint.publicFrom() needs at least one CIDR block');
    }
    const open = cidrs.filter((cidr) => cidr === '0.0.0.0/0' || cidr === '::/0');
    if (open.length > 0) {
      throw new Error(
        `ClusterEndpoint.publicFrom(${open.join(', ')}) opens the API to the whole internet; use ClusterEndpoint.openToTheWorld() and acknowledge marathon-to-eks::M2E-EKS1 if that is really meant`,
      );
    }
    for (const cidr of cidrs) {
      if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(cidr)) {
        throw new Error(`ClusterEndpoint.publicFrom(): ${JSON.stringify(cidr)} is not a CIDR block`);
      }
    }
    return new ClusterEndpoint(
      eks.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...cidrs),
      `public from ${cidrs.join(', ')}`,
    );
  }

  /** Public from anywhere: the synth-time check M2E-EKS1 fails until it is acknowledged with a reason. */
  static openToTheWorld(): ClusterEndpoint {
    return new ClusterEndpoint(eks.EndpointAccess.PUBLIC_AND_PRIVATE, 'public from anywhere');
  }

  private constructor(
    /** The aws-eks-v2 setting. */
    readonly access: eks.EndpointAccess,
    /** Who can reach it, in words: `private`, `public from 203.0.113.0/24`, `public from anywhere`. */
    readonly description: string,
  ) {}
}
