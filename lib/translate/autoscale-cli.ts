import { JsonPath } from '../util/json-path';
import { MarathonApp } from '../marathon/model/app';

/** One setting an autoscaler app was given, and the leaf of the definition that gave it. */
export interface CliSetting {
  readonly value: string;
  readonly at: JsonPath;
}

/**
 * The command-line options of an app: `args` (each its own leaf), else the words of `cmd`. Both tools parse long
 * options as `--name value` and `--name=value` (Python's argparse, Ruby's OptionParser); a later one wins.
 */
export function cliOptions(app: MarathonApp, names: ReadonlySet<string>): Map<string, CliSetting> {
  const words: { word: string; at: JsonPath }[] =
    app.args !== undefined
      ? app.args.map((word, index) => ({ word, at: ['args', index] }))
      : (app.cmd ?? '')
          .trim()
          .split(/\s+/)
          .filter((word) => word !== '')
          .map((word) => ({ word, at: ['cmd'] }));
  const options = new Map<string, CliSetting>();
  words.forEach(({ word, at }, index) => {
    const equals = word.indexOf('=');
    const name = equals > 0 ? word.slice(0, equals) : word;
    if (!names.has(name)) {
      return;
    }
    if (equals > 0) {
      options.set(name, { value: word.slice(equals + 1), at });
    } else if (index + 1 < words.length) {
      options.set(name, { value: words[index + 1].word, at: words[index + 1].at });
    }
  });
  return options;
}

/** The words an app runs: its `cmd`, or its `args`, joined (to recognise the script it starts). */
export function commandText(app: MarathonApp): string {
  return app.args !== undefined ? app.args.join(' ') : (app.cmd ?? '');
}

/** The Docker image of an app, if any. */
export function imageOf(app: MarathonApp): string {
  return app.container?.docker?.image ?? '';
}

/** An integer as Python's `int()` / Ruby's `Integer` read it from a string: digits with an optional sign. */
export function integerOf(value: string | undefined): number | undefined {
  return value !== undefined && /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : undefined;
}

/** A decimal number as `float()` reads it (no hex, no empty string). */
export function numberOf(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') {
    return undefined;
  }
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** Seconds, rounded and held to an HPA field's range; `capped` says when the tool's value did not fit. */
export function hpaSeconds(seconds: number, max: number): { seconds: number; capped: boolean } {
  const rounded = Math.round(seconds);
  return { seconds: Math.min(Math.max(rounded, 0), max), capped: rounded > max };
}
