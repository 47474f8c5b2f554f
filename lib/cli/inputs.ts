import * as fs from 'node:fs';
import { Command } from 'commander';
import { LoadOptions } from '../marathon/load/estate';
import { DEFAULT_MAX_INPUT_BYTES } from '../marathon/load/limits';
import { parseServiceUrl } from '../marathon/load/service-url';
import { CliIo, UsageError } from './io';

const MIB = 1024 * 1024;

/** Options shared by every command that reads an estate. */
export interface InputOptions {
  readonly marathonUrl?: string;
  readonly metronomeUrl?: string;
  readonly caBundle?: string;
  readonly timeout?: string;
  readonly maxInputSize?: string;
}

export function addInputOptions(command: Command): Command {
  return command
    .argument(
      '[paths...]',
      'Marathon / Metronome JSON files or directories (walked recursively for *.json); - reads standard input',
    )
    .option(
      '--marathon-url <url>',
      'read every app, pod and group from a live Marathon (e.g. https://dcos.example.com/service/marathon)',
    )
    .option(
      '--metronome-url <url>',
      'read every job and its schedules from a live Metronome (e.g. https://dcos.example.com/service/metronome)',
    )
    .option(
      '--ca-bundle <file>',
      'PEM file of extra CA certificates to trust for HTTPS (e.g. the DC/OS CA from https://<cluster>/ca/dcos-ca.crt)',
    )
    .option(
      '--timeout <seconds>',
      'deadline of each --marathon-url / --metronome-url request: connecting, redirects and the whole response',
      '30',
    )
    .option(
      '--max-input-size <MiB>',
      'largest file, standard input or HTTP response read, in MiB',
      String(DEFAULT_MAX_INPUT_BYTES / MIB),
    );
}

/** Turns command-line input options into loader options; DC/OS auth comes from the DCOS_TOKEN environment variable. */
export function loadOptionsFrom(paths: readonly string[], options: InputOptions, io: CliIo): LoadOptions {
  checkServiceUrl('--marathon-url', options.marathonUrl);
  checkServiceUrl('--metronome-url', options.metronomeUrl);
  if (paths.length === 0 && !options.marathonUrl && !options.metronomeUrl) {
    throw new UsageError('give at least one path, --marathon-url or --metronome-url');
  }
  let caBundle: string | undefined;
  if (options.caBundle !== undefined) {
    try {
      caBundle = fs.readFileSync(options.caBundle, 'utf8');
    } catch {
      throw new UsageError(`cannot read --ca-bundle ${options.caBundle}`);
    }
  }
  const maxInputMib = Number(options.maxInputSize ?? DEFAULT_MAX_INPUT_BYTES / MIB);
  if (!Number.isFinite(maxInputMib) || maxInputMib <= 0) {
    throw new UsageError(`--max-input-size must be a positive number of MiB, got ${options.maxInputSize}`);
  }
  const timeoutSeconds = Number(options.timeout ?? '30');
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new UsageError(`--timeout must be a positive number of seconds, got ${options.timeout}`);
  }
  return {
    paths,
    ...(options.marathonUrl ? { marathonUrl: options.marathonUrl } : {}),
    ...(options.metronomeUrl ? { metronomeUrl: options.metronomeUrl } : {}),
    ...(io.env.DCOS_TOKEN ? { token: io.env.DCOS_TOKEN } : {}),
    ...(caBundle !== undefined ? { caBundle } : {}),
    timeoutMs: timeoutSeconds * 1000,
    maxInputBytes: Math.floor(maxInputMib * MIB),
    ...(io.readStdin ? { readStdin: io.readStdin } : {}),
  };
}

/** A URL the loader would refuse is a mistake on the command line, not an unreadable input. */
function checkServiceUrl(option: string, url: string | undefined): void {
  if (url === undefined) {
    return;
  }
  const parsed = parseServiceUrl(url);
  if (!parsed.ok) {
    throw new UsageError(`${option}: ${parsed.message}`);
  }
}
