import { Stack, Token } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { dnsNameProblem, normalizeDnsName } from '../dcos-connection';
import { quote } from '../../util/describe';
import { ContainerResources, HelmAddonOptions, PlatformPods, oneReplica } from './addon-options';
import { CUTOVER_ANNOTATIONS, SET_IDENTIFIERS } from '../../translate/traffic-cutover';
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

/**
 * One ExternalDNS release: what it reads and which kind of zone it writes. Each release has its own name (release,
 * `fullnameOverride`, service account, Pod Identity role), so two of them side by side share no object: every name in
 * the chart comes from `external-dns.fullname` (chart 1.21.1 templates/_helpers.tpl L23-34), the ClusterRole's too
 * (templates/clusterrole.yaml L5).
 */
export interface ExternalDnsRelease {
  /** The release name, and the name of its objects and service account. */
  readonly name: string;
  /** The chart's `sources` (values.yaml L227-229). */
  readonly sources: readonly string[];
  /** `--aws-zone-type` (docs/flags.md L72 at v0.21.0): only zones of this kind are listed, then the one by ID. */
  readonly zoneType: 'private' | 'public';
  /** The chart's `annotationFilter` (values.yaml L256; label-selector syntax on annotations, source/annotations/filter.go L30-49). */
  readonly annotationFilter?: string;
  /**
   * `--exclude-record-types` (docs/flags.md L31, docs/tutorials/aws.md L1165 at v0.21.0): a record type it never
   * writes. The flag repeats for more than one type; the chart's `extraArgs` map renders a list value as the flag
   * repeated, once per item (chart 1.21.1 templates/deployment.yaml L142-145, values.yaml L322-323). One type is all
   * a release here needs, so it is a single value.
   */
  readonly excludeRecordType?: string;
  /**
   * The chart's `txtPrefix` (values.yaml L239-241; `--txt-prefix`, templates/deployment.yaml L106-107): what the name
   * of each TXT ownership record starts with. @default none: ExternalDNS glues the type to the first label
   */
  readonly txtPrefix?: string;
  /** `--txt-wildcard-replacement` (docs/flags.md L169): the label that stands for a leading `*` in TXT names. */
  readonly txtWildcardReplacement?: string;
  /**
   * The only record types its role may change: the IAM condition `ForAllValues:StringEquals`
   * `route53:ChangeResourceRecordSetsRecordTypes` on `route53:ChangeResourceRecordSets`.
   * @default any type in its zone
   */
  readonly changeRecordTypes?: readonly string[];
}

/**
 * The coexistence release: only Services, since the internal NLBs of the coexistence Services carry
 * `external-dns.alpha.kubernetes.io/hostname`; private zones only, so a public zone of the same name is never touched.
 */
export const COEXISTENCE_RELEASE: ExternalDnsRelease = {
  name: 'external-dns',
  sources: ['service'],
  zoneType: 'private',
};

/**
 * The prefix of the cut-over release's TXT ownership records. At v0.21.0 the TXT of an alias A record is named for
 * type `cname` (registry/txt/registry.go L310-314), and `ToTXTName` (registry/mapper/mapper.go L88-110) splits the
 * host at its first dot: without `%{record_type}` in the prefix it glues `cname-` to the first label, so the TXT of
 * the zone apex `example.com` would be `cname-example.com` (or `<prefix>cname-example.com`), outside the zone. The
 * AWS provider drops a change outside every zone it manages (provider/aws/aws.go L1315-1321), so that TXT would never
 * be written; without it the `eks` record has no owner, and the plan drops every later update of a record this
 * instance does not own (plan/plan.go L229-235): the weight would stay at its first value. With `%{record_type}` in the
 * prefix (replaced by the lowercase type, mapper.go L122-127, and then no type is glued on, L101-103) and a final dot,
 * the prefix is a label of its own in front of the host, as docs/registry/txt.md L8-9 advises for apex records:
 * `shop.example.com` → `_m2e-cname.shop.example.com`, `example.com` → `_m2e-cname.example.com`, both in the zone, and
 * the host's own labels keep their 63-character limit. The leading underscore keeps these names apart from every
 * vhost (an Ingress host is a DNS-1123 name, without underscores). Back from a TXT name, `ToEndpointName` strips the
 * prefix with each supported type in turn (mapper.go L143-160); the final dot keeps `_m2e-a.` from matching
 * `_m2e-aaaa.…`. Change it only with the TXT records renamed: ExternalDNS no longer owns records whose TXT has another
 * prefix (docs/registry/txt.md L97-98).
 */
export const CUTOVER_TXT_PREFIX = '_m2e-%{record_type}.';

/**
 * The label that stands for the `*` of a wildcard vhost in the TXT names of the cut-over release. With the prefix
 * alone, the TXT of `*.example.com` would be `_m2e-cname.*.example.com`, a `*` in a middle label, which is no wildcard
 * and which ExternalDNS calls invalid for most providers (docs/registry/txt.md L106-110; registry/txt/registry.go
 * L55-58); Route 53 says a `*` cannot replace a middle label
 * (https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html, Name). `ToTXTName` puts this
 * label in its place (mapper.go L96-99), and `Records` does the same to the endpoint's name before it looks up its owner
 * (registry.go L243-253), so `*.example.com` owns `_m2e-cname._wildcard.example.com`. A vhost cannot be
 * `_wildcard.example.com` (no underscore in an Ingress host), so no two hosts share a TXT name.
 */
export const CUTOVER_TXT_WILDCARD_REPLACEMENT = '_wildcard';

/**
 * The cut-over release: the ALB record (set identifier `eks`) of each weighted pair, from the Ingresses that carry the
 * weighted-record annotations and only those (the filter), in the public zone only. An ALB target becomes an ALIAS A
 * record and an ALIAS AAAA copy (provider/aws/aws.go L844-868 at v0.21.0; docs/tutorials/aws.md L845): marathon-lb has
 * no AAAA record, so an AAAA set would hold the ALB alone and send every IPv6 client there whatever the weights.
 * Hence no AAAA. Its TXT ownership records are named so that they stay in the zone for the apex and for wildcards
 * (`CUTOVER_TXT_PREFIX`, `CUTOVER_TXT_WILDCARD_REPLACEMENT`). Its role may change A records (the ALB aliases: an alias
 * target is an A record, aws.go L921-925) and TXT records (their owners), nothing else in the public zone.
 */
export const CUTOVER_RELEASE: ExternalDnsRelease = {
  name: 'external-dns-cutover',
  sources: ['ingress'],
  zoneType: 'public',
  annotationFilter: `${CUTOVER_ANNOTATIONS.setIdentifier}=${SET_IDENTIFIERS.eks}`,
  excludeRecordType: 'AAAA',
  txtPrefix: CUTOVER_TXT_PREFIX,
  txtWildcardReplacement: CUTOVER_TXT_WILDCARD_REPLACEMENT,
  changeRecordTypes: ['A', 'TXT'],
};

export interface ExternalDnsProps extends ExternalDnsOptions {
  /** The cluster ExternalDNS runs in. */
  readonly cluster: eks.Cluster;
  /** The cluster's name: the owner ID of the records this ExternalDNS makes (`txtOwnerId`). */
  readonly clusterName: string;
  /** The zone it writes, and no other. */
  readonly zone: CoexistenceZone;
  /** Which release this is. @default COEXISTENCE_RELEASE */
  readonly release?: ExternalDnsRelease;
}

const NAMESPACE = 'kube-system';
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
  return readZone(zone, {
    where: 'coexistence.zone',
    imports: 'PrivateHostedZone.fromPrivateHostedZoneAttributes()',
    wrongKind:
      zone instanceof route53.PublicHostedZone
        ? "is a public zone: the forwarders' names belong in a private zone (PrivateHostedZone), which ExternalDNS is limited to"
        : undefined,
  });
}

/** How a zone prop is read: where it is (for the messages), how to import it with a name, and why its kind is wrong. */
export interface ZoneReading {
  /** The prop, e.g. `coexistence.zone`. */
  readonly where: string;
  /** The import that keeps the name, besides `HostedZone.fromHostedZoneAttributes()`. */
  readonly imports: string;
  /** Why the zone is of the wrong kind (private or public), when it is. */
  readonly wrongKind?: string;
}

/** A hosted zone as ExternalDNS is scoped to it: a literal name, an ID that looks like one (when literal), its ARN. */
export function readZone(
  zone: route53.IHostedZone,
  reading: ZoneReading,
): { zone?: CoexistenceZone; problems: string[] } {
  const { where } = reading;
  let zoneName: string;
  try {
    zoneName = zone.zoneName;
  } catch {
    return {
      problems: [
        `${where} has no name (HostedZone.fromHostedZoneId()): use HostedZone.fromHostedZoneAttributes() or ${reading.imports} with its zoneName`,
      ],
    };
  }
  if (Token.isUnresolved(zoneName)) {
    return { problems: [`${where}: its name must be a literal, known at synth, not a token`] };
  }
  const name = normalizeDnsName(zoneName);
  const invalid = name === undefined ? 'is not a DNS name' : dnsNameProblem(name);
  const problems: string[] = [];
  if (invalid !== undefined) {
    problems.push(`${where}: its name ${quote(zoneName)} ${invalid}`);
  }
  if (reading.wrongKind !== undefined) {
    problems.push(`${where} ${quote(zoneName)} ${reading.wrongKind}`);
  }
  const id = zone.hostedZoneId;
  if (!Token.isUnresolved(id) && !/^[A-Z0-9]{1,32}$/.test(id)) {
    problems.push(`${where}: ${quote(id)} is not a Route 53 hosted zone ID (Z…, capital letters and digits)`);
  }
  if (problems.length > 0 || name === undefined) {
    return { problems };
  }
  return { zone: { name, id, arn: zone.hostedZoneArn }, problems };
}

/**
 * ExternalDNS for one zone. The coexistence release names the internal NLBs that apps still on DC/OS reach migrated
 * workloads through, in the Route 53 private zone given to the environment, and nowhere else; the cut-over release
 * writes the ALB records of the weighted pairs in the public zone of `trafficCutover` (`CUTOVER_RELEASE`). Credentials through Pod Identity
 * (the AWS SDK for Go v2 that external-dns v0.21.0 builds with, go.mod `aws-sdk-go-v2/config v1.32.14`, is newer than
 * release-2023-11-14, the first with Pod Identity: EKS user guide service-accounts.adoc, "Use pod identity with the
 * AWS SDK"; external-dns docs/tutorials/aws.md, "EKS Pod Identity Associations").
 */
export class ExternalDns extends Construct {
  /** Its pods: one replica (the chart's deployment.yaml has `replicas: 1`) with the configured resources. */
  static pods(options: ExternalDnsOptions = {}, release: ExternalDnsRelease = COEXISTENCE_RELEASE): PlatformPods[] {
    return [oneReplica(`${NAMESPACE}/${release.name}`, options.resources ?? DEFAULT_RESOURCES)];
  }

  readonly chart: eks.HelmChart;
  readonly role: iam.Role;
  /** The zone it writes. */
  readonly zone: CoexistenceZone;
  /** Which release it is. */
  readonly release: ExternalDnsRelease;

  constructor(scope: Construct, id: string, props: ExternalDnsProps) {
    super(scope, id);
    const { cluster, zone } = props;
    const release = props.release ?? COEXISTENCE_RELEASE;
    this.zone = zone;
    this.release = release;
    // The policy of docs/tutorials/aws.md (v0.21.0), with the zone ARN instead of `hostedzone/*`:
    // ListTagsForResources is only called with --aws-zone-tags (provider/aws/aws.go tagsForZone), kept as documented.
    const identity = new PodIdentity(this, 'Identity', {
      cluster,
      namespace: NAMESPACE,
      serviceAccount: release.name,
      statements: [
        ...zoneStatements(zone, release.changeRecordTypes),
        // ListHostedZones has no resource-level permissions; ExternalDNS lists the zones, then keeps only this one.
        new iam.PolicyStatement({ actions: ['route53:ListHostedZones'], resources: ['*'] }),
      ],
    });
    this.role = identity.role;
    // The chart's default names come from the release name, which is the chart's for the coexistence release: it sets
    // no fullnameOverride, so its values stay as they were before the cut-over release existed.
    const renamed = release.name !== EXTERNAL_DNS_CHART.chart;
    const values = {
      ...(renamed ? { fullnameOverride: release.name } : {}),
      provider: { name: 'aws' },
      sources: [...release.sources],
      domainFilters: [zone.name],
      ...(release.annotationFilter !== undefined ? { annotationFilter: release.annotationFilter } : {}),
      // upsert-only never deletes a record, not even one it made (plan/policy.go UpsertOnlyPolicy strips deletions);
      // with the txt registry it changes only records whose TXT owner is this cluster (docs/registry/registry.md). A
      // record stays when its Service goes: remove it by hand, or set `policy: sync` in `values`.
      policy: 'upsert-only',
      registry: 'txt',
      txtOwnerId: props.clusterName,
      ...(release.txtPrefix !== undefined ? { txtPrefix: release.txtPrefix } : {}),
      extraArgs: {
        // Zones of this kind only, and this one by ID: a zone of the same name and the other kind is never touched.
        'aws-zone-type': release.zoneType,
        'zone-id-filter': zone.id,
        ...(release.excludeRecordType !== undefined ? { 'exclude-record-types': release.excludeRecordType } : {}),
        ...(release.txtWildcardReplacement !== undefined
          ? { 'txt-wildcard-replacement': release.txtWildcardReplacement }
          : {}),
      },
      serviceAccount: { create: true, name: release.name },
      // The SDK needs a region for Route 53's endpoint (docs/tutorials/aws.md sets AWS_DEFAULT_REGION).
      env: [{ name: 'AWS_DEFAULT_REGION', value: Stack.of(this).region }],
      resources: props.resources ?? DEFAULT_RESOURCES,
    };
    this.chart = helmAddon(this, 'Chart', props, {
      cluster,
      chart: EXTERNAL_DNS_CHART,
      namespace: NAMESPACE,
      values,
      ...(renamed ? { release: release.name } : {}),
    });
    this.chart.node.addDependency(identity);
  }
}

/**
 * The statements on the zone. Without `changeRecordTypes`, one statement, as docs/tutorials/aws.md L12-38 (v0.21.0) has
 * it. With them, ChangeResourceRecordSets gets the condition of the tutorial's ABAC example (aws.md L40-77:
 * `route53:ChangeResourceRecordSetsRecordTypes`, there with `ForAllValues:StringLike`), as `ForAllValues:StringEquals`
 * on exact, uppercase types: every record of a change batch must be of one of them
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-conditions-route53.html, "Normalizing the
 * Route 53 condition key values": the value must be in uppercase). The list actions carry no record type, so they keep
 * a statement of their own, without the condition.
 */
function zoneStatements(
  zone: CoexistenceZone,
  changeRecordTypes: readonly string[] | undefined,
): iam.PolicyStatement[] {
  if (changeRecordTypes === undefined) {
    return [
      new iam.PolicyStatement({
        actions: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets', 'route53:ListTagsForResources'],
        resources: [zone.arn],
      }),
    ];
  }
  return [
    new iam.PolicyStatement({
      actions: ['route53:ChangeResourceRecordSets'],
      resources: [zone.arn],
      conditions: {
        'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': [...changeRecordTypes] },
      },
    }),
    new iam.PolicyStatement({
      actions: ['route53:ListResourceRecordSets', 'route53:ListTagsForResources'],
      resources: [zone.arn],
    }),
  ];
}
