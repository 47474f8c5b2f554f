import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXAMPLES, runCapturing as run } from '../helpers/cli';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'm2e-waves-'));

describe('marathon-to-eks waves', () => {
  test('a table: wave, workload, kind and what it depends on with the fields; exit 0', async () => {
    const { code, stdout, stderr } = await run(['waves', EXAMPLES]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^wave +workload +kind +depends on \(field\)$/m);
    expect(stdout).toMatch(/^1 +\/shop\/postgres +app$/m);
    expect(stdout).toMatch(/^1 +\/legacy\/cache +app +\(no edges\)$/m);
    expect(stdout).toMatch(/^2 +\/shop\/api +app +\/shop\/postgres \(dependencies\[0\], env\.DATABASE_HOST\)$/m);
    expect(stdout).toMatch(/^2 +shop\.db-vacuum +job +\/shop\/postgres \(run\.cmd\)$/m);
    expect(stdout).toMatch(/^3 +\/shop\/frontend +app +\/shop\/api \(dependencies\[0\], env\.API_URL\)$/m);
    expect(stdout).toContain('8 workloads in 3 waves (dependencies first); 5 edges');
    expect(stdout).toContain('  /shop/frontend  env.CART_URL  cart.marathon.l4lb.thisdcos.directory:80');
  });

  test('--json: waves, edges with via, cycles; deterministic; --order callers-first reverses', async () => {
    const first = await run(['waves', EXAMPLES, '--json']);
    expect(first.code).toBe(0);
    const plan = JSON.parse(first.stdout);
    expect(Object.keys(plan)).toEqual(['waves', 'edges', 'cycles', 'unresolved']);
    expect(plan.waves[0]).toEqual({
      wave: 1,
      workloads: ['/legacy/cache', '/payments/gateway', '/shop/postgres', '/shop/worker', 'shop.nightly-report'],
    });
    expect(plan.edges).toContainEqual({
      from: '/shop/api',
      to: '/shop/postgres',
      via: 'env.DATABASE_HOST',
      name: 'postgres-shop.marathon.mesos',
      kind: 'mesos-dns',
    });
    expect(plan.cycles).toEqual([]);
    expect(first.stdout).toBe(`${JSON.stringify(plan, null, 2)}\n`);
    expect((await run(['waves', EXAMPLES, '--json'])).stdout).toBe(first.stdout);
    const reversed = JSON.parse((await run(['waves', EXAMPLES, '--json', '--order', 'callers-first'])).stdout);
    expect(reversed.waves[reversed.waves.length - 1]).toEqual({ wave: 3, workloads: ['/shop/postgres'] });
  });

  test('--pin and --max-wave-size shape the plan; a bad pin is a usage error (exit 2)', async () => {
    const pinned = JSON.parse(
      (await run(['waves', EXAMPLES, '--json', '--pin', '/shop/api=3', '--pin', '/legacy/cache=2,/shop/worker=2']))
        .stdout,
    );
    expect(pinned.waves.map((w: { workloads: string[] }) => w.workloads)).toEqual([
      ['/payments/gateway', '/shop/postgres', 'shop.nightly-report'],
      ['/legacy/cache', '/shop/worker', 'shop.db-vacuum'],
      ['/shop/api'],
      ['/shop/frontend'],
    ]);
    const small = JSON.parse((await run(['waves', EXAMPLES, '--json', '--max-wave-size', '2'])).stdout);
    expect(small.waves.every((w: { workloads: string[] }) => w.workloads.length <= 2)).toBe(true);
    const unknown = await run(['waves', EXAMPLES, '--pin', '/nope=1']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('marathon-to-eks: pin /nope=1: no workload /nope in the estate\n');
    const early = await run(['waves', EXAMPLES, '--pin', '/shop/frontend=1']);
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(
      /pin \/shop\/frontend=1 contradicts the order: \/shop\/frontend must move after \/shop\/api/,
    );
    for (const bad of [
      ['--pin', '/shop/api'],
      ['--pin', '/shop/api=0'],
      ['--max-wave-size', '0'],
      ['--order', 'random'],
    ]) {
      const result = await run(['waves', EXAMPLES, ...bad]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
    }
  });

  test('invalid input: its errors name the file and path, the valid definitions are still planned, exit 1', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'good.json'), JSON.stringify({ id: '/good', cmd: 'curl bad.marathon.mesos' }));
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ id: '/bad', cmd: 'x', instances: 'many' }));
    const { code, stdout, stderr } = await run(['waves', dir]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/bad\.json.*instances/);
    expect(stdout).toMatch(/^1 +\/good +app +\(no edges\)$/m);
  });

  test('--html writes a page with the graph (ELK layout, one column per wave) and never over an input', async () => {
    const html = path.join(tmp(), 'waves.html');
    const { code } = await run(['waves', EXAMPLES, '--html', html]);
    expect(code).toBe(0);
    const page = fs.readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<title>Migration waves: 8 Marathon / Metronome definitions</title>');
    expect(page).toMatch(/<svg [^>]*aria-label="dependency graph, one column per wave"/);
    expect(page.match(/<rect /g)).toHaveLength(4);
    expect(page).not.toMatch(/<script/);
    const input = path.join(tmp(), 'app.json');
    fs.writeFileSync(input, JSON.stringify({ id: '/a', cmd: 'x' }));
    const over = await run(['waves', input, '--html', input]);
    expect(over.code).toBe(2);
    expect(JSON.parse(fs.readFileSync(input, 'utf8'))).toEqual({ id: '/a', cmd: 'x' });
  });

  test('terminal control characters in names never reach the terminal raw', async () => {
    const dir = tmp();
    fs.writeFileSync(
      path.join(dir, 'app.json'),
      JSON.stringify({ id: '/evil', cmd: 'x', env: { '\u001b]0;pwned\u0007': 'leader.mesos' } }),
    );
    const { stdout } = await run(['waves', dir]);
    // eslint-disable-next-line no-control-regex
    expect(stdout).not.toMatch(/\u001b|\u0007/);
    // The field's path quotes the key as JSON, and the CLI's output escapes whatever else would be a control character.
    expect(stdout).toContain('/evil  env["\\u001b]0;pwned\\u0007"]  leader.mesos');
  });
});
