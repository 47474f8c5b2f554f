import type { EstateTranslation, TranslatedWorkload } from './estate-translation';
import type { KubeObject } from './kube';

/**
 * A workload's key: `<namespace>/<app|pod|job>-<name>` of its first object, e.g. `shop/app-api`. The EKS delivery
 * hashes it to choose the bucket (the `KubernetesManifest`) the workload's objects go in, `convert` writes its
 * manifests to `<key>.yaml`, and the capacity plan names its demand with it.
 *
 * It must NEVER drift. A deployed workload whose key changed hashes to another bucket; each bucket is applied with
 * `kubectl apply --prune`, so the bucket it leaves deletes its objects unless the one it joins happens to be applied
 * first, and every reviewed manifest file would move too.
 */
export function workloadKey(workload: TranslatedWorkload): string {
  const main = workload.translation.objects[0];
  return `${main.metadata?.namespace ?? 'default'}/${workload.report.kind}-${main.metadata?.name}`;
}

/**
 * Every object of a translated estate, in the order the estate is rendered: the namespaces, then each workload's
 * objects, workload by workload in translation order, then the namespaces' monitoring objects (last, so every
 * earlier object keeps its place whether or not alerts are on).
 */
export function estateObjects(translation: EstateTranslation): KubeObject[] {
  return [
    ...translation.namespaces,
    ...translation.workloads.flatMap((workload) => workload.translation.objects),
    ...translation.monitoring,
  ];
}
