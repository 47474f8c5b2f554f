import { StringMap } from '../marathon/model/common';
import { DefinitionScope } from './scope';

/**
 * Labels the DC/OS package manager (Universe / Cosmos) put on the apps it installed. Some carry the package's whole
 * definition and install options, base64-encoded: those can hold the package's passwords and are not copied.
 */
export const PACKAGE_BLOB_LABELS: ReadonlySet<string> = new Set([
  'DCOS_PACKAGE_OPTIONS',
  'DCOS_PACKAGE_DEFINITION',
  'DCOS_PACKAGE_METADATA',
  'DCOS_PACKAGE_COMMAND',
]);

export const PACKAGE_BLOB_NOTE =
  'DC/OS package-manager bookkeeping (the base64 package definition and install options); not copied, because the options can hold the package’s passwords';

/**
 * An app installed from a DC/OS framework package (Kafka, Cassandra, Jenkins, the dcos-commons SDK services…) is
 * only the framework's scheduler: it launched the real workload as Mesos tasks, which are not in any Marathon
 * definition and cannot start on Kubernetes. The migration is the package's Kubernetes operator or Helm chart.
 */
export function frameworkNotes(scope: DefinitionScope, labels: StringMap): void {
  const { notes } = scope;
  const framework = labels.DCOS_PACKAGE_FRAMEWORK_NAME;
  if (framework === undefined || framework === '' || labels.DCOS_PACKAGE_IS_FRAMEWORK === 'false') {
    return;
  }
  const packageName = labels.DCOS_PACKAGE_NAME ?? framework;
  notes.unsupported(
    ['labels', 'DCOS_PACKAGE_FRAMEWORK_NAME'],
    `the Mesos framework ${framework}: this app is its scheduler, which launched the real work as Mesos tasks; those tasks are not in this definition and will not start on Kubernetes`,
  );
  notes.remark(
    `DC/OS package ${packageName} is a Mesos framework: only its scheduler is converted here; deploy ${packageName} on Kubernetes with its operator or Helm chart instead (or replace its Mesos integration, e.g. Jenkins' Mesos cloud with the Kubernetes plugin)`,
  );
}
