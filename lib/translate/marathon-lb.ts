import { JsonPath } from '../util/json-path';
import { isCredential } from './credentials';
import { StringMap } from '../marathon/model/common';
import { Ingress, IngressPath, ObjectMeta, Service } from './kube';
import { withSuffix } from './naming';
import { PortInfo } from './ports';
import { servicePortOf } from './service';
import { ResolvedTranslateOptions } from './options';
import { Notes } from './notes';
import { ingressHostProblem, ingressPathProblem } from '../validate/kube-ingress';

/** What marathon-lb labels become: an ALB Ingress for HTTP routes, an NLB Service for TCP ports. */
export interface LoadBalancing {
  readonly ingress?: Ingress;
  readonly loadBalancer?: Service;
  /** Label keys this module accounted for in the report. */
  readonly consumed: ReadonlySet<string>;
}

const PER_PORT = /^HAPROXY_(\d+)_(.+)$/;
const MAPPED_SETTINGS = new Set([
  'VHOST',
  'PATH',
  'MODE',
  'PORT',
  'REDIRECT_TO_HTTPS',
  'STICKY',
  'BALANCE',
  'ENABLED',
  'SSL_CERT',
]);

/**
 * marathon-lb: `HAPROXY_GROUP` (external / internal) exposes the app; per port, `HAPROXY_n_VHOST` and `_PATH` make
 * HTTP routes (an Ingress of class `http.ingressClass`, AWS Load Balancer Controller annotations, the
 * certificates of `http.certificateArns`), TCP-mode ports an
 * internet-facing or internal NLB (`Service` type LoadBalancer). Templates and other settings are reported by name.
 */
export function marathonLb(
  labels: StringMap,
  at: JsonPath,
  ports: readonly PortInfo[],
  serviceName: string,
  metadata: (name: string) => ObjectMeta,
  selector: Record<string, string>,
  http: Pick<ResolvedTranslateOptions, 'ingressClass' | 'certificateArns'>,
  notes: Notes,
): LoadBalancing {
  const keys = Object.keys(labels)
    .filter((key) => key.startsWith('HAPROXY_'))
    .sort();
  const consumed = new Set(keys);
  if (keys.length === 0) {
    return { consumed };
  }
  const group = labels.HAPROXY_GROUP;
  if (group === undefined) {
    for (const key of keys) {
      notes.ignored([...at, key], 'marathon-lb only exposes apps that have HAPROXY_GROUP');
    }
    return { consumed };
  }
  const groups = group.split(',').map((g) => g.trim());
  const scheme = groups.includes('external') ? 'internet-facing' : 'internal';
  notes.translated(
    [...at, 'HAPROXY_GROUP'],
    `${groups.join(', ')} → ${scheme} load balancer${groups.length > 1 ? ' (one scheme per load balancer: internet-facing wins)' : ''}`,
  );

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
    if (setting('ENABLED') !== undefined) {
      notes.translated(path('ENABLED'), `port ${n} exposed`);
    }
    const vhost = setting('VHOST');
    const mode = (setting('MODE') ?? (vhost ? 'http' : 'tcp')).toLowerCase();
    if (setting('MODE') !== undefined) {
      notes.translated(path('MODE'), `${mode} mode`);
    }
    if (mode === 'http' && vhost) {
      const route = ingressRoute(vhost, setting('PATH'));
      const routed = route.paths.length > 0 ? route.hosts : [];
      for (const host of routed) {
        const list = rules.get(host) ?? [];
        for (const pathPrefix of route.paths) {
          list.push({
            path: pathPrefix,
            pathType: 'Prefix',
            backend: { service: { name: serviceName, port: { number: servicePortOf(port) } } },
          });
        }
        rules.set(host, list);
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
          ? `Ingress rules for ${shown.join(', ')} → port ${port.containerPort}${anyHost}`
          : `no Ingress rule${dropped(route.droppedPaths)}`,
      );
      if (setting('PATH') !== undefined) {
        const changed = route.droppedPaths.length > 0 || route.prefixed;
        notes[route.paths.length === 0 ? 'unsupported' : changed ? 'approximated' : 'translated'](
          path('PATH'),
          `path prefix ${route.paths.join(', ') || '(none)'}${route.prefixed ? ' (an Ingress path starts with "/")' : ''}${dropped(route.droppedPaths)}`,
        );
      }
      if (setting('REDIRECT_TO_HTTPS') === 'true') {
        https = true;
        notes.approximated(
          path('REDIRECT_TO_HTTPS'),
          http.certificateArns.length > 0
            ? `the ALB redirects HTTP to HTTPS with the certificate ${http.certificateArns.join(', ')} (option certificateArns)`
            : 'the ALB redirects HTTP to HTTPS; it needs an ACM certificate: give its ARN (option certificateArns) or let certificate discovery find one for the host',
        );
      } else if (setting('REDIRECT_TO_HTTPS') !== undefined) {
        notes.translated(path('REDIRECT_TO_HTTPS'), 'no redirect');
      }
      if (setting('SSL_CERT') !== undefined) {
        https = true;
        notes.unsupported(
          path('SSL_CERT'),
          'a certificate file on the marathon-lb host: import it into ACM and give its ARN (option certificateArns)',
        );
      }
      if (setting('STICKY') === 'true') {
        albAnnotations['alb.ingress.kubernetes.io/target-group-attributes'] =
          'stickiness.enabled=true,stickiness.lb_cookie.duration_seconds=86400';
        notes.translated(path('STICKY'), 'ALB cookie stickiness');
      } else if (setting('STICKY') !== undefined) {
        notes.translated(path('STICKY'), 'no stickiness');
      }
      const balance = setting('BALANCE');
      if (balance === 'leastconn') {
        albAnnotations['alb.ingress.kubernetes.io/target-group-attributes'] = [
          albAnnotations['alb.ingress.kubernetes.io/target-group-attributes'],
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
      if (setting('PORT') !== undefined) {
        notes.approximated(
          path('PORT'),
          'HTTP routes are served on 80/443 by the ALB, not on the marathon-lb service port',
        );
      }
    } else {
      const ownPort = port.servicePort || port.containerPort;
      const bind = setting('PORT');
      // marathon-lb bound HAProxy to HAPROXY_n_PORT; HAProxy refuses anything but a port number there.
      const valid = bind !== undefined && /^\d{1,5}$/.test(bind.trim()) && Number(bind) >= 1 && Number(bind) <= 65535;
      const lbPort = valid ? Number(bind) : ownPort;
      const notePath = bind !== undefined ? path('PORT') : [...at, 'HAPROXY_GROUP'];
      // HAProxy cannot bind two frontends to one port; marathon-lb's config reload failed on such an app.
      if (tcpPorts.some((taken) => taken.port === lbPort)) {
        notes.unsupported(
          notePath,
          `TCP port ${lbPort} is already taken by another port of this app on the NLB; give HAPROXY_${n}_PORT a port of its own`,
        );
        return;
      }
      tcpPorts.push({ port: lbPort, targetPort: port.containerPort });
      if (bind !== undefined && !valid) {
        notes.unsupported(
          path('PORT'),
          `${JSON.stringify(bind)} is not a port number (1–65535), so HAProxy could not bind it; the NLB listens on the service port ${ownPort}`,
        );
      } else {
        notes.translated(
          bind !== undefined ? path('PORT') : [...at, 'HAPROXY_GROUP'],
          `TCP port ${lbPort} on a ${scheme} NLB → port ${port.containerPort}`,
        );
      }
      for (const name of ['VHOST', 'PATH', 'REDIRECT_TO_HTTPS', 'STICKY', 'BALANCE', 'SSL_CERT']) {
        if (setting(name) !== undefined) {
          notes.unsupported(path(name), `HTTP setting on a TCP-mode port: an NLB forwards TCP`);
        }
      }
    }
  });

  for (const key of keys) {
    if (key === 'HAPROXY_GROUP') {
      continue;
    }
    const match = PER_PORT.exec(key);
    if (match && MAPPED_SETTINGS.has(match[2]) && Number(match[1]) < ports.length) {
      continue;
    }
    if (match && Number(match[1]) >= ports.length) {
      notes.ignored([...at, key], `the app has no port ${match[1]}`);
    } else if (key.startsWith('HAPROXY_DEPLOYMENT_')) {
      notes.approximated(
        [...at, key],
        'marathon-lb blue/green deployment bookkeeping: Kubernetes Deployments roll out in place',
      );
    } else {
      notes.unsupported(
        [...at, key],
        `marathon-lb setting ${key} (HAProxy templates and options) has no AWS load balancer equivalent; review it by hand${credentialRemark(labels[key], key)}`,
      );
    }
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
          ...(https
            ? {
                'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}, {"HTTPS": 443}]',
                'alb.ingress.kubernetes.io/ssl-redirect': '443',
              }
            : {}),
          ...(https && http.certificateArns.length > 0
            ? { 'alb.ingress.kubernetes.io/certificate-arn': http.certificateArns.join(',') }
            : {}),
        },
      },
      spec: {
        ingressClassName: http.ingressClass,
        rules: [...rules.entries()].map(([host, paths]) => ({ ...(host !== '' ? { host } : {}), http: { paths } })),
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
        ports: tcpPorts.map((port, i) => ({
          name: `tcp-${i}`,
          port: port.port,
          targetPort: port.targetPort,
          protocol: 'TCP',
        })),
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
  return isCredential(value, key)
    ? `; its value looks like a credential, so it is not copied into the manifests (the workload's credentials Secret holds it)`
    : '';
}

/** The NLB Service's name: `<app>-lb`, within 63 characters. */
export function lbName(name: string): string {
  return name.length + 3 <= 63 ? `${name}-lb` : withSuffix(name, 'lb', 63);
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
