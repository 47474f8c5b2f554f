import { Definition } from '../marathon/load/definition';
import { MarathonApp } from '../marathon/model/app';
import { LinuxInfo } from '../marathon/model/common';
import { JsonPath } from '../util/json-path';
import { SecurityContext, Volume, VolumeMount } from './kube';
import { KubeIdentity } from './naming';
import { backoffNotes, killSelectionNote } from './rollout';
import { Notes } from './notes';

/** The id becomes a namespace and a name (how exactly is reported). */
export function noteIdentity(definition: Definition, identity: KubeIdentity, notes: Notes): void {
  const where = `namespace ${identity.namespace}, name ${identity.name}`;
  if (identity.adjustments.length > 0) {
    notes.approximated(['id'], `${where}: ${identity.adjustments.join('; ')}`);
  } else {
    notes.translated(['id'], where);
  }
  if (definition.group !== undefined) {
    notes.remark(`from group ${definition.group}`);
  }
}

/** Networking: every pod gets its own IP on EKS (VPC CNI), whatever the Marathon network mode was. */
export function networkNotes(app: MarathonApp, hostNetwork: boolean, notes: Notes): void {
  app.networks.forEach((network, i) => {
    const at = ['networks', i];
    if (network.mode === 'host') {
      if (hostNetwork) {
        notes.translated([...at, 'mode'], 'hostNetwork: true (option hostNetworking)');
      } else {
        notes.approximated(
          [...at, 'mode'],
          'host networking → the pod network: the app listens on its own pod IP, on the ports $PORTn names (option hostNetworking keeps the node network)',
        );
      }
    } else if (network.mode === 'container/bridge') {
      notes.translated([...at, 'mode'], 'bridge → the pod network; container ports are kept');
    } else {
      notes.approximated(
        [...at, 'mode'],
        `container network${network.name ? ` ${network.name}` : ''} → the pod network (one flat network on EKS)`,
      );
    }
    if (network.name !== undefined) {
      notes.approximated([...at, 'name'], `CNI network ${network.name} → the cluster's pod network`);
    }
    for (const key of Object.keys(network.labels)) {
      notes.unsupported([...at, 'labels', key], 'labels for the Mesos CNI plugin have no Kubernetes counterpart');
    }
  });
  if (app.requirePorts && !hostNetwork) {
    notes.approximated(
      ['requirePorts'],
      'fixed host ports are only used with option hostPorts; pods have their own IPs, so ports never clash',
    );
  } else {
    notes.translated(['requirePorts'], app.requirePorts ? 'hostPort' : 'dynamic ports');
  }
}

/** Seccomp and IPC settings of the Mesos containerizer. */
export function linuxInfoEffects(
  info: LinuxInfo | undefined,
  at: JsonPath,
  notes: Notes,
): { securityContext: SecurityContext; volumes: Volume[]; mounts: VolumeMount[] } {
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

/** Fields with no effect on Kubernetes, or handled by the kubelet its own way. */
export function otherAppNotes(app: MarathonApp, notes: Notes): void {
  killSelectionNote(app.killSelection, ['killSelection'], notes);
  backoffNotes([['backoffSeconds'], ['backoffFactor'], ['maxLaunchDelaySeconds']], notes);
  if (app.executor !== undefined) {
    notes[app.executor === '' || app.executor === '//cmd' ? 'ignored' : 'unsupported'](
      ['executor'],
      app.executor === '' || app.executor === '//cmd'
        ? 'the default executor'
        : `custom Mesos executor ${app.executor} has no Kubernetes counterpart`,
    );
  }
  if (app.executorResources) {
    notes.ignored(
      ['executorResources'],
      'resources of the Mesos executor; Kubernetes has no executor (its overhead is in the node reservation)',
    );
  }
  if (app.version !== undefined) {
    notes.translated(['version'], 'MARATHON_APP_VERSION');
  }
}
