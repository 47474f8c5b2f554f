import { isIP } from 'node:net';
import { JsonPath } from '../util/json-path';
import { dns1123SubdomainProblem, envVarNameProblem, sysctlNameProblem } from '../validate/kube-syntax';
import { boundedCopy } from './annotations';
import { CredentialStore, isCredential } from './credentials';
import { EnvVar, PodSpec, SecurityContext, Volume, VolumeMount } from './kube';
import { dnsLabel, isLabelValue, isQualifiedName } from './naming';
import { Notes } from './notes';
import { DefinitionScope } from './scope';
import { userId } from './user';
import { ContainerUse } from './volumes';

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

/** The pod annotation that keeps the Docker labels Kubernetes labels cannot hold. */
const DOCKER_LABELS_ANNOTATION = 'marathon-to-eks/docker-labels';

/** What parsing the parameters of one container has made so far. */
interface Scope {
  readonly effects: DockerParameterEffects;
  /** Docker labels Kubernetes labels cannot hold, and the parameter each came from. */
  readonly dockerLabels: Map<string, { readonly value: string; readonly path: JsonPath }>;
  readonly notes: Notes;
  readonly credentials: CredentialStore;
  readonly mountPaths: Set<string>;
  readonly volumeNames: Set<string>;
}

interface Parameter {
  readonly key: string;
  readonly value: string;
  readonly path: JsonPath;
}

type Handler = (scope: Scope, parameter: Parameter) => void;

// validation.go's MaxDNSNameservers and MaxDNSSearchPaths / MaxDNSSearchListChars: what a pod's resolv.conf may hold.
const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;
const MAX_SEARCH_CHARS = 2048;

const done = (scope: Scope, { key, value, path }: Parameter, what: string) =>
  scope.notes.translated(path, `docker --${key}=${value} → ${what}`);

const capabilities =
  (field: 'add' | 'drop'): Handler =>
  (scope, parameter) => {
    const context = scope.effects.securityContext;
    (context.capabilities ??= {})[field] = [
      ...(context.capabilities[field] ?? []),
      parameter.value.toUpperCase().replace(/^CAP_/, ''),
    ];
    done(scope, parameter, `securityContext.capabilities.${field}`);
  };

const user: Handler = (scope, parameter) => {
  const [name, group] = parameter.value.split(':');
  const uid = userId(name);
  if (uid === undefined) {
    return scope.notes.approximated(
      parameter.path,
      `docker --user ${parameter.value} has no fixed UID; set securityContext.runAsUser`,
    );
  }
  scope.effects.securityContext.runAsUser = uid;
  const gid = group === undefined ? undefined : userId(group);
  if (gid !== undefined) {
    scope.effects.securityContext.runAsGroup = gid;
  }
  done(scope, parameter, 'securityContext.runAsUser');
};

const env: Handler = (scope, parameter) => {
  const { value, path } = parameter;
  const eq = value.indexOf('=');
  if (eq <= 0) {
    return scope.notes.unsupported(
      path,
      `docker --env ${value} passes a variable from the agent's environment; define it in env`,
    );
  }
  const [variable, literal] = [value.slice(0, eq), value.slice(eq + 1)];
  const problem = envVarNameProblem(variable);
  if (problem !== undefined) {
    return scope.notes.unsupported(path, `docker --env ${variable}: ${problem}; rename it`);
  }
  if (isCredential(literal, variable)) {
    scope.effects.env.push(scope.credentials.envVar(variable, path));
    return scope.notes.approximated(path, scope.credentials.noteFor(path, `env ${variable} reads it`));
  }
  scope.effects.env.push({ name: variable, value: literal });
  done(scope, parameter, 'env');
};

const label: Handler = (scope, { value, path }) => {
  const eq = value.indexOf('=');
  const [key, text] = eq > 0 ? [value.slice(0, eq), value.slice(eq + 1)] : [value, ''];
  if (eq > 0 && isCredential(text, key)) {
    return scope.notes.unsupported(
      path,
      `docker --label ${key}: looks like a credential, so it is not copied into pod labels`,
    );
  }
  // The workload's own labels select its pods; a Docker label must never move a pod out of its selector.
  if (isQualifiedName(key) && isLabelValue(text) && !key.startsWith('app.kubernetes.io/')) {
    scope.effects.podLabels[key] = text;
    return scope.notes.approximated(path, `docker --label ${value} → pod label (Docker labels are container metadata)`);
  }
  scope.dockerLabels.set(key, { value: text, path });
};

/** The pod annotation of the Docker labels Kubernetes labels cannot hold; each label's note says whether it fit. */
function keepDockerLabels(scope: Scope): void {
  if (scope.dockerLabels.size === 0) {
    return;
  }
  const copy = boundedCopy(
    DOCKER_LABELS_ANNOTATION,
    Object.fromEntries([...scope.dockerLabels].map(([key, { value }]) => [key, value])),
  );
  const shortened = new Set(copy.shortened);
  for (const [key, { path }] of scope.dockerLabels) {
    const where = shortened.has(key)
      ? 'too large to keep in a pod annotation (Kubernetes allows 256 KiB of annotations per object)'
      : `kept in the pod annotation ${DOCKER_LABELS_ANNOTATION}`;
    scope.notes.approximated(path, `docker --label ${key}: not a valid Kubernetes label; ${where}`);
  }
  scope.effects.podAnnotations[DOCKER_LABELS_ANNOTATION] = copy.json;
}

/** Docker sizes (`512m`, `1g`) as Kubernetes quantities; `undefined` when Docker would not read it as a size either. */
export function dockerSize(value: string): string | undefined {
  const match = /^(\d+)([bkmg]?)$/i.exec(value.trim());
  if (!match) {
    return undefined;
  }
  const unit = { b: '', k: 'Ki', m: 'Mi', g: 'Gi', '': '' }[match[2].toLowerCase() as 'b' | 'k' | 'm' | 'g' | ''];
  return `${match[1]}${unit}`;
}

/** Docker refuses two mounts at one path ("Duplicate mount point"), so such a container never started on DC/OS. */
function mountTaken(scope: Scope, { key, value, path }: Parameter, mountPath: string): boolean {
  if (!scope.mountPaths.has(mountPath)) {
    return false;
  }
  scope.notes.unsupported(
    path,
    `docker --${key} ${value}: ${mountPath} is already mounted in this container; Docker refuses two mounts at one path`,
  );
  return true;
}

const shmSize: Handler = (scope, parameter) => {
  const size = dockerSize(parameter.value);
  if (size === undefined) {
    return scope.notes.unsupported(
      parameter.path,
      `docker --shm-size ${parameter.value} is not a size (like 64m or 1g); Docker rejects it`,
    );
  }
  // Docker reads the flag once: a later --shm-size replaces an earlier one.
  const existing = scope.effects.volumes.find((volume) => volume.name === 'dshm');
  if (existing?.emptyDir) {
    existing.emptyDir.sizeLimit = size;
  } else {
    if (mountTaken(scope, parameter, '/dev/shm')) {
      return;
    }
    addMount(scope, 'dshm', '/dev/shm', size);
  }
  done(scope, parameter, 'an in-memory emptyDir at /dev/shm');
};

const tmpfs: Handler = (scope, parameter) => {
  const [mountPath] = parameter.value.split(':');
  if (!mountPath.startsWith('/')) {
    return scope.notes.unsupported(
      parameter.path,
      `docker --tmpfs ${parameter.value}: the mount path must be absolute`,
    );
  }
  if (mountTaken(scope, parameter, mountPath)) {
    return;
  }
  addMount(scope, uniqueName(scope, `tmpfs-${scope.effects.volumes.length}`), mountPath);
  done(scope, parameter, `an in-memory emptyDir at ${mountPath}`);
};

function addMount(scope: Scope, name: string, mountPath: string, sizeLimit?: string): void {
  scope.effects.volumes.push({
    name,
    emptyDir: { medium: 'Memory', ...(sizeLimit !== undefined ? { sizeLimit } : {}) },
  });
  scope.effects.mounts.push({ name, mountPath });
  scope.mountPaths.add(mountPath);
  scope.volumeNames.add(name);
}

function uniqueName(scope: Scope, base: string): string {
  let name = base;
  for (let i = 2; scope.volumeNames.has(name); i++) {
    name = `${base}-${i}`;
  }
  return name;
}

const readOnly: Handler = (scope, parameter) => {
  scope.effects.securityContext.readOnlyRootFilesystem = parameter.value !== 'false';
  done(scope, parameter, 'securityContext.readOnlyRootFilesystem');
};

const securityOpt: Handler = (scope, parameter) => {
  if (parameter.value === 'no-new-privileges' || parameter.value === 'no-new-privileges:true') {
    scope.effects.securityContext.allowPrivilegeEscalation = false;
    return done(scope, parameter, 'securityContext.allowPrivilegeEscalation false');
  }
  scope.notes.unsupported(
    parameter.path,
    `docker --security-opt ${parameter.value} has no Kubernetes field here; use seccompProfile / appArmorProfile`,
  );
};

const hostname: Handler = (scope, parameter) => {
  const short = parameter.value.split('.')[0];
  if (!/[a-z0-9]/i.test(short)) {
    return scope.notes.unsupported(parameter.path, `docker --hostname ${parameter.value} has no usable host name`);
  }
  const name = dnsLabel(short, 63);
  scope.effects.pod.hostname = name;
  if (name !== short) {
    return scope.notes.approximated(
      parameter.path,
      `docker --hostname ${parameter.value} → pod hostname ${name} (a pod hostname is a DNS-1123 label)`,
    );
  }
  done(scope, parameter, 'pod hostname');
};

const addHost: Handler = (scope, parameter) => {
  const colon = parameter.value.indexOf(':');
  const [host, ip] =
    colon > 0 ? [parameter.value.slice(0, colon).toLowerCase(), parameter.value.slice(colon + 1)] : ['', ''];
  if (isIP(ip) === 0 || dns1123SubdomainProblem(host) !== undefined) {
    return scope.notes.unsupported(
      parameter.path,
      `docker --add-host ${parameter.value}: Kubernetes hostAliases need <host name>:<IP address>`,
    );
  }
  const pod = scope.effects.pod;
  pod.hostAliases = [...(pod.hostAliases ?? []), { ip, hostnames: [host] }];
  done(scope, parameter, 'hostAliases');
};

const dns: Handler = (scope, parameter) => {
  const pod = scope.effects.pod;
  const nameservers = pod.dnsConfig?.nameservers ?? [];
  if (isIP(parameter.value) === 0) {
    return scope.notes.unsupported(parameter.path, `docker --dns ${parameter.value} is not an IP address`);
  }
  if (nameservers.length >= MAX_NAMESERVERS) {
    return scope.notes.unsupported(
      parameter.path,
      `docker --dns ${parameter.value}: a pod has at most ${MAX_NAMESERVERS} nameservers`,
    );
  }
  pod.dnsConfig = { ...(pod.dnsConfig ?? {}), nameservers: [...nameservers, parameter.value] };
  scope.notes.approximated(
    parameter.path,
    'docker --dns → dnsConfig.nameservers (added to the cluster DNS, not replacing it)',
  );
};

const dnsSearch: Handler = (scope, parameter) => {
  const pod = scope.effects.pod;
  const searches = pod.dnsConfig?.searches ?? [];
  // Domain names are case-insensitive; Kubernetes only takes them in lowercase.
  const domain = parameter.value.toLowerCase();
  const problem = dns1123SubdomainProblem(domain.replace(/\.$/, ''));
  if (problem !== undefined) {
    return scope.notes.unsupported(parameter.path, `docker --dns-search ${parameter.value}: ${problem}`);
  }
  if (searches.length >= MAX_SEARCHES || [...searches, domain].join(' ').length > MAX_SEARCH_CHARS) {
    return scope.notes.unsupported(
      parameter.path,
      `docker --dns-search ${parameter.value}: a pod has at most ${MAX_SEARCHES} search domains of ${MAX_SEARCH_CHARS} characters in all`,
    );
  }
  pod.dnsConfig = { ...(pod.dnsConfig ?? {}), searches: [...searches, domain] };
  done(scope, parameter, 'dnsConfig.searches');
};

const sysctl: Handler = (scope, parameter) => {
  const eq = parameter.value.indexOf('=');
  const [name, value] = eq >= 0 ? [parameter.value.slice(0, eq), parameter.value.slice(eq + 1)] : [parameter.value, ''];
  const problem = sysctlNameProblem(name);
  if (problem !== undefined) {
    return scope.notes.unsupported(parameter.path, `docker --sysctl ${parameter.value}: ${problem}`);
  }
  // Docker keeps sysctls in a map: a later setting of the same name replaces the earlier one.
  scope.effects.pod.sysctls = [
    ...(scope.effects.pod.sysctls ?? []).filter((existing) => existing.name !== name),
    { name, value },
  ];
  done(scope, parameter, 'pod securityContext.sysctls');
};

function logging(scope: Scope, { key, value, path }: Parameter): void {
  scope.notes.unsupported(
    path,
    `docker --${key} ${value}: logging is configured per cluster on Kubernetes (e.g. Fluent Bit), not per container`,
  );
}

const HANDLERS: Readonly<Record<string, Handler>> = {
  'cap-add': capabilities('add'),
  'cap-drop': capabilities('drop'),
  user,
  u: user,
  workdir: (scope, parameter) => {
    scope.effects.workingDir = parameter.value;
    done(scope, parameter, 'workingDir');
  },
  env,
  e: env,
  label,
  l: label,
  'shm-size': shmSize,
  tmpfs,
  'read-only': readOnly,
  'security-opt': securityOpt,
  hostname,
  h: hostname,
  'add-host': addHost,
  dns,
  'dns-search': dnsSearch,
  sysctl,
  init: (scope, { path }) => {
    scope.effects.pod.shareProcessNamespace = true;
    scope.notes.approximated(path, 'docker --init → shareProcessNamespace (the pause container reaps zombies)');
  },
  entrypoint: (scope, parameter) => {
    scope.effects.command = [parameter.value];
    done(scope, parameter, 'command');
  },
  privileged: (scope, parameter) => {
    scope.effects.securityContext.privileged = parameter.value !== 'false';
    done(scope, parameter, 'securityContext.privileged');
  },
  'log-driver': logging,
  'log-opt': logging,
};

/** A container's `docker.parameters`, and where they were written. */
export interface DockerParameters {
  readonly parameters: readonly { readonly key: string; readonly value: string }[];
  readonly at: JsonPath;
}

/**
 * Docker CLI parameters with a Kubernetes equivalent are mapped; the rest are unsupported, named in the report.
 * Values Kubernetes cannot hold (an invalid host alias, a fourth nameserver, a mount over one the container has) are
 * reported as unsupported rather than written.
 */
export function dockerParameters(
  definitionScope: DefinitionScope,
  { parameters, at }: DockerParameters,
  use: ContainerUse,
): DockerParameterEffects {
  const { notes, credentials } = definitionScope;
  const effects: DockerParameterEffects = {
    securityContext: {},
    env: [],
    podLabels: {},
    podAnnotations: {},
    volumes: [],
    mounts: [],
    pod: {},
  };
  const scope: Scope = {
    effects,
    dockerLabels: new Map(),
    notes,
    credentials,
    mountPaths: new Set(use.mountPaths),
    volumeNames: new Set(use.volumeNames),
  };
  parameters.forEach(({ key, value }, i) => {
    const name = key.replace(/^-+/, '');
    const handler = Object.prototype.hasOwnProperty.call(HANDLERS, name) ? HANDLERS[name] : undefined;
    if (handler) {
      handler(scope, { key, value, path: [...at, i] });
    } else {
      notes.unsupported([...at, i], `docker --${key} ${value} has no Kubernetes counterpart`);
    }
  });
  keepDockerLabels(scope);
  return effects;
}
