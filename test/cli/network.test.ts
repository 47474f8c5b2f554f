import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MARATHON_GROUPS_PATH } from '../../lib/marathon/load/http';
import { EXAMPLES, runCapturing as run } from '../helpers/cli';
import { FakeServer, RouteResponse } from '../helpers/servers';

const PASSWORD = 's3cret-Pa55';
const BASIC = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`;
/** Every form the password could leak in: as typed, percent-encoded, inside the Basic header. */
const LEAKS = [PASSWORD, encodeURIComponent(PASSWORD), BASIC.slice('Basic '.length)];

/** DC/OS Enterprise behind a proxy asking for HTTP Basic authentication. */
const proxy = new FakeServer((request): RouteResponse => {
  if (request.headers.authorization !== BASIC) {
    return { status: 401, body: '' };
  }
  if (request.url === `/service/marathon${MARATHON_GROUPS_PATH}`) {
    return { status: 200, body: fs.readFileSync(path.join(EXAMPLES, 'marathon/shop.json'), 'utf8') };
  }
  return { status: 404, body: JSON.stringify({ message: `not found: ${request.url}` }) };
});

let base: string;
let withPassword: string;
beforeAll(async () => {
  base = await proxy.start();
  withPassword = base.replace('//', `//admin:${PASSWORD}@`);
});
afterAll(() => proxy.stop());

/** Every file under `dir`, read as text. */
function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'));
}

function expectNoLeak(texts: readonly string[]): void {
  for (const text of texts) {
    for (const leak of LEAKS) {
      expect(text).not.toContain(leak);
    }
  }
}

describe('a --marathon-url with user-info', () => {
  test('validate uses it to log in and prints the URL without it, as text and JSON', async () => {
    const source = `${base}/service/marathon${MARATHON_GROUPS_PATH}`;
    const text = await run(['validate', '--verbose', '--marathon-url', `${withPassword}/service/marathon`]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('valid definitions (4 apps');
    const json = await run(['validate', '--json', '--marathon-url', `${withPassword}/service/marathon`]);
    expect(JSON.parse(json.stdout).definitions.map((d: { source: string }) => d.source)).toContain(source);
    const failed = await run(['validate', '--marathon-url', `${withPassword}/nowhere`]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(
      `${base}/nowhere${MARATHON_GROUPS_PATH}: $: HTTP 404: not found: /nowhere${MARATHON_GROUPS_PATH}`,
    );
    expectNoLeak([text, json, failed].flatMap((r) => [r.stdout, r.stderr]));
  });

  test('convert writes manifests and reports naming the URL without it', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'm2e-network-'));
    const result = await run(['convert', '--marathon-url', `${withPassword}/service/marathon`, '--out', out]);
    expect(result.code).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(out, 'migration-report.json'), 'utf8'));
    expect(new Set(report.workloads.map((w: { source: string }) => w.source))).toEqual(
      new Set([`${base}/service/marathon${MARATHON_GROUPS_PATH}`]),
    );
    const files = filesUnder(out);
    expect(files.length).toBeGreaterThan(3);
    expect(files.some((file) => file.includes(`${base}/service/marathon`))).toBe(true);
    expectNoLeak([result.stdout, result.stderr, ...files]);
  });

  test('a refused connection, a wrong scheme and a broken URL name the URL without it', async () => {
    const closed = new FakeServer(() => ({ status: 200, body: '{}' }));
    const closedBase = await closed.start();
    await closed.stop();
    const refused = await run(['validate', '--marathon-url', closedBase.replace('//', `//admin:${PASSWORD}@`)]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(`${closedBase}${MARATHON_GROUPS_PATH}: $: connection refused`);
    const scheme = await run(['validate', '--marathon-url', `ftp://admin:${PASSWORD}@dcos.example.com/marathon`]);
    expect(scheme.code).toBe(2);
    expect(scheme.stderr).toContain('--marathon-url: not an http:// or https:// URL: ftp://dcos.example.com/marathon');
    const broken = await run([
      'convert',
      '--metronome-url',
      `https://admin:${PASSWORD}@dcos.example.com:99999/metronome`,
      '--out',
      path.join(os.tmpdir(), 'm2e-network-never-written'),
    ]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('--metronome-url: not a valid URL: https://dcos.example.com:99999/metronome');
    expectNoLeak([refused, scheme, broken].flatMap((r) => [r.stdout, r.stderr]));
  });
});
