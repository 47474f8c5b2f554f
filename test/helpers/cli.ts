import * as path from 'node:path';
import { runCli } from '../../lib/cli/program';

/** The bundled example estate, the input most CLI tests run on. */
export const EXAMPLES = path.join(__dirname, '../../examples/estate');

/** What one in-process CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured output, the given environment and, optionally, stdin text. */
export async function runCapturing(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env,
    ...(stdin !== undefined ? { readStdin: () => stdin } : {}),
  });
  return { code, stdout, stderr };
}
