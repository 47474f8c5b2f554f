import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXAMPLES, runCapturing as run } from '../helpers/cli';
import { CORPUS_DIR, describeWithCorpus } from '../helpers/corpus';
import { FakeServer } from '../helpers/servers';

const ROOT = path.join(__dirname, '../..');

function tempDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'm2e-validate-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('marathon-to-eks validate', () => {
  test('the bundled example estate is valid: exit 0 and a summary', async () => {
    const { code, stdout } = await run(['validate', EXAMPLES]);
    expect(code).toBe(0);
    expect(stdout).toContain('8 valid definitions (5 apps, 1 pod, 2 jobs; 1 group), 0 invalid');
    expect(stdout).toContain('0 errors, 0 warnings');
  });

  test('one line per problem as FILE: PATH: message, valid files beside still read, exit 1', async () => {
    const dir = tempDir({
      'good.json': JSON.stringify({ id: '/good', cmd: 'sleep 1' }),
      'bad/apps.json': JSON.stringify(
        {
          apps: [
            { id: '/ok', cmd: 'x' },
            { id: '/bad', cmd: 'x', container: { portMappings: [{ containerPort: 80800 }] } },
          ],
        },
        null,
        2,
      ),
      'broken.json': '{"id": "/x",\n  "cmd": "y",\n}',
    });
    const { code, stdout } = await run(['validate', dir]);
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    expect(lines).toContain(
      `${dir}/bad/apps.json: apps[1].container.portMappings[0].containerPort: must be at most 65535, got number 80800 (line 13, column 13)`,
    );
    expect(lines).toContain(
      `${dir}/broken.json: $: invalid JSON: trailing comma: JSON does not allow a comma before a closing bracket or brace (line 2, column 13)`,
    );
    expect(stdout).toContain(
      '3 JSON inputs: 2 read, 0 skipped (not Marathon or Metronome JSON), 1 unreadable or invalid JSON',
    );
    expect(stdout).toContain('2 valid definitions (2 apps, 0 pods, 0 jobs; 0 groups), 1 invalid');
  });

  test('warnings do not fail validation; --verbose adds the notes', async () => {
    const dir = tempDir({ 'legacy.json': JSON.stringify({ id: '/a', cmd: 'x', ports: [0], healthcheck: [] }) });
    const quiet = await run(['validate', dir]);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toContain(
      `legacy.json: healthcheck: warning: unknown field "healthcheck": not part of the schema (did you mean "healthChecks"?)`,
    );
    expect(quiet.stdout).not.toContain('info:');
    const verbose = await run(['validate', '--verbose', dir]);
    expect(verbose.stdout).toContain('legacy.json: ports: info: ports is the Marathon 1.4 form of portDefinitions');
  });

  test('--json is machine-readable', async () => {
    const dir = tempDir({
      'a.json': JSON.stringify([
        { id: '/a', cmd: 'x' },
        { id: '/B', cmd: 'x' },
      ]),
    });
    const { code, stdout } = await run(['validate', '--json', dir]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.valid).toBe(false);
    expect(report.summary).toMatchObject({ valid: 1, invalid: 1, errors: 1, apps: 1 });
    expect(report.definitions).toEqual([{ kind: 'app', id: '/a', source: `${dir}/a.json`, path: '[0]' }]);
    expect(report.rejected).toEqual([{ kind: 'app', id: '/B', source: `${dir}/a.json`, path: '[1]' }]);
    expect(report.diagnostics[0]).toMatchObject({
      severity: 'error',
      source: `${dir}/a.json`,
      path: '[1].id',
      line: 1,
      code: 'invalid-id',
    });
  });

  test('standard input with -', async () => {
    const { code, stdout } = await run(['validate', '-'], {}, JSON.stringify({ id: '/from-stdin', cmd: 'x' }));
    expect(code).toBe(0);
    expect(stdout).toContain('1 valid definition (1 app');
  });

  test('a missing file is an error line, not a crash', async () => {
    const { code, stdout } = await run(['validate', '/nonexistent/estate.json']);
    expect(code).toBe(1);
    expect(stdout).toContain('/nonexistent/estate.json: $: no such file or directory');
  });

  test('--marathon-url reads a live Marathon with DCOS_TOKEN', async () => {
    const server = new FakeServer((request) =>
      request.headers.authorization === 'token=abc'
        ? { status: 200, body: JSON.stringify({ id: '/', apps: [{ id: '/live', cmd: 'x' }] }) }
        : { status: 401, body: '' },
    );
    const url = await server.start();
    try {
      expect((await run(['validate', '--marathon-url', url], { DCOS_TOKEN: 'abc' })).stdout).toContain(
        '1 valid definition (1 app',
      );
      const denied = await run(['validate', '--marathon-url', url]);
      expect(denied.code).toBe(1);
      expect(denied.stdout).toContain('HTTP 401: authentication required; set DCOS_TOKEN');
    } finally {
      await server.stop();
    }
  });

  test.each([
    [['validate'], 'give at least one path, --marathon-url or --metronome-url'],
    [['validate', '--bogus', 'x'], "unknown option '--bogus'"],
    [['frobnicate'], "unknown command 'frobnicate'"],
    [
      ['validate', '--ca-bundle', '/nonexistent.pem', '--marathon-url', 'https://x'],
      'cannot read --ca-bundle /nonexistent.pem',
    ],
    [['validate', '--timeout', 'soon', 'x.json'], '--timeout must be a positive number of seconds, got soon'],
    [
      ['validate', '--marathon-url', 'ftp://dcos.example.com/service/marathon'],
      '--marathon-url: not an http:// or https:// URL: ftp://dcos.example.com/service/marathon',
    ],
    [
      ['validate', '--metronome-url', 'dcos.example.com/service/metronome', 'x.json'],
      '--metronome-url: not a valid URL: dcos.example.com/service/metronome',
    ],
  ])('usage error %j exits 2 with a message', async (args, message) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  test('--help and --version exit 0', async () => {
    expect((await run(['validate', '--help'])).code).toBe(0);
    const version = await run(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('the installed command as a process', () => {
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(ROOT, 'bin/marathon-to-eks.ts'), ...args], {
      encoding: 'utf8',
      cwd: ROOT,
    });

  test('real exit codes and no stack traces', () => {
    const ok = cli(['validate', 'examples/estate']);
    expect(ok.status).toBe(0);
    const usage = cli(['validate']);
    expect(usage.status).toBe(2);
    for (const result of [ok, usage]) {
      expect(`${result.stdout}${result.stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+/);
    }
  });
});

describeWithCorpus('validate on the whole shared corpus', () => {
  test('crashes on nothing: exit 1 for the known-bad files, a summary, no stack trace', async () => {
    const { code, stdout, stderr } = await run(['validate', CORPUS_DIR]);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).toMatch(
      /994 JSON inputs: 624 read, 370 skipped \(not Marathon or Metronome JSON\), 0 unreadable or invalid JSON; 252 other files ignored \(not \.json\)/,
    );
    expect(stdout).not.toMatch(/internal error/);
  });
});
