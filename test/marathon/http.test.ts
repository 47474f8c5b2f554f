import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { formatPath } from '../../lib/util/json-path';
import { loadEstate } from '../../lib/marathon/load/estate';
import { MARATHON_GROUPS_PATH, METRONOME_JOBS_PATH } from '../../lib/marathon/load/http';
import { describeBytes } from '../../lib/marathon/load/limits';
import { CORPUS_DIR, hasCorpus } from '../helpers/corpus';
import { FakeServer, Route, RouteResponse, spaces, testCertificates, trickle } from '../helpers/servers';

const TOKEN = 'test-token-not-a-secret';
const examples = path.join(__dirname, '../../examples/estate');

/** What a live DC/OS serves: a /v2/groups tree (corpus data when present) and Metronome's job list. */
function groupsTree(): string {
  const file = hasCorpus
    ? path.join(CORPUS_DIR, 'dcos__dcos-ui/tests___fixtures__resource-limits__groups.json')
    : path.join(examples, 'marathon/shop.json');
  return fs.readFileSync(file, 'utf8');
}

function jobList(): string {
  const jobs = hasCorpus
    ? [
        'd2iq-ps__dcos-migrate/tests__examples__job.json',
        'dcos__metronome/api__src__main__resources__public__api__v1__examples__job_ucr.json',
      ].map((f) => path.join(CORPUS_DIR, f))
    : ['metronome/nightly-report.json', 'metronome/db-vacuum.json'].map((f) => path.join(examples, f));
  return `[${jobs.map((file) => fs.readFileSync(file, 'utf8')).join(',')}]`;
}

const dcos = new FakeServer((request): ReturnType<Route> => {
  if (request.headers.authorization !== `token=${TOKEN}`) {
    return {
      status: 401,
      body: '<html><body>Unauthorized</body></html>',
      headers: { 'Content-Type': 'text/html', 'WWW-Authenticate': 'acsjwt' },
    };
  }
  if (request.url === `/service/marathon${MARATHON_GROUPS_PATH}`) {
    return { status: 200, body: groupsTree() };
  }
  if (request.url === `/service/metronome${METRONOME_JOBS_PATH}`) {
    return { status: 200, body: jobList() };
  }
  if (request.url?.startsWith('/old-marathon/')) {
    return {
      status: 307,
      body: '',
      headers: { Location: request.url.replace('/old-marathon/', '/service/marathon/') },
    };
  }
  if (request.url?.startsWith('/broken/')) {
    return { status: 200, body: '{"id": "/", "apps": [' };
  }
  return { status: 404, body: JSON.stringify({ message: `App '${request.url}' does not exist` }) };
});

let base: string;
beforeAll(async () => {
  base = await dcos.start();
});
afterAll(() => dcos.stop());
beforeEach(() => dcos.seen.splice(0));

describe('reading a live Marathon and Metronome over HTTP', () => {
  test('reads the whole group tree and every job, sending the DC/OS token', async () => {
    const result = await loadEstate({
      marathonUrl: `${base}/service/marathon/`,
      metronomeUrl: `${base}/service/metronome`,
      token: TOKEN,
    });
    expect(dcos.seen.map((r) => r.url).sort()).toEqual([
      `/service/marathon${MARATHON_GROUPS_PATH}`,
      `/service/metronome${METRONOME_JOBS_PATH}`,
    ]);
    expect(dcos.seen.every((r) => r.authorization === `token=${TOKEN}`)).toBe(true);
    const kinds = result.definitions.map((d) => d.kind);
    expect(kinds.filter((k) => k === 'job')).toHaveLength(2);
    expect(kinds.filter((k) => k !== 'job').length).toBeGreaterThan(0);
    expect(result.definitions[0].source).toBe(`${base}/service/marathon${MARATHON_GROUPS_PATH}`);
    expect(result.sources.map((s) => s.status)).toEqual(['read', 'read']);
  });

  test('without a token the 401 becomes an error naming the URL and what to do', async () => {
    const result = await loadEstate({ marathonUrl: `${base}/service/marathon` });
    expect(result.definitions).toEqual([]);
    expect(result.diagnostics.map((d) => `${d.source}: ${d.message}`)).toEqual([
      `${base}/service/marathon${MARATHON_GROUPS_PATH}: HTTP 401: authentication required; set DCOS_TOKEN to a DC/OS token (\`dcos config show core.dcos_acs_token\`)`,
    ]);
  });

  test('a rejected token says so', async () => {
    const result = await loadEstate({ metronomeUrl: `${base}/service/metronome`, token: 'expired' });
    expect(result.diagnostics[0].message).toMatch(/HTTP 401: the DC\/OS token was rejected/);
  });

  test('redirects within the origin are followed, with the token', async () => {
    const result = await loadEstate({ marathonUrl: `${base}/old-marathon`, token: TOKEN });
    expect(result.definitions.length).toBeGreaterThan(0);
    expect(dcos.seen.map((r) => [r.url, r.authorization])).toEqual([
      [`/old-marathon${MARATHON_GROUPS_PATH}`, `token=${TOKEN}`],
      [`/service/marathon${MARATHON_GROUPS_PATH}`, `token=${TOKEN}`],
    ]);
  });

  test('an unknown path reports the server’s own message', async () => {
    const result = await loadEstate({ marathonUrl: `${base}/nowhere`, token: TOKEN });
    expect(result.diagnostics[0].message).toBe(`HTTP 404: App '/nowhere${MARATHON_GROUPS_PATH}' does not exist`);
  });

  test('a truncated response is a JSON syntax error with a position, attributed to the URL', async () => {
    const result = await loadEstate({ marathonUrl: `${base}/broken`, token: TOKEN });
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ source: `${base}/broken${MARATHON_GROUPS_PATH}`, code: 'json-syntax', line: 1 }),
    ]);
  });

  test('a refused connection is an error, and the files beside it are still read', async () => {
    const closed = new FakeServer(() => ({ status: 200, body: '{}' }));
    const url = await closed.start();
    await closed.stop();
    const result = await loadEstate({
      paths: [path.join(examples, 'marathon/legacy-cache.json')],
      marathonUrl: url,
      token: TOKEN,
    });
    expect(result.definitions.map((d) => d.id)).toEqual(['/legacy/cache']);
    expect(
      result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${formatPath(d.path)} ${d.message}`),
    ).toEqual(['$ connection refused (is the URL right and the server up?)']);
  });
});

describe('HTTPS with a cluster CA bundle', () => {
  let tlsServer: FakeServer;
  let tlsBase: string;
  let caCert: string;

  beforeAll(async () => {
    const certificates = await testCertificates();
    caCert = certificates.caCert;
    tlsServer = new FakeServer(() => ({ status: 200, body: groupsTree() }));
    tlsBase = await tlsServer.start({ key: certificates.serverKey, cert: certificates.serverCert });
  });
  afterAll(() => tlsServer.stop());

  test('an untrusted certificate is refused, with a hint to pass --ca-bundle', async () => {
    const result = await loadEstate({ marathonUrl: tlsBase, token: TOKEN });
    expect(result.diagnostics[0].message).toMatch(/TLS certificate not trusted .*--ca-bundle/);
  });

  test('with the CA bundle the cluster is trusted and read', async () => {
    const result = await loadEstate({ marathonUrl: tlsBase, token: TOKEN, caBundle: caCert });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.definitions.length).toBeGreaterThan(0);
  });
});

/** Two servers on different ports are different origins: `origin` redirects what it is asked for to `other`. */
describe('redirects and credentials', () => {
  const other = new FakeServer((request): RouteResponse =>
    request.url?.startsWith('/private/')
      ? { status: 401, body: '', headers: { 'WWW-Authenticate': 'acsjwt' } }
      : request.url?.startsWith('/back/')
        ? { status: 302, body: '', headers: { Location: `${originBase}/service/marathon${MARATHON_GROUPS_PATH}` } }
        : { status: 200, body: groupsTree() },
  );
  const origin = new FakeServer((request) => {
    const url = request.url ?? '';
    if (url.startsWith('/moved/')) {
      return { status: 301, body: '', headers: { Location: `${otherBase}/mirror${MARATHON_GROUPS_PATH}` } };
    }
    if (url.startsWith('/private-elsewhere/')) {
      return { status: 307, body: '', headers: { Location: `${otherBase}/private${MARATHON_GROUPS_PATH}` } };
    }
    if (url.startsWith('/bounce/')) {
      return { status: 302, body: '', headers: { Location: `${otherBase}/back${MARATHON_GROUPS_PATH}` } };
    }
    if (url.startsWith('/loop/')) {
      return { status: 302, body: '', headers: { Location: url } };
    }
    if (url.startsWith('/planted/')) {
      return {
        status: 302,
        body: '',
        headers: { Location: `${otherBase.replace('//', '//planted:by-server@')}/mirror${MARATHON_GROUPS_PATH}` },
      };
    }
    return { status: 200, body: groupsTree() };
  });
  let originBase: string;
  let otherBase: string;

  beforeAll(async () => {
    otherBase = await other.start();
    originBase = await origin.start();
  });
  afterAll(() => Promise.all([origin.stop(), other.stop()]));
  beforeEach(() => {
    origin.seen.splice(0);
    other.seen.splice(0);
  });

  test('a redirect to another origin is followed without the token', async () => {
    const result = await loadEstate({ marathonUrl: `${originBase}/moved`, token: TOKEN });
    expect(origin.seen.map((r) => r.authorization)).toEqual([`token=${TOKEN}`]);
    expect(other.seen).toEqual([expect.objectContaining({ url: `/mirror${MARATHON_GROUPS_PATH}` })]);
    expect(other.seen[0].authorization).toBeUndefined();
    expect(result.definitions.length).toBeGreaterThan(0);
    expect(result.sources.map((s) => s.source)).toEqual([`${originBase}/moved${MARATHON_GROUPS_PATH}`]);
  });

  test('once a redirect left the origin, the token stays behind even when the chain comes back', async () => {
    await loadEstate({ marathonUrl: `${originBase}/bounce`, token: TOKEN });
    expect([...origin.seen, ...other.seen].map((r) => [r.url.split('?')[0], r.authorization])).toEqual([
      ['/bounce/v2/groups', `token=${TOKEN}`],
      ['/service/marathon/v2/groups', undefined],
      ['/back/v2/groups', undefined],
    ]);
  });

  test('a 401 from the other origin says the token was withheld there, and why', async () => {
    const result = await loadEstate({ marathonUrl: `${originBase}/private-elsewhere`, token: TOKEN });
    expect(other.seen[0].authorization).toBeUndefined();
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      `HTTP 401 from ${otherBase}: the credentials were not sent there, because a redirect led away from ${originBase} and credentials go to that origin only; if you trust ${otherBase}, use it in the URL directly`,
    ]);
  });

  test('user-info in the URL is HTTP Basic authentication for that origin, and shows in no source or message', async () => {
    const marathonUrl = `${originBase.replace('//', '//admin:s3cret@')}/service/marathon`;
    const result = await loadEstate({ marathonUrl, metronomeUrl: `${otherBase}/service/metronome`, token: TOKEN });
    expect(origin.seen.map((r) => r.authorization)).toEqual([
      `Basic ${Buffer.from('admin:s3cret').toString('base64')}`,
    ]);
    // The user-info replaces the token for its own URL only.
    expect(other.seen.map((r) => r.authorization)).toEqual([`token=${TOKEN}`]);
    expect(result.sources.map((s) => s.source)).toEqual([
      `${originBase}/service/marathon${MARATHON_GROUPS_PATH}`,
      `${otherBase}/service/metronome${METRONOME_JOBS_PATH}`,
    ]);
    expect(JSON.stringify(result)).not.toContain('s3cret');
  });

  test('a percent-encoded user and password are decoded for the header', async () => {
    await loadEstate({ marathonUrl: `${originBase.replace('//', '//ops%40corp:p%3Ass%25w@')}/service/marathon` });
    expect(origin.seen.map((r) => r.authorization)).toEqual([
      `Basic ${Buffer.from('ops@corp:p:ss%w').toString('base64')}`,
    ]);
  });

  test('user-info never follows a redirect to another origin', async () => {
    const result = await loadEstate({ marathonUrl: `${originBase.replace('//', '//admin:s3cret@')}/moved` });
    expect(origin.seen[0].authorization).toMatch(/^Basic /);
    expect(other.seen[0].authorization).toBeUndefined();
    expect(JSON.stringify(result)).not.toContain('s3cret');
  });

  test('user-info is left out of failures: a refused connection, an invalid URL, another scheme', async () => {
    const closed = new FakeServer(() => ({ status: 200, body: '{}' }));
    const closedBase = await closed.start();
    await closed.stop();
    const refused = await loadEstate({
      marathonUrl: closedBase.replace('//', '//admin:s3cret@'),
      metronomeUrl: 'http://admin:s3cret@127.0.0.1:99999/metronome',
    });
    expect(refused.diagnostics.map((d) => `${d.source}: ${d.message}`)).toEqual([
      `${closedBase}${MARATHON_GROUPS_PATH}: connection refused (is the URL right and the server up?)`,
      `http://127.0.0.1:99999/metronome${METRONOME_JOBS_PATH}: not a valid URL: http://127.0.0.1:99999/metronome${METRONOME_JOBS_PATH}`,
    ]);
    const scheme = await loadEstate({ marathonUrl: 'ftp://admin:s3cret@example.com/marathon' });
    expect(scheme.diagnostics.map((d) => `${d.source}: ${d.message}`)).toEqual([
      `ftp://example.com/marathon${MARATHON_GROUPS_PATH}: not an http:// or https:// URL: ftp://example.com/marathon${MARATHON_GROUPS_PATH}`,
    ]);
    expect(JSON.stringify([refused, scheme])).not.toContain('s3cret');
  });

  test('user-info in a Location is not used: credentials come from the user, never from a server', async () => {
    const result = await loadEstate({ marathonUrl: `${originBase}/planted` });
    expect(other.seen.map((r) => r.authorization)).toEqual([undefined]);
    expect(result.definitions.length).toBeGreaterThan(0);
  });

  test('a redirect loop ends after three redirects', async () => {
    const result = await loadEstate({ marathonUrl: `${originBase}/loop`, token: TOKEN });
    expect(origin.seen).toHaveLength(4);
    expect(result.diagnostics.map((d) => d.message)).toEqual(['more than 3 redirects']);
  });

  test('a token with a line break is refused before anything is sent', async () => {
    const result = await loadEstate({ marathonUrl: originBase, token: `${TOKEN}\nX-Injected: 1` });
    expect(origin.seen).toEqual([]);
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      'DCOS_TOKEN holds a character an HTTP header cannot carry (a line break?); nothing was sent',
    ]);
  });

  test('rejected user-info says so', async () => {
    const result = await loadEstate({ marathonUrl: `${otherBase.replace('//', '//admin:wrong@')}/private` });
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      'HTTP 401: the user name and password in the URL were rejected',
    ]);
  });
});

describe('HTTPS is never downgraded', () => {
  const plain = new FakeServer(() => ({ status: 200, body: groupsTree() }));
  let tlsServer: FakeServer;
  let tlsBase: string;
  let plainBase: string;
  let caCert: string;

  beforeAll(async () => {
    const certificates = await testCertificates();
    caCert = certificates.caCert;
    plainBase = await plain.start();
    tlsServer = new FakeServer(() => ({
      status: 302,
      body: '',
      headers: { Location: `${plainBase}/service/marathon${MARATHON_GROUPS_PATH}` },
    }));
    tlsBase = await tlsServer.start({ key: certificates.serverKey, cert: certificates.serverCert });
  });
  afterAll(() => Promise.all([tlsServer.stop(), plain.stop()]));

  test('a redirect from https to http is refused before anything is sent in clear text', async () => {
    const result = await loadEstate({ marathonUrl: `${tlsBase}/service/marathon`, token: TOKEN, caBundle: caCert });
    expect(tlsServer.seen.map((r) => r.authorization)).toEqual([`token=${TOKEN}`]);
    expect(plain.seen).toEqual([]);
    expect(result.definitions).toEqual([]);
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      `refused a redirect from https to http (${plainBase}/service/marathon${MARATHON_GROUPS_PATH}): the request, its credentials and the estate would cross the network in clear text; use the https URL of the service`,
    ]);
  });
});

describe('the size limit (maxInputBytes, --max-input-size)', () => {
  const body = JSON.stringify({ id: '/', apps: [{ id: '/sized', cmd: 'sleep 1' }] });
  const huge = new FakeServer((request): RouteResponse => {
    const url = request.url ?? '';
    if (url.startsWith('/declared/')) {
      return {
        status: 200,
        headers: { 'Content-Length': String(600 * 1024 * 1024) },
        body: () => spaces(600 * 1024 * 1024),
      };
    }
    if (url.startsWith('/endless/')) {
      return { status: 200, body: () => spaces(1024 * 1024 * 1024) };
    }
    if (url.startsWith('/exact-length/')) {
      return { status: 200, headers: { 'Content-Length': String(Buffer.byteLength(body)) }, body };
    }
    if (url.startsWith('/exact-chunked/')) {
      return { status: 200, body: () => [body.slice(0, 10), body.slice(10)] };
    }
    return {
      status: url.startsWith('/gzip-401/') ? 401 : 200,
      headers: { 'Content-Encoding': 'gzip' },
      body: () => [gzipSync(body)],
    };
  });
  let hugeBase: string;
  beforeAll(async () => {
    hugeBase = await huge.start();
  });
  afterAll(() => huge.stop());
  beforeEach(() => huge.streamed.splice(0));

  test('a Content-Length over the limit is refused before the body is read', async () => {
    const result = await loadEstate({ marathonUrl: `${hugeBase}/declared` });
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      'response of 600 MiB is larger than the 256 MiB limit (--max-input-size)',
    ]);
    expect(await huge.streamed[0]).toBeLessThan(64 * 1024 * 1024);
  });

  test('a body without Content-Length is cut off as soon as it passes the limit', async () => {
    const result = await loadEstate({ marathonUrl: `${hugeBase}/endless`, maxInputBytes: 1024 * 1024 });
    expect(result.diagnostics.map((d) => d.message)).toEqual(['response larger than 1 MiB (--max-input-size)']);
    expect(await huge.streamed[0]).toBeLessThan(64 * 1024 * 1024);
  });

  const size = Buffer.byteLength(body);
  test.each([
    [
      'exact-length',
      `response of ${describeBytes(size)} is larger than the ${describeBytes(size - 1)} limit (--max-input-size)`,
    ],
    ['exact-chunked', `response larger than ${describeBytes(size - 1)} (--max-input-size)`],
  ])('%s: a body of exactly the limit is read, one byte more is not', async (route, message) => {
    const exact = await loadEstate({ marathonUrl: `${hugeBase}/${route}`, maxInputBytes: size });
    expect(exact.definitions.map((d) => d.id)).toEqual(['/sized']);
    const over = await loadEstate({ marathonUrl: `${hugeBase}/${route}`, maxInputBytes: size - 1 });
    expect(over.diagnostics.map((d) => d.message)).toEqual([message]);
  });

  test('no compression is asked for, and a compressed response is refused (its size would escape the limit)', async () => {
    const result = await loadEstate({ marathonUrl: `${hugeBase}/gzip` });
    expect(huge.seen.at(-1)?.headers['accept-encoding']).toBe('identity');
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      'the server sent a gzip-encoded response though none was asked for; only uncompressed responses are read',
    ]);
  });

  test('an error status with a compressed body still reports the status', async () => {
    const result = await loadEstate({ marathonUrl: `${hugeBase}/gzip-401` });
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      expect.stringMatching(/^HTTP 401: authentication required/),
    ]);
  });
});

describe('the deadline (timeoutMs, --timeout)', () => {
  const slow = new FakeServer(async (request): Promise<RouteResponse> => {
    const url = request.url ?? '';
    const hop = /^\/hop(\d)\//.exec(url);
    if (hop) {
      await sleep(200);
      return Number(hop[1]) < 3
        ? { status: 302, body: '', headers: { Location: url.replace(/^\/hop\d/, `/hop${Number(hop[1]) + 1}`) } }
        : { status: 200, body: groupsTree() };
    }
    return { status: 200, body: () => trickle(100) };
  });
  let slowBase: string;
  beforeAll(async () => {
    slowBase = await slow.start();
  });
  afterAll(() => slow.stop());

  test('a server trickling a byte every 100 ms is cut off at the deadline', async () => {
    const started = Date.now();
    const result = await loadEstate({ marathonUrl: `${slowBase}/trickle`, timeoutMs: 500 });
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      'no complete response within the 0.5 s deadline (--timeout)',
    ]);
    expect(Date.now() - started).toBeLessThan(500 + 4000);
  }, 10_000);

  test('the deadline covers every redirect on the way', async () => {
    const late = await loadEstate({ marathonUrl: `${slowBase}/hop0`, timeoutMs: 500 });
    expect(late.diagnostics.map((d) => d.message)).toEqual([
      'no complete response within the 0.5 s deadline (--timeout)',
    ]);
    const inTime = await loadEstate({ marathonUrl: `${slowBase}/hop0`, timeoutMs: 5000 });
    expect(inTime.definitions.length).toBeGreaterThan(0);
  }, 10_000);
});

describe('server text in messages is made safe for a terminal', () => {
  const rude = new FakeServer((request): RouteResponse =>
    request.url?.startsWith('/status-text/')
      ? { status: 502, statusText: 'Bad\x9b31mGateway', body: '<html>upstream down</html>' }
      : {
          status: 500,
          body: JSON.stringify({
            message: `\x1b[2J\x1b]0;owned\x07 line one\nline two \u202etxt.exe ${'x'.repeat(1000)}`,
          }),
        },
  );
  let rudeBase: string;
  beforeAll(async () => {
    rudeBase = await rude.start();
  });
  afterAll(() => rude.stop());

  test('control characters in the server’s message are escaped, and a long message is capped', async () => {
    const [message] = (await loadEstate({ marathonUrl: `${rudeBase}/json` })).diagnostics.map((d) => d.message);
    expect(message).toMatch(/^HTTP 500: \\x1b\[2J\\x1b\]0;owned\\x07 line one\\x0aline two \\u202etxt\.exe x+…$/);
    expect(message.length).toBeLessThanOrEqual('HTTP 500: '.length + 201);
  });

  test('a status text with a C1 control character is escaped', async () => {
    const result = await loadEstate({ marathonUrl: `${rudeBase}/status-text` });
    expect(result.diagnostics.map((d) => d.message)).toEqual(['HTTP 502: Bad\\x9b31mGateway']);
  });
});
