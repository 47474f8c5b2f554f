import { JsonPath } from '../marathon/json-path';
import { isCredential } from './credentials';
import { StringMap } from '../marathon/model/common';
import { Ingress, IngressPath, ObjectMeta, Service } from './kube';
import { withSuffix } from './naming';
import { PortInfo } from './ports';
import { servicePortOf } from './service';
import { Notes } from './report';

/** What marathon-lb labels become: an ALB Ingress for HTTP routes, an NLB Service for TCP ports. */
export interface LoadBalancing {
  readonly ingress?: Ingress;
  readonly loadBalancer?: Service;
  /** Label keys this module accounted for in the report. */
  readonly consumed: ReadonlySet<string>;
}

const PER_PORT = /^HAPROXY_(\d+)_(.+)$/;
const MAPPED_SETTINGS = new Set(['VHOST', 'PATH', 'MODE', 'PORT', 'REDIRECT_TO_HTTPS', 'STICKY', 'BALANCE', 'ENABLED', 'SSL_CERT']);

/**
 * marathon-lb: `HAPROXY_GROUP` (external / internal) exposes the app; per port, `HAPROXY_n_VHOST` and `_PATH` make
 * HTTP routes (an Ingress of class `ingressClass`, AWS Load Balancer Controller annotations), TCP-mode ports an
 * internet-facing or internal NLB (`Service` type LoadBalancer). Templates and other settings are reported by name.
 */
export function marathonLb(
  labels: StringMap,
  at: JsonPath,
  ports: readonly PortInfo[],
  serviceName: string,
  metadata: (name: string) => ObjectMeta,
  selector: Record<string, string>,
  ingressClass: string,
  notes: Notes,
): LoadBalancing {
  const keys = Object.keys(labels).filter((key) => key.startsWith('HAPROXY_')).sort();
  const consumed = new Set(keys);
  if (keys.length === 0) return { consumed };
  const group = labels.HAPROXY_GROUP;
  if (group === undefined) {
    for (const key of keys) notes.ignored([...at, key], 'marathon-lb only exposes apps that have HAPROXY_GROUP');
    return { consumed };
  }
  const groups = group.split(',').map((g) => g.trim());
  const scheme = groups.includes('external') ? 'internet-facing' : 'internal';
  notes.translated([...at, 'HAPROXY_GROUP'], `${groups.join(', ')} → ${scheme} load balancer${groups.length > 1 ? ' (one scheme per load balancer: internet-facing wins)' : ''}`);

  const rules = new Map<string, IngressPath[]>();
  const tcpPorts: { port: number; targetPort: number }[] = [];
  const albAnnotations: Record<string, string> = {};
  let https = false;
  ports.forEach((port, n) => {
    const setting = (name: string) => labels[`HAPROXY_${n}_${name}`];
    const path = (name: string) => [...at, `HAPROXY_${n}_${name}`];
    if (setting('ENABLED') === 'false') {
      notes.translated(path('ENABLED'), `port ${n} not exposed`);
      return;
    }
    if (setting('ENABLED') !== undefined) notes.translated(path('ENABLED'), `port ${n} exposed`);
    const vhost = setting('VHOST');
    const mode = (setting('MODE') ?? (vhost ? 'http' : 'tcp')).toLowerCase();
    if (setting('MODE') !== undefined) notes.translated(path('MODE'), `${mode} mode`);
    if (mode === 'http' && vhost) {
      const hosts = vhost.split(',').map((host) => host.trim()).filter((host) => host !== '');
      const paths = (setting('PATH') ?? '/').split(' ').filter((p) => p !== '');
      for (const host of hosts) {
        const list = rules.get(host) ?? [];
        for (const pathPrefix of paths) list.push({ path: pathPrefix, pathType: 'Prefix', backend: { service: { name: serviceName, port: { number: servicePortOf(port) } } } });
        rules.set(host, list);
      }
      notes.translated(path('VHOST'), `Ingress rules for ${hosts.join(', ')} → port ${port.containerPort}`);
      if (setting('PATH') !== undefined) notes.translated(path('PATH'), `path prefix ${paths.join(', ')}`);
      if (setting('REDIRECT_TO_HTTPS') === 'true') {
        https = true;
        notes.approximated(path('REDIRECT_TO_HTTPS'), 'the ALB redirects HTTP to HTTPS; it needs a certificate: set alb.ingress.kubernetes.io/certificate-arn (or let ACM discovery find one for the host)');
      } else if (setting('REDIRECT_TO_HTTPS') !== undefined) notes.translated(path('REDIRECT_TO_HTTPS'), 'no redirect');
      if (setting('SSL_CERT') !== undefined) {
        https = true;
        notes.unsupported(path('SSL_CERT'), 'a certificate file on the marathon-lb host: import it into ACM and set alb.ingress.kubernetes.io/certificate-arn');
      }
      if (setting('STICKY') === 'true') {
        albAnnotations['alb.ingress.kubernetes.io/target-group-attributes'] = 'stickiness.enabled=true,stickiness.lb_cookie.duration_seconds=86400';
        notes.translated(path('STICKY'), 'ALB cookie stickiness');
      } else if (setting('STICKY') !== undefined) notes.translated(path('STICKY'), 'no stickiness');
      const balance = setting('BALANCE');
      if (balance === 'leastconn') {
        albAnnotations['alb.ingress.kubernetes.io/target-group-attributes'] = [albAnnotations['alb.ingress.kubernetes.io/target-group-attributes'], 'load_balancing.algorithm.type=least_outstanding_requests'].filter(Boolean).join(',');
        notes.approximated(path('BALANCE'), 'leastconn → least outstanding requests');
      } else if (balance === 'roundrobin') notes.translated(path('BALANCE'), 'round robin (the ALB default)');
      else if (balance !== undefined) notes.unsupported(path('BALANCE'), `HAProxy balance ${balance} has no ALB equivalent`);
      if (setting('PORT') !== undefined) notes.approximated(path('PORT'), 'HTTP routes are served on 80/443 by the ALB, not on the marathon-lb service port');
    } else {
      const lbPort = Number(setting('PORT') ?? (port.servicePort || port.containerPort));
      tcpPorts.push({ port: lbPort, targetPort: port.containerPort });
      notes.translated(setting('PORT') !== undefined ? path('PORT') : [...at, 'HAPROXY_GROUP'], `TCP port ${lbPort} on a ${scheme} NLB → port ${port.containerPort}`);
      for (const name of ['VHOST', 'PATH', 'REDIRECT_TO_HTTPS', 'STICKY', 'BALANCE', 'SSL_CERT']) {
        if (setting(name) !== undefined) notes.unsupported(path(name), `HTTP setting on a TCP-mode port: an NLB forwards TCP`);
      }
    }
  });

  for (const key of keys) {
    if (key === 'HAPROXY_GROUP') continue;
    const match = PER_PORT.exec(key);
    if (match && MAPPED_SETTINGS.has(match[2]) && Number(match[1]) < ports.length) continue;
    if (match && Number(match[1]) >= ports.length) notes.ignored([...at, key], `the app has no port ${match[1]}`);
    else if (key.startsWith('HAPROXY_DEPLOYMENT_')) notes.approximated([...at, key], 'marathon-lb blue/green deployment bookkeeping: Kubernetes Deployments roll out in place');
    else notes.unsupported([...at, key], `marathon-lb setting ${key} (HAProxy templates and options) has no AWS load balancer equivalent; review it by hand${credentialRemark(labels[key], key)}`);
  }

  const common = { 'alb.ingress.kubernetes.io/scheme': scheme, 'alb.ingress.kubernetes.io/target-type': 'ip' };
  let ingress: Ingress | undefined;
  if (rules.size > 0) {
    const meta = metadata(serviceName);
    ingress = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        ...meta,
        annotations: {
          ...meta.annotations,
          ...common,
          ...albAnnotations,
          ...(https ? { 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}, {"HTTPS": 443}]', 'alb.ingress.kubernetes.io/ssl-redirect': '443' } : {}),
        },
      },
      spec: {
        ingressClassName: ingressClass,
        rules: [...rules.entries()].map(([host, paths]) => ({ host, http: { paths } })),
      },
    };
  }
  let loadBalancer: Service | undefined;
  if (tcpPorts.length > 0) {
    const meta = metadata(lbName(serviceName));
    loadBalancer = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        ...meta,
        annotations: {
          ...meta.annotations,
          'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
          'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
          'service.beta.kubernetes.io/aws-load-balancer-scheme': scheme,
        },
      },
      spec: {
        type: 'LoadBalancer',
        selector,
        ports: tcpPorts.map((port, i) => ({ name: `tcp-${i}`, port: port.port, targetPort: port.targetPort, protocol: 'TCP' })),
      },
    };
  }
  return { ...(ingress ? { ingress } : {}), ...(loadBalancer ? { loadBalancer } : {}), consumed };
}

/**
 * HAProxy options can carry credentials (`http-request set-header Authorization Basic …`). This note wins over the
 * labels' own, so it says where the value went: never into the manifests, only into the credentials Secret.
 */
function credentialRemark(value: string, key: string): string {
  return isCredential(value, key) ? `; its value looks like a credential, so it is not copied into the manifests (the workload's credentials Secret holds it)` : '';
}

/** The NLB Service's name: `<app>-lb`, within 63 characters. */
export function lbName(name: string): string {
  return name.length + 3 <= 63 ? `${name}-lb` : withSuffix(name, 'lb', 63);
}
