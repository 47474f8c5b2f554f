import { Definition } from '../marathon/load/definition';
import { MarathonApp } from '../marathon/model/app';
import { MarathonPod } from '../marathon/model/pod';

/** True when a workload keeps state Kubernetes must attach to each replica: it becomes a StatefulSet. */
export function appIsStateful(app: MarathonApp): boolean {
  return (app.container?.volumes ?? []).some((volume) => volume.kind === 'persistent' || volume.kind === 'external');
}

export function podIsStateful(pod: MarathonPod): boolean {
  return pod.volumes.some((volume) => volume.kind === 'persistent');
}

/** Decided before any name is: StatefulSet names are kept shorter. */
export function isStateful(definition: Definition): boolean {
  return definition.kind === 'app'
    ? appIsStateful(definition.spec)
    : definition.kind === 'pod'
      ? podIsStateful(definition.spec)
      : false;
}
