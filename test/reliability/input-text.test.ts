import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';
import { runCapturing as run } from '../helpers/cli';
import { tempDir, tree, writeTree } from '../helpers/files';

/*
 * Issue 9, "Input and output": huge and hostile text, replayed through the CLI. No timed assertions: a test that
 * went quadratic again would run into jest's timeout (the 300,000-newline command once took 37 s, 1M over 2 min).
 */

const CLI = path.join(__dirname, '../../bin/marathon-to-eks.ts');

describe('huge strings', () => {
  test('a 10 MB cmd and a 10 MB env value convert, and their valid neighbours are written too', async () => {
    const input = tempDir();
    const cmd = `echo ${'a'.repeat(10_000_000)}`;
    const env = 'b '.repeat(5_000_000);
    writeTree(input, {
      'estate.json': [
        { id: '/big/cmd', cmd },
        { id: '/big/env', cmd: 'sleep 1', env: { PAYLOAD: env } },
        { id: '/small', cmd: 'sleep 1' },
      ],
    });
    const out = path.join(tempDir(), 'out');
    const result = await run(['convert', input, '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const files = tree(out);
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(['big/app-cmd.yaml', 'big/app-env.yaml', 'default/app-small.yaml']),
    );
    const deployment = load(files['big/app-cmd.yaml'].split('\n---\n')[0]) as {
      spec: { template: { spec: { containers: { command: string[] }[] } } };
    };
    expect(deployment.spec.template.spec.containers[0].command).toEqual(['/bin/sh', '-c', cmd]);
  }, 60_000);

  test.each([
    ['300,000 newlines between two words', `a${'\n'.repeat(300_000)}b`],
    ['1,000,000 newlines in a script', `#!/bin/sh${'\n'.repeat(1_000_000)}exec ./run`],
    ['1,000,000 short lines', 'echo a\n'.repeat(1_000_000)],
  ])(
    'a cmd of %s converts in linear time',
    async (_, cmd) => {
      const input = tempDir();
      writeTree(input, { 'app.json': { id: '/lines', cmd } });
      const out = path.join(tempDir(), 'out');
      expect((await run(['convert', input, '--out', out])).code).toBe(0);
      const deployment = load(tree(out)['default/app-lines.yaml'].split('\n---\n')[0]) as {
        spec: { template: { spec: { containers: { command: string[] }[] } } };
      };
      expect(deployment.spec.template.spec.containers[0].command[2]).toBe(cmd);
    },
    30_000,
  );
});

describe('inputs without end', () => {
  test('/dev/zero named as input is refused at the size limit, with the file named', async () => {
    const result = await run(['validate', '/dev/zero', '--max-input-size', '8']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '/dev/zero: $: the input is larger than 8 MiB (the --max-input-size limit); not read',
    );
  });

  test('/dev/zero with the default limit ends too (256 MiB), beside a valid file that is still read', async () => {
    const input = tempDir();
    writeTree(input, { 'app.json': { id: '/a', cmd: 'sleep 1' } });
    const result = await run(['validate', '/dev/zero', path.join(input, 'app.json')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('larger than 256 MiB');
    expect(result.stdout).toContain('1 valid definition');
  }, 30_000);

  test('a file over the limit is refused by its size, before it is read', async () => {
    const input = tempDir();
    writeTree(input, { 'big.json': JSON.stringify({ id: '/a', cmd: 'x'.repeat(3 * 1024 * 1024) }) });
    const result = await run(['validate', input, '--max-input-size', '2']);
    expect(result.stdout).toMatch(
      /big\.json: \$: the file is 3\.0 MiB, larger than 2 MiB \(the --max-input-size limit\); not read/,
    );
  });

  test('standard input that never ends (cat /dev/zero | marathon-to-eks validate -) stops at the limit', () => {
    const result = spawnSync(
      'sh',
      ['-c', `cat /dev/zero | "${process.execPath}" --import tsx "${CLI}" validate - --max-input-size 4`],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('<stdin>: $: standard input is larger than 4 MiB');
  });

  test('--max-input-size must be a positive number (exit 2)', async () => {
    expect((await run(['validate', '/dev/null', '--max-input-size', 'lots'])).code).toBe(2);
  });
});

describe('hostile text in the Markdown report and on the terminal', () => {
  const PAYLOADS = [
    'rack 1 | injected | cell',
    'line\n# Heading\n| a | b |',
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[click](https://evil.example)',
    '![x](https://evil.example/t.png)',
    '@platform-team',
    '`code` and ``more``',
    '\u001b[2J\u001b]0;title\u0007',
  ];

  test('constraint values, ids and labels cannot write Markdown or HTML into migration-report.md', async () => {
    const input = tempDir();
    writeTree(input, {
      'apps.json': PAYLOADS.map((payload, i) => ({
        id: `/shop/app-${i}`,
        cmd: 'sleep 1',
        constraints: [
          ['rack', 'LIKE', payload],
          ['zone', 'IS', payload],
        ],
        labels: { NOTE: payload },
      })),
    });
    const out = path.join(tempDir(), 'out');
    await run(['convert', input, '--out', out]);
    const markdown = fs.readFileSync(path.join(out, 'migration-report.md'), 'utf8');
    expect(markdown).not.toMatch(/<script|<img/i);
    expect(markdown).not.toMatch(/(^|[^\\])\[click\]\(/);
    expect(markdown).not.toMatch(/(^|[\s(])@platform-team/);
    // eslint-disable-next-line no-control-regex
    expect(markdown).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    const headings = markdown.split('\n').filter((line) => line.startsWith('#'));
    expect(headings.every((line) => /^(# Migration report|## [A-Z][a-z]|### (app|pod|job) `)/.test(line))).toBe(true);
    // Every table row has as many unescaped cell separators as its header.
    const lines = markdown.split('\n');
    lines.forEach((line, i) => {
      if (!line.startsWith('|')) {
        return;
      }
      let header = i;
      while (header > 0 && lines[header - 1].startsWith('|')) {
        header--;
      }
      expect([line, cells(line)]).toEqual([line, cells(lines[header])]);
    });
  });

  test('a file name with escape sequences and a line break is printed escaped, on one line', async () => {
    const input = tempDir();
    const name = 'evil\u001b[31m\nFAKE: 0 errors\u202e.json';
    fs.writeFileSync(path.join(input, name), '{ not json');
    const result = await run(['validate', input]);
    expect(result.stdout).toContain('evil\\x1b[31m\\x0aFAKE: 0 errors\\u202e.json: $: invalid JSON');
    // eslint-disable-next-line no-control-regex
    expect(result.stdout).not.toMatch(/[\u001b\u202e]/);
  });
});

/** `| a | b \| c |` has 3 separators: escaped pipes do not count. */
function cells(line: string): number {
  return (line.match(/(?<!\\)\|/g) ?? []).length;
}

describe('encoding', () => {
  test('invalid UTF-8 is a warning naming the file, the byte and the line and column', async () => {
    const input = tempDir();
    const bytes = Buffer.concat([
      Buffer.from('{\n  "id": "/jenkins",\n  "container": {"type": "DOCKER", "docker": {"image": "mesos'),
      Buffer.from([0xff]),
      Buffer.from('(phere/jenkins"}}\n}\n'),
    ]);
    fs.writeFileSync(path.join(input, 'jenkins.json'), bytes);
    const result = await run(['validate', input]);
    expect(result.stdout).toContain(`jenkins.json: $: warning: not valid UTF-8 at byte ${bytes.indexOf(0xff)}`);
    const lineBefore = bytes.subarray(0, bytes.indexOf(0xff)).toString('utf8').split('\n');
    expect(result.stdout).toContain(
      `(line ${lineBefore.length}, column ${lineBefore[lineBefore.length - 1].length + 1})`,
    );
    expect(lineBefore.length).toBe(3);
  });
});

describe('the same estate in any order', () => {
  test('naming the files in another order gives byte-identical output', async () => {
    const input = tempDir();
    // Duplicate ids across files, a shared VIP and names that collide once made naming follow the command line.
    const api = {
      id: '/shop/api',
      cmd: 'serve',
      portDefinitions: [{ port: 0, name: 'http', labels: { VIP_0: '/shop:80' } }],
    };
    writeTree(input, {
      'a.json': api,
      'b.json': { ...api, instances: 2 },
      'c.json': {
        id: '/shop/api-v2',
        cmd: 'serve',
        portDefinitions: [{ port: 0, name: 'http', labels: { VIP_0: '/shop:80' } }],
      },
      'd.json': { id: '/shop/web', cmd: 'curl http://api.shop.marathon.mesos', dependencies: ['/shop/api'] },
      'e.json': [
        { id: '/SHOP/x', cmd: 'x' },
        { id: '/shop/api.v2', cmd: 'y' },
      ],
    });
    const files = ['a', 'b', 'c', 'd', 'e'].map((name) => path.join(input, `${name}.json`));
    const outputs = [];
    for (const order of [files, [...files].reverse(), [files[2], files[0], files[4], files[1], files[3]]]) {
      const out = path.join(tempDir(), 'out');
      await run(['convert', ...order, '--out', out]);
      outputs.push(tree(out));
    }
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
  });

  test('a file named twice, or named and found in its directory, is read once', async () => {
    const input = tempDir();
    writeTree(input, { 'app.json': { id: '/a', cmd: 'sleep 1' } });
    const result = await run(['validate', path.join(input, 'app.json'), input, path.join(input, 'app.json')]);
    expect(result.stdout).toContain('1 JSON input: 1 read');
    expect(result.stdout).not.toContain('duplicate');
  });
});

describe('command-line values are checked before anything is read (exit 2)', () => {
  test.each([
    [['--label', 'a=b c'], '--label: label a: "b c" is not a valid label value'],
    [['--label', 'Bad Key=x'], '--label: label key "Bad Key"'],
    [['--default-namespace', 'Bad_NS'], '--default-namespace: "Bad_NS" is not a DNS-1123 label'],
    [['--command-image', ''], '--command-image: "" is not an image reference'],
    [['--fetch-image', 'Busybox 1.36'], '--fetch-image: "Busybox 1.36" is not an image reference'],
    [['--storage-class', 'GP3!'], '--storage-class: "GP3!" is not a DNS-1123 subdomain'],
    [['--ingress-class', 'a_b'], '--ingress-class: "a_b" is not a DNS-1123 subdomain'],
    [['--marathon-url', 'ftp://dcos.example.com/marathon'], '--marathon-url'],
  ])('%j', async (flags, message) => {
    const input = tempDir();
    writeTree(input, { 'app.json': { id: '/a', cmd: 'sleep 1' } });
    const out = path.join(tempDir(), 'out');
    const result = await run(['convert', input, '--out', out, ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toContain('translation bug');
    expect(fs.existsSync(out)).toBe(false);
  });
});
