import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatPath } from '../../lib/marathon/json-path';
import { loadEstate } from '../../lib/marathon/load/estate';
import { MARATHON_GROUPS_PATH, METRONOME_JOBS_PATH } from '../../lib/marathon/load/http';
import { CORPUS_DIR, hasCorpus } from '../helpers/corpus';
import { FakeServer, Route, testCertificates } from '../helpers/servers';

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
    ? ['d2iq-ps__dcos-migrate/tests__examples__job.json', 'dcos__metronome/api__src__main__resources__public__api__v1__examples__job_ucr.json'].map((f) => path.join(CORPUS_DIR, f))
    : ['metronome/nightly-report.json', 'metronome/db-vacuum.json'].map((f) => path.join(examples, f));
  return `[${jobs.map((file) => fs.readFileSync(file, 'utf8')).join(',')}]`;
}

const dcos = new FakeServer((request): ReturnType<Route> => {
  if (request.headers.authorization !== `token=${TOKEN}`) {
    return { status: 401, body: '<html><body>Unauthorized</body></html>', headers: { 'Content-Type': 'text/html', 'WWW-Authenticate': 'acsjwt' } };
  }
  if (request.url === `/service/marathon${MARATHON_GROUPS_PATH}`) return { status: 200, body: groupsTree() };
  if (request.url === `/service/metronome${METRONOME_JOBS_PATH}`) return { status: 200, body: jobList() };
  if (request.url?.startsWith('/old-marathon/')) return { status: 307, body: '', headers: { Location: request.url.replace('/old-marathon/', '/service/marathon/') } };
  if (request.url?.startsWith('/broken/')) return { status: 200, body: '{"id": "/", "apps": [' };
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
    const result = await loadEstate({ marathonUrl: `${base}/service/marathon/`, metronomeUrl: `${base}/service/metronome`, token: TOKEN });
    expect(dcos.seen.map((r) => r.url).sort()).toEqual([`/service/marathon${MARATHON_GROUPS_PATH}`, `/service/metronome${METRONOME_JOBS_PATH}`]);
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

  test('redirects are followed', async () => {
    const result = await loadEstate({ marathonUrl: `${base}/old-marathon`, token: TOKEN });
    expect(result.definitions.length).toBeGreaterThan(0);
    expect(dcos.seen.map((r) => r.url)).toEqual([`/old-marathon${MARATHON_GROUPS_PATH}`, `/service/marathon${MARATHON_GROUPS_PATH}`]);
  });

  test('an unknown path reports the server’s own message', async () => {
    const result = await loadEstate({ marathonUrl: `${base}/nowhere`, token: TOKEN });
    expect(result.diagnostics[0].message).toBe(`HTTP 404: App '/nowhere${MARATHON_GROUPS_PATH}' does not exist`);
  });

  test('a truncated response is a JSON syntax error with a position, attributed to the URL', async () => {
    const result = await loadEstate({ marathonUrl: `${base}/broken`, token: TOKEN });
    expect(result.diagnostics).toEqual([expect.objectContaining({ source: `${base}/broken${MARATHON_GROUPS_PATH}`, code: 'json-syntax', line: 1 })]);
  });

  test('a refused connection is an error, and the files beside it are still read', async () => {
    const closed = new FakeServer(() => ({ status: 200, body: '{}' }));
    const url = await closed.start();
    await closed.stop();
    const result = await loadEstate({ paths: [path.join(examples, 'marathon/legacy-cache.json')], marathonUrl: url, token: TOKEN });
    expect(result.definitions.map((d) => d.id)).toEqual(['/legacy/cache']);
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${formatPath(d.path)} ${d.message}`)).toEqual([
      '$ connection refused (is the URL right and the server up?)',
    ]);
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
