import { JsonPath } from '../util/json-path';
import { AppVolume, MarathonApp } from '../marathon/model/app';
import { PersistentVolumeInfo, SecretDef } from '../marathon/model/common';
import { MarathonPod } from '../marathon/model/pod';
import { secretFor } from './env';
import { ContainerUse } from './docker-parameters';
import { PersistentVolumeClaim, Volume, VolumeMount } from './kube';
import { dnsLabel } from './naming';
import { SANDBOX } from './options';
import { Notes } from './notes';
import { SecretRequirement } from './requirements';

/** Volumes of a workload: pod volumes, mounts per container, and claim templates (which make it a StatefulSet). */
export interface Storage {
  readonly volumes: Volume[];
  readonly mounts: Map<string, VolumeMount[]>;
  readonly claimTemplates: PersistentVolumeClaim[];
  readonly secrets: SecretRequirement[];
}

/** True when a workload keeps state Kubernetes must attach to each replica: it becomes a StatefulSet. */
export function appIsStateful(app: MarathonApp): boolean {
  return (app.container?.volumes ?? []).some((volume) => volume.kind === 'persistent' || volume.kind === 'external');
}

export function podIsStateful(pod: MarathonPod): boolean {
  return pod.volumes.some((volume) => volume.kind === 'persistent');
}

type AccessMode = 'ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany';

function claim(name: string, storage: string, storageClass: string, accessModes: AccessMode[]): PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name },
    spec: { accessModes, storageClassName: storageClass, resources: { requests: { storage } } },
  };
}

function persistentNotes(info: PersistentVolumeInfo, at: JsonPath, notes: Notes): void {
  notes.translated([...at, 'size'], `storage request ${info.size}Mi`);
  if (info.type !== undefined) {
    notes.approximated([...at, 'type'], `Mesos disk type ${info.type}: the StorageClass decides the kind of disk`);
  }
  if (info.maxSize !== undefined) {
    notes.approximated([...at, 'maxSize'], 'a StorageClass provisions exactly the requested size');
  }
  if (info.profileName !== undefined) {
    notes.approximated(
      [...at, 'profileName'],
      `disk profile ${info.profileName}: choose a matching StorageClass (option storageClass)`,
    );
  }
  info.constraints.forEach((_, i) =>
    notes.approximated(
      [...at, 'constraints', i],
      'volume placement constraints: the StorageClass (and its topology) decides where volumes are made',
    ),
  );
}

/**
 * An app's container volumes. Persistent and external volumes become claim templates (the data itself must be
 * copied: report remark); a sandbox-relative host path names a persistent volume and mounts it a second time,
 * as Marathon apps do (`pgdata` → `/var/lib/postgresql/data`).
 */
export function appStorage(
  app: MarathonApp,
  namespace: string,
  containerName: string,
  storageClass: string,
  notes: Notes,
  reserved: ContainerUse = NOTHING_RESERVED,
): Storage {
  const storage: Storage = { volumes: [], mounts: new Map([[containerName, []]]), claimTemplates: [], secrets: [] };
  const mounts = new MountList(storage.mounts.get(containerName) as VolumeMount[], reserved.mountPaths, notes);
  const reservedNames = reserved.volumeNames;
  const volumes = app.container?.volumes ?? [];
  const persistentNames = new Map<string, string>();
  volumes.forEach((volume, i) => {
    if (volume.kind !== 'persistent') {
      return;
    }
    const at = ['container', 'volumes', i];
    if (!mounts.free(`${SANDBOX}/${volume.containerPath}`, at)) {
      return;
    }
    const name = uniqueVolumeName(dnsLabel(volume.containerPath, 63), storage, reservedNames);
    persistentNames.set(volume.containerPath, name);
    storage.claimTemplates.push(claim(name, `${volume.persistent.size}Mi`, storageClass, ['ReadWriteOnce']));
    mounts.push({ name, mountPath: `${SANDBOX}/${volume.containerPath}` });
    notes.translated(
      at,
      `persistent volume → volumeClaimTemplate ${name} (${storageClass}), mounted at ${SANDBOX}/${volume.containerPath}`,
    );
    notes.translated([...at, 'mode'], 'read-write');
    persistentNotes(volume.persistent, [...at, 'persistent'], notes);
    notes.remark(
      `persistent volume ${volume.containerPath}: Kubernetes provisions an empty volume; copy the data from the Mesos agent before cutting over`,
    );
  });
  volumes.forEach((volume, i) => {
    const at = ['container', 'volumes', i];
    if (volume.kind === 'persistent' || !mounts.free(volume.containerPath, at)) {
      return;
    }
    switch (volume.kind) {
      case 'host':
        return hostVolume(volume, at, persistentNames, storage, mounts, notes, reservedNames);
      case 'external':
        return externalVolume(volume, at, storageClass, storage, mounts, notes, reservedNames);
      case 'secret': {
        const declared: SecretDef | undefined = app.secrets[volume.secret];
        if (!declared) {
          return notes.unsupported(at, `secret ${volume.secret} is not declared`);
        }
        const secret = secretFor(declared.source, namespace);
        storage.secrets.push(secret);
        const name = uniqueVolumeName(dnsLabel(`secret-${volume.secret}`, 63), storage, reservedNames);
        storage.volumes.push({ name, secret: { secretName: secret.name } });
        mounts.push({ name, mountPath: volume.containerPath, subPath: secret.key, readOnly: true });
        return notes.translated(
          at,
          `file ${volume.containerPath} from Secret ${secret.name} (DC/OS secret ${declared.source})`,
        );
      }
    }
  });
  return storage;
}

function hostVolume(
  volume: Extract<AppVolume, { kind: 'host' }>,
  at: JsonPath,
  persistentNames: Map<string, string>,
  storage: Storage,
  mounts: MountList,
  notes: Notes,
  reserved: ReadonlySet<string>,
): void {
  const readOnly = volume.mode === 'RO';
  notes.translated([...at, 'mode'], readOnly ? 'readOnly' : 'read-write');
  if (!volume.hostPath.startsWith('/')) {
    const persistent = persistentNames.get(volume.hostPath);
    if (persistent) {
      mounts.push({ name: persistent, mountPath: volume.containerPath, ...(readOnly ? { readOnly } : {}) });
      notes.translated(at, `mounts persistent volume ${volume.hostPath} at ${volume.containerPath}`);
      return;
    }
    mounts.push({
      name: 'mesos-sandbox',
      mountPath: volume.containerPath,
      subPath: volume.hostPath,
      ...(readOnly ? { readOnly } : {}),
    });
    notes.approximated(
      at,
      `sandbox directory ${volume.hostPath} → the sandbox emptyDir (subPath ${volume.hostPath}); its content lives as long as the pod`,
    );
    return;
  }
  const name = uniqueVolumeName(dnsLabel(`host${volume.hostPath}`, 63), storage, reserved);
  storage.volumes.push({ name, hostPath: { path: volume.hostPath } });
  mounts.push({ name, mountPath: volume.containerPath, ...(readOnly ? { readOnly } : {}) });
  notes.approximated(
    at,
    `hostPath ${volume.hostPath}: ties the pod to what the node has there (EKS nodes start empty) and is a security risk; prefer a volume`,
  );
}

function externalVolume(
  volume: Extract<AppVolume, { kind: 'external' }>,
  at: JsonPath,
  storageClass: string,
  storage: Storage,
  mounts: MountList,
  notes: Notes,
  reserved: ReadonlySet<string>,
): void {
  const external = volume.external;
  const name = uniqueVolumeName(dnsLabel(external.name ?? volume.containerPath, 63), storage, reserved);
  const size = external.size !== undefined ? `${external.size}Gi` : '1Gi';
  const csi = external.provider === 'csi';
  const accessMode: AccessMode = csi
    ? csiAccessMode(String((external.options.capability as { accessMode?: string } | undefined)?.accessMode ?? ''))
    : external.shared
      ? 'ReadWriteMany'
      : 'ReadWriteOnce';
  storage.claimTemplates.push(claim(name, size, storageClass, [accessMode]));
  mounts.push({ name, mountPath: volume.containerPath, ...(volume.mode === 'RO' ? { readOnly: true } : {}) });
  notes.approximated(
    at,
    `external volume ${external.name ?? ''} (${external.provider ?? 'dvdi'}) → volumeClaimTemplate ${name}, ${size}, ${storageClass}, ${accessMode}; the data must be migrated${external.size === undefined ? '; no size was given: 1Gi' : ''}`,
  );
  notes.translated([...at, 'mode'], volume.mode === 'RO' ? 'readOnly' : 'read-write');
  notes.remark(
    `external volume ${external.name ?? volume.containerPath}: copy its data into the new ${storageClass} volume`,
  );
  if (accessMode === 'ReadWriteMany' && storageClass.startsWith('gp')) {
    notes.remark(`volume ${name} is shared (ReadWriteMany): EBS cannot do that; use an EFS StorageClass`);
  }
}

function csiAccessMode(mode: string): AccessMode {
  switch (mode) {
    case 'SINGLE_NODE_READER_ONLY':
    case 'MULTI_NODE_READER_ONLY':
      return 'ReadOnlyMany';
    case 'MULTI_NODE_SINGLE_WRITER':
    case 'MULTI_NODE_MULTI_WRITER':
      return 'ReadWriteMany';
    default:
      return 'ReadWriteOnce';
  }
}

/** A pod's volumes and each container's mounts. */
export function podStorage(pod: MarathonPod, namespace: string, storageClass: string, notes: Notes): Storage {
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
        const declared = pod.secrets[volume.secret];
        if (!declared) {
          return notes.unsupported(at, `secret ${volume.secret} is not declared`);
        }
        const secret = secretFor(declared.source, namespace);
        storage.secrets.push(secret);
        storage.volumes.push({ name, secret: { secretName: secret.name } });
        return notes.translated(at, `Secret ${secret.name} (DC/OS secret ${declared.source})`);
      }
      case 'persistent':
        storage.claimTemplates.push(claim(name, `${volume.persistent.size}Mi`, storageClass, ['ReadWriteOnce']));
        persistentNotes(volume.persistent, [...at, 'persistent'], notes);
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
      const subPath = volume?.kind === 'secret' ? { subPath: 'value' } : {};
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

function uniqueVolumeName(base: string, storage: Storage, reserved: ReadonlySet<string> = NO_NAMES): string {
  const taken = new Set([
    ...storage.volumes.map((v) => v.name),
    ...storage.claimTemplates.map((c) => c.metadata?.name),
  ]);
  let name = base;
  for (let i = 2; taken.has(name) || reserved.has(name) || name === 'mesos-sandbox'; i++) {
    name = `${base.slice(0, 58)}-${i}`;
  }
  return name;
}

const NO_NAMES: ReadonlySet<string> = new Set();
const NOTHING_RESERVED: ContainerUse = { mountPaths: NO_NAMES, volumeNames: NO_NAMES };

/**
 * A container's mounts, one per path: Docker refuses two mounts at one path ("Duplicate mount point"), so a Marathon
 * app with two volumes at one containerPath never started; the later volume is reported, not mounted.
 */
class MountList {
  private readonly paths: Set<string>;

  constructor(
    private readonly mounts: VolumeMount[],
    reserved: ReadonlySet<string>,
    private readonly notes: Notes,
  ) {
    this.paths = new Set([SANDBOX, ...reserved, ...mounts.map((mount) => mount.mountPath)]);
  }

  /** True when nothing is mounted at `mountPath` yet; else reports the volume at `at` as unsupported. */
  free(mountPath: string, at: JsonPath): boolean {
    if (!this.paths.has(mountPath)) {
      return true;
    }
    this.notes.unsupported(
      at,
      `${mountPath} is already mounted in this container (the sandbox or another volume); Docker refuses two mounts at one path`,
    );
    return false;
  }

  push(mount: VolumeMount): void {
    this.paths.add(mount.mountPath);
    this.mounts.push(mount);
  }
}

/** What a container's storage already takes, for the docker parameters that add mounts of their own. */
export function containerUse(
  storage: Storage,
  container: string,
  extra: { readonly volumes: readonly Volume[]; readonly mounts: readonly VolumeMount[] },
): ContainerUse {
  const mounts = [...(storage.mounts.get(container) ?? []), ...extra.mounts];
  return {
    mountPaths: new Set([SANDBOX, ...mounts.map((mount) => mount.mountPath)]),
    volumeNames: new Set([
      'mesos-sandbox',
      ...storage.volumes.map((v) => v.name),
      ...storage.claimTemplates.map((c) => c.metadata?.name ?? ''),
      ...extra.volumes.map((v) => v.name),
    ]),
  };
}
