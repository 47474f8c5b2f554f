import { JsonPath } from '../util/json-path';
import { PersistentVolumeInfo } from '../marathon/model/common';
import { PersistentVolumeClaim, Volume, VolumeMount } from './kube';
import { Notes } from './notes';
import { SANDBOX, SANDBOX_VOLUME } from './sandbox';
import { SecretRequirement } from './requirements';
import { DefinitionScope } from './scope';

/** Volumes of a workload: pod volumes, mounts per container, and claim templates (which make it a StatefulSet). */
export interface Storage {
  readonly volumes: Volume[];
  readonly mounts: Map<string, VolumeMount[]>;
  readonly claimTemplates: PersistentVolumeClaim[];
  readonly secrets: SecretRequirement[];
}

/** What the container already uses, so a later volume (a docker parameter's, a linuxInfo /dev/shm) cannot take it. */
export interface ContainerUse {
  readonly mountPaths: ReadonlySet<string>;
  readonly volumeNames: ReadonlySet<string>;
}

export type AccessMode = 'ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany';

export const NO_NAMES: ReadonlySet<string> = new Set();
export const NOTHING_RESERVED: ContainerUse = { mountPaths: NO_NAMES, volumeNames: NO_NAMES };

export function claim(
  name: string,
  storage: string,
  storageClass: string,
  accessModes: AccessMode[],
): PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name },
    spec: { accessModes, storageClassName: storageClass, resources: { requests: { storage } } },
  };
}

/** The size and disk choices of a Mesos persistent volume (apps and pods). */
export function persistentNotes(scope: DefinitionScope, info: PersistentVolumeInfo, at: JsonPath): void {
  const { notes } = scope;
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

/** `base`, or `base-2`, `base-3`…: a volume name the pod does not have yet (nor the sandbox's). */
export function uniqueVolumeName(base: string, storage: Storage, reserved: ReadonlySet<string> = NO_NAMES): string {
  const taken = new Set([
    ...storage.volumes.map((v) => v.name),
    ...storage.claimTemplates.map((c) => c.metadata?.name),
  ]);
  let name = base;
  for (let i = 2; taken.has(name) || reserved.has(name) || name === SANDBOX_VOLUME.name; i++) {
    name = `${base.slice(0, 58)}-${i}`;
  }
  return name;
}

/**
 * A container's mounts, one per path: Docker refuses two mounts at one path ("Duplicate mount point"), so a Marathon
 * app with two volumes at one containerPath never started; the later volume is reported, not mounted.
 */
export class MountList {
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

  /** Takes `mountPath` for a volume, even one that ends up not mounted (a job's volume of an undeclared secret). */
  reserve(mountPath: string): void {
    this.paths.add(mountPath);
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
      SANDBOX_VOLUME.name,
      ...storage.volumes.map((v) => v.name),
      ...storage.claimTemplates.map((c) => c.metadata?.name ?? ''),
      ...extra.volumes.map((v) => v.name),
    ]),
  };
}
