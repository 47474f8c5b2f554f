import { JsonPath } from '../util/json-path';
import { MarathonApp } from '../marathon/model/app';
import { MesosCommand, SecretDef } from '../marathon/model/common';
import { CredentialStore, protectCommandText } from './credentials';
import { Rewrite, noteRewrite, rewriteServiceNames } from './discovery';
import { DiscoveryTarget } from './estate';
import { secretFor } from './env';
import { Container, SecurityContext } from './kube';
import { Notes } from './notes';
import { SecretRequirement } from './requirements';

/** The largest user and group id Linux containers have (IsValidUserID in k8s.io/apimachinery's util/validation). */
const MAX_ID = 2_147_483_647;

/** `root` → 0, `nobody` → 65534, numeric → itself; other names, and numbers no Linux user has, have no UID we can know. */
export function userId(user: string): number | undefined {
  if (user === 'root') {
    return 0;
  }
  if (user === 'nobody') {
    return 65534;
  }
  return /^\d+$/.test(user) && Number(user) <= MAX_ID ? Number(user) : undefined;
}

/** Applies a Marathon / Metronome `user` to a container's security context. */
export function applyUser(
  user: string | undefined,
  path: JsonPath,
  securityContext: SecurityContext,
  notes: Notes,
): void {
  if (user === undefined) {
    return;
  }
  const uid = userId(user);
  if (uid === undefined) {
    notes.approximated(
      path,
      `user ${JSON.stringify(user)} has no fixed UID; the image's default user is kept — set securityContext.runAsUser to its UID`,
    );
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
    if (args !== undefined && args.length > 0) {
      notes.ignored(paths.args, 'Mesos runs cmd through the shell and drops args; so does the translation');
    } else if (args !== undefined) {
      notes.ignored(paths.args, 'empty');
    }
    const line = protectedLine(rewrite, paths.cmd, 'MARATHON_TO_EKS_CMD', credentials, notes) ?? rewrite.text;
    if (line === rewrite.text) {
      noteRewrite(notes, paths.cmd, rewrite, 'command ["/bin/sh", "-c", cmd]');
    }
    return { command: ['/bin/sh', '-c', line] };
  }
  if (args !== undefined && args.length > 0) {
    const rewritten = args.map((arg, i) => {
      const rewrite = rewriteServiceNames(arg, discovery);
      const text = protectedLine(rewrite, [...paths.args, i], `MARATHON_TO_EKS_ARG_${i}`, credentials, notes);
      if (text === undefined) {
        noteRewrite(notes, [...paths.args, i], rewrite, 'args (the image entrypoint is kept)');
      }
      return text ?? rewrite.text;
    });
    return { args: rewritten };
  }
  if (args !== undefined) {
    notes.translated(paths.args, 'no arguments');
  }
  return {};
}

/** A command element holding a credential: `$(VAR)`, expanded by the kubelet from the credentials Secret. */
function protectedLine(
  rewrite: Rewrite,
  path: JsonPath,
  variable: string,
  credentials: CommandCredentials,
  notes: Notes,
): string | undefined {
  const text = protectCommandText(rewrite.text, credentials.container, variable, path, credentials.store);
  if (text === undefined) {
    return undefined;
  }
  notes.approximated(
    path,
    credentials.store.noteFor(path, `the kubelet substitutes it for $(${variable})`, rewrite.rewritten),
  );
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
    if (line === undefined) {
      noteRewrite(notes, path, rewrite, 'command ["/bin/sh", "-c", shell]');
    }
    if (overrideEntrypoint !== undefined) {
      notes.translated([...at, 'overrideEntrypoint'], 'a shell command always replaces the entrypoint');
    }
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
  if (overrideEntrypoint !== undefined) {
    notes.translated([...at, 'overrideEntrypoint'], 'entrypoint replaced');
  }
  return { command: argv };
}

/** Image, pull policy and pull secret of an app's container. */
export function appImage(
  app: MarathonApp,
  namespace: string,
  commandImage: string,
  notes: Notes,
): { image: string; imagePullPolicy: 'Always' | 'IfNotPresent'; pullSecret?: SecretRequirement; workingDir?: string } {
  const container = app.container;
  const docker = container?.docker;
  if (docker) {
    notes.translated(['container', 'docker', 'image'], `image ${docker.image}`);
    notes.translated(
      ['container', 'docker', 'forcePullImage'],
      docker.forcePullImage ? 'imagePullPolicy Always' : 'imagePullPolicy IfNotPresent',
    );
    notes.translated(
      ['container', 'type'],
      container?.type === 'MESOS'
        ? 'the Mesos containerizer ran the Docker image; Kubernetes runs it the same'
        : 'Docker image',
    );
    let pullSecret: SecretRequirement | undefined;
    if (docker.pullConfig) {
      const declared: SecretDef | undefined = app.secrets[docker.pullConfig.secret];
      if (declared) {
        pullSecret = secretFor(declared.source, namespace, 'kubernetes.io/dockerconfigjson');
        notes.translated(
          ['container', 'docker', 'pullConfig'],
          `imagePullSecrets ${pullSecret.name} (a dockerconfigjson Secret from DC/OS secret ${declared.source})`,
        );
      }
    }
    if (docker.credential) {
      notes.unsupported(
        ['container', 'docker', 'credential'],
        'registry credentials of the Mesos fetcher; create a dockerconfigjson Secret and reference it in imagePullSecrets',
      );
    }
    return {
      image: docker.image,
      imagePullPolicy: docker.forcePullImage ? 'Always' : 'IfNotPresent',
      ...(pullSecret ? { pullSecret } : {}),
    };
  }
  if (container?.appc) {
    notes.unsupported(
      ['container', 'appc'],
      `AppC images do not run on Kubernetes; ${commandImage} is used instead: convert ${container.appc.image} to an OCI image`,
    );
  }
  if (container) {
    notes.translated(['container', 'type'], 'Mesos containerizer without an image');
  }
  notes.remark(
    `no image: the command ran on the agent's filesystem; it runs in ${commandImage} (everything it calls must be in that image), in the sandbox directory as on Mesos`,
  );
  return { image: commandImage, imagePullPolicy: 'IfNotPresent', workingDir: '/mnt/mesos/sandbox' };
}
