/*
 * What counts as a credential, in one table. Detection (is this value a credential?) and redaction (mask it in
 * report text) both run these rules, so a form that is detected is always masked, and nothing else is. The module
 * imports nothing: the loader masks credentials in its messages too, and must not pull in the translation.
 *
 * Every pattern runs on every string of estates of 10,000 apps, so each rule has a cheap `hint` (a literal) that
 * most text fails, and no pattern backtracks super-linearly: neighbouring quantifiers never compete for the same
 * characters (the one repeated group starts with a backslash its neighbours exclude), and every match start is
 * pinned by a literal or a lookbehind, so a long run is scanned once, not once per position.
 */

/** A sample of a rule's form: `text` is a credential, `secret` the part of it no output may hold. */
export interface CredentialExample {
  readonly text: string;
  readonly secret: string;
  /** For name rules: the variable or label name the value is found under. */
  readonly name?: string;
}

/** Credentials told by the name they are stored under (`POSTGRES_PASSWORD`): the whole value is the secret. */
export interface NameRule {
  readonly kind: 'name';
  readonly id: string;
  readonly describe: string;
  readonly matches: (name: string) => boolean;
  readonly examples: readonly CredentialExample[];
}

/** Credentials told by their shape inside a text: the `secret` group of each match is what gets masked. */
export interface TextRule {
  readonly kind: 'text';
  readonly id: string;
  readonly describe: string;
  /**
   * Necessary for a match, and far cheaper than the pattern: literals without quantifiers, so that all hints
   * together make one scan ({@link mayHoldCredential}) that most text fails.
   */
  readonly hint: RegExp;
  /** Global, with indices (`gd`), with a named group `secret`. */
  readonly pattern: RegExp;
  /** A second look at a match the pattern alone cannot judge (a JSON key, a base64 payload). */
  readonly accept?: (groups: Readonly<Record<string, string>>) => boolean;
  readonly examples: readonly CredentialExample[];
}

export type CredentialRule = NameRule | TextRule;

/** What the labels annotation shows instead of a value that looked like a credential. */
export const HIDDEN_CREDENTIAL = '(not copied: looks like a credential)';

/** Values that only switch something on or off are not credentials, whatever the name says. */
export const FLAG_VALUE = /^(true|false|yes|no|on|off|enabled?|disabled?)$/i;

/** Names that say their value is a credential: `POSTGRES_PASSWORD`, `PGPASSWORD`, `MINIO_SECRET_KEY`, `api-token`. */
const CREDENTIAL_NAME =
  /(PASSWORD|PASSWD|PASSPHRASE|_PWD|^DB_?PASS|_PASS|SECRET|SECRET_?KEY(_BASE)?|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|_AUTH)$/;

// An estate repeats a few thousand variable and label names across all its apps: each is judged once. The bound keeps
// a long-running process (or a hostile input of unique names) from growing the memo without limit.
const credentialNames = new Map<string, boolean>();
const MAX_REMEMBERED_NAMES = 10_000;

// Values and report notes repeat across an estate's apps too (hosts, switches, "not privileged", a shared command):
// each distinct text is scanned once, for detection and for redaction. Bounded alike.
const credentialTexts = new Map<string, boolean>();
const redactedTexts = new Map<string, string>();
const MAX_REMEMBERED_TEXTS = 10_000;

export function isCredentialName(name: string): boolean {
  let answer = credentialNames.get(name);
  if (answer === undefined) {
    const upper = name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
    answer = upper !== 'PWD' && CREDENTIAL_NAME.test(upper);
    if (credentialNames.size >= MAX_REMEMBERED_NAMES) {
      credentialNames.clear();
    }
    credentialNames.set(name, answer);
  }
  return answer;
}

/** A value in its own right: not a reference (`$VAR`, `{{template}}`), a switch, or this tool's placeholder. */
function isLiteral(value: string): boolean {
  return (
    value !== '' &&
    !FLAG_VALUE.test(value) &&
    !value.startsWith('$') &&
    !value.startsWith('{{') &&
    value !== HIDDEN_CREDENTIAL
  );
}

/** A JSON member that holds a credential: a credential's name, and a value in its own right. */
function isCredentialMember({ key, secret }: Readonly<Record<string, string>>): boolean {
  return isCredentialName(key) && isLiteral(secret);
}

/** RFC 7617: the payload of `Basic` is base64 of `user-id:password`; prose after "Basic" rarely decodes to that. */
function isBasicPayload(payload: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(payload) || payload.length % 4 === 1) {
    return false;
  }
  const decoded = Buffer.from(payload, 'base64').toString('utf8');
  // eslint-disable-next-line no-control-regex
  return decoded.includes(':') && !/[\u0000-\u001f\u007f\ufffd]/.test(decoded);
}

/** Bearer tokens are opaque (RFC 6750): outside a header, only a long one with digits is told apart from prose. */
function isOpaqueToken(token: string): boolean {
  return token.length >= 20 && /[0-9]/.test(token) && /[A-Za-z]/.test(token);
}

export const NAME_RULE: NameRule = {
  kind: 'name',
  id: 'credential-name',
  describe: 'a value under a name like *_PASSWORD, *_SECRET_KEY, *_TOKEN, API_KEY',
  matches: isCredentialName,
  examples: [
    { name: 'POSTGRES_PASSWORD', text: 'hunter2-pg', secret: 'hunter2-pg' },
    { name: 'MINIO_SECRET_KEY', text: 'minio-s3cr3t', secret: 'minio-s3cr3t' },
  ],
};

export const TEXT_RULES: readonly TextRule[] = [
  {
    kind: 'text',
    id: 'url-userinfo',
    describe: 'a password in a URL: scheme://user:password@host, also with an empty user (redis://:password@host)',
    hint: /:\/\//,
    // The user and the password are taken whole, in a lookahead (atomic in JavaScript) and then by backreference, so
    // a long run without its `@` fails once instead of being given back one character at a time.
    pattern:
      /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/(?=(?<user>[^\s/:@'"]*))\k<user>:(?=(?<secret>(?!\$)[^\s/@'"]+))\k<secret>@/dgi,
    examples: [
      { text: 'postgres://shop:hunter2@db:5432/shop', secret: 'hunter2' },
      { text: 'redis://:redis-pw9@cache:6379/0', secret: 'redis-pw9' },
    ],
  },
  {
    kind: 'text',
    id: 'query-parameter',
    describe: 'a password=, token=, api_key= … URL query or connection-string parameter',
    hint: /=/,
    pattern: /[?&;](?:password|passwd|pwd|secret|token|api_?key|access_?key)=(?<secret>(?!\$)[^&\s'"]+)/dgi,
    examples: [{ text: 'jdbc:mysql://db:3306/beer?user=good&password=beer-pw7', secret: 'beer-pw7' }],
  },
  {
    kind: 'text',
    id: 'command-option',
    describe: 'a --password / --requirepass / --token … command-line option',
    hint: /-(?:pass|requirepass|secret|token|api)/i,
    pattern: /--?(?:password|passwd|pass|requirepass|secret|token|api-?key)[= ](?<secret>(?![-$'"])\S+)/dgi,
    examples: [
      { text: 'redis-server --requirepass s3cret-opt --port 6379', secret: 's3cret-opt' },
      { text: 'mysqladmin ping --password=toor-ping', secret: 'toor-ping' },
    ],
  },
  {
    kind: 'text',
    id: 'assignment',
    describe: 'a shell or config assignment NAME_PASSWORD=…, *_SECRET=…, *_TOKEN=…, *_API_KEY=…',
    hint: /=/,
    pattern:
      /(?<![A-Za-z0-9_])[A-Za-z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|SECRET_?KEY)=(?<secret>(?![\s'"$])[^\s&'"]+)/dgi,
    examples: [{ text: 'MYSQL_PASSWORD=s3cret-env ./start.sh', secret: 's3cret-env' }],
  },
  {
    kind: 'text',
    id: 'json-value',
    describe: 'a JSON string under a credential key ("password", "secret", "token", "apiKey", "client_secret" …)',
    hint: /"/,
    // V8 keeps a backtrack entry per iteration of a group: the bound keeps a run of escapes from overflowing it.
    pattern: /"(?<key>[\w.-]+)"\s*:\s*"(?<secret>(?!")[^"\\]*(?:\\[\s\S][^"\\]*){0,64})/dg,
    accept: isCredentialMember,
    examples: [
      { text: '{"db":{"user":"a","password":"hunter2-json"}}', secret: 'hunter2-json' },
      { text: '{"apiKey": "k3y-json-1", "region": "eu-west-1"}', secret: 'k3y-json-1' },
      { text: '{"oauth":{"client_secret":"cl1ent-s3cret"}}', secret: 'cl1ent-s3cret' },
    ],
  },
  {
    kind: 'text',
    id: 'escaped-json-value',
    describe: 'the same inside a quoted string: \\"password\\": \\"…\\"',
    hint: /\\"/,
    pattern: /\\"(?<key>[\w.-]+)\\"\s*:\s*\\"(?<secret>(?!\\")[^"\\]*(?:\\[^"][^"\\]*){0,64})/dg,
    accept: isCredentialMember,
    examples: [{ text: 'echo "{\\"token\\": \\"t0ken-esc\\"}" > /etc/app.json', secret: 't0ken-esc' }],
  },
  {
    kind: 'text',
    id: 'authorization-header',
    describe: 'an Authorization header (Basic, Bearer or Token), as in curl -H or an HAProxy / nginx set-header',
    hint: /authorization/i,
    pattern:
      /(?<![A-Za-z0-9_])authorization(?:[ \t]*[:=][ \t]*|[ \t]+)["']?(?:basic|bearer|token) +(?<secret>[\w.~+/-]+=*)/dgi,
    examples: [
      { text: 'curl -fsS -H "Authorization: Basic dXNlcjpwYXNz" http://localhost:8080/health', secret: 'dXNlcjpwYXNz' },
      { text: '  http-request set-header Authorization Bearer abc.def-ghi\n', secret: 'abc.def-ghi' },
    ],
  },
  {
    kind: 'text',
    id: 'authorization-value',
    describe: 'a bare Basic credential (base64 of user:password) or a long Bearer token, without the header name',
    hint: /Basic |Bearer /,
    pattern: /(?<![\w-])(?<scheme>Basic|Bearer) +(?<secret>[\w.~+/-]+=*)/dg,
    accept: ({ scheme, secret }) => (scheme === 'Basic' ? isBasicPayload(secret) : isOpaqueToken(secret)),
    examples: [
      { text: 'Basic YWRtaW46czNjcjN0', secret: 'YWRtaW46czNjcjN0' },
      {
        text: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl',
        secret: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl',
      },
    ],
  },
  {
    // https://api.slack.com/messaging/webhooks: the URL is the credential; Workflow Builder hooks have the same host.
    kind: 'text',
    id: 'slack-webhook',
    describe: 'a Slack webhook URL (hooks.slack.com/services/…, /workflows/…, /triggers/…)',
    hint: /hooks\.slack\.com\//,
    pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/(?<secret>[\w/-]+)/dg,
    examples: [
      {
        text: 'https://hooks.slack.com/services/T0A1B2C3D/B0E4F5G6H/aBcDeFgHiJkLmNoPqRsTuVwX',
        secret: 'T0A1B2C3D/B0E4F5G6H/aBcDeFgHiJkLmNoPqRsTuVwX',
      },
      {
        text: 'https://hooks.slack.com/workflows/T0A1B2C3D/A0123ABCD/456789012/q1W2e3R4t5',
        secret: 'T0A1B2C3D/A0123ABCD/456789012/q1W2e3R4t5',
      },
    ],
  },
  {
    // https://github.blog/changelog/2021-03-31-authentication-token-format-updates-are-generally-available
    kind: 'text',
    id: 'github-token',
    describe: 'a GitHub token: ghp_, gho_, ghu_, ghs_, ghr_ and 36 characters, or github_pat_ (fine-grained)',
    hint: /gh[pousr]_|github_pat_/,
    pattern:
      /(?<![A-Za-z0-9_])(?<secret>gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9_])/dg,
    examples: [
      {
        text: 'GH_PAT=ghp_A1bC2dE3fG4hI5jK6lM7nO8pQ9rS0tU1vW2x ./release.sh',
        secret: 'ghp_A1bC2dE3fG4hI5jK6lM7nO8pQ9rS0tU1vW2x',
      },
    ],
  },
  {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
    kind: 'text',
    id: 'aws-access-key-id',
    describe: 'an AWS access key id: AKIA (long-term) or ASIA (temporary) and 16 characters',
    hint: /A[KS]IA/,
    pattern: /(?<![A-Za-z0-9])(?<secret>A(?:KI|SI)A[A-Z0-9]{16})(?![A-Za-z0-9])/dg,
    examples: [{ text: 'aws configure set aws_access_key_id AKIA2OGYBAH6QEXAMPLE', secret: 'AKIA2OGYBAH6QEXAMPLE' }],
  },
];

export const CREDENTIAL_RULES: readonly CredentialRule[] = [NAME_RULE, ...TEXT_RULES];

/** Any rule's hint, in one case-insensitive scan: what most strings of an estate stop at. */
const ANY_HINT = new RegExp(TEXT_RULES.map((rule) => rule.hint.source).join('|'), 'i');

export function mayHoldCredential(text: string): boolean {
  return ANY_HINT.test(text);
}

/** Whether a plain value under `name` (if any) must not be written into a manifest. */
export function isCredential(value: string, name?: string): boolean {
  if (value === '' || FLAG_VALUE.test(value)) {
    return false;
  }
  return (name !== undefined && NAME_RULE.matches(name)) || holdsCredentialText(value);
}

function holdsCredentialText(value: string): boolean {
  let answer = credentialTexts.get(value);
  if (answer === undefined) {
    answer = mayHoldCredential(value) && TEXT_RULES.some((rule) => matchesRule(rule, value));
    if (credentialTexts.size >= MAX_REMEMBERED_TEXTS) {
      credentialTexts.clear();
    }
    credentialTexts.set(value, answer);
  }
  return answer;
}

/** Masks what the rules find in free text (report notes quote values): `user:***@`, `password=***`, `Basic ***`. */
export function redactCredentials(text: string): string {
  let redacted = redactedTexts.get(text);
  if (redacted === undefined) {
    redacted = redactedText(text);
    if (redactedTexts.size >= MAX_REMEMBERED_TEXTS) {
      redactedTexts.clear();
    }
    redactedTexts.set(text, redacted);
  }
  return redacted;
}

function redactedText(text: string): string {
  if (!mayHoldCredential(text)) {
    return text;
  }
  const spans = TEXT_RULES.filter((rule) => rule.hint.test(text)).flatMap((rule) => [...secretSpans(rule, text)]);
  return spans.length === 0 ? text : masked(text, spans);
}

/** `text` with each span replaced by `***`; overlapping spans (two rules finding one secret) make one mask. */
function masked(text: string, spans: (readonly [number, number])[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (end <= at) {
      continue;
    }
    if (start >= at) {
      parts.push(text.slice(at, start), '***');
    }
    at = end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** Whether a text rule finds a credential in `text`. */
export function matchesRule(rule: TextRule, text: string): boolean {
  return rule.hint.test(text) && !secretSpans(rule, text).next().done;
}

/**
 * Where a text rule's matches put their secret, `[start, end)`, without the hint (callers check it first).
 *
 * If the regular expression engine gives up on a text (V8 throws RangeError "Maximum call stack size exceeded" when
 * its backtrack stack outgrows its limit, which the patterns avoid but a future rule or engine might not), the rest of
 * the text, from the last match on, counts as the secret: a text that could not be scanned is masked, never passed on,
 * and never crashes the run.
 */
export function* secretSpans(rule: TextRule, text: string): Generator<readonly [number, number]> {
  let scanned = 0;
  try {
    for (const match of text.matchAll(rule.pattern)) {
      const span = match.indices?.groups?.secret;
      scanned = match.index + match[0].length;
      if (span && (!rule.accept || rule.accept(match.groups as Record<string, string>))) {
        yield span;
      }
    }
  } catch (error) {
    if (!(error instanceof RangeError)) {
      throw error;
    }
    yield [scanned, text.length];
  }
}
