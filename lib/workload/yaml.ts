/**
 * YAML for Kubernetes manifests: JSON data (objects, arrays, strings, numbers, booleans, null) written in block
 * style, deterministically, and safe for both YAML 1.2 readers and kubectl's YAML 1.1 reader (go-yaml), where
 * `on`, `yes`, `0755` or `1:20` are not strings.
 *
 * Why not a YAML library: js-yaml and eemeli/yaml take 4 to 15 s to write the 64 MB of manifests of a
 * 10,000-app estate, a third of the whole conversion, because they analyse every scalar for every YAML type. Our
 * data is plain JSON, so the rule can be simple and strict: a string is written plain only when it is made of
 * characters that can never start another YAML type and is not a YAML 1.1 keyword; everything else is a JSON
 * string, which is a valid YAML double-quoted scalar. Tests check every output against both libraries as oracles
 * (YAML 1.1 and 1.2), including property-based tests over arbitrary JSON.
 */

const INDENT = '  ';

/** Serializes one JSON value as a YAML document (ending with a newline). */
export function stringifyYaml(value: unknown): string {
  if (isCollection(value) && !isEmpty(value)) {
    return writeBlock(value, '');
  }
  return `${scalarOrEmpty(value, '')}\n`;
}

type Collection = readonly unknown[] | Readonly<Record<string, unknown>>;

function isCollection(value: unknown): value is Collection {
  return value !== null && typeof value === 'object';
}

function isEmpty(value: Collection): boolean {
  if (Array.isArray(value)) {
    return value.length === 0;
  }
  // Own keys only, like Object.keys, without building the list of them.
  for (const key in value) {
    if (Object.hasOwn(value, key)) {
      return false;
    }
  }
  return true;
}

/*
 * The text is built by concatenation, not by joining an array of pieces: V8 keeps a concatenation as a rope until
 * it is written. Measured on the 32,038 objects of 10,000 apps, flattening to bytes included: 1.27 s -> 0.84 s.
 */

/** A non-empty collection whose first line starts at the current position, later lines at `indent`. */
function writeBlock(value: Collection, indent: string): string {
  let out = '';
  const inner = `${indent}${INDENT}`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      out += i > 0 ? `${indent}- ${itemText(value[i], inner)}` : `- ${itemText(value[i], inner)}`;
    }
    return out;
  }
  let first = true;
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) {
      continue;
    }
    if (!first) {
      out += indent;
    }
    first = false;
    // Sequences sit under their key one level deeper, maps too (the layout kubectl and reviewers expect).
    out +=
      isCollection(item) && !isEmpty(item)
        ? `${keyText(key)}:\n${inner}${writeBlock(item, inner)}`
        : `${keyText(key)}: ${scalarOrEmpty(item, inner)}\n`;
  }
  return out;
}

/** A sequence item: nested collections continue on the dash's line. */
function itemText(item: unknown, indent: string): string {
  return isCollection(item) && !isEmpty(item) ? writeBlock(item, indent) : `${scalarOrEmpty(item, indent)}\n`;
}

/**
 * Keys repeat in every object (`name`, `image`, `containerPort`…): each is checked once. Bounded, as an estate's
 * env and label keys are many.
 */
const KEY_TEXTS = new Map<string, string>();
const MAX_KEY_TEXTS = 50_000;

function keyText(key: string): string {
  let text = KEY_TEXTS.get(key);
  if (text === undefined) {
    text = scalarString(key, '', true);
    if (KEY_TEXTS.size >= MAX_KEY_TEXTS) {
      KEY_TEXTS.clear();
    }
    KEY_TEXTS.set(key, text);
  }
  return text;
}

function scalarOrEmpty(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    return '[]';
  }
  if (isCollection(value)) {
    return '{}';
  }
  return scalar(value, indent);
}

function scalar(value: unknown, indent: string): string {
  if (value === null) {
    return 'null';
  }
  switch (typeof value) {
    case 'string':
      return scalarString(value, indent, false);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return numberText(value);
    default:
      throw new TypeError(`cannot write ${typeof value} as YAML`);
  }
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) {
    throw new TypeError(`cannot write ${value} as YAML`);
  }
  const text = String(value);
  // YAML 1.1 floats need a dot: `1e+21` would be read as a string.
  return /e/.test(text) && !text.includes('.') ? text.replace('e', '.0e') : text;
}

/** Words YAML 1.1 reads as booleans or null (any case); `=` is its "value" key, `<<` its merge key. */
const KEYWORDS = new Set(['y', 'n', 'yes', 'no', 'true', 'false', 'on', 'off', 'null', '~', '=']);

/**
 * Plain (unquoted) only for: a first character that cannot start a number, an indicator or a flow/anchor/tag
 * (a letter, `/` or `_`, or `-` before a letter as in `-c`), then letters, digits and `_ . / - : @ + = ,` and
 * single inner spaces followed by one of those but `:`, with no `: `, not ending in `:`, and not a YAML 1.1 keyword.
 * A loop rather than a regular expression: an alternation repeated over a 10 MB string overflows the regex
 * engine's backtracking stack.
 */
export function isPlain(text: string): boolean {
  if (text.length === 0) {
    return false;
  }
  const first = text.charCodeAt(0);
  let start = 1;
  if (first === 0x2d /* - */) {
    if (text.length < 2 || !isLetter(text.charCodeAt(1))) {
      return false;
    }
    start = 2;
  } else if (!isLetter(first) && first !== 0x5f /* _ */ && first !== 0x2f /* / */) {
    return false;
  }
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20) {
      const next = text.charCodeAt(i + 1);
      if (!(isPlainChar(next) && next !== 0x3a) /* a space before a space, ":" or the end */) {
        return false;
      }
    } else if (!isPlainChar(c)) {
      return false;
    } else if (c === 0x3a && (i === text.length - 1 || text.charCodeAt(i + 1) === 0x20)) {
      return false;
    }
  }
  return !NUMBER_LIKE.test(text) && !KEYWORDS.has(text.toLowerCase());
}

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** `[A-Za-z0-9_./:@+=,-]` */
function isPlainChar(c: number): boolean {
  return (
    isLetter(c) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x5f ||
    c === 0x2e ||
    c === 0x2f ||
    c === 0x3a ||
    c === 0x40 ||
    c === 0x2b ||
    c === 0x3d ||
    c === 0x2c ||
    c === 0x2d
  );
}

/** Some YAML 1.1 readers take loose number forms (`E5`, `e-3`): anything made only of number characters is quoted. */
const NUMBER_LIKE = /^[-+.0-9_eE:]+$/;

function scalarString(text: string, indent: string, isKey: boolean): string {
  if (isPlain(text)) {
    return text;
  }
  if (!isKey && text.includes('\n')) {
    const block = literalBlock(text, indent);
    if (block !== undefined) {
      return block;
    }
  }
  return quoted(text);
}

/** Characters JSON leaves raw that YAML treats as line breaks or does not allow unescaped. */
const YAML_UNSAFE = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;
const YAML_UNSAFE_ALL = new RegExp(YAML_UNSAFE.source, 'g');

function quoted(text: string): string {
  const json = JSON.stringify(text);
  return YAML_UNSAFE.test(json)
    ? json.replace(YAML_UNSAFE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    : json;
}

// Control characters are exactly what this pattern is for.
// eslint-disable-next-line no-control-regex
const LITERAL_UNSAFE = /[\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;

/** A literal block (`|-`, `|`, `|+`) keeps scripts readable; only for text it represents exactly. */
function literalBlock(text: string, indent: string): string | undefined {
  // At the top level a content line could read as a document marker (`---`); not needed there anyway.
  if (indent === '' || /^[ \t\n]/.test(text) || LITERAL_UNSAFE.test(text)) {
    return undefined;
  }
  let trailing = 0;
  while (trailing < text.length && text.charCodeAt(text.length - 1 - trailing) === 0x0a) {
    trailing++;
  }
  const body = text.slice(0, text.length - trailing);
  if (body === '') {
    return undefined;
  }
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const lines = body.split('\n').map((line) => (line === '' ? '' : `${indent}${line}`));
  const extra = trailing > 1 ? '\n'.repeat(trailing - 1) : '';
  return `|${chomp}\n${lines.join('\n')}${extra}`;
}
