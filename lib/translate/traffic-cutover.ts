import type { Ingress, KubeObject } from './kube';
import { normalizeCutoverZone, type TrafficCutoverOptions } from './options';

export type { TrafficCutoverOptions } from './options';
export { normalizeCutoverZone };

/**
 * ExternalDNS's annotations of a weighted record (kubernetes-sigs/external-dns v0.21.0): the set identifier
 * (source/annotations/annotations.go L50, `SetIdentifierKey`) and the weight, an `aws-` provider-specific annotation
 * that becomes the `aws/weight` property (source/annotations/provider_specific.go L38-46) and is read with ParseInt,
 * without a range check; an unparsable value is weight 0 (provider/aws/aws.go L1007-1017). The ingress source gives
 * both to every host of the Ingress (source/ingress.go L260-290).
 */
export const CUTOVER_ANNOTATIONS = {
  setIdentifier: 'external-dns.alpha.kubernetes.io/set-identifier',
  weight: 'external-dns.alpha.kubernetes.io/aws-weight',
} as const;

/** The set identifiers of the two records of a route: the same for every route, so the pair is easy to find. */
export const SET_IDENTIFIERS = { marathonLb: 'marathon-lb', eks: 'eks' } as const;

/**
 * The set identifier of the record that stands in for a simple (non-weighted) record during the handover: Route 53
 * cannot turn a simple record into a weighted one in place (external-dns #3141), so one change batch replaces the
 * simple record by this weighted one with the same values, and it is deleted once `marathon-lb` and `eks` exist.
 */
export const HANDOVER_SET_IDENTIFIER = 'marathon-lb-handover';

/** The weight steps of a cut-over: the ALB's share of each route's queries, deploy after deploy. */
export const CUTOVER_STEPS: readonly number[] = [0, 10, 50, 100];

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

/**
 * What {@link cutoverRoutes} reads of a translation: an `EstateTranslation` is one. Spelled out here rather than
 * imported, since the translation of marathon-lb's labels (which `estate-translation` imports) uses this module.
 */
export interface CutoverTranslation {
  readonly options: { readonly trafficCutover?: TrafficCutoverOptions };
  readonly workloads: readonly {
    readonly translation: { readonly objects: readonly KubeObject[] };
    readonly report: { readonly id: string };
  }[];
}

/** Whether `host` is `zone` itself or a name under it (both lowercase, without the trailing dot). */
export function hostInZone(host: string, zone: string): boolean {
  return host === zone || host.endsWith(`.${zone}`);
}

/** The annotations that make ExternalDNS write the `eks` record of each host of an Ingress, with the ALB's weight. */
export function cutoverAnnotations(weight: number): Record<string, string> {
  return { [CUTOVER_ANNOTATIONS.setIdentifier]: SET_IDENTIFIERS.eks, [CUTOVER_ANNOTATIONS.weight]: String(weight) };
}

/** The hosts of a route split by the cut-over zone (as given or normalized): those that get a weighted pair, and those moved by hand. */
export function hostsByZone(
  hosts: readonly string[],
  zone: string,
): { readonly inZone: string[]; readonly outside: string[] } {
  const normalized = normalizeCutoverZone(zone);
  const named = hosts.filter((host) => host !== '');
  return {
    inZone: named.filter((host) => hostInZone(host, normalized)),
    outside: named.filter((host) => !hostInZone(host, normalized)),
  };
}

/**
 * The routes of a translation made with `trafficCutover`: every host of every Ingress that carries the weighted-record
 * annotations and lies in the zone, sorted by host. A host served by two Ingresses (two apps with the same vhost on
 * different paths) is one route: Route 53 has one record per name and set identifier; the first Ingress in
 * `namespace/name` order names it, and the weights agree since they come from one option.
 */
export function cutoverRoutes(translation: CutoverTranslation): CutoverRoute[] {
  const cutover = translation.options.trafficCutover;
  if (!cutover) {
    return [];
  }
  const { zone } = cutover;
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
        if (host === undefined || !hostInZone(host, zone)) {
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
