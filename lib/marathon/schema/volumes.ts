import { z } from 'zod';
import { dispatch, dispatchByKey } from './dispatch';
import { appConstraint, int64, kvLabels, name, readMode } from './primitives';

/** `volumes.PersistentVolumeInfo`: a Mesos local persistent volume; `size` is in MiB. */
const persistentVolumeInfo = () =>
  z.strictObject({
    type: z.enum(['root', 'path', 'mount']).optional(),
    size: int64().min(0),
    maxSize: int64().min(0).optional(),
    profileName: z.string().optional(),
    constraints: z.array(appConstraint()).optional(),
  });

/** `volumes.DVDIExternalVolumeInfo` (REX-Ray and other Docker volume drivers); `size` is in GiB. */
const dvdiExternal = z.strictObject({
  size: int64().min(0).optional(),
  name: z.string().optional(),
  provider: z.string().optional(),
  options: kvLabels().optional(),
  shared: z.boolean().optional(),
});

/** `volumes.CSIExternalVolumeInfo`. */
const csiExternal = z.strictObject({
  name: z.string(),
  provider: z.literal('csi'),
  options: z.strictObject({
    pluginName: z.string().min(1),
    capability: z.strictObject({
      accessMode: z.enum([
        'SINGLE_NODE_WRITER',
        'SINGLE_NODE_READER_ONLY',
        'MULTI_NODE_READER_ONLY',
        'MULTI_NODE_SINGLE_WRITER',
        'MULTI_NODE_MULTI_WRITER',
      ]),
      accessType: z.enum(['block', 'mount']),
      fsType: z.string().optional(),
      mountFlags: z.array(z.string()).optional(),
    }),
    nodeStageSecret: kvLabels().optional(),
    nodePublishSecret: kvLabels().optional(),
    volumeContext: kvLabels().optional(),
  }),
});

const externalVolumeInfo = () =>
  dispatch(
    [dvdiExternal, csiExternal],
    (value) => (value.provider === 'csi' ? csiExternal : dvdiExternal),
    'an external volume',
  );

const containerPath = () => z.string().min(1);

const appPersistentVolume = z.strictObject({
  containerPath: containerPath(),
  persistent: persistentVolumeInfo(),
  mode: readMode(),
});
const appExternalVolume = z.strictObject({
  containerPath: containerPath(),
  external: externalVolumeInfo(),
  mode: readMode(),
});
const appSecretVolume = z.strictObject({
  containerPath: containerPath(),
  secret: z.string().min(1),
});
const appHostVolume = z.strictObject({
  containerPath: containerPath(),
  hostPath: z.string().min(1),
  mode: readMode(),
});

/** `volumes.AppVolume`: the variant is told by its distinguishing key (`persistent`, `external`, `secret`, else host). */
export const appVolume = () =>
  dispatchByKey(
    { persistent: appPersistentVolume, external: appExternalVolume, secret: appSecretVolume },
    appHostVolume,
    'a volume object',
  );

const podPersistentVolume = z.strictObject({ name: z.string().min(1), persistent: persistentVolumeInfo() });
const podSecretVolume = z.strictObject({ name: z.string().min(1), secret: z.string().min(1) });
const podHostVolume = z.strictObject({ name: name(), host: z.string().min(1) });
const podEphemeralVolume = z.strictObject({ name: name() });

/** `volumes.PodVolume`: persistent, secret, host, or (with only a name) an ephemeral volume. */
export const podVolume = () =>
  dispatchByKey(
    { persistent: podPersistentVolume, secret: podSecretVolume, host: podHostVolume },
    podEphemeralVolume,
    'a volume object',
  );

/** `volumes.VolumeMount` (pod containers). */
export const volumeMount = () =>
  z.strictObject({
    name: name(),
    mountPath: z.string().min(1).max(1024),
    readOnly: z.boolean().optional(),
  });
