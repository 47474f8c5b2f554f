import { JsonPath } from '../util/json-path';
import { pathSegments } from '../marathon/path-id';
import { dnsLabel } from './naming';
import { PortInfo } from './ports';

/** A DC/OS VIP label (`VIP_0: /shop/api:8000`) in a port's labels. */
export interface VipLabel {
  /** `/shop/api`, `nginx`, or an IP. */
  readonly vipName: string;
  readonly vipPort: number;
  readonly isIp: boolean;
  /** The DNS name DC/OS gave it: `shopapi.marathon.l4lb.thisdcos.directory`. */
  readonly dcosHost: string;
  readonly port: PortInfo;
  /** Normalized path of the label. */
  readonly path: JsonPath;
}

const VIP_LABEL = /^VIP_\d+$/;
const IP = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Every VIP label of a workload's ports, in port order. Malformed values are returned for the caller to report. */
export function vipLabels(ports: readonly PortInfo[]): {
  vips: VipLabel[];
  malformed: { path: JsonPath; value: string }[];
} {
  const vips: VipLabel[] = [];
  const malformed: { path: JsonPath; value: string }[] = [];
  for (const port of ports) {
    for (const [key, value] of Object.entries(port.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (!VIP_LABEL.test(key)) {
        continue;
      }
      const path = [...port.path, 'labels', key];
      const match = /^(.+):(\d{1,5})$/.exec(value.trim());
      if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
        malformed.push({ path, value });
        continue;
      }
      const vipName = match[1];
      const isIp = IP.test(vipName);
      vips.push({
        vipName,
        vipPort: Number(match[2]),
        isIp,
        dcosHost: dcosVipHost(vipName),
        port,
        path,
      });
    }
  }
  return { vips, malformed };
}

/** DC/OS drops the slashes of a VIP name: `/my-group/my-app` answers as `my-groupmy-app.marathon.l4lb.thisdcos.directory`. */
export function dcosVipHost(vipName: string): string {
  return `${vipName.replace(/\//g, '')}.marathon.l4lb.thisdcos.directory`;
}

/**
 * The Kubernetes Service name a VIP becomes, named like an app would be: `/shop/store` in namespace `shop` is
 * `store`; otherwise all its segments joined (the Service must live in its pods' namespace).
 */
export function vipServiceName(vipName: string, namespace: string, groupsAreNamespaces: boolean): string {
  const segments = pathSegments(vipName);
  const inNamespace = groupsAreNamespaces && segments.length >= 2 && dnsLabel(segments[0], 63) === namespace;
  return dnsLabel((inNamespace ? segments.slice(1) : segments).join('-'), 63, { what: 'VIP', letterFirst: true });
}
