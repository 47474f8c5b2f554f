import { Annotations, Aspects, Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct, IConstruct } from 'constructs';
import { CutoverRoute, SET_IDENTIFIERS, hostInZone } from '../translate/traffic-cutover';
import { quote } from '../util/describe';
import { CoexistenceZone, readZone } from './addons/external-dns';
import { dnsNameProblem, normalizeDnsName } from './dcos-connection';

/*
 * The marathon-lb half of each weighted pair. CloudFormation updates an AWS::Route53::RecordSet in place when its
 * Weight, SetIdentifier, Type, TTL, ResourceRecords, AliasTarget or HealthCheckId change ("Update requires: No
 * interruption"), and replaces it when its Name or HostedZoneId do ("Replacement"):
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-route53-recordset.html (as
 * published in awsdocs/aws-cloudformation-user-guide, doc_source/aws-resource-route53-recordset.md). A cut-over step
 * changes the Weight alone: the record's construct id is its host, so its logical id, Name, Type, SetIdentifier and
 * HostedZoneId stay, and each step is an update in place, never a delete and create that would leave the name without
 * its marathon-lb answer for a moment.
 *
 * Nor does CloudFormation ever delete one: the records are retained (DeletionPolicy and UpdateReplacePolicy Retain),
 * and so are their health checks. The `eks` record of a pair is ExternalDNS's, which deletes nothing (upsert-only,
 * plan/policy.go L39-49 at v0.21.0); were the `marathon-lb` record deleted (its workload no longer delivered, a
 * narrower selection, a `cdk destroy`), the `eks` record would be alone in its group and answer every query, whatever
 * its weight, at once and for the whole vhost. A health check deleted under a retained record would leave the record's
 * health unpredictable ("Route 53 does not prevent you from deleting a health check even if the health check is
 * associated with one or more resource record sets ... the future status of the health check can't be predicted":
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_DeleteHealthCheck.html). A retained record leaves the
 * stack, not the zone: delete it by hand with the `eks` record once the vhost is no longer cut over. The same host
 * added back later fails the deploy (its `marathon-lb` record exists already) until the old record is deleted or
 * imported into the stack.
 */

/** marathon-lb's HAProxy health endpoint: `listen stats` binds 0.0.0.0:9090 with `monitor-uri /_haproxy_health_check` (mesosphere/marathon-lb 9e669ec0, config.py L80-86; README.md L161-167: `200 OK` if HAProxy is healthy). */
export const MARATHON_LB_HEALTH_CHECK = { port: 9090, path: '/_haproxy_health_check', protocol: 'HTTP' } as const;

/**
 * The most routes one environment cuts over at a time: each is a record set, with the health checks and the rest of
 * the environment's stack within CloudFormation's 500 resources per stack.
 */
export const MAX_CUTOVER_ROUTES = 200;

/** The AWS load balancer (ELB or NLB) in front of marathon-lb, as an alias target. */
export interface MarathonLbLoadBalancerOptions {
  /** The load balancer's DNS name, e.g. `mlb-0123456789.elb.us-east-1.amazonaws.com` (a token is fine). */
  readonly dnsName: string;
  /**
   * The load balancer's canonical hosted zone ID (not the public zone's), e.g. `Z35SXDOTRQ7X7K` for a Classic Load
   * Balancer in us-east-1: `aws elbv2 describe-load-balancers` `CanonicalHostedZoneId` (a token is fine).
   */
  readonly hostedZoneId: string;
}

/**
 * Where marathon-lb answers today: the value of the `marathon-lb` record of every weighted pair. Both forms are A
 * records, as the ALB's is (ExternalDNS writes an ALB as an ALIAS A record): a weighted group has one name and one
 * type, so there is no form for a plain hostname (a CNAME could not join the ALB's A record in the group).
 */
export class MarathonLbAddress {
  /**
   * marathon-lb's public IPv4 addresses (the public agents it runs on): one weighted A record with all of them. With
   * `healthCheck`, Route 53 checks each.
   */
  static ips(...ipv4: string[]): MarathonLbAddress {
    const problems: string[] = [];
    if (ipv4.length === 0) {
      problems.push('MarathonLbAddress.ips() needs at least one IPv4 address');
    }
    ipv4.forEach((ip, i) => {
      if (typeof ip !== 'string' || !isIpv4(ip)) {
        problems.push(`MarathonLbAddress.ips(): ${quote(String(ip))} is not an IPv4 address (a.b.c.d, 0–255 each)`);
      } else if (ipv4.indexOf(ip) !== i) {
        problems.push(`MarathonLbAddress.ips(): ${quote(ip)} is given twice`);
      }
    });
    return new MarathonLbAddress([...new Set(ipv4)], undefined, problems);
  }

  /**
   * An AWS load balancer in front of marathon-lb (an ELB or NLB): one weighted alias A record to it, with
   * EvaluateTargetHealth true, so Route 53 stops answering with it when none of its targets is healthy.
   */
  static loadBalancer(options: MarathonLbLoadBalancerOptions): MarathonLbAddress {
    const problems: string[] = [];
    const { dnsName, hostedZoneId } = (options ?? {}) as Partial<MarathonLbLoadBalancerOptions>;
    if (typeof dnsName !== 'string' || (!Token.isUnresolved(dnsName) && normalizeDnsName(dnsName) === undefined)) {
      problems.push('MarathonLbAddress.loadBalancer(): dnsName must be the load balancer’s DNS name');
    }
    if (
      typeof hostedZoneId !== 'string' ||
      (!Token.isUnresolved(hostedZoneId) && !/^Z[A-Z0-9]{1,31}$/.test(hostedZoneId))
    ) {
      problems.push(
        `MarathonLbAddress.loadBalancer(): hostedZoneId ${quote(String(hostedZoneId))} is not a hosted zone ID (Z…, capital letters and digits): use the load balancer’s CanonicalHostedZoneId`,
      );
    }
    return new MarathonLbAddress([], options, problems);
  }

  private constructor(
    /** The IPv4 addresses of `ips()`, without duplicates; empty for a load balancer. */
    readonly ips: readonly string[],
    /** The load balancer of `loadBalancer()`. */
    readonly loadBalancer: MarathonLbLoadBalancerOptions | undefined,
    /** What is wrong with the arguments; the environment fails synth with these. */
    readonly problems: readonly string[],
  ) {}

  /** The record's value: the addresses, or an alias to the load balancer that evaluates its targets' health. */
  recordTarget(): route53.RecordTarget {
    const lb = this.loadBalancer;
    if (!lb) {
      return route53.RecordTarget.fromIpAddresses(...this.ips);
    }
    return route53.RecordTarget.fromAlias({
      bind: () => ({ dnsName: lb.dnsName, hostedZoneId: lb.hostedZoneId, evaluateTargetHealth: true }),
    });
  }
}

/** The Route 53 health checks of marathon-lb's addresses. */
export interface MarathonLbHealthCheckOptions {
  /** The port checked on each address. @default 9090 (marathon-lb's `listen stats`) */
  readonly port?: number;
  /** The path requested. @default '/_haproxy_health_check' (HAProxy's `monitor-uri` in marathon-lb's config) */
  readonly path?: string;
  /** HTTP or HTTPS. @default 'HTTP' (marathon-lb's port 9090 has no TLS) */
  readonly protocol?: 'HTTP' | 'HTTPS';
}

/**
 * A gradual move of marathon-lb's public vhosts to the ALBs of the migrated workloads (`EksEnvironmentProps.trafficCutover`).
 * Workloads are translated with `trafficCutover: { zone, weight }` (CLI `convert --cutover-weight N --cutover-zone Z`).
 */
export interface TrafficCutoverProps {
  /**
   * The Route 53 public hosted zone of the vhosts, with its name (`HostedZone.fromHostedZoneAttributes()` or
   * `PublicHostedZone.fromPublicHostedZoneAttributes()`); a `PrivateHostedZone` is refused, and its name must equal the
   * workloads' `trafficCutover.zone`. A simple (non-weighted) record of a vhost that is already in the zone blocks
   * both records of its pair: Route 53 refuses `InvalidChangeBatch: ... cannot be created as a non-weighted set exists
   * with the same name and type` (kubernetes-sigs/external-dns #3141), and neither CloudFormation nor ExternalDNS
   * (upsert-only, plan/policy.go L39-49 at v0.21.0) deletes it. The migration report's "Cutting over routes" gives,
   * per route, the check and a no-gap handover: one Route 53 change batch that replaces the simple record by a
   * weighted stand-in (`marathon-lb-handover`, same values), then the deploy, then the stand-in's removal
   * (docs/traffic-cutover.md).
   */
  readonly zone: route53.IHostedZone;
  /** Where marathon-lb answers today: `MarathonLbAddress.ips(...)` or `MarathonLbAddress.loadBalancer({ ... })`. */
  readonly marathonLb: MarathonLbAddress;
  /**
   * The TTL of the marathon-lb records (with `ips`; an alias record has its target's). Short, so a weight change or an
   * unhealthy marathon-lb reaches clients quickly (Route 53 recommends 60 seconds or less with health checks:
   * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-weighted.html, "TTL").
   * Keep 60 s: the other record of each pair is a weighted alias to an ALB, and "if a group of weighted resource
   * record sets includes one or more weighted alias resource record sets that are routing traffic to an ELB load
   * balancer, we recommend that you specify a TTL of 60 seconds for all of the non-alias weighted resource record sets
   * that have the same name and type. Values other than 60 seconds (the TTL for load balancers) will change the effect
   * of the values that you specify for Weight" (same page, "TTL"): resolvers would keep marathon-lb's answer longer or
   * shorter than the ALB's, and the split of the traffic would no longer be the weights'. Another value is a synth
   * warning (`marathon-to-eks:cutoverTtl`).
   * @default Duration.seconds(60)
   */
  readonly ttl?: Duration;
  /**
   * Route 53 health checks of marathon-lb (with `ips` only; an alias to a load balancer evaluates its targets' health
   * instead): one HTTP check per address and, for several, a calculated check that is healthy while one of them is,
   * attached to every marathon-lb record. The port must be reachable from Route 53's health checkers (ip-ranges.json,
   * service `ROUTE53_HEALTHCHECKS`); marathon-lb's port 9090 also serves its stats and `/_mlb_signal/*`, so open it to
   * those ranges only. `true` checks `http://<ip>:9090/_haproxy_health_check`.
   * @default false: the marathon-lb records are always healthy to Route 53
   */
  readonly healthCheck?: boolean | MarathonLbHealthCheckOptions;
  /**
   * Routes of manifests applied outside this app (`convert --cutover-weight N --cutover-zone Z` and `kubectl apply`):
   * their marathon-lb records are made too, with the routes of the workloads delivered with `addWorkload`. The
   * migration report's `routeCutover.routes` fits as it is (`migration-report.json`); only `host` (lowercase, in the
   * zone; a leading `*.` for a wildcard) and `weight` (the ALB's, 0–100) are read, and `workload` names the route in
   * problems when it is there. A host given twice, here or by a delivered workload, is one record when the weights are
   * the same, and a problem when they are not.
   *
   * Synth warns (`marathon-to-eks:noCutoverRoutes`) when no route is added at all, here or by a workload: the
   * cut-over's ExternalDNS would still write the `eks` record of every annotated Ingress in the cluster, alone in its
   * group, and a lone weighted record answers every query whatever its weight.
   * @default none: only the routes of the delivered workloads
   */
  readonly routes?: readonly Pick<CutoverRoute, 'host' | 'weight'>[];
}

/**
 * The marathon-lb records of the weighted pairs of a traffic cut-over, one per vhost of the workloads delivered with
 * `trafficCutover`. Each vhost in the public zone gets two weighted A records of one name: set identifier
 * `marathon-lb` (this construct; weight 100 − N) and set identifier `eks` (written by ExternalDNS from the Ingress's
 * annotations, an alias to its ALB; weight N), so Route 53 answers N % of the queries with the ALB. Moving
 * 0 → 10 → 50 → 100, and back, is a new `weight` in the translation and a deploy; each record is updated in place.
 * The records are retained (RemovalPolicy.RETAIN, with their health checks): a workload that leaves the environment,
 * a narrower selection or a `cdk destroy` never deletes a production DNS record, which would leave the `eks` record
 * alone to answer every query.
 *
 * Health: ExternalDNS writes the ALB record with EvaluateTargetHealth true (`--aws-evaluate-target-health`, default
 * true: external-dns v0.21.0 docs/flags.md L81, provider/aws/aws.go L972-981), so Route 53 treats it as unhealthy when
 * no target of the ALB is healthy and answers with marathon-lb instead, even at N = 100: a record of weight 0 is
 * considered once every record of non-zero weight is unhealthy. marathon-lb's record is unhealthy only with
 * `healthCheck`, when its checks fail. When both are unhealthy, Route 53 treats every record of the group as healthy
 * and answers by weight (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-how-route-53-chooses-records.html;
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-weighted.html).
 */
export class TrafficCutover extends Construct {
  /** The zone, as read from `zone`; undefined when it cannot be used (the problems say why). */
  readonly zone?: CoexistenceZone;
  /** marathon-lb's address. */
  readonly marathonLb: MarathonLbAddress;
  /** The health check attached to the marathon-lb records: the one check of a single address, or the calculated one. */
  readonly healthCheck?: route53.IHealthCheck;
  /** The health check of each address, by address. */
  readonly addressChecks: ReadonlyMap<string, route53.HealthCheck>;
  private readonly hostedZone: route53.IHostedZone;
  private readonly ttl: Duration;
  private readonly byHost = new Map<string, CutoverRoute>();
  private readonly recordsByHost = new Map<string, route53.ARecord>();
  private readonly problems: string[] = [];

  constructor(scope: Construct, id: string, props: TrafficCutoverProps) {
    super(scope, id);
    const problems = this.problems;
    this.node.addValidation({ validate: () => [...problems, ...this.limitProblems()] });
    // At synth, once every workload has been added: a cut-over without a route pairs nothing.
    Aspects.of(this).add({
      visit: (node: IConstruct) => {
        if (node === this) {
          this.warnWithoutRoutes();
        }
      },
    });
    this.hostedZone = props.zone;
    this.ttl = props.ttl ?? Duration.seconds(60);
    const read = props.zone
      ? cutoverZone(props.zone)
      : { problems: ['trafficCutover needs zone: the Route 53 public zone of the vhosts'] };
    problems.push(...read.problems);
    this.zone = read.zone;
    const marathonLb = props.marathonLb;
    if (!(marathonLb instanceof MarathonLbAddress)) {
      problems.push(
        'trafficCutover.marathonLb must be made by MarathonLbAddress.ips() or MarathonLbAddress.loadBalancer()',
      );
      this.marathonLb = MarathonLbAddress.ips();
      this.addressChecks = new Map();
      return;
    }
    this.marathonLb = marathonLb;
    problems.push(...marathonLb.problems);
    this.warnOfTtl();
    const checks = this.addHealthChecks(props.healthCheck);
    this.addressChecks = checks.byAddress;
    this.healthCheck = checks.attached;
    this.addGivenRoutes(props.routes);
  }

  /** The routes added so far, sorted by host: one marathon-lb record each. */
  get routes(): readonly CutoverRoute[] {
    return [...this.byHost.values()].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
  }

  /** The marathon-lb record of each host added so far. */
  get records(): ReadonlyMap<string, route53.ARecord> {
    return this.recordsByHost;
  }

  /**
   * Adds the marathon-lb record of a route (weight 100 − `route.weight`). A host already added with the same weight
   * is the same record; with another weight it is a problem: one name has one weighted pair.
   */
  addRoute(route: CutoverRoute): void {
    const known = this.byHost.get(route.host);
    if (known) {
      if (known.weight !== route.weight) {
        this.problems.push(
          `trafficCutover: host ${quote(route.host)} is routed by ${known.workload} (weight ${known.weight}) and by ${route.workload} (weight ${route.weight}): a host has one weighted pair, so translate both with the same trafficCutover.weight`,
        );
      }
      return;
    }
    const problem = this.routeProblem(route);
    if (problem !== undefined) {
      this.problems.push(problem);
      return;
    }
    this.byHost.set(route.host, route);
    if (!this.zone || this.marathonLb.problems.length > 0) {
      // Reported already: no record without a usable zone and address.
      return;
    }
    const lb = this.marathonLb.loadBalancer;
    // The construct id is the host alone: the logical id never depends on the weight.
    const record = new route53.ARecord(this, route.host, {
      zone: this.hostedZone,
      recordName: `${route.host}.`,
      target: this.marathonLb.recordTarget(),
      ...(lb ? {} : { ttl: this.ttl }),
      weight: 100 - route.weight,
      setIdentifier: SET_IDENTIFIERS.marathonLb,
      ...(this.healthCheck ? { healthCheck: this.healthCheck } : {}),
      comment: `marathon-lb's share of ${route.host}; the record of set identifier ${SET_IDENTIFIERS.eks} is ExternalDNS's, to the ALB`,
    });
    // Never deleted by CloudFormation: the eks record would be left alone in the group (see the top of this file).
    record.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.recordsByHost.set(route.host, record);
  }

  /** The routes of `TrafficCutoverProps.routes`: a host and a weight each, named by their place when nothing else. */
  private addGivenRoutes(routes: TrafficCutoverProps['routes']): void {
    if (routes === undefined) {
      return;
    }
    if (!Array.isArray(routes)) {
      this.problems.push('trafficCutover.routes must be a list of routes ({ host, weight })');
      return;
    }
    routes.forEach((given: Partial<CutoverRoute> | undefined, i) => {
      const where = `trafficCutover.routes[${i}]`;
      const host = typeof given?.host === 'string' ? normalizeDnsName(given.host) : undefined;
      const problem = host === undefined ? 'is not a DNS name' : routeHostProblem(host);
      if (host === undefined || problem !== undefined) {
        this.problems.push(`${where}: host ${quote(String(given?.host))} ${problem}`);
        return;
      }
      this.addRoute({
        host,
        weight: given?.weight as number,
        workload: typeof given?.workload === 'string' ? given.workload : where,
        ingress: typeof given?.ingress === 'string' ? given.ingress : '',
      });
    });
  }

  /** The TTL of address records other than 60 s: the weights would no longer split the traffic as they say. */
  private warnOfTtl(): void {
    if (this.marathonLb.loadBalancer) {
      // An alias record has no TTL of its own: its answers carry the load balancer's.
      return;
    }
    const seconds = this.ttl.toSeconds({ integral: false });
    if (Token.isUnresolved(seconds) || seconds === 60) {
      return;
    }
    Annotations.of(this).addWarningV2(
      'marathon-to-eks:cutoverTtl',
      `trafficCutover.ttl is ${seconds} s: the other record of each pair is an alias to an ALB, answered with the load balancer's 60 s, and Route 53 recommends 60 s for every non-alias record of a weighted group with an ELB alias, since another TTL changes the effect of the weights (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-weighted.html, TTL): resolvers would keep marathon-lb's answers ${seconds > 60 ? 'longer' : 'shorter'} than the ALB's, and the split would no longer be the weights'. Use Duration.seconds(60)`,
    );
  }

  /** At synth: no route at all, from a workload or from `routes`. */
  private warnWithoutRoutes(): void {
    if (this.byHost.size > 0) {
      return;
    }
    Annotations.of(this).addWarningV2(
      'marathon-to-eks:noCutoverRoutes',
      `trafficCutover is set, but no route was added: no delivered workload was translated with trafficCutover, and trafficCutover.routes is empty. No marathon-lb record is made, while the cut-over's ExternalDNS (${SET_IDENTIFIERS.eks} records) still writes the record of every Ingress with the weighted-record annotations, alone in its group: a lone weighted record answers every query, whatever its weight. Add the workloads (addWorkload), or, for manifests applied with kubectl, pass the migration report's routeCutover.routes as trafficCutover.routes`,
    );
  }

  private routeProblem(route: CutoverRoute): string | undefined {
    if (!Number.isInteger(route.weight) || route.weight < 0 || route.weight > 100) {
      return `trafficCutover: ${route.workload} routes ${quote(route.host)} with weight ${route.weight}: the weight is a percentage, an integer from 0 to 100`;
    }
    if (this.zone && !hostInZone(route.host, this.zone.name)) {
      return `trafficCutover: host ${quote(route.host)} of ${route.workload} is not in the zone ${quote(this.zone.name)}`;
    }
    return undefined;
  }

  private limitProblems(): string[] {
    const count = this.byHost.size;
    return count > MAX_CUTOVER_ROUTES
      ? [
          `trafficCutover: ${count} routes, but one environment cuts over ${MAX_CUTOVER_ROUTES} at most (their records, with the environment, must stay within CloudFormation's 500 resources per stack): cut over in batches, translating a selection of workloads with trafficCutover at a time`,
        ]
      : [];
  }

  private addHealthChecks(option: TrafficCutoverProps['healthCheck']): {
    byAddress: Map<string, route53.HealthCheck>;
    attached?: route53.IHealthCheck;
  } {
    const byAddress = new Map<string, route53.HealthCheck>();
    if (option === undefined || option === false) {
      return { byAddress };
    }
    if (this.marathonLb.loadBalancer) {
      this.problems.push(
        'trafficCutover.healthCheck checks marathon-lb’s addresses (MarathonLbAddress.ips()): the alias to a load balancer already evaluates the health of its targets',
      );
      return { byAddress };
    }
    const options = option === true ? {} : option;
    const port = options.port ?? MARATHON_LB_HEALTH_CHECK.port;
    const path = options.path ?? MARATHON_LB_HEALTH_CHECK.path;
    const protocol = options.protocol ?? MARATHON_LB_HEALTH_CHECK.protocol;
    const problems = healthCheckProblems(this.marathonLb.ips, { port, path, protocol });
    if (problems.length > 0) {
      this.problems.push(...problems);
      return { byAddress };
    }
    for (const ip of this.marathonLb.ips) {
      const check = new route53.HealthCheck(this, `HealthCheck-${ip}`, {
        type: protocol === 'HTTPS' ? route53.HealthCheckType.HTTPS : route53.HealthCheckType.HTTP,
        ipAddress: ip,
        port,
        resourcePath: path,
      });
      // Retained with the records they are attached to (see the top of this file).
      check.applyRemovalPolicy(RemovalPolicy.RETAIN);
      byAddress.set(ip, check);
    }
    const children = [...byAddress.values()];
    if (children.length === 1) {
      return { byAddress, attached: children[0] };
    }
    // One record holds every address: it stays healthy while any marathon-lb is.
    const parent = new route53.HealthCheck(this, 'HealthCheck', {
      type: route53.HealthCheckType.CALCULATED,
      childHealthChecks: children,
      healthThreshold: 1,
    });
    parent.applyRemovalPolicy(RemovalPolicy.RETAIN);
    return { byAddress, attached: parent };
  }
}

/** The public zone of a cut-over, or the problems that keep the records and ExternalDNS from being scoped to it. */
export function cutoverZone(zone: route53.IHostedZone): { zone?: CoexistenceZone; problems: string[] } {
  return readZone(zone, {
    where: 'trafficCutover.zone',
    imports: 'PublicHostedZone.fromPublicHostedZoneAttributes()',
    wrongKind:
      zone instanceof route53.PrivateHostedZone
        ? 'is a private zone: the vhosts are public names, answered from a public zone (PublicHostedZone)'
        : undefined,
  });
}

/**
 * What is wrong with a workload's `trafficCutover` against the environment's: it needs one, and the same zone.
 * `zoneName` is undefined when the environment has none (or an unusable one, reported already: `hasCutover`).
 */
export function cutoverZoneProblem(
  workload: string,
  zone: string | undefined,
  environment: { readonly hasCutover: boolean; readonly zoneName?: string },
): string | undefined {
  if (zone === undefined) {
    return undefined;
  }
  if (!environment.hasCutover) {
    return `workload ${quote(workload)} was translated with trafficCutover (zone ${quote(zone)}), but the environment has no trafficCutover: set trafficCutover: { zone, marathonLb } with the public zone ${quote(zone)}, where the marathon-lb records pair with the ALBs`;
  }
  if (environment.zoneName !== undefined && normalizeDnsName(zone) !== environment.zoneName) {
    return `workload ${quote(workload)} was translated with trafficCutover zone ${quote(zone)}, but the environment's trafficCutover zone is ${quote(environment.zoneName)}: no pair would be complete; translate with zone ${quote(environment.zoneName)} or give the environment that zone`;
  }
  return undefined;
}

/** What is wrong with a route's host (normalized): a DNS name, or a wildcard `*.` in front of one. */
function routeHostProblem(host: string): string | undefined {
  return dnsNameProblem(host.startsWith('*.') ? host.slice(2) : host);
}

/** The problems of health checks on these addresses: Route 53 checks only public addresses, on a port, at a path. */
function healthCheckProblems(
  ips: readonly string[],
  check: { readonly port: number; readonly path: string; readonly protocol: string },
): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(check.port) || check.port < 1 || check.port > 65535) {
    problems.push(`trafficCutover.healthCheck.port ${check.port} is not a port (1–65535)`);
  }
  if (typeof check.path !== 'string' || !check.path.startsWith('/')) {
    problems.push(`trafficCutover.healthCheck.path ${quote(String(check.path))} must start with /`);
  }
  if (check.protocol !== 'HTTP' && check.protocol !== 'HTTPS') {
    problems.push(`trafficCutover.healthCheck.protocol ${quote(String(check.protocol))} is not HTTP or HTTPS`);
  }
  // A public health check cannot check addresses in local, private, non-routable or multicast ranges (RFC 1918,
  // 5735, 6598, 6890): https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html, IPAddress.
  for (const ip of ips.filter(isNonPublicIpv4)) {
    problems.push(
      `trafficCutover.healthCheck: ${quote(ip)} is not a public address, which Route 53's health checkers cannot reach`,
    );
  }
  return problems;
}

function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255);
}

function isNonPublicIpv4(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    a >= 224 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19))
  );
}
