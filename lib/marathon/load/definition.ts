import { Diagnostic } from '../diagnostics';
import { JsonPath } from '../../util/json-path';
import { MarathonApp } from '../model/app';
import { MetronomeJob } from '../model/job';
import { MarathonPod } from '../model/pod';
import { Provenance } from '../provenance';

export type DefinitionKind = 'app' | 'pod' | 'job';

interface DefinitionBase<K extends DefinitionKind, S> {
  readonly kind: K;
  /** Absolute Marathon id (`/shop/web`) or Metronome job id (`backup.nightly`). */
  readonly id: string;
  /** The file path or URL as the user gave it. */
  readonly source: string;
  /** Where the definition sits in that document (`[]` for a whole file, `["groups", 0, "apps", 2]` in a group tree). */
  readonly pointer: JsonPath;
  /** The normalized definition. */
  readonly spec: S;
  /** The definition as written, and how its values map onto `spec`. */
  readonly provenance: Provenance;
  /** Fields that are not part of Marathon's or Metronome's schema (paths inside the definition); kept, never translated. */
  readonly unknownFields: readonly JsonPath[];
  /** Warnings and notes about this definition (paths from the document root). */
  readonly notes: readonly Diagnostic[];
  /** Absolute id of the enclosing Marathon group, when the definition came from a group tree. */
  readonly group?: string;
}

/** Everything of a definition but its kind, for one whose spec is `S`. */
export type DefinitionFields<S> = Omit<DefinitionBase<DefinitionKind, S>, 'kind'>;

export type AppDefinition = DefinitionBase<'app', MarathonApp>;
export type PodDefinition = DefinitionBase<'pod', MarathonPod>;
export type JobDefinition = DefinitionBase<'job', MetronomeJob>;
export type Definition = AppDefinition | PodDefinition | JobDefinition;

/** A Marathon group: it becomes a namespace or a name prefix later, and carries dependencies. */
export interface GroupDefinition {
  readonly id: string;
  readonly source: string;
  readonly pointer: JsonPath;
  readonly dependencies: readonly string[];
  readonly enforceRole?: boolean;
  /** Ids of the apps, pods and groups directly inside it. */
  readonly apps: readonly string[];
  readonly pods: readonly string[];
  readonly groups: readonly string[];
}

/** A definition that failed validation; its errors are in the load result's diagnostics. */
export interface RejectedDefinition {
  readonly kind: DefinitionKind | 'group' | 'unknown';
  /** The id as written, when there was a string id. */
  readonly id?: string;
  readonly source: string;
  readonly pointer: JsonPath;
}

/** What happened to one input file or URL. */
export interface SourceSummary {
  readonly source: string;
  /** `read`: parsed as JSON; `skipped`: not a Marathon/Metronome document (directory walks only); `failed`: unreadable or not JSON. */
  readonly status: 'read' | 'skipped' | 'failed';
  readonly definitions: number;
  readonly rejected: number;
  /** Why it was skipped or failed. */
  readonly reason?: string;
}

/** Everything read from the inputs: valid definitions, what was rejected and why. */
export interface LoadResult {
  readonly definitions: readonly Definition[];
  readonly groups: readonly GroupDefinition[];
  readonly rejected: readonly RejectedDefinition[];
  /** Every error, warning and note, in a stable order. */
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: readonly SourceSummary[];
}
