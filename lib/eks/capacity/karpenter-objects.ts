import { NodePoolPlan } from '../../capacity/node-pools';
import { amiAliasProblem } from '../../validate/kube-karpenter';
import { KarpenterCapacityOptions } from './capacity';
import { NodePoolFlavor, nodePoolObject } from './node-pool-object';
import { nodePoolOptionProblems, resolveNodePoolOptions } from './node-pool-options';

/*
 * The Kubernetes objects Karpenter launches nodes from: one EC2NodeClass (how a node is made: AMI, role, subnets,
 * security groups, IMDS, disk) shared by one NodePool per planned pool (what nodes may be made). Pure, so the
 * construct, the tests and the `plan` CLI build the same objects.
 */

/**
 * The EKS-optimized Amazon Linux 2023 release the EC2NodeClass pins (`amiSelectorTerms[0].alias`). v20260714 ships
 * Kubernetes 1.36 AMIs for x86_64 and arm64, standard and NVIDIA (awslabs/amazon-eks-ami CHANGELOG.md, "AMI Release
 * v20260714": amazon-eks-node-al2023-{x86_64,arm64}-{standard,nvidia}-1.36-v20260714, kubelet 1.36.2).
 */
export const DEFAULT_AMI_ALIAS = 'al2023@v20260714';

/** The EC2NodeClass every planned NodePool names. */
export const KARPENTER_NODE_CLASS = 'marathon-to-eks';

/**
 * The nodes' root volume: the planned node groups' disk (node-groups.ts, 50 GiB), not Karpenter's AL2023 default of
 * 20Gi (website/content/en/v1.14/concepts/nodeclasses.md, "spec.blockDeviceMappings"), which images of DC/OS apps
 * fill quickly. Encrypted gp3, as that default.
 */
export const KARPENTER_ROOT_VOLUME_GIB = 50;

/** What the objects take from the cluster: names and ids, literal or CloudFormation tokens. */
export interface KarpenterNodeContext {
  /** The node IAM role's name (EC2NodeClass `role`: Karpenter makes the instance profile). */
  readonly nodeRoleName: string;
  /** The EC2NodeClass's `subnetSelectorTerms`: by `karpenter.sh/discovery` tag or by id. */
  readonly subnetSelectorTerms: readonly SelectorTerm[];
  /** The EC2NodeClass's `securityGroupSelectorTerms`. */
  readonly securityGroupSelectorTerms: readonly SelectorTerm[];
}

/** One selector term of an EC2NodeClass: an id, or tags that must all match. */
export type SelectorTerm = { readonly id: string } | { readonly tags: Readonly<Record<string, string>> };

/** The NodePool flavor of Karpenter on AWS: `karpenter.k8s.aws` instance labels, our EC2NodeClass. */
export const KARPENTER_FLAVOR: NodePoolFlavor = {
  instanceLabelDomain: 'karpenter.k8s.aws',
  nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: KARPENTER_NODE_CLASS },
};

/** The EC2NodeClass the planned pools share. */
export function ec2NodeClassObject(
  options: Pick<KarpenterCapacityOptions, 'amiAlias'>,
  context: KarpenterNodeContext,
): Record<string, unknown> {
  return {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: { name: KARPENTER_NODE_CLASS },
    spec: {
      // With an alias, amiFamily follows from it (the CRD requires amiFamily only without one).
      amiSelectorTerms: [{ alias: options.amiAlias ?? DEFAULT_AMI_ALIAS }],
      role: context.nodeRoleName,
      subnetSelectorTerms: context.subnetSelectorTerms.map(copyTerm),
      securityGroupSelectorTerms: context.securityGroupSelectorTerms.map(copyTerm),
      // The CRD's defaults (karpenter.k8s.aws_ec2nodeclasses.yaml v1.14.1, metadataOptions.default), written out so
      // the template says it: IMDSv2 only, and a hop limit of 1 so pods off the host network cannot reach it.
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpProtocolIPv6: 'disabled',
        httpPutResponseHopLimit: 1,
        httpTokens: 'required',
      },
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          ebs: {
            volumeSize: `${KARPENTER_ROOT_VOLUME_GIB}Gi`,
            volumeType: 'gp3',
            encrypted: true,
            deleteOnTermination: true,
          },
        },
      ],
    },
  };
}

function copyTerm(term: SelectorTerm): Record<string, unknown> {
  return 'id' in term ? { id: term.id } : { tags: { ...term.tags } };
}

/** The EC2NodeClass, then one NodePool per planned pool, in the plan's order. */
export function karpenterNodeObjects(
  pools: readonly NodePoolPlan[],
  options: KarpenterCapacityOptions,
  context: KarpenterNodeContext,
): Record<string, unknown>[] {
  const resolved = resolveNodePoolOptions(options);
  return [
    ec2NodeClassObject(options, context),
    ...pools.map((pool) => nodePoolObject(pool, KARPENTER_FLAVOR, resolved)),
  ];
}

/** Problems of the Karpenter options, for synth to list (`where` names them: `capacity`). */
export function karpenterOptionProblems(options: KarpenterCapacityOptions, where = 'capacity'): string[] {
  const problems = nodePoolOptionProblems(options, where);
  if (options.amiAlias !== undefined) {
    const problem = amiAliasProblem(options.amiAlias);
    if (problem !== undefined) {
      problems.push(`${where}.amiAlias: ${problem}`);
    } else if (!options.amiAlias.startsWith('al2023@')) {
      // Bottlerocket keeps containers on a second volume (/dev/xvdb; Karpenter nodeclasses.md v1.14.1, default block
      // device mappings), which the one 50 GiB /dev/xvda mapping of the EC2NodeClass would replace.
      problems.push(
        `${where}.amiAlias: ${JSON.stringify(options.amiAlias)}: the EC2NodeClass is made for Amazon Linux 2023 (its one root volume), and EKS AMI releases carry no Amazon Linux 2 AMIs any more (amazon-eks-ami v20260714 ships only AL2023): use al2023@<release>`,
      );
    }
  }
  return problems;
}
