import type { EstateTranslation } from './estate-translation';
import type { Ingress } from './kube';

export type { TrafficCutoverOptions } from './options';

/** ExternalDNS's annotations of a weighted record (kubernetes-sigs/external-dns v0.21.0; see `ALB_RECORD`). */
export const CUTOVER_ANNOTATIONS = {
  setIdentifier: 'external-dns.alpha.kubernetes.io/set-identifier',
  weight: 'external-dns.alpha.kubernetes.io/aws-weight',
} as const;

/** The set identifiers of the two records of a route: the same for every route, so the pair is easy to find. */
export const SET_IDENTIFIERS = { marathonLb: 'marathon-lb', eks: 'eks' } as const;

/** One vhost in the cut-over zone: what both records of its pair are made from. */
export interface CutoverRoute {
  /** The vhost, lowercase, as the Ingress rule has it (`shop.example.com`, or a wildcard `*.example.com`). */
  readonly host: string;
  /** The percentage of its queries answered with the ALB (the Ingress's weight); marathon-lb's is 100 − this. */
  readonly weight: number;
  /** The Marathon id of the app whose marathon-lb labels made the route. */
  readonly workload: string;
  /** The Ingress that carries the route's ALB, `namespace/name`. */
  readonly ingress: string;
}

/** Whether `host` is `zone` itself or a name under it (both lowercase, without the trailing dot). */
export function hostInZone(host: string, zone: string): boolean {
  return host === zone || host.endsWith(`.${zone}`);
}

/**
 * The routes of a translation made with `trafficCutover`: every host of every Ingress that carries the weighted-record
 * annotations and lies in the zone, sorted by host. A host served by two Ingresses (two apps with the same vhost on
 * different paths) is one route: Route 53 has one record per name and set identifier; the first Ingress in
 * `namespace/name` order names it, and the weights agree since they come from one option.
 */
export function cutoverRoutes(translation: EstateTranslation): CutoverRoute[] {
  const cutover = translation.options.trafficCutover;
  if (!cutover) {
    return [];
  }
  const routes = new Map<string, CutoverRoute>();
  for (const workload of translation.workloads) {
    for (const object of workload.translation.objects) {
      if (object.kind !== 'Ingress') {
        continue;
      }
      const ingress = object as Ingress;
      const annotations = ingress.metadata?.annotations ?? {};
      const weight = annotations[CUTOVER_ANNOTATIONS.weight];
      if (weight === undefined || annotations[CUTOVER_ANNOTATIONS.setIdentifier] === undefined) {
        continue;
      }
      const name = `${ingress.metadata?.namespace ?? ''}/${ingress.metadata?.name ?? ''}`;
      for (const rule of ingress.spec?.rules ?? []) {
        const host = rule.host;
        if (host === undefined || !hostInZone(host, cutover.zone)) {
          continue;
        }
        const known = routes.get(host);
        if (!known || name < known.ingress) {
          routes.set(host, { host, weight: Number(weight), workload: workload.report.id, ingress: name });
        }
      }
    }
  }
  return [...routes.values()].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
}
