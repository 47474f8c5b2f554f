import { Definition } from '../marathon/load/definition';
import { CredentialStore } from './credentials';
import { EstateContext } from './estate';
import { ObjectMeta } from './kube';
import { KubeIdentity } from './naming';
import { Notes } from './notes';
import { ResolvedTranslateOptions } from './options';
import { PortInfo } from './ports';

/**
 * What the translation of one definition works in, made once per definition (`definitionScope` in definition-scope.ts) and
 * handed to every translator in place of positional context: what the estate decided, where the definition's report
 * lines and credentials go, and who the workload is on Kubernetes.
 */
export interface DefinitionScope {
  readonly definition: Definition;
  /** Names, ports, VIP Services and discovery names, decided for the whole estate before this definition. */
  readonly estate: EstateContext;
  readonly options: ResolvedTranslateOptions;
  /** The definition's report lines, by normalized path, and its remarks. */
  readonly notes: Notes;
  /** The workload's credentials Secret: plain values that look like credentials go there, never into manifests. */
  readonly credentials: CredentialStore;
  readonly identity: KubeIdentity;
  readonly namespace: string;
  readonly name: string;
  /** The workload's ports, as the estate decided them (none for jobs). */
  readonly ports: readonly PortInfo[];
  /** The labels that select the workload's pods. */
  readonly selector: Record<string, string>;
  /** Labels of every object of the workload: the standard ones, the options' extra labels, valid Marathon labels. */
  readonly labels: Record<string, string>;
  /** Annotations of every object of the workload: its Marathon id and the verbatim copy of its labels. */
  readonly annotations: Record<string, string>;
  /** Marathon labels whose values must not be written anywhere (credentials, DC/OS package blobs). */
  readonly hiddenLabels: ReadonlySet<string>;
  /** The metadata of one object of the workload (the workload itself, a Service, an Ingress…). */
  metadata(objectName: string): ObjectMeta;
}
