import { definitionKey } from './definition-key';
import { DefinitionScope } from './scope';
import { vipLabels } from './vip-labels';
import { VipService } from './vip-services';

/** The VIP Services a workload takes part in, the labels its pods need for them, and which it emits. */
export interface WorkloadVips {
  readonly services: VipService[];
  readonly sharedLabels: { key: string; value: string }[];
  /** The first member (by id) that is emitted emits a shared VIP Service; the others only label their pods. */
  owns(service: VipService): boolean;
}

/** Reports each VIP label of the workload's ports and finds its VIP Service. */
export function workloadVips(scope: DefinitionScope): WorkloadVips {
  const { notes, definition } = scope;
  const { vips, malformed } = vipLabels(scope.ports);
  for (const bad of malformed) {
    notes.unsupported(bad.path, `VIP ${JSON.stringify(bad.value)} is not name:port`);
  }
  const services: VipService[] = [];
  for (const vip of vips) {
    if (vip.isIp) {
      notes.unsupported(
        vip.path,
        `IP VIP ${vip.vipName}:${vip.vipPort}: Kubernetes gives Services their IPs; use the Service name instead`,
      );
      continue;
    }
    const service = scope.estate.vipServiceFor(definition, vip);
    if (!service) {
      continue;
    }
    if (!services.includes(service)) {
      services.push(service);
    }
    const where = `${service.name}.${service.namespace}.svc.cluster.local:${vip.vipPort}`;
    const shared = service.members.length > 1 ? ` (shared by ${service.members.length} workloads)` : '';
    notes.translated(vip.path, `VIP ${vip.dcosHost}:${vip.vipPort} → Service ${where}${shared}`);
  }
  const key = definitionKey(definition);
  return {
    services,
    sharedLabels: services
      .filter((service) => service.sharedLabel)
      .map((service) => service.sharedLabel as { key: string; value: string }),
    owns: (service) => vipOwner(scope, service) === key,
  };
}

/** The labels a workload's pods carry for the VIPs they share with other workloads. */
export function vipPodLabels(vips: WorkloadVips): Record<string, string> {
  return Object.fromEntries(vips.sharedLabels.map((label) => [label.key, label.value]));
}

/**
 * The member that emits a shared VIP Service: the first by id; in a migration in waves the first of the earliest
 * wave that is emitted, so the Service stays in one workload's file as later waves are converted, and a member left
 * on DC/OS emits nothing.
 */
function vipOwner(scope: DefinitionScope, service: VipService): string | undefined {
  const { estate } = scope;
  let owner: string | undefined;
  for (const member of service.members) {
    if (estate.isSelectedId(member) && (owner === undefined || estate.waveOf(member) < estate.waveOf(owner))) {
      owner = member;
    }
  }
  return owner;
}
