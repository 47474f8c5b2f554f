import { redactCredentials } from './credential-rules';

/** Short, human descriptions of JSON values for error messages ("got string "abc""). */
export function describeValue(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return `an array`;
  }
  switch (typeof value) {
    case 'string':
      return `string ${quote(value)}`;
    case 'number':
      return Number.isFinite(value) ? `number ${value}` : 'a number too large to represent';
    case 'boolean':
      return `${value}`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/** Value types as messages name them (`expected an integer`), by the names of JSON Schema and of zod (`int`, `record`). */
const TYPE_NAMES: ReadonlyMap<string, string> = new Map([
  ['integer', 'an integer'],
  ['int', 'an integer'],
  ['number', 'a number'],
  ['string', 'a string'],
  ['boolean', 'true or false'],
  ['array', 'an array'],
  ['object', 'an object'],
  ['record', 'an object'],
]);

/** How messages name a value type: `integer` or `int` → `an integer`; undefined for a type it does not know. */
export function knownTypeName(type: string): string | undefined {
  return TYPE_NAMES.get(type);
}

/**
 * JSON-quotes a string, shortened to keep messages on one line. Credentials are masked first: a shortened
 * `https://u:hunter2…` no longer looks like one, and messages reach the report.
 */
export function quote(text: string, max = 60): string {
  const masked = redactCredentials(text);
  const shown = masked.length > max ? `${masked.slice(0, max)}…` : masked;
  return JSON.stringify(shown);
}

/** The closest candidate to `word` (case, `_`/`-` and small typos forgiven), if it is close enough to be a likely typo. */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const simplify = (s: string) => s.toLowerCase().replace(/[_-]/g, '');
  const target = simplify(word);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(target, simplify(candidate));
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = target.length <= 4 ? 1 : target.length <= 8 ? 2 : 3;
  if (bestDistance <= allowed) {
    return best;
  }
  // `maxLaunchDelaySeconds` for `maxLaunchDelay`: a known field with a unit or qualifier added or dropped.
  const related = (c: string) =>
    simplify(c).length >= 5 && (target.startsWith(simplify(c)) || simplify(c).startsWith(target));
  return target.length >= 5 ? [...candidates].sort().find(related) : undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) {
    return Infinity;
  }
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
