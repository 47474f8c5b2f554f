import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { coexistenceHost } from '../../lib/translate/coexistence-service';
import { DcosForwarder, dcosForwarder } from '../../lib/translate/dcos-forwarder';
import { DefinitionScope } from '../../lib/translate/scope';
import {
  FIXTURES,
  bridgeApp,
  commandApp,
  containerApp,
  containerPod,
  forwarderOf,
  hostApp,
  scopes,
  tempDir,
  validateForwarders,
} from './coexistence-fixtures';

/**
 * A stand-in for socat: records its arguments (NUL-separated), waits for the others (at most 10 s), then ends; one
 * whose arguments hold `$FAKE_SOCAT_EXIT` ends at once.
 */
const FAKE_SOCAT = `#!/bin/sh
printf '%s\\0' "$@" > "$FAKE_SOCAT_DIR/call.$$"
i=0
while [ "$(ls "$FAKE_SOCAT_DIR" | grep -c '^call\\.')" -lt "$FAKE_SOCAT_CALLS" ] && [ "$i" -lt 200 ]; do
  sleep 0.05
  i=$((i + 1))
done
case "$*" in *"$FAKE_SOCAT_EXIT"*) exit 0 ;; esac
# With a relay meant to end, the others hold on as real relays would, until something stops them.
[ -n "$FAKE_SOCAT_EXIT_SET" ] && sleep 10
exit 0
`;

/** Whether a process runs (Linux: a zombie has ended, it only waits to be reaped). */
function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

interface CommandRun {
  readonly calls: string[][];
  readonly ended: boolean;
  readonly milliseconds: number;
  /** Fake socats still running once the command ended (zombies count as ended). */
  readonly running: number[];
  readonly strays: string[];
}

/**
 * Runs a forwarder's `cmd` with `sh -c` as Mesos does, socat replaced by {@link FAKE_SOCAT}, in a process group of its
 * own (the command ends its group with `kill 0`).
 */
async function runCommand(
  cmd: string,
  env: Record<string, string>,
  expected: { readonly calls: number; readonly endOn?: string },
): Promise<CommandRun> {
  const dir = tempDir();
  const bin = path.join(dir, 'bin');
  const records = path.join(dir, 'records');
  fs.mkdirSync(bin);
  fs.mkdirSync(records);
  fs.writeFileSync(path.join(bin, 'socat'), FAKE_SOCAT, { mode: 0o755 });
  const start = Date.now();
  try {
    const child = spawn('sh', ['-c', cmd], {
      cwd: dir,
      detached: true,
      stdio: 'ignore',
      env: {
        ...env,
        PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
        FAKE_SOCAT_DIR: records,
        FAKE_SOCAT_CALLS: String(expected.calls),
        FAKE_SOCAT_EXIT: expected.endOn ?? 'never such an argument',
        FAKE_SOCAT_EXIT_SET: expected.endOn !== undefined ? '1' : '',
      },
    });
    const ended = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        process.kill(-(child.pid as number), 'SIGKILL');
        resolve(false);
      }, 15000);
      child.on('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    const milliseconds = Date.now() - start;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const files = fs.readdirSync(records).filter((file) => file.startsWith('call.'));
    const running = files.map((file) => Number(file.slice('call.'.length))).filter(isRunning);
    for (const pid of running) {
      process.kill(pid, 'SIGKILL');
    }
    const parsed = files.map((file) =>
      fs
        .readFileSync(path.join(records, file), 'utf8')
        .split('\0')
        .filter((arg, i, all) => i < all.length - 1 || arg !== ''),
    );
    return {
      calls: parsed.sort((a, b) => a.join(' ').localeCompare(b.join(' '))),
      ended,
      milliseconds,
      running,
      strays: fs.readdirSync(dir).filter((file) => file !== 'bin' && file !== 'records'),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the forwarding command', () => {
  test('is a correct sh program', () => {
    for (const [, input] of FIXTURES) {
      const cmd = String(forwarderOf(input, String(input.id)).app.cmd);
      const check = spawnSync('sh', ['-n', '-c', cmd], { encoding: 'utf8' });
      expect({ id: input.id, status: check.status, stderr: check.stderr }).toEqual({
        id: input.id,
        status: 0,
        stderr: '',
      });
    }
  });

  test('host networking: one socat per port and protocol, from $PORT<n> to the NLB port', async () => {
    const forwarder = forwarderOf(hostApp, '/shop/web');
    const run = await runCommand(
      String(forwarder.app.cmd),
      { PORT0: '31001', PORT1: '31002', PORT2: '31003' },
      { calls: 4 },
    );
    const host = 'web.shop.eks.example.internal';
    expect(run.ended).toBe(true);
    expect(run.calls).toEqual([
      ['-T60', 'UDP4-LISTEN:31002,fork,reuseaddr', `UDP4:${host}:10153`],
      ['-T60', 'UDP4-LISTEN:31003,fork,reuseaddr', `UDP4:${host}:10125`],
      ['TCP4-LISTEN:31001,fork,reuseaddr', `TCP4:${host}:10101`],
      ['TCP4-LISTEN:31002,fork,reuseaddr', `TCP4:${host}:10153`],
    ]);
  });

  test('bridge and container networking: from the container port, or $PORT<n> when it is 0', async () => {
    const api = await runCommand(String(forwarderOf(bridgeApp, '/shop/api').app.cmd), { PORT1: '31500' }, { calls: 3 });
    expect(api.calls).toEqual([
      ['-T60', 'UDP4-LISTEN:9125,fork,reuseaddr', 'UDP4:api.shop.eks.example.internal:10125'],
      ['TCP4-LISTEN:31500,fork,reuseaddr', 'TCP4:api.shop.eks.example.internal:10001'],
      ['TCP4-LISTEN:8080,fork,reuseaddr', 'TCP4:api.shop.eks.example.internal:10080'],
    ]);
    const search = await runCommand(
      String(forwarderOf(containerApp, '/data/search').app.cmd),
      { PORT1: '4242' },
      { calls: 3 },
    );
    expect(search.calls.map((call) => call.join(' '))).toEqual([
      'TCP4-LISTEN:4242,fork,reuseaddr TCP4:search.data.eks.example.internal:10001',
      'TCP4-LISTEN:9200,fork,reuseaddr TCP4:search.data.eks.example.internal:9200',
      'TCP4-LISTEN:9300,fork,reuseaddr TCP4:search.data.eks.example.internal:9300',
    ]);
  });

  test('a pod: from each endpoint, to the ports of its own Service', async () => {
    const run = await runCommand(String(forwarderOf(containerPod, '/payments/gateway').app.cmd), {}, { calls: 3 });
    const host = 'gateway.payments.eks.example.internal';
    expect(run.calls.map((call) => call.join(' '))).toEqual([
      `-T60 UDP4-LISTEN:9901,fork,reuseaddr UDP4:${host}:9901`,
      `TCP4-LISTEN:8443,fork,reuseaddr TCP4:${host}:8443`,
      `TCP4-LISTEN:9901,fork,reuseaddr TCP4:${host}:9901`,
    ]);
  });

  test('hostile labels stay data: the program still parses and runs nothing else; a hostile domain is refused', async () => {
    const hostile = `'"; touch pwned-1; $(touch pwned-2) \`touch pwned-3\`\n& touch pwned-4 #`;
    const input = { ...commandApp, labels: { HAPROXY_0_VHOST: hostile, HAPROXY_0_X: hostile, team: hostile } };
    const domain = 'eks.example.internal';
    const scope = scopes(input).get('/tools/echo') as DefinitionScope;
    // Only a DNS name reaches the socat addresses, whoever called the translation.
    expect(() => dcosForwarder(scope, `${domain}${hostile}`)).toThrow(/is not a DNS name/);
    expect(() => dcosForwarder(scope, `${domain},fork`)).toThrow(/is not a DNS name/);
    const forwarder = dcosForwarder(scope, domain) as DcosForwarder;
    const cmd = String(forwarder.app.cmd);
    expect(spawnSync('sh', ['-n', '-c', cmd]).status).toBe(0);
    expect(cmd).not.toContain('HAPROXY');
    const run = await runCommand(cmd, { PORT0: '31000' }, { calls: 1 });
    expect(run.ended).toBe(true);
    expect(run.strays).toEqual([]);
    expect(run.calls).toEqual([['TCP4-LISTEN:31000,fork,reuseaddr', `TCP4:${coexistenceHost(scope, domain)}:10000`]]);
    expect(forwarder.app.labels).toMatchObject({ HAPROXY_0_VHOST: hostile, HAPROXY_0_X: hostile });
    const { run: validation } = await validateForwarders([forwarder]);
    expect(validation.code).toBe(0);
  });

  test('the task ends when one relay ends, so Marathon restarts it', async () => {
    // The relay of port 0 ends; the two others would wait 10 s, but the trap stops them.
    const cmd = String(forwarderOf(bridgeApp, '/shop/api').app.cmd);
    // The ending relay ends once every relay has started, as a real one would: a relay that ends while the others are
    // still being started could miss the group's TERM, which Mesos makes moot by killing the whole container.
    const relays = (cmd.match(/\bsocat /g) ?? []).length;
    expect(relays).toBe(3);
    const run = await runCommand(cmd, { PORT1: '31500' }, { calls: relays, endOn: ':10080' });
    expect(run.ended).toBe(true);
    expect(run.milliseconds).toBeLessThan(5000);
    expect(run.calls.length).toBeGreaterThan(0);
    expect(run.running).toEqual([]);
    expect(run.calls.map((call) => call.join(' '))).toContain(
      'TCP4-LISTEN:8080,fork,reuseaddr TCP4:api.shop.eks.example.internal:10080',
    );
  });
});
