import { coexistenceHost, coexistenceService } from './coexistence-service';
import { DcosForwarder, dcosForwarder } from './dcos-forwarder';
import { Service } from './kube';
import { DefinitionScope } from './scope';

/*
 * A migration in waves: an app or pod this run moves to EKS while apps left on DC/OS still call it gets an internal
 * NLB (named in the coexistence zone by ExternalDNS) and a Marathon forwarder that takes its place on DC/OS, so the
 * callers' Mesos-DNS names, VIPs and marathon-lb routes keep working.
 */

/** The coexistence zone when the scope's workload has callers left on DC/OS and a zone was given, else undefined. */
function coexistenceDomainOf(scope: DefinitionScope): string | undefined {
  if (scope.definition.kind === 'job' || scope.estate.dcosCallersOf(scope.definition).length === 0) {
    return undefined;
  }
  return scope.options.coexistenceDomain;
}

/** The internal NLB DC/OS callers reach the workload through: none without DC/OS callers or a coexistence zone. */
export function coexistenceServices(scope: DefinitionScope): Service[] {
  const domain = coexistenceDomainOf(scope);
  const service = domain === undefined ? undefined : coexistenceService(scope, domain);
  return service ? [service] : [];
}

/** The forwarder app of the workload, with a remark naming its callers and what it does not keep. */
export function coexistenceForwarder(scope: DefinitionScope): DcosForwarder | undefined {
  const callers = scope.estate.dcosCallersOf(scope.definition);
  const domain = coexistenceDomainOf(scope);
  if (callers.length === 0) {
    return undefined;
  }
  const named = callers.map((caller) => `${caller.from} (${caller.via}: ${caller.name})`).join(', ');
  if (scope.definition.kind === 'job') {
    scope.notes.remark(
      `Metronome jobs left on DC/OS depend on it: ${named}; keep it scheduled on DC/OS until they move too, or drop the dependency`,
    );
    return undefined;
  }
  if (domain === undefined) {
    scope.notes.remark(
      `called from DC/OS by ${named}: keep the original running on DC/OS too, or convert with coexistenceDomain (--coexistence-domain) for an internal NLB and a Marathon forwarder`,
    );
    return undefined;
  }
  const forwarder = dcosForwarder(scope, domain);
  if (!forwarder) {
    scope.notes.remark(`called from DC/OS by ${named}, but it has no ports to forward`);
    return undefined;
  }
  scope.notes.remark(
    `called from DC/OS by ${named}: the internal NLB ${coexistenceHost(scope, domain)} and the Marathon forwarder ${forwarder.file} carry those calls at cut-over`,
  );
  for (const note of forwarder.notes) {
    scope.notes.remark(`forwarder: ${note}`);
  }
  return forwarder;
}
