import { quote } from '../util/describe';

/**
 * CronJob `schedule` and `timeZone` as the API server checks them: the schedule through robfig/cron v3's
 * ParseStandard (five fields, or a descriptor such as `@hourly` / `@every 5m`), the zone through Go's
 * time.LoadLocation (exact, case-sensitive IANA ids).
 */

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  // robfig/cron's day-of-week is 0–6; unlike Vixie cron, 7 is not Sunday.
  { name: 'day-of-week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const GO_DURATION = /^(\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))*$/;

/** Why `schedule` is not one Kubernetes accepts, or `undefined`. */
export function scheduleProblem(schedule: string): string | undefined {
  const trimmed = schedule.trim();
  if (/^(CRON_)?TZ=/.test(trimmed)) {
    return 'TZ= and CRON_TZ= are not allowed in the schedule; set spec.timeZone instead';
  }
  if (trimmed.startsWith('@')) {
    return descriptorProblem(trimmed);
  }
  const fields = trimmed === '' ? [] : trimmed.split(/\s+/);
  if (fields.length !== 5) {
    return `a schedule has 5 fields (minute hour day-of-month month day-of-week) or is a macro such as "@hourly"; got ${fields.length} in ${quote(schedule)}`;
  }
  for (let i = 0; i < FIELDS.length; i++) {
    const problem = fieldProblem(fields[i], FIELDS[i]);
    if (problem !== undefined) {
      return `${FIELDS[i].name} field ${quote(fields[i])}: ${problem}`;
    }
  }
  return undefined;
}

function descriptorProblem(schedule: string): string | undefined {
  if (DESCRIPTORS.has(schedule)) {
    return undefined;
  }
  if (schedule.startsWith('@every ')) {
    const duration = schedule.slice('@every '.length).trim();
    return GO_DURATION.test(duration)
      ? undefined
      : `${quote(duration)} is not a duration such as "90s", "5m" or "1h30m"`;
  }
  return `unknown macro ${quote(schedule)}; use one of ${[...DESCRIPTORS].join(', ')} or "@every <duration>"`;
}

function fieldProblem(field: string, spec: Field): string | undefined {
  for (const item of field.split(',')) {
    const [range, step, extra] = item.split('/');
    if (extra !== undefined) {
      return `more than one "/" in ${quote(item)}`;
    }
    if (step !== undefined && !(/^\d+$/.test(step) && Number(step) > 0)) {
      return `step ${quote(step)} is not a positive number`;
    }
    if (range === '*' || range === '?') {
      continue;
    }
    const bounds = range.split('-');
    if (bounds.length > 2) {
      return `malformed range ${quote(range)}`;
    }
    const values = bounds.map((bound) => valueOf(bound, spec));
    if (values.some((value) => value === undefined)) {
      return `${quote(range)} is not a value between ${spec.min} and ${spec.max}${spec.names ? ` or a name (${spec.names[0]}…)` : ''}`;
    }
    if (values.length === 2 && (values[0] as number) > (values[1] as number)) {
      return `range ${quote(range)} runs backwards`;
    }
  }
  return undefined;
}

function valueOf(text: string, spec: Field): number | undefined {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) {
    return spec.min + named;
  }
  if (!/^\d+$/.test(text)) {
    return undefined;
  }
  const value = Number(text);
  return value >= spec.min && value <= spec.max ? value : undefined;
}

let zones: Set<string> | undefined;

/** Why `zone` is not a time zone the API server can load, or `undefined`. */
export function timeZoneProblem(zone: string): string | undefined {
  if (zone === '') {
    return 'must be an IANA time zone id such as "Etc/UTC" or "Europe/Berlin", or be left out';
  }
  if (zone.toLowerCase() === 'local') {
    return '"Local" is not allowed: the time zone must be explicit';
  }
  zones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (zones.has(zone) || zone === 'UTC') {
    return undefined;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return `${quote(zone)} is not an IANA time zone id (e.g. "Etc/UTC", "America/Chicago")`;
  }
  // Intl also accepts links such as US/Pacific (Go does too) but ignores case, which Go's LoadLocation does not.
  const looksCanonical = /^[A-Z][A-Za-z0-9_+-]*(\/[A-Z0-9][A-Za-z0-9_+-]*)*$/.test(zone);
  return looksCanonical
    ? undefined
    : `time zone ids are case-sensitive; ${quote(zone)} is not written as the IANA id is`;
}
