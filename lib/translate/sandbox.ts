import { Volume, VolumeMount } from './kube';

/** Where Mesos mounted the sandbox in Docker containers; apps and fetched artifacts rely on it. */
export const SANDBOX = '/mnt/mesos/sandbox';

/** The Mesos sandbox: an emptyDir every container mounts at /mnt/mesos/sandbox ($MESOS_SANDBOX). */
export const SANDBOX_VOLUME: Volume = { name: 'mesos-sandbox', emptyDir: {} };
export const SANDBOX_MOUNT: VolumeMount = { name: SANDBOX_VOLUME.name, mountPath: SANDBOX };
