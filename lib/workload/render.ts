import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Ingress, KubeObject, Namespace, Service } from '../translate/kube';

/**
 * Renders translated manifests as constructs: Namespaces, Services and Ingresses through cdk8s-plus-27 (they map
 * one to one), everything else as cdk8s API objects. cdk8s-plus's workload constructs are not used: they inject
 * defaults that change Marathon semantics (an automatic startup probe, `allowPrivilegeEscalation: false`, no
 * service-account token, a `cdk8s.io/metadata.addr` selector, 25 % rolling updates) and cannot express
 * `volumeClaimTemplates`, topology spreads or PodDisruptionBudgets.
 */
export class ObjectRenderer {
  private readonly services = new Map<string, kplus.Service>();

  constructor(private readonly chart: Chart) {}

  render(object: KubeObject): ApiObject {
    const id = constructId(object);
    switch (object.kind) {
      case 'Namespace':
        return this.namespace(id, object);
      case 'Service':
        return this.service(id, object) ?? new ApiObject(this.chart, id, object);
      case 'Ingress':
        return this.ingress(id, object) ?? new ApiObject(this.chart, id, object);
      default:
        return new ApiObject(this.chart, id, object);
    }
  }

  /** The cdk8s-plus Service rendered for `namespace/name`, for composing with other cdk8s-plus constructs. */
  serviceNamed(namespace: string, name: string): kplus.Service | undefined {
    return this.services.get(`${namespace}/${name}`);
  }

  private namespace(id: string, object: Namespace): ApiObject {
    const namespace = new kplus.Namespace(this.chart, id, { metadata: object.metadata });
    const api = ApiObject.of(namespace);
    // cdk8s-plus writes an empty spec; the API server fills it in, and an explicit {} is noise in reviews.
    api.addJsonPatch(JsonPatch.remove('/spec'));
    return api;
  }

  private service(id: string, object: Service): ApiObject | undefined {
    const spec = object.spec ?? {};
    const ports = spec.ports ?? [];
    if (
      ports.some((port) => typeof port.targetPort === 'string') ||
      (spec.type !== undefined && spec.type !== 'ClusterIP' && spec.type !== 'LoadBalancer')
    ) {
      return undefined;
    }
    const service = new kplus.Service(this.chart, id, {
      metadata: object.metadata,
      ...(spec.clusterIP !== undefined ? { clusterIP: spec.clusterIP } : {}),
      ...(spec.type === 'LoadBalancer'
        ? { type: kplus.ServiceType.LOAD_BALANCER }
        : spec.clusterIP === undefined
          ? { type: kplus.ServiceType.CLUSTER_IP }
          : {}),
      ...(spec.loadBalancerSourceRanges !== undefined
        ? { loadBalancerSourceRanges: [...spec.loadBalancerSourceRanges] }
        : {}),
      ports: ports.map((port) => ({
        port: port.port,
        ...(port.name !== undefined ? { name: port.name } : {}),
        ...(typeof port.targetPort === 'number' ? { targetPort: port.targetPort } : {}),
        ...(port.protocol !== undefined
          ? { protocol: port.protocol === 'UDP' ? kplus.Protocol.UDP : kplus.Protocol.TCP }
          : {}),
      })),
    });
    for (const [key, value] of Object.entries(spec.selector ?? {})) {
      service.selectLabel(key, value);
    }
    const api = ApiObject.of(service);
    // cdk8s-plus always writes `externalIPs: []`, and `type: ClusterIP` on headless Services.
    api.addJsonPatch(JsonPatch.remove('/spec/externalIPs'));
    if (spec.clusterIP === 'None') {
      api.addJsonPatch(JsonPatch.remove('/spec/type'));
    }
    if (ports.length === 0) {
      api.addJsonPatch(JsonPatch.remove('/spec/ports'));
    }
    // cdk8s-plus-27 has no loadBalancerClass.
    if (spec.loadBalancerClass !== undefined) {
      api.addJsonPatch(JsonPatch.add('/spec/loadBalancerClass', spec.loadBalancerClass));
    }
    this.services.set(`${object.metadata?.namespace}/${object.metadata?.name}`, service);
    return api;
  }

  private ingress(id: string, object: Ingress): ApiObject | undefined {
    const spec = object.spec ?? {};
    const namespace = object.metadata?.namespace ?? '';
    const rules = spec.rules ?? [];
    const backends = rules.flatMap((rule) => rule.http?.paths ?? []).map((path) => path.backend.service);
    if (
      spec.tls ||
      spec.defaultBackend ||
      backends.some((b) => !b || b.port?.number === undefined || !this.services.has(`${namespace}/${b.name}`))
    ) {
      return undefined;
    }
    const ingress = new kplus.Ingress(this.chart, id, {
      metadata: object.metadata,
      ...(spec.ingressClassName !== undefined ? { className: spec.ingressClassName } : {}),
    });
    for (const rule of rules) {
      for (const path of rule.http?.paths ?? []) {
        const service = this.services.get(`${namespace}/${path.backend.service?.name}`) as kplus.Service;
        const backend = kplus.IngressBackend.fromService(service, { port: path.backend.service?.port?.number });
        const pathType =
          path.pathType === 'Exact'
            ? kplus.HttpIngressPathType.EXACT
            : path.pathType === 'ImplementationSpecific'
              ? kplus.HttpIngressPathType.IMPLEMENTATION_SPECIFIC
              : kplus.HttpIngressPathType.PREFIX;
        if (rule.host !== undefined) {
          ingress.addHostRule(rule.host, path.path ?? '/', backend, pathType);
        } else {
          ingress.addRule(path.path ?? '/', backend, pathType);
        }
      }
    }
    return ApiObject.of(ingress);
  }
}

/** Construct ids are unique per chart: kind, namespace and name. */
export function constructId(object: KubeObject): string {
  return `${object.kind}-${object.metadata?.namespace ?? 'cluster'}-${object.metadata?.name ?? ''}`;
}
