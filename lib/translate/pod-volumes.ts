import { MarathonPod } from '../marathon/model/pod';
import { VolumeMount } from './kube';
import { dnsLabel } from './naming';
import { DefinitionScope } from './scope';
import { SECRET_VALUE_KEY, secretVolume } from './secrets';
import { MountList, NO_NAMES, Storage, claim, persistentNotes, uniqueVolumeName } from './volumes';

/** A pod's volumes and each container's mounts. */
export function podStorage(scope: DefinitionScope, pod: MarathonPod): Storage {
  const { notes } = scope;
  const { storageClass } = scope.options;
  const storage: Storage = { volumes: [], mounts: new Map(), claimTemplates: [], secrets: [] };
  const kubeName = new Map<string, string>();
  pod.volumes.forEach((volume, i) => {
    const at = ['volumes', i];
    const name = uniqueVolumeName(dnsLabel(volume.name, 63), storage);
    kubeName.set(volume.name, name);
    switch (volume.kind) {
      case 'ephemeral':
        storage.volumes.push({ name, emptyDir: {} });
        return notes.translated(at, `emptyDir ${name}`);
      case 'host':
        if (volume.host.startsWith('/')) {
          storage.volumes.push({ name, hostPath: { path: volume.host } });
          return notes.approximated(
            at,
            `hostPath ${volume.host}: ties the pod to what the node has there and is a security risk`,
          );
        }
        storage.volumes.push({ name, emptyDir: {} });
        return notes.approximated(at, `sandbox directory ${volume.host} → emptyDir (lives as long as the pod)`);
      case 'secret': {
        const made = secretVolume(scope, { secret: volume.secret, at, volume: name }, pod.secrets);
        if (!made) {
          return;
        }
        storage.secrets.push(made.secret);
        storage.volumes.push(made.volume);
        return notes.translated(at, `Secret ${made.secret.name} (DC/OS secret ${made.secret.source})`);
      }
      case 'persistent':
        storage.claimTemplates.push(claim(name, `${volume.persistent.size}Mi`, storageClass, ['ReadWriteOnce']));
        persistentNotes(scope, volume.persistent, [...at, 'persistent']);
        notes.remark(
          `persistent volume ${volume.name}: Kubernetes provisions an empty volume; copy the data before cutting over`,
        );
        return notes.translated(at, `volumeClaimTemplate ${name} (${storageClass})`);
    }
  });
  pod.containers.forEach((container, c) => {
    const mounts: VolumeMount[] = [];
    const list = new MountList(mounts, NO_NAMES, notes);
    container.volumeMounts.forEach((mount, m) => {
      if (!list.free(mount.mountPath, ['containers', c, 'volumeMounts', m])) {
        return;
      }
      const name = kubeName.get(mount.name) ?? mount.name;
      const volume = pod.volumes.find((v) => v.name === mount.name);
      const subPath = volume?.kind === 'secret' ? { subPath: SECRET_VALUE_KEY } : {};
      list.push({ name, mountPath: mount.mountPath, ...subPath, ...(mount.readOnly ? { readOnly: true } : {}) });
      notes.translated(
        ['containers', c, 'volumeMounts', m],
        `mount ${name} at ${mount.mountPath}${mount.readOnly ? ' read-only' : ''}`,
      );
    });
    storage.mounts.set(container.name, mounts);
  });
  return storage;
}
