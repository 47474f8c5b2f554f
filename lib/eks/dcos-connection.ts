import type * as route53 from 'aws-cdk-lib/aws-route53';
import { compareStrings } from '../util/compare';
import { quote } from '../util/describe';
import { ForwardZone } from './addons/coredns';

/** How the cluster reaches the DNS of a DC/OS cluster: its masters' addresses, and which zones to forward to them. */
export interface MesosDnsOptions {
  /**
   * The DC/OS masters' DNS servers, as IPv4 addresses, optionally with a port: `10.0.1.10` or `10.0.1.10:61053`.
   * dcos-dns answers on port 53 of every master address (DC/OS gen/dcos-config.yaml: `udp_port`/`tcp_port` 53,
   * `master_dns_bindall` true by default) and serves all three DC/OS zones; Mesos-DNS itself listens on 61053 and only
   * serves `mesos`. At most 15 (the CoreDNS forward plugin's limit); their order does not matter (the plugin picks
   * one at random).
   */
  readonly servers: readonly string[];
  /**
   * The DC/OS zones forwarded, as DNS names without the trailing dot.
   * @default ['mesos', 'thisdcos.directory', 'dcos.directory'] (the zones dcos-dns answers for: dcos/dcos-net
   * apps/dcos_dns/src/dcos_dns_router.erl)
   */
  readonly zones?: readonly string[];
}

/**
 * The DC/OS zones: `mesos` (Mesos-DNS: `<app>.marathon.mesos`, `leader.mesos`), `thisdcos.directory` (dcos-dns:
 * `<vip>.l4lb.thisdcos.directory`, `<task>.<framework>.mesos.thisdcos.directory`) and `dcos.directory` (the same names
 * under the cluster's crypto id). dcos/dcos-net 7bd01ac2, apps/dcos_dns/src/dcos_dns_router.erl `find_upstream`.
 */
export const DCOS_ZONES: readonly string[] = ['mesos', 'thisdcos.directory', 'dcos.directory'];

/** The CoreDNS forward plugin takes 15 upstreams at most (coredns/coredns plugin/forward/README.md, v1.12.1–v1.13.2). */
export const MAX_DNS_SERVERS = 15;

/**
 * How migrated workloads on EKS reach the apps still on DC/OS by their DC/OS names. With
 * `EksEnvironment({ dcos: DcosConnection.mesosDns({ servers }) })`, the cluster's CoreDNS forwards the DC/OS zones to
 * the masters' DNS, so `api-shop.marathon.mesos` resolves in every pod as it did on DC/OS. The network path to the
 * masters (UDP and TCP 53) and to the agents is yours to provide: docs/dcos-coexistence.md.
 *
 * Mistakes (a malformed address, a zone CoreDNS cannot serve apart, duplicates) are reported when the environment is
 * synthesized, all at once.
 */
export class DcosConnection {
  /** Forwards the DC/OS zones to the DNS of the DC/OS masters. */
  static mesosDns(options: MesosDnsOptions): DcosConnection {
    const problems: string[] = [];
    const servers = checkedServers((options as Partial<MesosDnsOptions> | undefined)?.servers, problems);
    const zones = checkedZones((options as Partial<MesosDnsOptions> | undefined)?.zones ?? DCOS_ZONES, problems);
    return new DcosConnection(servers, zones, problems);
  }

  private constructor(
    /** The valid servers, sorted, written as CoreDNS takes them (`ip`, or `ip:port` when the port is not 53). */
    readonly servers: readonly string[],
    /** The valid zones, lowercase, without the trailing dot, sorted. */
    readonly zones: readonly string[],
    /** What is wrong with the options; the environment fails synth with these. */
    readonly problems: readonly string[],
  ) {}

  /** The zones with their servers, as the CoreDNS add-on forwards them. */
  get forwardZones(): ForwardZone[] {
    return this.zones.map((zone) => ({ zone, servers: this.servers }));
  }
}

const WHERE = 'DcosConnection.mesosDns()';

function checkedServers(servers: unknown, problems: string[]): string[] {
  if (!Array.isArray(servers) || servers.length === 0) {
    problems.push(`${WHERE}: servers must list the DNS servers of the DC/OS masters (at least one IPv4 address)`);
    return [];
  }
  if (servers.length > MAX_DNS_SERVERS) {
    problems.push(
      `${WHERE}: ${servers.length} servers, but CoreDNS forwards to ${MAX_DNS_SERVERS} at most; list the masters only`,
    );
  }
  const valid = new Map<string, number>();
  servers.forEach((server: unknown, i) => {
    const parsed = typeof server === 'string' ? parseServer(server) : { problem: 'is not a string' };
    const shown = typeof server === 'string' ? quote(server) : `(${typeof server})`;
    if ('problem' in parsed) {
      problems.push(`${WHERE}: servers[${i}] ${shown} ${parsed.problem}`);
    } else if (valid.has(parsed.server)) {
      problems.push(`${WHERE}: servers[${i}] ${shown} repeats servers[${valid.get(parsed.server)}]`);
    } else {
      valid.set(parsed.server, i);
    }
  });
  return [...valid.keys()].sort(compareStrings);
}

/** `10.0.1.10`, `10.0.1.10:53` → `10.0.1.10`; `10.0.1.10:8053` stays; anything else is a problem. */
function parseServer(text: string): { readonly server: string } | { readonly problem: string } {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?::(\d{1,5}))?$/.exec(text.trim());
  if (!match) {
    return { problem: 'is not an IPv4 address (a.b.c.d, optionally with :port)' };
  }
  const octets = match.slice(1, 5);
  if (octets.some((octet) => Number(octet) > 255 || (octet.length > 1 && octet.startsWith('0')))) {
    return { problem: 'is not an IPv4 address: each part is 0 to 255, without leading zeros' };
  }
  const first = Number(octets[0]);
  if (first === 0 || first === 127 || first >= 224) {
    return {
      problem:
        'is not an address a DC/OS master can have (0.x, loopback 127.x, multicast and reserved 224.x and up): CoreDNS would forward to itself or nowhere',
    };
  }
  const port = match[5] === undefined ? 53 : Number(match[5]);
  if (port < 1 || port > 65535) {
    return { problem: 'has a port outside 1–65535' };
  }
  const address = octets.join('.');
  return { server: port === 53 ? address : `${address}:${port}` };
}

function checkedZones(zones: unknown, problems: string[]): string[] {
  if (!Array.isArray(zones) || zones.length === 0) {
    problems.push(`${WHERE}: zones is empty, so nothing would be forwarded; leave it out for the DC/OS zones`);
    return [];
  }
  const valid = new Map<string, number>();
  zones.forEach((zone: unknown, i) => {
    const shown = typeof zone === 'string' ? quote(zone) : `(${typeof zone})`;
    const normalized = typeof zone === 'string' ? normalizeDnsName(zone) : undefined;
    const problem =
      typeof zone !== 'string'
        ? 'is not a string'
        : normalized === undefined
          ? 'is empty or the root zone, which would forward every name, the cluster’s own too, to DC/OS'
          : forwardZoneProblem(normalized);
    if (problem !== undefined || normalized === undefined) {
      problems.push(`${WHERE}: zones[${i}] ${shown} ${problem ?? 'is not a DNS name'}`);
    } else if (valid.has(normalized)) {
      problems.push(`${WHERE}: zones[${i}] ${shown} repeats zones[${valid.get(normalized)}]`);
    } else {
      valid.set(normalized, i);
    }
  });
  return [...valid.keys()].sort(compareStrings);
}

/** Why CoreDNS cannot forward this zone apart from the cluster's own, if it cannot. */
function forwardZoneProblem(zone: string): string | undefined {
  const invalid = dnsNameProblem(zone);
  if (invalid !== undefined) {
    return invalid;
  }
  const within = (parent: string) => zone === parent || zone.endsWith(`.${parent}`);
  if (within('cluster.local')) {
    return "is the cluster's own domain: forwarding it would break every Service name";
  }
  if (within('arpa')) {
    return "is a reverse zone, which the cluster's own server block answers (in-addr.arpa, ip6.arpa)";
  }
  return undefined;
}

/**
 * A DNS name as zones are compared: trimmed, lowercase, without the trailing dot. Undefined when nothing is left
 * (`''`, `.`), which is not a zone that can be forwarded apart: it is every name.
 */
export function normalizeDnsName(name: string): string | undefined {
  const normalized = name.trim().toLowerCase().replace(/\.$/, '');
  return normalized === '' ? undefined : normalized;
}

/** What is wrong with a normalized DNS name, if anything: labels of letters, digits and inner hyphens, 253 at most. */
export function dnsNameProblem(name: string): string | undefined {
  if (name.length > 253) {
    return 'is longer than the 253 characters of a DNS name';
  }
  const labels = name.split('.');
  if (labels.some((label) => !/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(label))) {
    return 'is not a DNS name (labels of letters, digits and inner hyphens, up to 63 characters each)';
  }
  return undefined;
}

/** Where apps still on DC/OS find migrated workloads, during a migration in waves. */
export interface CoexistenceOptions {
  /**
   * The Route 53 private zone the internal NLBs are named in (e.g. `eks.example.internal`): ExternalDNS writes this
   * zone and no other. Its name must be known at synth (`PrivateHostedZone`, or `fromPrivateHostedZoneAttributes`).
   * DC/OS agents must resolve it: associate it with their VPC, or forward it to a Route 53 Resolver inbound endpoint
   * (docs/dcos-coexistence.md).
   */
  readonly zone: route53.IHostedZone;
}

/**
 * Why a workload translated with `coexistenceDomain` cannot be delivered to this environment, if it cannot: its NLB
 * names must be in the zone ExternalDNS writes.
 */
export function coexistenceDomainProblem(
  workload: string,
  domain: string | undefined,
  zoneName: string | undefined,
): string | undefined {
  if (domain === undefined) {
    return undefined;
  }
  if (zoneName === undefined) {
    return `workload ${quote(workload)} was translated with coexistenceDomain ${quote(domain)}, but the environment has no coexistence zone: set coexistence: { zone } to the private zone ${quote(domain)}, which ExternalDNS names the NLBs in`;
  }
  if (normalizeDnsName(domain) !== zoneName) {
    return `workload ${quote(workload)} was translated with coexistenceDomain ${quote(domain)}, but the environment's coexistence zone is ${quote(zoneName)}: ExternalDNS would never name its NLBs; translate with coexistenceDomain ${quote(zoneName)} or give the environment that zone`;
  }
  return undefined;
}
