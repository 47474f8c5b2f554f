import { StringMap } from '../marathon/model/common';
import { isCredential } from './credentials';
import { Ingress, KubeObject, Service } from './kube';
import { LB_LABELS, LoadBalancerPlan, httpRoute, portLabels, tcpPort } from './marathon-lb-ports';
import { lbName } from './naming';
import { LOAD_BALANCER_CONTROLLER_CLASS } from './service';
import { DefinitionScope } from './scope';
import { cutoverAnnotations, hostsByZone } from './traffic-cutover';

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

/** marathon-lb's labels are the app's HAPROXY_* labels: they become labels, but this module reports them. */
export function isMarathonLbLabel(key: string): boolean {
  return key.startsWith('HAPROXY_');
}

/**
 * marathon-lb: `HAPROXY_GROUP` (external / internal) exposes the app; per port, `HAPROXY_n_VHOST` and `_PATH` make
 * HTTP routes (an Ingress of class `ingressClass`, AWS Load Balancer Controller annotations, the certificates of
 * `certificateArns`), TCP-mode ports an internet-facing or internal NLB (`Service` type LoadBalancer). Templates and
 * other settings are reported by name. Returns the Ingress and the NLB Service, those that are needed.
 */
export function marathonLb(scope: DefinitionScope, labels: StringMap): KubeObject[] {
  const { notes } = scope;
  const keys = Object.keys(labels).filter(isMarathonLbLabel).sort();
  if (keys.length === 0) {
    return [];
  }
  const group = labels.HAPROXY_GROUP;
  if (group === undefined) {
    for (const key of keys) {
      notes.ignored([...LB_LABELS, key], 'marathon-lb only exposes apps that have HAPROXY_GROUP');
    }
    return [];
  }
  const groups = group.split(',').map((g) => g.trim());
  const scheme = groups.includes('external') ? 'internet-facing' : 'internal';
  notes.translated(
    [...LB_LABELS, 'HAPROXY_GROUP'],
    `${groups.join(', ')} → ${scheme} load balancer${groups.length > 1 ? ' (one scheme per load balancer: internet-facing wins)' : ''}`,
  );
  const plan: LoadBalancerPlan = {
    scope,
    labels,
    scheme,
    rules: new Map(),
    tcpPorts: [],
    albAnnotations: {},
    https: false,
  };
  scope.ports.forEach((port, n) => {
    const portLabel = portLabels(labels, n);
    const { setting, path } = portLabel;
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
      httpRoute(plan, port, portLabel);
    } else {
      tcpPort(plan, port, portLabel);
    }
  });
  otherSettings(scope, keys, labels);
  return [...(plan.rules.size > 0 ? [albIngress(plan)] : []), ...(plan.tcpPorts.length > 0 ? [nlbService(plan)] : [])];
}

/** The labels no port setting accounts for: unknown ports, blue/green bookkeeping, HAProxy templates. */
function otherSettings(scope: DefinitionScope, keys: readonly string[], labels: StringMap): void {
  const { notes } = scope;
  const ports = scope.ports.length;
  for (const key of keys) {
    if (key === 'HAPROXY_GROUP') {
      continue;
    }
    const match = PER_PORT.exec(key);
    if (match && MAPPED_SETTINGS.has(match[2]) && Number(match[1]) < ports) {
      continue;
    }
    if (match && Number(match[1]) >= ports) {
      notes.ignored([...LB_LABELS, key], `the app has no port ${match[1]}`);
    } else if (key.startsWith('HAPROXY_DEPLOYMENT_')) {
      notes.approximated(
        [...LB_LABELS, key],
        'marathon-lb blue/green deployment bookkeeping: Kubernetes Deployments roll out in place',
      );
    } else {
      notes.unsupported(
        [...LB_LABELS, key],
        `marathon-lb setting ${key} (HAProxy templates and options) has no AWS load balancer equivalent; review it by hand${credentialRemark(labels[key], key)}`,
      );
    }
  }
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

/**
 * The ALB of the HTTP routes: an Ingress for the AWS Load Balancer Controller. With `trafficCutover`, an Ingress with
 * a host in the zone carries ExternalDNS's weighted-record annotations, which apply to every host it has
 * (external-dns v0.21.0 source/ingress.go L260-290); the cut-over ExternalDNS writes only the zone's, so a host
 * outside it gets no record (its VHOST note says so).
 */
function albIngress(plan: LoadBalancerPlan): Ingress {
  const { scope, https } = plan;
  const { certificateArns, ingressClass, trafficCutover } = scope.options;
  const meta = scope.metadata(scope.name);
  const weighted =
    trafficCutover !== undefined && hostsByZone([...plan.rules.keys()], trafficCutover.zone).inZone.length > 0;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      ...meta,
      annotations: {
        ...meta.annotations,
        'alb.ingress.kubernetes.io/scheme': plan.scheme,
        'alb.ingress.kubernetes.io/target-type': 'ip',
        ...plan.albAnnotations,
        ...(https
          ? {
              'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}, {"HTTPS": 443}]',
              'alb.ingress.kubernetes.io/ssl-redirect': '443',
            }
          : {}),
        ...(https && certificateArns.length > 0
          ? { 'alb.ingress.kubernetes.io/certificate-arn': certificateArns.join(',') }
          : {}),
        ...(weighted ? cutoverAnnotations(trafficCutover.weight) : {}),
      },
    },
    spec: {
      ingressClassName: ingressClass,
      rules: [...plan.rules.entries()].map(([host, paths]) => ({ ...(host !== '' ? { host } : {}), http: { paths } })),
    },
  };
}

/** The NLB of the TCP ports: a Service of type LoadBalancer for the AWS Load Balancer Controller. */
function nlbService(plan: LoadBalancerPlan): Service {
  const { scope } = plan;
  const meta = scope.metadata(lbName(scope.name));
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      ...meta,
      annotations: {
        ...meta.annotations,
        'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
        'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
        'service.beta.kubernetes.io/aws-load-balancer-scheme': plan.scheme,
      },
    },
    spec: {
      type: 'LoadBalancer',
      loadBalancerClass: LOAD_BALANCER_CONTROLLER_CLASS,
      selector: scope.selector,
      ports: plan.tcpPorts.map((port, i) => ({
        name: `tcp-${i}`,
        port: port.port,
        targetPort: port.targetPort,
        protocol: 'TCP',
      })),
    },
  };
}
