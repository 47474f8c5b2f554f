import { JsonPath } from '../util/json-path';
import { AppVolume, MarathonApp } from '../marathon/model/app';
import { dnsLabel } from './naming';
import { SANDBOX, SANDBOX_VOLUME } from './sandbox';
import { DefinitionScope } from './scope';
import { SecretDeclarations, secretFileMount, secretVolume } from './secrets';
import {
  AccessMode,
  ContainerUse,
  MountList,
  NOTHING_RESERVED,
  Storage,
  claim,
  persistentNotes,
  uniqueVolumeName,
} from './volumes';

/** What mounting one app volume works with: the storage so far and the container's mounts. */
interface Mounting {
  readonly scope: DefinitionScope;
  readonly storage: Storage;
  readonly mounts: MountList;
  /** Volume names the container's other volumes (linuxInfo) already take. */
  readonly reserved: ReadonlySet<string>;
  /** Persistent volumes by their containerPath, which host volumes name to mount them again. */
  readonly persistentNames: ReadonlyMap<string, string>;
  readonly secrets: SecretDeclarations;
}

/**
 * An app's container volumes. Persistent and external volumes become claim templates (the data itself must be
 * copied: report remark); a sandbox-relative host path names a persistent volume and mounts it a second time,
 * as Marathon apps do (`pgdata` → `/var/lib/postgresql/data`).
 */
export function appStorage(
  scope: DefinitionScope,
  app: MarathonApp,
  reserved: ContainerUse = NOTHING_RESERVED,
): Storage {
  const { notes, name: containerName } = scope;
  const { storageClass } = scope.options;
  const storage: Storage = { volumes: [], mounts: new Map([[containerName, []]]), claimTemplates: [], secrets: [] };
  const mounts = new MountList(storage.mounts.get(containerName) ?? [], reserved.mountPaths, notes);
  const volumes = app.container?.volumes ?? [];
  const persistentNames = new Map<string, string>();
  const mounting: Mounting = {
    scope,
    storage,
    mounts,
    reserved: reserved.volumeNames,
    persistentNames,
    secrets: app.secrets,
  };
  volumes.forEach((volume, i) => {
    if (volume.kind !== 'persistent') {
      return;
    }
    const at = ['container', 'volumes', i];
    if (!mounts.free(`${SANDBOX}/${volume.containerPath}`, at)) {
      return;
    }
    const name = uniqueVolumeName(dnsLabel(volume.containerPath, 63), storage, mounting.reserved);
    persistentNames.set(volume.containerPath, name);
    storage.claimTemplates.push(claim(name, `${volume.persistent.size}Mi`, storageClass, ['ReadWriteOnce']));
    mounts.push({ name, mountPath: `${SANDBOX}/${volume.containerPath}` });
    notes.translated(
      at,
      `persistent volume → volumeClaimTemplate ${name} (${storageClass}), mounted at ${SANDBOX}/${volume.containerPath}`,
    );
    notes.translated([...at, 'mode'], 'read-write');
    persistentNotes(scope, volume.persistent, [...at, 'persistent']);
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
        return hostVolume(mounting, volume, at);
      case 'external':
        return externalVolume(mounting, volume, at);
      case 'secret':
        return secretFile(mounting, volume, at);
    }
  });
  return storage;
}

function hostVolume(mounting: Mounting, volume: Extract<AppVolume, { kind: 'host' }>, at: JsonPath): void {
  const { notes } = mounting.scope;
  const { storage, mounts } = mounting;
  const readOnly = volume.mode === 'RO';
  notes.translated([...at, 'mode'], readOnly ? 'readOnly' : 'read-write');
  if (!volume.hostPath.startsWith('/')) {
    const persistent = mounting.persistentNames.get(volume.hostPath);
    if (persistent) {
      mounts.push({ name: persistent, mountPath: volume.containerPath, ...(readOnly ? { readOnly } : {}) });
      notes.translated(at, `mounts persistent volume ${volume.hostPath} at ${volume.containerPath}`);
      return;
    }
    mounts.push({
      name: SANDBOX_VOLUME.name,
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
  const name = uniqueVolumeName(dnsLabel(`host${volume.hostPath}`, 63), storage, mounting.reserved);
  storage.volumes.push({ name, hostPath: { path: volume.hostPath } });
  mounts.push({ name, mountPath: volume.containerPath, ...(readOnly ? { readOnly } : {}) });
  notes.approximated(
    at,
    `hostPath ${volume.hostPath}: ties the pod to what the node has there (EKS nodes start empty) and is a security risk; prefer a volume`,
  );
}

function externalVolume(mounting: Mounting, volume: Extract<AppVolume, { kind: 'external' }>, at: JsonPath): void {
  const { notes } = mounting.scope;
  const { storageClass } = mounting.scope.options;
  const { storage, mounts } = mounting;
  const external = volume.external;
  const name = uniqueVolumeName(dnsLabel(external.name ?? volume.containerPath, 63), storage, mounting.reserved);
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

/** A secret volume: the DC/OS secret's value as one read-only file at the container path. */
function secretFile(mounting: Mounting, volume: Extract<AppVolume, { kind: 'secret' }>, at: JsonPath): void {
  const { scope, storage, mounts } = mounting;
  const name = uniqueVolumeName(dnsLabel(`secret-${volume.secret}`, 63), storage, mounting.reserved);
  const made = secretVolume(scope, { secret: volume.secret, at, volume: name }, mounting.secrets);
  if (!made) {
    return;
  }
  storage.secrets.push(made.secret);
  storage.volumes.push(made.volume);
  mounts.push(secretFileMount(made.volume, volume.containerPath, made.secret));
  scope.notes.translated(
    at,
    `file ${volume.containerPath} from Secret ${made.secret.name} (DC/OS secret ${made.secret.source})`,
  );
}
