import { JsonPath } from '../util/json-path';
import { UpgradeStrategy } from '../marathon/model/common';
import { PersistentVolumeClaim, PodTemplateSpec } from './kube';
import { WorkloadVips } from './workload-vips';

/** What runs an app's or pod's instances. */
export type ControllerKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

/** What one app or pod runs as: its controller, how many instances, their pod template, how they roll. */
export interface Workload {
  readonly kind: ControllerKind;
  readonly instances: number;
  readonly instancesAt: JsonPath;
  readonly upgrade: UpgradeStrategy;
  readonly upgradeAt: JsonPath;
  readonly template: PodTemplateSpec;
  /** The StatefulSet's volumes, one set per replica. */
  readonly claimTemplates: PersistentVolumeClaim[];
  readonly vips: WorkloadVips;
}
