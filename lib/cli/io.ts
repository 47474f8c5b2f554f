/** Where the CLI writes, so commands can be run in-process by tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readStdin?: () => string;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

/** Exit codes, documented in the README. */
export const ExitCode = {
  /** Everything valid (warnings are fine). */
  ok: 0,
  /** Some input was invalid; the valid inputs were still processed. */
  invalidInput: 1,
  /** The command line itself was wrong. */
  usage: 2,
  /** A bug in marathon-to-eks. */
  internal: 3,
  /** The machine would not let the command do its work: output not writable, disk full, another run holds the lock. */
  environment: 4,
} as const;

/** A problem with how the command was called: reported without a stack trace, exit code 2. */
export class UsageError extends Error {}

/** The environment stopped the command (not writable, disk full, locked): a plain message, exit code 4. */
export class EnvironmentError extends Error {}
