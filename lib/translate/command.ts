import { JsonPath } from '../util/json-path';
import { MesosCommand } from '../marathon/model/common';
import { CredentialTarget, protectCommandText } from './credentials';
import { Container } from './kube';
import { DefinitionScope } from './scope';
import { Rewrite, noteRewrite, rewriteServiceNames } from './service-names';

/** An app's or job's command: `cmd` and `args`, and where each was written. */
export interface CommandSource {
  readonly cmd: string | undefined;
  readonly args: readonly string[] | undefined;
  readonly at: { readonly cmd: JsonPath; readonly args: JsonPath };
}

/** `cmd` runs through the shell like Mesos ran it; `args` go to the image entrypoint. */
export function commandOf(
  scope: DefinitionScope,
  source: CommandSource,
  container: string,
): Pick<Container, 'command' | 'args'> {
  const { cmd, args, at } = source;
  if (cmd !== undefined) {
    const rewrite = rewriteServiceNames(scope, cmd);
    if (args !== undefined && args.length > 0) {
      scope.notes.ignored(at.args, 'Mesos runs cmd through the shell and drops args; so does the translation');
    } else if (args !== undefined) {
      scope.notes.ignored(at.args, 'empty');
    }
    const line =
      protectedLine(scope, rewrite, { container, variable: 'MARATHON_TO_EKS_CMD', path: at.cmd }) ?? rewrite.text;
    if (line === rewrite.text) {
      noteRewrite(scope, at.cmd, rewrite, 'command ["/bin/sh", "-c", cmd]');
    }
    return { command: ['/bin/sh', '-c', line] };
  }
  if (args !== undefined && args.length > 0) {
    const rewritten = args.map((arg, i) => {
      const rewrite = rewriteServiceNames(scope, arg);
      const path = [...at.args, i];
      const text = protectedLine(scope, rewrite, { container, variable: `MARATHON_TO_EKS_ARG_${i}`, path });
      if (text === undefined) {
        noteRewrite(scope, path, rewrite, 'args (the image entrypoint is kept)');
      }
      return text ?? rewrite.text;
    });
    return { args: rewritten };
  }
  if (args !== undefined) {
    scope.notes.translated(at.args, 'no arguments');
  }
  return {};
}

/** A command element holding a credential: `$(VAR)`, expanded by the kubelet from the credentials Secret. */
function protectedLine(scope: DefinitionScope, rewrite: Rewrite, target: CredentialTarget): string | undefined {
  const text = protectCommandText(scope.credentials, rewrite.text, target);
  if (text === undefined) {
    return undefined;
  }
  scope.notes.approximated(
    target.path,
    scope.credentials.noteFor(target.path, `the kubelet substitutes it for $(${target.variable})`, rewrite.rewritten),
  );
  return text;
}

/** A pod container's `exec`. */
export interface ExecSource {
  readonly command: MesosCommand;
  readonly overrideEntrypoint?: boolean;
}

/** A pod container's `exec.command`: a shell line, or argv (entrypoint kept unless overrideEntrypoint). */
export function execCommandOf(
  scope: DefinitionScope,
  exec: ExecSource,
  at: JsonPath,
  container: string,
): Pick<Container, 'command' | 'args'> {
  const { command, overrideEntrypoint } = exec;
  if ('shell' in command) {
    const path = [...at, 'command', 'shell'];
    const rewrite = rewriteServiceNames(scope, command.shell);
    const line = protectedLine(scope, rewrite, { container, variable: 'MARATHON_TO_EKS_CMD', path });
    if (line === undefined) {
      noteRewrite(scope, path, rewrite, 'command ["/bin/sh", "-c", shell]');
    }
    if (overrideEntrypoint !== undefined) {
      scope.notes.translated([...at, 'overrideEntrypoint'], 'a shell command always replaces the entrypoint');
    }
    return { command: ['/bin/sh', '-c', line ?? rewrite.text] };
  }
  const argvPath = [...at, 'command', 'argv'];
  const argv = command.argv.map((arg, i) => {
    const rewrite = rewriteServiceNames(scope, arg);
    const target = { container, variable: `MARATHON_TO_EKS_ARG_${i}`, path: [...argvPath, i] };
    return protectedLine(scope, rewrite, target) ?? rewrite.text;
  });
  if (overrideEntrypoint === false) {
    scope.notes.translated(argvPath, 'args (appended to the image entrypoint)');
    scope.notes.translated([...at, 'overrideEntrypoint'], 'entrypoint kept');
    return { args: argv };
  }
  scope.notes.translated(argvPath, 'command (argv[0] replaces the entrypoint)');
  if (overrideEntrypoint !== undefined) {
    scope.notes.translated([...at, 'overrideEntrypoint'], 'entrypoint replaced');
  }
  return { command: argv };
}
