import { MESOS_DNS_DOMAINS } from '../translate/discovery';
import { DCOS_HOST } from '../translate/service-names';
import { NameIndex } from './names';

/** How a text named a workload. */
export type ReferenceKind = 'mesos-dns' | 'vip' | 'marathon-lb';

/** A DC/OS name found in a text, and the workloads it stands for (none: it points outside the estate). */
export interface FoundName {
  /** As written, with the `:port` that followed it. */
  readonly name: string;
  readonly kind: ReferenceKind;
  readonly targets: readonly string[];
}

/** Longer than a DNS name can be (RFC 1035): no resolver answered it, so it names nothing. */
const MAX_HOST = 253;
const PORT_AFTER = /^:(\d{1,5})(?!\d)/;
const IP_PORT = /(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})(?!\d)/g;
const VIP_DOMAIN = 'marathon.l4lb.thisdcos.directory';
const LB_DOMAINS = new Set([...MESOS_DNS_DOMAINS, VIP_DOMAIN]);

/**
 * The DC/OS names in a text: Mesos-DNS names and SRV records, VIP names, marathon-lb's name followed by a service
 * port, and `ip:port` of IP VIPs. Uses the translation's own host pattern (lib/translate/service-names.ts).
 */
export function namesIn(index: NameIndex, text: string): FoundName[] {
  const found: FoundName[] = [];
  if (text.includes('.mesos') || text.includes('thisdcos.directory')) {
    for (const match of text.matchAll(DCOS_HOST)) {
      const host = match[0];
      if (host.length > MAX_HOST) {
        continue;
      }
      const end = match.index + host.length;
      const after = PORT_AFTER.exec(text.slice(end, end + 7));
      const port = after ? Number(after[1]) : undefined;
      const name = after ? `${host}${after[0]}` : host;
      found.push({ name, ...resolveHost(index, host, port) });
    }
  }
  if (index.ipVips.size > 0 && text.includes(':')) {
    for (const match of text.matchAll(IP_PORT)) {
      const targets = index.ipVips.get(`${match[1]}:${Number(match[2])}`);
      if (targets) {
        found.push({ name: match[0], kind: 'vip', targets });
      }
    }
  }
  return found;
}

function resolveHost(
  index: NameIndex,
  host: string,
  port: number | undefined,
): { kind: ReferenceKind; targets: readonly string[] } {
  const lower = host.toLowerCase();
  // Mesos-DNS SRV records read `_<task>._tcp.marathon.mesos` for the task's `<task>.marathon.mesos`.
  const srv = /^_([^.]+)\._(?:tcp|udp)\.(.+)$/.exec(lower);
  const lookup = srv ? `${srv[1]}.${srv[2]}` : lower;
  if (port !== undefined && isMarathonLb(lookup)) {
    const backends = index.lbPorts.get(port);
    if (backends) {
      return { kind: 'marathon-lb', targets: backends };
    }
  }
  const vip = index.vips.get(lookup);
  if (vip) {
    // A VIP named by several apps balances over all of them; its port picks the ones that offer that port.
    const onPort = port !== undefined ? vip.filter((member) => member.vipPort === port) : [];
    return { kind: 'vip', targets: (onPort.length > 0 ? onPort : vip).map((member) => member.id) };
  }
  const task = index.mesos.get(lookup);
  if (task !== undefined) {
    return { kind: 'mesos-dns', targets: [task] };
  }
  return { kind: lookup.endsWith(`.${VIP_DOMAIN}`) ? 'vip' : 'mesos-dns', targets: [] };
}

/** A marathon-lb instance's name: its task or VIP name starts with `marathon-lb` (`marathon-lb-internal`, …). */
function isMarathonLb(host: string): boolean {
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(0, dot).startsWith('marathon-lb') && LB_DOMAINS.has(host.slice(dot + 1));
}
