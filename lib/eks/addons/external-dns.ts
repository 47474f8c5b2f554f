import { Stack, Token } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { dnsNameProblem, normalizeDnsName } from '../dcos-connection';
import { quote } from '../../util/describe';
import { ContainerResources, HelmAddonOptions, PlatformPods, oneReplica } from './addon-options';
import { HelmChartSource, helmAddon } from './helm';
import { PodIdentity } from './pod-identity';

/**
 * The chart this library was checked against: kubernetes-sigs/external-dns tag external-dns-helm-chart-1.21.1
 * (9f264513), charts/external-dns/Chart.yaml `version: 1.21.1`, `appVersion: 0.21.0`. Every value key below is in that
 * tag's values.yaml; every flag in docs/flags.md at v0.21.0 (066a11e2).
 */
export const EXTERNAL_DNS_CHART: HelmChartSource = {
  repository: 'https://kubernetes-sigs.github.io/external-dns/',
  chart: 'external-dns',
  version: '1.21.1',
};

/** What a caller can set of ExternalDNS. */
export interface ExternalDnsOptions extends HelmAddonOptions {
  /**
   * The container's resources (the chart sets none: values.yaml `resources: {}`).
   * @default requests 100m CPU / 64Mi, memory limit 128Mi (the requests of ExternalDNS's own tutorial values,
   * docs/snippets/tutorials/coredns/values-extdns-coredns.yaml at v0.21.0)
   */
  readonly resources?: ContainerResources;
}

/** The Route 53 zone ExternalDNS writes, as read from the hosted zone given to the environment. */
export interface CoexistenceZone {
  /** The zone's name, lowercase, without the trailing dot, e.g. `eks.example.internal`. */
  readonly name: string;
  /** The hosted zone ID (a token when the zone is made in the same app). */
  readonly id: string;
  /** `arn:<partition>:route53:::hostedzone/<id>`: the one zone ExternalDNS may change. */
  readonly arn: string;
}

export interface ExternalDnsProps extends ExternalDnsOptions {
  /** The cluster ExternalDNS runs in. */
  readonly cluster: eks.Cluster;
  /** The cluster's name: the owner ID of the records this ExternalDNS makes (`txtOwnerId`). */
  readonly clusterName: string;
  /** The private zone it writes, and no other. */
  readonly zone: CoexistenceZone;
}

const NAMESPACE = 'kube-system';
const SERVICE_ACCOUNT = 'external-dns';
const DEFAULT_RESOURCES: ContainerResources = {
  requests: { cpu: '100m', memory: '64Mi' },
  limits: { memory: '128Mi' },
};

/**
 * The zone of a hosted zone, or the problems that keep ExternalDNS from being scoped to it: its name must be known at
 * synth (a literal, to scope ExternalDNS and to compare with the workloads' `coexistenceDomain`), and a literal ID must
 * look like one (it reaches a chart argument that Helm renders as a template).
 */
export function coexistenceZone(zone: route53.IHostedZone): { zone?: CoexistenceZone; problems: string[] } {
  let zoneName: string;
  try {
    zoneName = zone.zoneName;
  } catch {
    return {
      problems: [
        'coexistence.zone has no name (HostedZone.fromHostedZoneId()): use HostedZone.fromHostedZoneAttributes() or PrivateHostedZone.fromPrivateHostedZoneAttributes() with its zoneName',
      ],
    };
  }
  if (Token.isUnresolved(zoneName)) {
    return { problems: ['coexistence.zone: its name must be a literal, known at synth, not a token'] };
  }
  const name = normalizeDnsName(zoneName);
  const invalid = name === undefined ? 'is not a DNS name' : dnsNameProblem(name);
  const problems: string[] = [];
  if (invalid !== undefined) {
    problems.push(`coexistence.zone: its name ${quote(zoneName)} ${invalid}`);
  }
  if (zone instanceof route53.PublicHostedZone) {
    problems.push(
      `coexistence.zone ${quote(zoneName)} is a public zone: the forwarders' names belong in a private zone (PrivateHostedZone), which ExternalDNS is limited to`,
    );
  }
  const id = zone.hostedZoneId;
  if (!Token.isUnresolved(id) && !/^[A-Z0-9]{1,32}$/.test(id)) {
    problems.push(`coexistence.zone: ${quote(id)} is not a Route 53 hosted zone ID (Z…, capital letters and digits)`);
  }
  if (problems.length > 0 || name === undefined) {
    return { problems };
  }
  return { zone: { name, id, arn: zone.hostedZoneArn }, problems };
}

/**
 * ExternalDNS for the coexistence zone: it names the internal NLBs that apps still on DC/OS reach migrated workloads
 * through, in the Route 53 private zone given to the environment, and nowhere else. Credentials through Pod Identity
 * (the AWS SDK for Go v2 that external-dns v0.21.0 builds with, go.mod `aws-sdk-go-v2/config v1.32.14`, is newer than
 * release-2023-11-14, the first with Pod Identity: EKS user guide service-accounts.adoc, "Use pod identity with the
 * AWS SDK"; external-dns docs/tutorials/aws.md, "EKS Pod Identity Associations").
 */
export class ExternalDns extends Construct {
  /** Its pods: one replica (the chart's deployment.yaml has `replicas: 1`) with the configured resources. */
  static pods(options: ExternalDnsOptions = {}): PlatformPods[] {
    return [oneReplica(`${NAMESPACE}/external-dns`, options.resources ?? DEFAULT_RESOURCES)];
  }

  readonly chart: eks.HelmChart;
  readonly role: iam.Role;
  /** The zone it writes. */
  readonly zone: CoexistenceZone;

  constructor(scope: Construct, id: string, props: ExternalDnsProps) {
    super(scope, id);
    const { cluster, zone } = props;
    this.zone = zone;
    // The policy of docs/tutorials/aws.md (v0.21.0), with the zone ARN instead of `hostedzone/*`:
    // ListTagsForResources is only called with --aws-zone-tags (provider/aws/aws.go tagsForZone), kept as documented.
    const identity = new PodIdentity(this, 'Identity', {
      cluster,
      namespace: NAMESPACE,
      serviceAccount: SERVICE_ACCOUNT,
      statements: [
        new iam.PolicyStatement({
          actions: [
            'route53:ChangeResourceRecordSets',
            'route53:ListResourceRecordSets',
            'route53:ListTagsForResources',
          ],
          resources: [zone.arn],
        }),
        // ListHostedZones has no resource-level permissions; ExternalDNS lists the zones, then keeps only this one.
        new iam.PolicyStatement({ actions: ['route53:ListHostedZones'], resources: ['*'] }),
      ],
    });
    this.role = identity.role;
    const values = {
      provider: { name: 'aws' },
      // Only Services: the internal NLBs of the coexistence Services carry `external-dns.alpha.kubernetes.io/hostname`.
      sources: ['service'],
      domainFilters: [zone.name],
      // upsert-only never deletes a record, not even one it made (plan/policy.go UpsertOnlyPolicy strips deletions);
      // with the txt registry it changes only records whose TXT owner is this cluster (docs/registry/registry.md). A
      // record stays when its Service goes: remove it by hand, or set `policy: sync` in `values`.
      policy: 'upsert-only',
      registry: 'txt',
      txtOwnerId: props.clusterName,
      extraArgs: {
        // Private zones only, and this one by ID: a public zone of the same name is never touched.
        'aws-zone-type': 'private',
        'zone-id-filter': zone.id,
      },
      serviceAccount: { create: true, name: SERVICE_ACCOUNT },
      // The SDK needs a region for Route 53's endpoint (docs/tutorials/aws.md sets AWS_DEFAULT_REGION).
      env: [{ name: 'AWS_DEFAULT_REGION', value: Stack.of(this).region }],
      resources: props.resources ?? DEFAULT_RESOURCES,
    };
    this.chart = helmAddon(this, 'Chart', props, { cluster, chart: EXTERNAL_DNS_CHART, namespace: NAMESPACE, values });
    this.chart.node.addDependency(identity);
  }
}
