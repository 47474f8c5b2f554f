import { JobRun, JobVolume } from '../marathon/model/job';
import { JsonPath } from '../util/json-path';
import { VolumeMount } from './kube';
import { SANDBOX, SANDBOX_VOLUME } from './sandbox';
import { DefinitionScope } from './scope';
import { secretFileMount, secretVolume } from './secrets';
import { MountList, NO_NAMES, Storage } from './volumes';

/** The container of a job's pod. */
export const JOB_CONTAINER = 'job';

/** A job's `run.volumes`: host paths and secret files of its one container. */
export function jobStorage(scope: DefinitionScope, run: JobRun): Storage {
  const mounts: VolumeMount[] = [];
  const storage: Storage = { volumes: [], mounts: new Map([[JOB_CONTAINER, mounts]]), claimTemplates: [], secrets: [] };
  const list = new MountList(mounts, NO_NAMES, scope.notes);
  run.volumes.forEach((volume, i) => {
    const at = ['run', 'volumes', i];
    const mountPath = sandboxRelative(volume.containerPath);
    if (!list.free(mountPath, at)) {
      return;
    }
    list.reserve(mountPath);
    jobVolume(scope, { storage, list, run }, { volume, at, name: `volume-${i}` });
  });
  return storage;
}

function jobVolume(
  scope: DefinitionScope,
  { storage, list, run }: { storage: Storage; list: MountList; run: JobRun },
  { volume, at, name }: { volume: JobVolume; at: JsonPath; name: string },
): void {
  const { notes } = scope;
  const mountPath = sandboxRelative(volume.containerPath);
  if (volume.kind === 'secret') {
    const made = secretVolume(scope, { secret: volume.secret, at, volume: name }, run.secrets);
    if (!made) {
      return;
    }
    storage.secrets.push(made.secret);
    storage.volumes.push(made.volume);
    list.push(secretFileMount(made.volume, mountPath, made.secret));
    return notes.translated(at, `file ${mountPath} from Secret ${made.secret.name}`);
  }
  const readOnly = volume.mode === 'RO' ? { readOnly: true } : {};
  if (!volume.hostPath.startsWith('/')) {
    list.push({ name: SANDBOX_VOLUME.name, mountPath, subPath: volume.hostPath, ...readOnly });
    return notes.approximated(at, `sandbox directory ${volume.hostPath} → the sandbox emptyDir`);
  }
  storage.volumes.push({ name, hostPath: { path: volume.hostPath } });
  list.push({ name, mountPath, ...readOnly });
  notes.approximated(
    at,
    `hostPath ${volume.hostPath} at ${mountPath}: ties the pod to what the node has there and is a security risk`,
  );
}

/** Metronome resolved relative container paths against the sandbox. */
function sandboxRelative(containerPath: string): string {
  return containerPath.startsWith('/') ? containerPath : `${SANDBOX}/${containerPath}`;
}
