import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError } from 'commander';
import { escapeControlCharacters } from '../util/control-characters';
import { CliIo, EnvironmentError, ExitCode, UsageError, processIo } from './io';

type CommandFactory = (io: CliIo, setExitCode: (code: number) => void) => Command;

/**
 * Each command's module, loaded only when it is needed: `validate` and `waves` then skip loading the translation,
 * the Kubernetes validator and the capacity planner (measured, `validate` of the corpus: 0.95–1.14 s -> 0.77–0.89 s).
 */
const COMMANDS: Readonly<Record<string, () => Promise<CommandFactory>>> = {
  validate: async () => (await import('./validate-command')).validateCommand,
  convert: async () => (await import('./convert-command')).convertCommand,
  plan: async () => (await import('./plan-command')).planCommand,
  waves: async () => (await import('./waves-command')).wavesCommand,
};

/**
 * The `marathon-to-eks` command line for `argv`: when it names a command, only that command (its options, help and
 * errors are all it parses); otherwise every command, for the overall help and an unknown command's suggestion.
 */
export async function buildProgram(
  io: CliIo,
  setExitCode: (code: number) => void,
  argv: readonly string[] = [],
): Promise<Command> {
  const program = new Command('marathon-to-eks')
    .description('Move DC/OS Marathon and Metronome workloads to Amazon EKS')
    .version(packageVersion())
    .showHelpAfterError()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  const named = argv[0] !== undefined && Object.hasOwn(COMMANDS, argv[0]) ? [argv[0]] : Object.keys(COMMANDS);
  for (const name of named) {
    const command = (await COMMANDS[name]())(io, setExitCode);
    program.addCommand(command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }));
  }
  return program;
}

/** Runs the CLI and returns its exit code; never throws and never prints a stack trace. */
export async function runCli(argv: readonly string[], given: CliIo = processIo): Promise<number> {
  const io = terminalSafe(given);
  let exitCode: number = ExitCode.ok;
  try {
    const program = await buildProgram(
      io,
      (code) => {
        exitCode = code;
      },
      argv,
    );
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (cause) {
    if (cause instanceof CommanderError) {
      // --help and --version end here with exit code 0; every other commander error is a usage error.
      return cause.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (cause instanceof UsageError) {
      io.stderr(`marathon-to-eks: ${cause.message}\n`);
      return ExitCode.usage;
    }
    if (cause instanceof EnvironmentError) {
      io.stderr(`marathon-to-eks: ${cause.message}\n`);
      return ExitCode.environment;
    }
    const message = cause instanceof Error ? cause.message : String(cause);
    io.stderr(`marathon-to-eks: internal error (please report it): ${message}\n`);
    return ExitCode.internal;
  }
}

/**
 * Everything printed passes here: whatever a file name, a value or a server put into a message, no control
 * character reaches the terminal raw (our own line breaks and tabs stay).
 */
function terminalSafe(io: CliIo): CliIo {
  return {
    ...io,
    stdout: (text) => io.stdout(escapeControlCharacters(text, true)),
    stderr: (text) => io.stderr(escapeControlCharacters(text, true)),
  };
}

/** The version in our package.json, found from this file both in a checkout (lib/cli) and when built (dist/lib/cli). */
function packageVersion(): string {
  for (let directory = __dirname; path.dirname(directory) !== directory; directory = path.dirname(directory)) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(directory, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === 'marathon-to-eks' && manifest.version) {
        return manifest.version;
      }
    } catch {
      // not here; keep looking upwards
    }
  }
  return 'unknown';
}
