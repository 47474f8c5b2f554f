/**
 * Metronome's cron dialect (cron-utils as configured in `CronSpec.scala`): five fields — minute, hour,
 * day-of-month, month, day-of-week — and an optional sixth, the year. No `@hourly` nicknames, no `?`.
 * Day-of-month allows `L` and `W`; day-of-week allows `L` and `#`; 7 is Sunday like 0.
 */

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly special?: RegExp;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31, special: /^(L|LW|L-\d{1,2}|\d{1,2}W)$/ },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 0, max: 7, names: DAYS, special: /^([0-7]|[A-Z]{3})(L|#[1-5])$/ },
  { name: 'year', min: 1970, max: 2099 },
];

/** Why `cron` is not a schedule Metronome accepts, or `undefined` when it is. */
export function cronProblem(cron: string): string | undefined {
  const trimmed = cron.trim();
  if (trimmed.startsWith('@')) {
    return `cron nicknames like ${JSON.stringify(trimmed)} are not supported by Metronome; write the five fields`;
  }
  const fields = trimmed.split(/\s+/);
  if (fields.length < 5 || fields.length > 6) {
    return `a cron expression has 5 fields (minute hour day-of-month month day-of-week) and an optional year, got ${fields.length}`;
  }
  for (let i = 0; i < fields.length; i++) {
    const problem = fieldProblem(fields[i].toUpperCase(), FIELDS[i]);
    if (problem) {
      return `${FIELDS[i].name} field ${JSON.stringify(fields[i])}: ${problem}`;
    }
  }
  return undefined;
}

function fieldProblem(field: string, spec: FieldSpec): string | undefined {
  for (const item of field.split(',')) {
    if (item === '') {
      return 'empty list item';
    }
    if (item === '?') {
      return '"?" is not supported by Metronome';
    }
    if (spec.special?.test(item)) {
      continue;
    }
    const [range, step, extra] = item.split('/');
    if (extra !== undefined) {
      return `more than one "/" in ${JSON.stringify(item)}`;
    }
    if (step !== undefined && !(/^\d+$/.test(step) && Number(step) > 0)) {
      return `step ${JSON.stringify(step)} is not a positive number`;
    }
    if (range === '*') {
      continue;
    }
    const bounds = range.split('-');
    if (bounds.length > 2) {
      return `malformed range ${JSON.stringify(range)}`;
    }
    const values = bounds.map((bound) => valueOf(bound, spec));
    if (values.some((value) => value === undefined)) {
      return `${JSON.stringify(range)} is not a value between ${spec.min} and ${spec.max}${spec.names ? ` or a name (${spec.names[0]}…)` : ''}`;
    }
    if (values.length === 2 && (values[0] as number) > (values[1] as number)) {
      return `range ${JSON.stringify(range)} runs backwards`;
    }
  }
  return undefined;
}

function valueOf(text: string, spec: FieldSpec): number | undefined {
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    return value >= spec.min && value <= spec.max ? value : undefined;
  }
  const index = spec.names?.indexOf(text) ?? -1;
  if (index < 0) {
    return undefined;
  }
  return spec.names === MONTHS ? index + 1 : index;
}

let zones: Set<string> | undefined;

/**
 * Why `zone` is not a time zone id Metronome accepts (an exact, case-sensitive IANA id), or `undefined`.
 */
export function timeZoneProblem(zone: string): string | undefined {
  zones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (zones.has(zone) || zone === 'UTC' || zone === 'GMT') {
    return undefined;
  }
  let resolved: string | undefined;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return `${JSON.stringify(zone)} is not an IANA time zone id (e.g. "UTC", "America/Chicago")`;
  }
  // Intl also accepts aliases (US/Pacific, Etc/GMT+5) and ignores case; Metronome matches ids exactly.
  const looksCanonical = /^[A-Z][A-Za-z0-9_+-]*(\/[A-Z0-9][A-Za-z0-9_+-]*)*$/.test(zone);
  return looksCanonical
    ? undefined
    : `time zone ids are case-sensitive: use ${JSON.stringify(resolved)} instead of ${JSON.stringify(zone)}`;
}
