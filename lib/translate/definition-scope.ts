import { Definition } from '../marathon/load/definition';
import { CredentialStore } from './credentials';
import { EstateContext } from './estate';
import { LabelReading, translateLabels } from './labels';
import { commonLabels, idAnnotation, metadataOf, selectorLabels } from './metadata';
import { Notes } from './notes';
import { DefinitionScope } from './scope';

/** How a kind of definition reads its labels: which ones another translator reports, and whether apps read them. */
export interface LabelUse {
  readonly consumed: (key: string) => boolean;
  /** The container reads labels as `$MARATHON_APP_LABEL_<NAME>` (apps), so credential labels move to its Secret. */
  readonly readByContainer: boolean;
}

const PLAIN_LABELS: LabelUse = { consumed: () => false, readByContainer: false };

/**
 * Opens the scope of one definition: the id becomes a namespace and a name (how exactly is reported), its ports
 * come with what the estate said about them, and its labels become the labels and annotations of every object.
 */
export function definitionScope(
  definition: Definition,
  estate: EstateContext,
  labelUse: LabelUse = PLAIN_LABELS,
): DefinitionScope {
  const notes = new Notes();
  const identity = estate.identityOf(definition);
  const { namespace, name } = identity;
  const where = `namespace ${namespace}, name ${name}`;
  if (identity.adjustments.length > 0) {
    notes.approximated(['id'], `${where}: ${identity.adjustments.join('; ')}`);
  } else {
    notes.translated(['id'], where);
  }
  if (definition.group !== undefined) {
    notes.remark(`from group ${definition.group}`);
  }
  const portNotes = estate.portNotesOf(definition);
  if (portNotes) {
    notes.include(portNotes);
  }
  const { spec } = definition;
  const credentials = new CredentialStore(namespace, name, `${definition.kind} ${spec.id}`);
  const reading: LabelReading = {
    at: ['labels'],
    consumed: labelUse.consumed,
    metricsReported: definition.kind !== 'job',
    ...(labelUse.readByContainer ? { environment: { store: credentials, container: name } } : {}),
  };
  const translated = translateLabels(spec.labels, notes, reading);
  const labels = commonLabels(identity, estate.options.extraLabels, translated.labels);
  const annotations = { [idAnnotation(definition.kind)]: spec.id, ...translated.annotations };
  return {
    definition,
    estate,
    options: estate.options,
    notes,
    credentials,
    identity,
    namespace,
    name,
    ports: estate.portsOf(definition),
    selector: selectorLabels(identity),
    labels,
    annotations,
    hiddenLabels: translated.hidden,
    metadata: (objectName) => metadataOf(objectName, namespace, labels, annotations),
  };
}
