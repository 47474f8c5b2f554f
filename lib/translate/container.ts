import { JsonPath } from '../marathon/json-path';
import { MarathonApp } from '../marathon/model/app';
import { MesosCommand, SecretDef } from '../marathon/model/common';
import { CredentialStore, isCredential, protectCommandText } from './credentials';
import { Rewrite, noteRewrite, rewriteServiceNames } from './discovery';
import { DiscoveryTarget } from './estate';
import { secretFor } from './env';
import { Container, EnvVar, PodSpec, SecurityContext, Volume, VolumeMount } from './kube';
import { Notes, SecretRequirement } from './report';

/** `root` → 0, `nobody` → 65534, numeric → itself; other names have no UID we can know. */
export function userId(user: string): number | undefined {
  if (user === 'root') return 0;
  if (user === 'nobody') return 65534;
  return /^\d+$/.test(user) ? Number(user) : undefined;
}

/** Applies a Marathon / Metronome `user` to a container's security context. */
export function applyUser(user: string | undefined, path: JsonPath, securityContext: SecurityContext, notes: Notes): void {
  if (user === undefined) return;
  const uid = userId(user);
  if (uid === undefined) {
    notes.approximated(path, `user ${JSON.stringify(user)} has no fixed UID; the image's default user is kept — set securityContext.runAsUser to its UID`);
    return;
  }
  securityContext.runAsUser = uid;
  notes.translated(path, `securityContext.runAsUser ${uid}`);
}

/** Where a container's command finds the credentials moved out of it. */
export interface CommandCredentials {
  readonly store: CredentialStore;
  readonly container: string;
}

/** `cmd` runs through the shell like Mesos ran it; `args` go to the image entrypoint. */
export function commandOf(
  cmd: string | undefined,
  args: readonly string[] | undefined,
  paths: { cmd: JsonPath; args: JsonPath },
  discovery: ReadonlyMap<string, DiscoveryTarget>,
  notes: Notes,
  credentials: CommandCredentials,
): Pick<Container, 'command' | 'args'> {
  if (cmd !== undefined) {
    const rewrite = rewriteServiceNames(cmd, discovery);
    if (args !== undefined && args.length > 0) notes.ignored(paths.args, 'Mesos runs cmd through the shell and drops args; so does the translation');
    else if (args !== undefined) notes.ignored(paths.args, 'empty');
    const line = protectedLine(rewrite, paths.cmd, 'MARATHON_TO_EKS_CMD', credentials, notes) ?? rewrite.text;
    if (line === rewrite.text) noteRewrite(notes, paths.cmd, rewrite, 'command ["/bin/sh", "-c", cmd]');
    return { command: ['/bin/sh', '-c', line] };
  }
  if (args !== undefined && args.length > 0) {
    const rewritten = args.map((arg, i) => {
      const rewrite = rewriteServiceNames(arg, discovery);
      const text = protectedLine(rewrite, [...paths.args, i], `MARATHON_TO_EKS_ARG_${i}`, credentials, notes);
      if (text === undefined) noteRewrite(notes, [...paths.args, i], rewrite, 'args (the image entrypoint is kept)');
      return text ?? rewrite.text;
    });
    return { args: rewritten };
  }
  if (args !== undefined) notes.translated(paths.args, 'no arguments');
  return {};
}

/** A command element holding a credential: `$(VAR)`, expanded by the kubelet from the credentials Secret. */
function protectedLine(rewrite: Rewrite, path: JsonPath, variable: string, credentials: CommandCredentials, notes: Notes): string | undefined {
  const text = protectCommandText(rewrite.text, credentials.container, variable, path, credentials.store);
  if (text === undefined) return undefined;
  notes.approximated(path, credentials.store.noteFor(path, `the kubelet substitutes it for $(${variable})`, rewrite.rewritten));
  return text;
}

/** A pod container's `exec.command`: a shell line, or argv (entrypoint kept unless overrideEntrypoint). */
export function execCommandOf(
  command: MesosCommand,
  overrideEntrypoint: boolean | undefined,
  at: JsonPath,
  discovery: ReadonlyMap<string, DiscoveryTarget>,
  notes: Notes,
  credentials: CommandCredentials,
): Pick<Container, 'command' | 'args'> {
  if ('shell' in command) {
    const path = [...at, 'command', 'shell'];
    const rewrite = rewriteServiceNames(command.shell, discovery);
    const line = protectedLine(rewrite, path, 'MARATHON_TO_EKS_CMD', credentials, notes);
    if (line === undefined) noteRewrite(notes, path, rewrite, 'command ["/bin/sh", "-c", shell]');
    if (overrideEntrypoint !== undefined) notes.translated([...at, 'overrideEntrypoint'], 'a shell command always replaces the entrypoint');
    return { command: ['/bin/sh', '-c', line ?? rewrite.text] };
  }
  const argvPath = [...at, 'command', 'argv'];
  const argv = command.argv.map((arg, i) => {
    const rewrite = rewriteServiceNames(arg, discovery);
    return protectedLine(rewrite, [...argvPath, i], `MARATHON_TO_EKS_ARG_${i}`, credentials, notes) ?? rewrite.text;
  });
  if (overrideEntrypoint === false) {
    notes.translated(argvPath, 'args (appended to the image entrypoint)');
    notes.translated([...at, 'overrideEntrypoint'], 'entrypoint kept');
    return { args: argv };
  }
  notes.translated(argvPath, 'command (argv[0] replaces the entrypoint)');
  if (overrideEntrypoint !== undefined) notes.translated([...at, 'overrideEntrypoint'], 'entrypoint replaced');
  return { command: argv };
}

/** Image, pull policy and pull secret of an app's container. */
export function appImage(app: MarathonApp, namespace: string, commandImage: string, notes: Notes): { image: string; imagePullPolicy: 'Always' | 'IfNotPresent'; pullSecret?: SecretRequirement; workingDir?: string } {
  const container = app.container;
  const docker = container?.docker;
  if (docker) {
    notes.translated(['container', 'docker', 'image'], `image ${docker.image}`);
    notes.translated(['container', 'docker', 'forcePullImage'], docker.forcePullImage ? 'imagePullPolicy Always' : 'imagePullPolicy IfNotPresent');
    notes.translated(['container', 'type'], container?.type === 'MESOS' ? 'the Mesos containerizer ran the Docker image; Kubernetes runs it the same' : 'Docker image');
    let pullSecret: SecretRequirement | undefined;
    if (docker.pullConfig) {
      const declared: SecretDef | undefined = app.secrets[docker.pullConfig.secret];
      if (declared) {
        pullSecret = secretFor(declared.source, namespace, 'kubernetes.io/dockerconfigjson');
        notes.translated(['container', 'docker', 'pullConfig'], `imagePullSecrets ${pullSecret.name} (a dockerconfigjson Secret from DC/OS secret ${declared.source})`);
      }
    }
    if (docker.credential) notes.unsupported(['container', 'docker', 'credential'], 'registry credentials of the Mesos fetcher; create a dockerconfigjson Secret and reference it in imagePullSecrets');
    return { image: docker.image, imagePullPolicy: docker.forcePullImage ? 'Always' : 'IfNotPresent', ...(pullSecret ? { pullSecret } : {}) };
  }
  if (container?.appc) {
    notes.unsupported(['container', 'appc'], `AppC images do not run on Kubernetes; ${commandImage} is used instead: convert ${container.appc.image} to an OCI image`);
  }
  if (container) notes.translated(['container', 'type'], 'Mesos containerizer without an image');
  notes.remark(`no image: the command ran on the agent's filesystem; it runs in ${commandImage} (everything it calls must be in that image), in the sandbox directory as on Mesos`);
  return { image: commandImage, imagePullPolicy: 'IfNotPresent', workingDir: '/mnt/mesos/sandbox' };
}

/** What `docker run` parameters become. */
export interface DockerParameterEffects {
  securityContext: SecurityContext;
  env: EnvVar[];
  podLabels: Record<string, string>;
  workingDir?: string;
  command?: string[];
  volumes: Volume[];
  mounts: VolumeMount[];
  pod: Partial<Pick<PodSpec, 'hostname' | 'hostAliases' | 'dnsConfig' | 'shareProcessNamespace'>> & { sysctls?: { name: string; value: string }[] };
}

/**
 * Docker CLI parameters with a Kubernetes equivalent are mapped; the rest are unsupported, named in the report.
 */
export function dockerParameters(parameters: readonly { key: string; value: string }[], at: JsonPath, notes: Notes, credentials: CredentialStore): DockerParameterEffects {
  const effects: DockerParameterEffects = { securityContext: {}, env: [], podLabels: {}, volumes: [], mounts: [], pod: {} };
  parameters.forEach(({ key, value }, i) => {
    const path = [...at, i];
    const done = (what: string) => notes.translated(path, `docker --${key}=${value} → ${what}`);
    switch (key.replace(/^-+/, '')) {
      case 'cap-add':
        (effects.securityContext.capabilities ??= {}).add = [...(effects.securityContext.capabilities.add ?? []), value.toUpperCase().replace(/^CAP_/, '')];
        return done('securityContext.capabilities.add');
      case 'cap-drop':
        (effects.securityContext.capabilities ??= {}).drop = [...(effects.securityContext.capabilities.drop ?? []), value.toUpperCase().replace(/^CAP_/, '')];
        return done('securityContext.capabilities.drop');
      case 'user':
      case 'u': {
        const uid = userId(value.split(':')[0]);
        if (uid === undefined) return notes.approximated(path, `docker --user ${value} has no fixed UID; set securityContext.runAsUser`);
        effects.securityContext.runAsUser = uid;
        const gid = value.split(':')[1];
        if (gid !== undefined && /^\d+$/.test(gid)) effects.securityContext.runAsGroup = Number(gid);
        return done('securityContext.runAsUser');
      }
      case 'workdir':
      case 'w':
        effects.workingDir = value;
        return done('workingDir');
      case 'env':
      case 'e': {
        const eq = value.indexOf('=');
        if (eq <= 0) return notes.unsupported(path, `docker --env ${value} passes a variable from the agent's environment; define it in env`);
        const [variable, literal] = [value.slice(0, eq), value.slice(eq + 1)];
        if (isCredential(literal, variable)) {
          effects.env.push(credentials.envVar(variable, path));
          return notes.approximated(path, credentials.noteFor(path, `env ${variable} reads it`));
        }
        effects.env.push({ name: variable, value: literal });
        return done('env');
      }
      case 'label':
      case 'l': {
        const eq = value.indexOf('=');
        if (eq > 0 && isCredential(value.slice(eq + 1), value.slice(0, eq))) return notes.unsupported(path, `docker --label ${value.slice(0, eq)}: looks like a credential, so it is not copied into pod labels`);
        effects.podLabels[eq > 0 ? value.slice(0, eq) : value] = eq > 0 ? value.slice(eq + 1) : '';
        return notes.approximated(path, `docker --label ${value} → pod label (Docker labels are container metadata)`);
      }
      case 'shm-size':
        effects.volumes.push({ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: dockerSize(value) } });
        effects.mounts.push({ name: 'dshm', mountPath: '/dev/shm' });
        return done('an in-memory emptyDir at /dev/shm');
      case 'tmpfs': {
        const [mountPath] = value.split(':');
        const name = `tmpfs-${effects.volumes.length}`;
        effects.volumes.push({ name, emptyDir: { medium: 'Memory' } });
        effects.mounts.push({ name, mountPath });
        return done(`an in-memory emptyDir at ${mountPath}`);
      }
      case 'read-only':
        effects.securityContext.readOnlyRootFilesystem = value !== 'false';
        return done('securityContext.readOnlyRootFilesystem');
      case 'security-opt':
        if (value === 'no-new-privileges' || value === 'no-new-privileges:true') {
          effects.securityContext.allowPrivilegeEscalation = false;
          return done('securityContext.allowPrivilegeEscalation false');
        }
        return notes.unsupported(path, `docker --security-opt ${value} has no Kubernetes field here; use seccompProfile / appArmorProfile`);
      case 'hostname':
      case 'h':
        effects.pod.hostname = value.split('.')[0];
        return done('pod hostname');
      case 'add-host': {
        const [host, ip] = value.split(':');
        effects.pod.hostAliases = [...(effects.pod.hostAliases ?? []), { ip, hostnames: [host] }];
        return done('hostAliases');
      }
      case 'dns':
        effects.pod.dnsConfig = { ...(effects.pod.dnsConfig ?? {}), nameservers: [...(effects.pod.dnsConfig?.nameservers ?? []), value] };
        return notes.approximated(path, 'docker --dns → dnsConfig.nameservers (added to the cluster DNS, not replacing it)');
      case 'dns-search':
        effects.pod.dnsConfig = { ...(effects.pod.dnsConfig ?? {}), searches: [...(effects.pod.dnsConfig?.searches ?? []), value] };
        return done('dnsConfig.searches');
      case 'sysctl': {
        const [name, sysctlValue] = value.split('=');
        effects.pod.sysctls = [...(effects.pod.sysctls ?? []), { name, value: sysctlValue ?? '' }];
        return done('pod securityContext.sysctls');
      }
      case 'init':
        effects.pod.shareProcessNamespace = true;
        return notes.approximated(path, 'docker --init → shareProcessNamespace (the pause container reaps zombies)');
      case 'entrypoint':
        effects.command = [value];
        return done('command');
      case 'privileged':
        effects.securityContext.privileged = value !== 'false';
        return done('securityContext.privileged');
      case 'log-driver':
      case 'log-opt':
        return notes.unsupported(path, `docker --${key} ${value}: logging is configured per cluster on Kubernetes (e.g. Fluent Bit), not per container`);
      default:
        return notes.unsupported(path, `docker --${key} ${value} has no Kubernetes counterpart`);
    }
  });
  return effects;
}

/** Docker sizes (`512m`, `1g`) as Kubernetes quantities. */
function dockerSize(value: string): string {
  const match = /^(\d+)([bkmg]?)$/i.exec(value.trim());
  if (!match) return value;
  const unit = { b: '', k: 'Ki', m: 'Mi', g: 'Gi', '': '' }[match[2].toLowerCase() as 'b' | 'k' | 'm' | 'g' | ''];
  return `${match[1]}${unit}`;
}
