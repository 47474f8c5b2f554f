import { envVarNameProblem } from '../validate/kube-syntax';
import { isCredential } from './credentials';
import { Handler, Parameter, DockerParsing, done } from './docker-effects';
import { isLabelValue, isQualifiedName } from './naming';
import { userId } from './user';

/*
 * `docker run` parameters that set up the container itself: capabilities, user, environment, labels, in-memory
 * mounts, the root filesystem, security options, working directory, entrypoint, logging.
 */

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

/** Docker sizes (`512m`, `1g`) as Kubernetes quantities; `undefined` when Docker would not read it as a size either. */
function dockerSize(value: string): string | undefined {
  const match = /^(\d+)([bkmg]?)$/i.exec(value.trim());
  if (!match) {
    return undefined;
  }
  const unit = { b: '', k: 'Ki', m: 'Mi', g: 'Gi', '': '' }[match[2].toLowerCase() as 'b' | 'k' | 'm' | 'g' | ''];
  return `${match[1]}${unit}`;
}

/** Docker refuses two mounts at one path ("Duplicate mount point"), so such a container never started on DC/OS. */
function mountTaken(scope: DockerParsing, { key, value, path }: Parameter, mountPath: string): boolean {
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

function addMount(scope: DockerParsing, name: string, mountPath: string, sizeLimit?: string): void {
  scope.effects.volumes.push({
    name,
    emptyDir: { medium: 'Memory', ...(sizeLimit !== undefined ? { sizeLimit } : {}) },
  });
  scope.effects.mounts.push({ name, mountPath });
  scope.mountPaths.add(mountPath);
  scope.volumeNames.add(name);
}

function uniqueName(scope: DockerParsing, base: string): string {
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

function logging(scope: DockerParsing, { key, value, path }: Parameter): void {
  scope.notes.unsupported(
    path,
    `docker --${key} ${value}: logging is configured per cluster on Kubernetes (e.g. Fluent Bit), not per container`,
  );
}

/** The container's handlers, by parameter name (long and short forms). */
export const CONTAINER_HANDLERS: Readonly<Record<string, Handler>> = {
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
