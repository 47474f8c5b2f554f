import {
  CREDENTIAL_RULES,
  NAME_RULE,
  TEXT_RULES,
  mayHoldCredential,
  matchesRule,
  secretSpans,
} from '../../lib/util/credential-rules';
import { isCredential, redactCredentials } from '../../lib/translate/credentials';
import { quote } from '../../lib/util/describe';

const examples = TEXT_RULES.flatMap((rule) => rule.examples.map((example) => ({ rule: rule.id, ...example })));

describe('the credential rule table', () => {
  test('rule ids are unique, and every rule carries examples', () => {
    const ids = CREDENTIAL_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of CREDENTIAL_RULES) {
      expect([rule.id, rule.examples.length > 0]).toEqual([rule.id, true]);
    }
  });

  test.each(TEXT_RULES.map((rule) => [rule.id, rule] as const))(
    '%s: a global pattern with indices and a secret group',
    (_, rule) => {
      expect(rule.pattern.flags).toContain('g');
      expect(rule.pattern.flags).toContain('d');
      expect(rule.pattern.source).toContain('(?<secret>');
    },
  );

  test.each(examples.map((example) => [example.rule, example.text, example] as const))(
    '%s: %j is detected, and only its secret is masked',
    (id, _, example) => {
      const rule = TEXT_RULES.find((candidate) => candidate.id === id)!;
      expect(matchesRule(rule, example.text)).toBe(true);
      expect(isCredential(example.text)).toBe(true);
      expect(example.text.split(example.secret)).toHaveLength(2);
      const redacted = redactCredentials(example.text);
      expect(redacted).toBe(example.text.replace(example.secret, '***'));
      expect(redactCredentials(redacted)).toBe(redacted);
    },
  );

  test('a hint is necessary for its rule: wherever a pattern finds a secret, the hint and the one-scan precheck pass', () => {
    const texts = [
      ...examples.map((example) => example.text),
      ...examples.map((example) => `prefix ${example.text} suffix`),
    ];
    for (const rule of TEXT_RULES) {
      for (const text of texts) {
        if ([...secretSpans(rule, text)].length === 0) {
          continue;
        }
        expect([rule.id, text, rule.hint.test(text), mayHoldCredential(text)]).toEqual([rule.id, text, true, true]);
      }
    }
  });

  test('a text the engine gives up on is masked from the last match on, not passed on and not a crash', () => {
    // What V8 does when a backtrack stack outgrows its limit: RangeError from inside the match.
    const givingUp = /(?<secret>s3cret)/dg;
    Object.defineProperty(givingUp, Symbol.matchAll, {
      value: function* (text: string) {
        yield* RegExp.prototype[Symbol.matchAll].call(/(?<secret>s3cret)/dg, text.slice(0, 20));
        throw new RangeError('Maximum call stack size exceeded');
      },
    });
    const rule = { ...TEXT_RULES[0], pattern: givingUp };
    const text = 'one s3cret, then a text too long to scan';
    expect([...secretSpans(rule, text)]).toEqual([
      [4, 10],
      [10, text.length],
    ]);
    const failing = {
      ...rule,
      pattern: Object.defineProperty(/x/dg, Symbol.matchAll, {
        value: () => {
          throw new TypeError('other');
        },
      }),
    };
    expect(() => [...secretSpans(failing, text)]).toThrow(TypeError);
  });

  test('url-userinfo takes the user and the password whole: the same spans as the plain pattern', () => {
    const plain = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s/:@'"]*:(?<secret>(?!\$)[^\s/@'"]+)@/dgi;
    const rule = TEXT_RULES.find((candidate) => candidate.id === 'url-userinfo')!;
    const texts = [
      'postgres://shop:hunter2@db:5432/shop and redis://:pw@cache http://a:b@c@d',
      'HTTP://U:P@h x://:$VAR@h s3://k:v:w@h ftp://a b:c@d mongodb://u:p@h1,u2:p2@h2',
      "'amqp://guest:gu'est@rabbit' ws://u:p/x@h",
    ];
    for (const text of texts) {
      const expected = [...text.matchAll(plain)].map((match) => match.indices!.groups!.secret);
      expect([...secretSpans(rule, text)]).toEqual(expected);
    }
  });

  test('the name rule: the whole value under a credential name, whatever its shape', () => {
    for (const example of NAME_RULE.examples) {
      expect(example.name).toBeDefined();
      expect(NAME_RULE.matches(example.name!)).toBe(true);
      expect(example.secret).toBe(example.text);
      expect(isCredential(example.text, example.name)).toBe(true);
    }
  });
});

describe('forms the rules detect and mask', () => {
  test('a URL password with an empty user', () => {
    expect(isCredential('redis://:hunter2@cache:6379')).toBe(true);
    expect(redactCredentials('REDIS_URL is redis://:hunter2@cache:6379/0')).toBe(
      'REDIS_URL is redis://:***@cache:6379/0',
    );
    expect(isCredential('redis://:$REDIS_PASSWORD@cache:6379')).toBe(false);
    expect(isCredential('http://:8080/')).toBe(false);
  });

  test('JSON strings under credential keys, whatever their case; only the value string is masked', () => {
    const config = '{"db":{"user":"a","password":"hunter2"}}';
    expect(isCredential(config)).toBe(true);
    expect(redactCredentials(config)).toBe('{"db":{"user":"a","password":"***"}}');
    for (const key of [
      'password',
      'PASSWORD',
      'secret',
      'token',
      'apiKey',
      'api_key',
      'ApiKey',
      'access_key',
      'client_secret',
      'clientSecret',
      'db_password',
      'privateKey',
    ]) {
      expect([key, redactCredentials(`{"${key}": "v4lue", "n": 1}`)]).toEqual([key, `{"${key}": "***", "n": 1}`]);
    }
    expect(redactCredentials('{"password":"a\\"b\\\\c","user":"u"}')).toBe('{"password":"***","user":"u"}');
    expect(redactCredentials('sh -c "echo {\\"password\\":\\"pw\\"} > c.json"')).toBe(
      'sh -c "echo {\\"password\\":\\"***\\"} > c.json"',
    );
  });

  test('JSON that only mentions credentials is left alone', () => {
    for (const text of [
      '{"password_file": "/run/secrets/db"}',
      '{"token": "false", "tokenLifetime": "3600"}',
      '{"password": "${DB_PASSWORD}"}',
      '{"password": "{{mysql.password}}"}',
      '{"password": ""}',
      '{"secretName": "db", "key": "value"}',
      '{"DB_PASSWORD":"(not copied: looks like a credential)"}',
      '{"password": 42}',
    ]) {
      expect([text, isCredential(text)]).toEqual([text, false]);
      expect(redactCredentials(text)).toBe(text);
    }
  });

  test('Authorization headers in commands and HAProxy options, and bare Basic / Bearer values', () => {
    expect(redactCredentials('curl -H "Authorization: Basic dXNlcjpwYXNz" http://x/')).toBe(
      'curl -H "Authorization: Basic ***" http://x/',
    );
    expect(redactCredentials('  http-request set-header Authorization Basic dXNlcjpwYXNz\n')).toBe(
      '  http-request set-header Authorization Basic ***\n',
    );
    expect(redactCredentials("proxy_set_header Authorization 'Bearer abc123';")).toBe(
      "proxy_set_header Authorization 'Bearer ***';",
    );
    expect(redactCredentials('Authorization=Token 9944b09199c6')).toBe('Authorization=Token ***');
    expect(isCredential('Basic dXNlcjpwYXNz')).toBe(true);
    expect(redactCredentials('Basic dXNlcjpwYXNz')).toBe('Basic ***');
    expect(isCredential('Bearer eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo')).toBe(true);
  });

  test('text that only talks about authorization is left alone', () => {
    for (const text of [
      'Authorization: Bearer $TOKEN',
      'curl -H "Authorization: Basic ${CREDS}" http://x/',
      'Authorization configuration properties',
      'Authorization Parameters (e.g., hd=example.com)',
      'Basic authentication',
      'Basic Auth',
      'Bearer token',
      'sends the Authorization header with the bearer token',
      'Bearer InsufficientScope',
    ]) {
      expect([text, isCredential(text)]).toEqual([text, false]);
    }
  });

  test('Slack webhooks, GitHub tokens and AWS access key ids, by their documented shape', () => {
    expect(redactCredentials('SLACK=https://hooks.slack.com/services/T0/B0/xyz end')).toBe(
      'SLACK=https://hooks.slack.com/services/*** end',
    );
    expect(redactCredentials('https://hooks.slack.com/triggers/T0/1/abc')).toBe('https://hooks.slack.com/triggers/***');
    expect(isCredential('https://api.slack.com/messaging/webhooks')).toBe(false);
    expect(isCredential('https://hooks.slack.com/')).toBe(false);
    const fineGrained = `github_pat_${'A1'.repeat(11)}_${'b2C'.repeat(19)}x2`;
    expect(redactCredentials(`token ${fineGrained}`)).toBe('token ***');
    expect(isCredential(`gho_${'a1B'.repeat(12)}`)).toBe(true);
    expect(isCredential('ghp_short')).toBe(false);
    expect(isCredential(`ghp_${'a'.repeat(37)}`)).toBe(false);
    expect(isCredential('AKIAIOSFODNN7EXAMPLE')).toBe(true);
    expect(isCredential('ASIAIOSFODNN7EXAMPLE')).toBe(true);
    expect(isCredential('AKIAIOSFODNN7EXAMPL')).toBe(false);
    expect(isCredential('XAKIAIOSFODNN7EXAMPLE')).toBe(false);
  });
});

test('loader messages mask a credential before shortening the value they quote', () => {
  const uri = 'https://deploy:a-rather-long-deploy-password@artifacts.example.com/app 1.tgz';
  expect(quote(uri)).toBe('"https://deploy:***@artifacts.example.com/app 1.tgz"');
  expect(quote(`${'x'.repeat(40)} https://deploy:a-rather-long-deploy-password@host/`)).not.toContain('a-rather');
});

describe('cost on huge strings: every rule is linear', () => {
  const MB = 10 * 1024 * 1024;
  const fill = (unit: string, size = MB) => unit.repeat(Math.ceil(size / unit.length));
  /** One literal of every hint, so that no rule is skipped. */
  const EVERY_HINT = ' :// = -pass " \\" authorization Basic Bearer hooks.slack.com/ ghp_ github_pat_ AKIA ';
  // Each example without its last character, over and over: every rule starts a match at every repetition.
  const nearMisses = examples.map((example) => example.text.slice(0, -1)).join('\n');
  const huge: [string, string][] = [
    ['a 10 MB word', fill('a') + EVERY_HINT],
    ['10 MB of blanks', fill(' ') + EVERY_HINT],
    ['1M newlines', '\n'.repeat(1_000_000) + EVERY_HINT],
    ['1M lines of assignments without values', fill('PASSWORD=\n', 10_000_000)],
    ['10 MB of near misses of every example', fill(nearMisses)],
    ['a URL password without its @', `redis://:${fill('p')}`],
    ['an Authorization header name and 10 MB of blanks', `Authorization:${fill(' ')}`],
    ['an unterminated JSON value of escapes', `"token":"${fill('\\')}`],
    ['an escaped JSON key over and over', fill('\\"token\\":\\"')],
    ['Basic over and over', fill('Basic ')],
    ['a scheme-like run without ://', `${fill('a.')}//`],
  ];

  test.each(huge)(
    '%s',
    (_, text) => {
      expect(typeof isCredential(text)).toBe('boolean');
      expect(typeof redactCredentials(text)).toBe('string');
    },
    60_000,
  );
});
