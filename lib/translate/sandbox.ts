import { Volume, VolumeMount } from './kube';
import { SANDBOX } from './options';

/** The Mesos sandbox: an emptyDir every container mounts at /mnt/mesos/sandbox ($MESOS_SANDBOX). */
export const SANDBOX_VOLUME: Volume = { name: 'mesos-sandbox', emptyDir: {} };
export const SANDBOX_MOUNT: VolumeMount = { name: 'mesos-sandbox', mountPath: SANDBOX };
