import { Command, InvalidArgumentError, Option } from 'commander';
import { WaveOptions } from '../waves/order';

/** How `waves` and `convert --wave` plan the waves: the same flags, so both read the same plan. */
export interface WaveFlags {
  readonly order: 'dependencies-first' | 'callers-first';
  readonly maxWaveSize?: number;
  readonly pin: Readonly<Record<string, number>>;
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
    .option('--pin <id=N,…>', "fix a workload's wave, e.g. /shop/api=2 (repeatable)", collectPin, {});
}

/** The flags as the planner takes them. */
export function waveOptionsFrom(flags: WaveFlags): WaveOptions {
  return {
    order: flags.order,
    ...(flags.maxWaveSize !== undefined ? { maxWaveSize: flags.maxWaveSize } : {}),
    ...(Object.keys(flags.pin).length > 0 ? { pins: flags.pin } : {}),
  };
}

/** `--pin /a=1,/b=2`, repeatable; a later pin of the same id wins. Ids cannot hold `=` or `,`. */
function collectPin(value: string, previous: Readonly<Record<string, number>>): Record<string, number> {
  const pins: Record<string, number> = { ...previous };
  for (const item of value.split(',').map((part) => part.trim())) {
    const match = /^([^=\s]+)=(\d+)$/.exec(item);
    if (!match || Number(match[2]) < 1) {
      throw new InvalidArgumentError(
        `expected <id>=<wave> with a wave of 1 or more (e.g. /shop/api=2), got ${JSON.stringify(item)}`,
      );
    }
    pins[match[1]] = Number(match[2]);
  }
  return pins;
}

/** A whole number from 1. */
export function positiveWholeNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < 1) {
    throw new InvalidArgumentError('expected a whole number from 1');
  }
  return number;
}
