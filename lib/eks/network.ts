import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** How many NAT gateways a new VPC gets: one per AZ survives the loss of an AZ; one is cheaper. */
export class NatGateways {
  /** One NAT gateway in each AZ: nodes keep outbound access when an AZ fails. */
  static perAz(): NatGateways {
    return new NatGateways(undefined);
  }

  /** A single NAT gateway: cheaper ($0.045/h each in us-east-1), but an AZ failure cuts every node's egress. */
  static single(): NatGateways {
    return new NatGateways(1);
  }

  private constructor(
    /** `undefined`: one per AZ. */
    readonly count: number | undefined,
  ) {}
}

export interface NetworkProps {
  /** An existing VPC with private subnets (with egress) for the nodes and public ones for internet-facing load balancers. @default a new VPC */
  readonly vpc?: ec2.IVpc;
  /** Availability zones of a new VPC. @default 3 */
  readonly maxAzs?: number;
  /** NAT gateways of a new VPC. @default NatGateways.perAz() */
  readonly natGateways?: NatGateways;
  /** Retention of the VPC flow logs of a new VPC. @default one year */
  readonly flowLogRetention?: logs.RetentionDays;
}

/**
 * The network the cluster runs in: private subnets for nodes and pods, public subnets for internet-facing load
 * balancers (the EKS cluster tags both for the AWS Load Balancer Controller), and flow logs.
 */
export class Network extends Construct {
  readonly vpc: ec2.IVpc;
  /** NAT gateways of the new VPC (0 for an existing VPC, whose cost is not ours to estimate). */
  readonly natGatewayCount: number;

  constructor(scope: Construct, id: string, props: NetworkProps = {}) {
    super(scope, id);
    if (props.vpc) {
      this.vpc = props.vpc;
      this.natGatewayCount = 0;
      return;
    }
    const maxAzs = props.maxAzs ?? 3;
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', {
      retention: props.flowLogRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs,
      natGateways: props.natGateways?.count,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        // Pods take their IPs from these subnets (VPC CNI): /19 leaves ~8,000 per AZ.
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 19 },
      ],
      flowLogs: { all: { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs) } },
    });
    this.vpc = vpc;
    this.natGatewayCount = props.natGateways?.count ?? vpc.availabilityZones.length;
  }
}
