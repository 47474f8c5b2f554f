import { Command, InvalidArgumentError, Option } from 'commander';
import { WaveOptions } from '../waves/order';

/** How `waves` and `convert --wave` plan the waves: the same flags, so both read the same plan. */
export interface WaveFlags {
  readonly order: 'dependencies-first' | 'callers-first';
  readonly maxWaveSize?: number;
  readonly pin: Record<string, number>;
}

/** `--order`, `--max-wave-size`, `--pin /id=N`. */
export function addWaveOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--order <order>',
        'dependencies-first: a workload moves no earlier than what it depends on; callers-first: the reverse',
      )
        .choices(['dependencies-first', 'callers-first'])
        .default('dependencies-first'),
    )
    .option(
      '--max-wave-size <n>',
      'split waves larger than this, keeping the order (a cycle stays whole)',
      positiveWholeNumber,
    )
    .option('--pin <id=wave>', "fix a workload's wave, e.g. --pin /shop/db=1 (repeatable)", collectPin, {});
}

/** The flags as the planner takes them. */
export function waveOptionsFrom(flags: WaveFlags): WaveOptions {
  return {
    order: flags.order,
    ...(flags.maxWaveSize !== undefined ? { maxWaveSize: flags.maxWaveSize } : {}),
    ...(Object.keys(flags.pin).length > 0 ? { pins: flags.pin } : {}),
  };
}

function collectPin(value: string, previous: Record<string, number>): Record<string, number> {
  const eq = value.lastIndexOf('=');
  const id = value.slice(0, eq);
  if (eq <= 0 || id.trim() === '') {
    throw new InvalidArgumentError('expected <id>=<wave>, e.g. /shop/db=1');
  }
  if (previous[id] !== undefined) {
    throw new InvalidArgumentError(`${id} is pinned twice`);
  }
  return { ...previous, [id]: positiveWholeNumber(value.slice(eq + 1)) };
}

/** A whole number from 1. */
export function positiveWholeNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < 1) {
    throw new InvalidArgumentError('expected a whole number from 1');
  }
  return number;
}
