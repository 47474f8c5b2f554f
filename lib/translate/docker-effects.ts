import { JsonPath } from '../util/json-path';
import { CredentialStore } from './credentials';
import { EnvVar, PodSpec, SecurityContext, Volume, VolumeMount } from './kube';
import { Notes } from './notes';

/** What `docker run` parameters become. */
export interface DockerParameterEffects {
  securityContext: SecurityContext;
  env: EnvVar[];
  podLabels: Record<string, string>;
  /** Docker labels that are not valid Kubernetes labels, kept verbatim in a pod annotation. */
  podAnnotations: Record<string, string>;
  workingDir?: string;
  command?: string[];
  volumes: Volume[];
  mounts: VolumeMount[];
  pod: Partial<Pick<PodSpec, 'hostname' | 'hostAliases' | 'dnsConfig' | 'shareProcessNamespace'>> & {
    sysctls?: { name: string; value: string }[];
  };
}

/** What parsing the parameters of one container has made so far. */
export interface DockerParsing {
  readonly effects: DockerParameterEffects;
  /** Docker labels Kubernetes labels cannot hold, and the parameter each came from. */
  readonly dockerLabels: Map<string, { readonly value: string; readonly path: JsonPath }>;
  readonly notes: Notes;
  readonly credentials: CredentialStore;
  readonly mountPaths: Set<string>;
  readonly volumeNames: Set<string>;
}

export interface Parameter {
  readonly key: string;
  readonly value: string;
  readonly path: JsonPath;
}

export type Handler = (scope: DockerParsing, parameter: Parameter) => void;

/** The report line of a parameter that has its Kubernetes field. */
export const done = (scope: DockerParsing, { key, value, path }: Parameter, what: string) =>
  scope.notes.translated(path, `docker --${key}=${value} → ${what}`);
