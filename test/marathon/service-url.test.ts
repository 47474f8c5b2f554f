import { sanitizeServerText } from '../../lib/marathon/load/server-text';
import { basicAuthorization, displayUrl, parseServiceUrl } from '../../lib/marathon/load/service-url';

describe('URLs as they may be printed', () => {
  test.each([
    ['https://dcos.example.com/service/marathon', 'https://dcos.example.com/service/marathon'],
    ['https://admin:pw@dcos.example.com/service/marathon', 'https://dcos.example.com/service/marathon'],
    ['https://admin@dcos.example.com/a@b', 'https://dcos.example.com/a@b'],
    ['https://dcos.example.com/a@b', 'https://dcos.example.com/a@b'],
    // Forms the URL parser still reads as user-info: the parser decides, not a pattern.
    ['http:/admin:pw@dcos.example.com/', 'http://dcos.example.com/'],
    ['http:\\\\admin:pw@dcos.example.com\\', 'http://dcos.example.com/'],
    ['http://ad\tmin:pw@dcos.example.com/', 'http://dcos.example.com/'],
    // Not http(s), or no URL at all: everything up to the last @ goes.
    ['admin:pw@dcos.example.com/marathon', 'dcos.example.com/marathon'],
    ['ftp://admin:p@ss@dcos.example.com/', 'ftp://dcos.example.com/'],
    ['https://admin:pw@dcos.example.com:99999/', 'https://dcos.example.com:99999/'],
  ])('%s is shown as %s', (raw, shown) => {
    expect(displayUrl(raw)).toBe(shown);
  });

  test('parse failures show the URL without user-info', () => {
    expect(parseServiceUrl('https://admin:pw@[::1/')).toEqual({ ok: false, message: 'not a valid URL: https://[::1/' });
    expect(parseServiceUrl('wss://admin:pw@dcos.example.com/')).toEqual({
      ok: false,
      message: 'not an http:// or https:// URL: wss://dcos.example.com/',
    });
  });

  test('a stray % in the password is sent literally', () => {
    expect(basicAuthorization(new URL('https://admin:50%off@dcos.example.com/'))).toBe(
      `Basic ${Buffer.from('admin:50%off').toString('base64')}`,
    );
    expect(basicAuthorization(new URL('https://dcos.example.com/'))).toBeUndefined();
  });
});

describe('server text in messages', () => {
  test('printable text, accents and emoji are kept; controls become visible escapes', () => {
    expect(sanitizeServerText('App /café 🚀 not found')).toBe('App /café 🚀 not found');
    expect(sanitizeServerText('a\x00b\x7fc\x85d\u2028e\u2067f')).toBe('a\\x00b\\x7fc\\x85d\\u2028e\\u2067f');
  });

  test('the cut falls between characters, never inside an escape or an emoji', () => {
    expect(sanitizeServerText('abc\x1bdef', 5)).toBe('abc…');
    expect(sanitizeServerText('ab🚀🚀', 5)).toBe('ab🚀…');
    expect(sanitizeServerText('x'.repeat(300))).toBe(`${'x'.repeat(200)}…`);
  });
});
