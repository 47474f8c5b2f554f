import { JsonPath } from '../util/json-path';
import { StringMap } from '../marathon/model/common';
import { IngressPath } from './kube';
import { PortInfo } from './ports';
import { DefinitionScope } from './scope';
import { servicePortOf } from './service';
import { SET_IDENTIFIERS, hostsByZone } from './traffic-cutover';
import { ingressHostProblem, ingressPathProblem } from '../validate/kube-ingress';

/** Where marathon-lb's labels are: the app's labels. */
export const LB_LABELS: JsonPath = ['labels'];

/** What an app's marathon-lb labels ask for, port by port: HTTP routes for the ALB, TCP ports for the NLB. */
export interface LoadBalancerPlan {
  readonly scope: DefinitionScope;
  readonly labels: StringMap;
  readonly scheme: 'internet-facing' | 'internal';
  readonly rules: Map<string, IngressPath[]>;
  readonly tcpPorts: { port: number; targetPort: number }[];
  readonly albAnnotations: Record<string, string>;
  /** Some route asked for HTTPS (`REDIRECT_TO_HTTPS`, `SSL_CERT`). */
  https: boolean;
}

/** The `HAPROXY_<n>_*` labels of port n. */
export interface PortLabels {
  readonly n: number;
  setting(name: string): string | undefined;
  path(name: string): JsonPath;
}

export function portLabels(labels: StringMap, n: number): PortLabels {
  return {
    n,
    setting: (name) => labels[`HAPROXY_${n}_${name}`],
    path: (name) => [...LB_LABELS, `HAPROXY_${n}_${name}`],
  };
}

/** An HTTP-mode port with a virtual host: Ingress rules, and ALB settings for HTTPS, stickiness and balancing. */
export function httpRoute(plan: LoadBalancerPlan, port: PortInfo, { setting, path }: PortLabels): void {
  const { notes } = plan.scope;
  const route = ingressRoute(setting('VHOST') ?? '', setting('PATH'));
  const routed = route.paths.length > 0 ? route.hosts : [];
  for (const host of routed) {
    const list = plan.rules.get(host) ?? [];
    for (const pathPrefix of route.paths) {
      list.push({
        path: pathPrefix,
        pathType: 'Prefix',
        backend: { service: { name: plan.scope.name, port: { number: servicePortOf(port) } } },
      });
    }
    plan.rules.set(host, list);
  }
  const dropped = (what: string[]) =>
    what.length > 0 ? `; not routed (Kubernetes rejects them): ${what.join('; ')}` : '';
  const shown = routed.map((host) => host || 'any host');
  const anyHost =
    route.droppedHosts.length > 0
      ? `; ${route.droppedHosts.join('; ')}: an Ingress host is a DNS name, so the rule matches any host (reach it by the load balancer's name)`
      : '';
  notes[routed.length === 0 ? 'unsupported' : route.droppedHosts.length > 0 ? 'approximated' : 'translated'](
    path('VHOST'),
    routed.length > 0
      ? `Ingress rules for ${shown.join(', ')} → port ${port.containerPort}${anyHost}${cutoverRemark(plan, routed)}`
      : `no Ingress rule${dropped(route.droppedPaths)}`,
  );
  if (setting('PATH') !== undefined) {
    const changed = route.droppedPaths.length > 0 || route.prefixed;
    notes[route.paths.length === 0 ? 'unsupported' : changed ? 'approximated' : 'translated'](
      path('PATH'),
      `path prefix ${route.paths.join(', ') || '(none)'}${route.prefixed ? ' (an Ingress path starts with "/")' : ''}${dropped(route.droppedPaths)}`,
    );
  }
  httpsSettings(plan, { setting, path });
  albSettings(plan, { setting, path });
  if (setting('PORT') !== undefined) {
    notes.approximated(
      path('PORT'),
      'HTTP routes are served on 80/443 by the ALB, not on the marathon-lb service port',
    );
  }
}

/**
 * What the weighted cut-over (option `trafficCutover`) does with the hosts of a port, appended to its VHOST note so
 * the field keeps one report line: the hosts in the zone get a Route 53 weighted pair, the others are moved by hand.
 */
function cutoverRemark(plan: LoadBalancerPlan, hosts: readonly string[]): string {
  const cutover = plan.scope.options.trafficCutover;
  if (!cutover) {
    return '';
  }
  const { zone } = cutover;
  const { inZone, outside } = hostsByZone(hosts, zone);
  const parts: string[] = [];
  if (inZone.length > 0) {
    parts.push(
      `weighted DNS cut-over in ${zone}: ${cutover.weight} % of the queries for ${inZone.join(', ')} answered with the ALB (Route 53 set identifier ${SET_IDENTIFIERS.eks}, written by ExternalDNS), ${100 - cutover.weight} % with marathon-lb (set identifier ${SET_IDENTIFIERS.marathonLb})`,
    );
  }
  if (outside.length > 0) {
    parts.push(
      `${outside.join(', ')} ${outside.length > 1 ? 'are' : 'is'} not in the cut-over zone ${zone}: move ${outside.length > 1 ? 'their' : 'its'} DNS by hand`,
    );
  }
  return parts.map((part) => `; ${part}`).join('');
}

function httpsSettings(plan: LoadBalancerPlan, { setting, path }: Pick<PortLabels, 'setting' | 'path'>): void {
  const { notes } = plan.scope;
  const { certificateArns } = plan.scope.options;
  if (setting('REDIRECT_TO_HTTPS') === 'true') {
    plan.https = true;
    notes.approximated(
      path('REDIRECT_TO_HTTPS'),
      certificateArns.length > 0
        ? `the ALB redirects HTTP to HTTPS with the certificate ${certificateArns.join(', ')} (option certificateArns)`
        : 'the ALB redirects HTTP to HTTPS; it needs an ACM certificate: give its ARN (option certificateArns) or let certificate discovery find one for the host',
    );
  } else if (setting('REDIRECT_TO_HTTPS') !== undefined) {
    notes.translated(path('REDIRECT_TO_HTTPS'), 'no redirect');
  }
  if (setting('SSL_CERT') !== undefined) {
    plan.https = true;
    notes.unsupported(
      path('SSL_CERT'),
      'a certificate file on the marathon-lb host: import it into ACM and give its ARN (option certificateArns)',
    );
  }
}

const TARGET_GROUP_ATTRIBUTES = 'alb.ingress.kubernetes.io/target-group-attributes';

function albSettings(plan: LoadBalancerPlan, { setting, path }: Pick<PortLabels, 'setting' | 'path'>): void {
  const { notes } = plan.scope;
  const annotations = plan.albAnnotations;
  if (setting('STICKY') === 'true') {
    annotations[TARGET_GROUP_ATTRIBUTES] = 'stickiness.enabled=true,stickiness.lb_cookie.duration_seconds=86400';
    notes.translated(path('STICKY'), 'ALB cookie stickiness');
  } else if (setting('STICKY') !== undefined) {
    notes.translated(path('STICKY'), 'no stickiness');
  }
  const balance = setting('BALANCE');
  if (balance === 'leastconn') {
    annotations[TARGET_GROUP_ATTRIBUTES] = [
      annotations[TARGET_GROUP_ATTRIBUTES],
      'load_balancing.algorithm.type=least_outstanding_requests',
    ]
      .filter(Boolean)
      .join(',');
    notes.approximated(path('BALANCE'), 'leastconn → least outstanding requests');
  } else if (balance === 'roundrobin') {
    notes.translated(path('BALANCE'), 'round robin (the ALB default)');
  } else if (balance !== undefined) {
    notes.unsupported(path('BALANCE'), `HAProxy balance ${balance} has no ALB equivalent`);
  }
}

/** A TCP-mode port: a listener of the NLB, on `HAPROXY_n_PORT` when it is a port number, else the service port. */
export function tcpPort(plan: LoadBalancerPlan, port: PortInfo, { n, setting, path }: PortLabels): void {
  const { notes } = plan.scope;
  const ownPort = port.servicePort || port.containerPort;
  const bind = setting('PORT');
  // marathon-lb bound HAProxy to HAPROXY_n_PORT; HAProxy refuses anything but a port number there.
  const valid = bind !== undefined && /^\d{1,5}$/.test(bind.trim()) && Number(bind) >= 1 && Number(bind) <= 65535;
  const lbPort = valid ? Number(bind) : ownPort;
  const notePath = bind !== undefined ? path('PORT') : [...LB_LABELS, 'HAPROXY_GROUP'];
  // HAProxy cannot bind two frontends to one port; marathon-lb's config reload failed on such an app.
  if (plan.tcpPorts.some((taken) => taken.port === lbPort)) {
    notes.unsupported(
      notePath,
      `TCP port ${lbPort} is already taken by another port of this app on the NLB; give HAPROXY_${n}_PORT a port of its own`,
    );
    return;
  }
  plan.tcpPorts.push({ port: lbPort, targetPort: port.containerPort });
  if (bind !== undefined && !valid) {
    notes.unsupported(
      path('PORT'),
      `${JSON.stringify(bind)} is not a port number (1–65535), so HAProxy could not bind it; the NLB listens on the service port ${ownPort}`,
    );
  } else {
    notes.translated(notePath, `TCP port ${lbPort} on a ${plan.scheme} NLB → port ${port.containerPort}`);
  }
  for (const name of ['VHOST', 'PATH', 'REDIRECT_TO_HTTPS', 'STICKY', 'BALANCE', 'SSL_CERT']) {
    if (setting(name) !== undefined) {
      notes.unsupported(path(name), `HTTP setting on a TCP-mode port: an NLB forwards TCP`);
    }
  }
}

/**
 * The hosts (`''` for any host) and path prefixes an Ingress can take from HAPROXY_n_VHOST and HAPROXY_n_PATH, and
 * why it cannot take the others.
 */
function ingressRoute(
  vhost: string,
  pathSetting: string | undefined,
): { hosts: string[]; paths: string[]; droppedHosts: string[]; droppedPaths: string[]; prefixed: boolean } {
  const route = {
    hosts: [] as string[],
    paths: [] as string[],
    droppedHosts: [] as string[],
    droppedPaths: [] as string[],
    prefixed: false,
  };
  // Host names are case-insensitive; Ingress hosts are written in lowercase.
  for (const host of vhost
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '')) {
    const problem = ingressHostProblem(host);
    if (problem === undefined) {
      route.hosts.push(host);
    } else {
      route.droppedHosts.push(problem);
    }
  }
  // An IP address or a placeholder (`<public-agent-ip>`, `${AGENT_FQDN}`) meant "this app on the load balancer": on an
  // ALB that is a rule without a host, which matches whatever name clients use.
  if (route.droppedHosts.length > 0) {
    route.hosts.push('');
  }
  for (const raw of (pathSetting ?? '/').split(' ').filter((p) => p !== '')) {
    // marathon-lb matched the path as a prefix of the request path, which always starts with "/".
    const prefix = raw.startsWith('/') ? raw : `/${raw}`;
    const problem = ingressPathProblem(prefix);
    if (problem !== undefined) {
      route.droppedPaths.push(problem);
    } else {
      route.prefixed ||= prefix !== raw;
      route.paths.push(prefix);
    }
  }
  return route;
}
