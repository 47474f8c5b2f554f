import { Container, PodSpec, PodTemplateSpec, Toleration, Volume } from './kube';
import { Placement } from './placement';
import { SANDBOX_VOLUME } from './sandbox';
import { ObjectMeta } from './kube';
import { sortedRecord } from './metadata';
import { withSuffix } from './naming';

/** The pieces a pod template is made of, from every translate module. */
export interface PodParts {
  readonly metadata: ObjectMeta;
  readonly containers: Container[];
  readonly initContainers: Container[];
  readonly volumes: Volume[];
  readonly placement: Placement;
  readonly tolerations: Toleration[];
  readonly terminationGracePeriodSeconds?: number;
  readonly hostNetwork: boolean;
  readonly imagePullSecrets: readonly string[];
  readonly restartPolicy?: 'Always' | 'Never' | 'OnFailure';
  readonly extra?: Partial<PodSpec>;
}

/**
 * Assembles the pod template. Fields are set only when the Marathon spec (or a documented option) says so;
 * `enableServiceLinks` is off so Kubernetes' legacy `<SERVICE>_PORT` variables never shadow Marathon's `PORT*`.
 */
export function podTemplate(parts: PodParts): PodTemplateSpec {
  const { placement } = parts;
  const spec: PodSpec = {
    ...(parts.initContainers.length > 0
      ? { initContainers: distinctInitContainers(parts.containers, parts.initContainers) }
      : {}),
    containers: parts.containers,
    volumes: [SANDBOX_VOLUME, ...parts.volumes],
    enableServiceLinks: false,
    ...(parts.restartPolicy ? { restartPolicy: parts.restartPolicy } : {}),
    ...(parts.terminationGracePeriodSeconds !== undefined
      ? { terminationGracePeriodSeconds: parts.terminationGracePeriodSeconds }
      : {}),
    ...(parts.hostNetwork ? { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' } : {}),
    ...(parts.imagePullSecrets.length > 0
      ? { imagePullSecrets: [...new Set(parts.imagePullSecrets)].sort().map((name) => ({ name })) }
      : {}),
    ...(Object.keys(placement.nodeSelector).length > 0 ? { nodeSelector: sortedRecord(placement.nodeSelector) } : {}),
    ...(placement.affinity.nodeAffinity || placement.affinity.podAffinity || placement.affinity.podAntiAffinity
      ? { affinity: placement.affinity }
      : {}),
    ...(placement.topologySpreadConstraints.length > 0
      ? { topologySpreadConstraints: placement.topologySpreadConstraints }
      : {}),
    ...(placement.tolerations.length + parts.tolerations.length > 0
      ? { tolerations: [...placement.tolerations, ...parts.tolerations] }
      : {}),
    ...parts.extra,
  };
  return { metadata: parts.metadata, spec };
}

/**
 * Init containers are named after what they do (`fetch`, `wait-db`), containers after the workload: an app named
 * `fetch` would give a pod two containers of one name, which the API server refuses. The init container yields.
 */
function distinctInitContainers(containers: readonly Container[], initContainers: readonly Container[]): Container[] {
  const taken = new Set(containers.map((container) => container.name));
  return initContainers.map((container) => {
    let name = container.name;
    for (let attempt = 1; taken.has(name); attempt++) {
      name = withSuffix(container.name, attempt === 1 ? 'init' : `init-${attempt}`, 63);
    }
    taken.add(name);
    return name === container.name ? container : { ...container, name };
  });
}
