import { LinuxInfo } from '../marathon/model/common';
import { JsonPath } from '../util/json-path';
import { SecurityContext, Volume, VolumeMount } from './kube';
import { DefinitionScope } from './scope';

/** What a container's `linuxInfo` becomes: its seccomp profile, and a sized /dev/shm. */
export interface LinuxInfoEffects {
  readonly securityContext: SecurityContext;
  readonly volumes: Volume[];
  readonly mounts: VolumeMount[];
}

/** Seccomp and IPC settings of the Mesos containerizer, for one container. */
export function linuxInfoEffects(scope: DefinitionScope, info: LinuxInfo | undefined, at: JsonPath): LinuxInfoEffects {
  const { notes } = scope;
  const effects = { securityContext: {} as SecurityContext, volumes: [] as Volume[], mounts: [] as VolumeMount[] };
  if (!info) {
    return effects;
  }
  if (info.seccomp) {
    if (info.seccomp.unconfined) {
      effects.securityContext.seccompProfile = { type: 'Unconfined' };
      notes.translated([...at, 'seccomp'], 'seccompProfile Unconfined');
    } else if (info.seccomp.profileName) {
      effects.securityContext.seccompProfile = { type: 'Localhost', localhostProfile: info.seccomp.profileName };
      notes.approximated(
        [...at, 'seccomp'],
        `seccompProfile Localhost ${info.seccomp.profileName}: the profile file must be installed on every node`,
      );
    } else {
      notes.translated([...at, 'seccomp'], 'the runtime default profile');
    }
  }
  if (info.ipcInfo) {
    if (info.ipcInfo.shmSize !== undefined) {
      effects.volumes.push({ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: `${info.ipcInfo.shmSize}Mi` } });
      effects.mounts.push({ name: 'dshm', mountPath: '/dev/shm' });
      notes.translated([...at, 'ipcInfo', 'shmSize'], `/dev/shm of ${info.ipcInfo.shmSize}Mi (in-memory emptyDir)`);
    }
    notes[info.ipcInfo.mode === 'PRIVATE' ? 'translated' : 'approximated'](
      [...at, 'ipcInfo', 'mode'],
      info.ipcInfo.mode === 'PRIVATE'
        ? 'private IPC namespace (the default)'
        : 'sharing the parent IPC namespace: containers of a pod share IPC; the node’s needs hostIPC (not set)',
    );
  }
  return effects;
}

/** A pod's own `linuxInfo`: Kubernetes sets seccomp and IPC per container, and a pod's containers share IPC already. */
export function podLinuxInfoNote(scope: DefinitionScope, info: LinuxInfo | undefined): void {
  if (info) {
    scope.notes.approximated(
      ['linuxInfo'],
      'pod-level seccomp / IPC: containers of a Kubernetes pod already share IPC; set securityContext per container if a profile is needed',
    );
  }
}
