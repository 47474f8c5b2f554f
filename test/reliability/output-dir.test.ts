import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCapturing as run } from '../helpers/cli';
import { FakeServer } from '../helpers/servers';
import { SMALL_ESTATE, tempDir, tree, writeTree } from '../helpers/files';

// The module object itself: `import * as` gives a copy whose members cannot be spied on; lib/ reads through to this.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fsModule: typeof fs = require('node:fs');

/*
 * Issue 9, "Output directory": each scenario that once lost a user's files, replayed. The output directory is
 * replaced as a whole, so every test checks what survived byte for byte, not only the exit code.
 */

const USER_FILES = {
  '.git/HEAD': 'ref: refs/heads/main\n',
  '.git/config': '[core]\n',
  '.ssh/id_ed25519': '-----BEGIN OPENSSH PRIVATE KEY-----\nnot-a-real-key\n',
  'kustomization.yaml': 'resources:\n  - shop/app-api.yaml\n',
  'overlays/prod/patch.yaml': 'spec:\n  replicas: 3\n',
};

function estate(): string {
  const input = tempDir();
  writeTree(input, SMALL_ESTATE);
  return input;
}

async function convertedOnce(): Promise<{ input: string; out: string; before: Record<string, string> }> {
  const input = estate();
  const out = path.join(tempDir(), 'manifests');
  const first = await run(['convert', input, '--out', out]);
  expect(first.code).toBe(0);
  return { input, out, before: tree(out) };
}

describe('the output directory never loses what the user owns', () => {
  test('a directory holding a file named migration-report.json beside .git, .ssh and overlays is refused, not wiped', async () => {
    const out = tempDir();
    writeTree(out, { ...USER_FILES, 'migration-report.json': '{"mine": true}' });
    const before = tree(out);
    const result = await run(['convert', estate(), '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/was not written by marathon-to-eks/);
    expect(tree(out)).toEqual(before);
  });

  test('a directory an earlier run wrote, to which the user added files, is refused and kept whole', async () => {
    const { input, out } = await convertedOnce();
    writeTree(out, { 'kustomization.yaml': USER_FILES['kustomization.yaml'], '.git/HEAD': USER_FILES['.git/HEAD'] });
    const before = tree(out);
    const result = await run(['convert', input, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('holds 2 entries marathon-to-eks did not write (.git/, kustomization.yaml)');
    expect(tree(out)).toEqual(before);
  });

  test('convert in --out in is refused and the inputs stay', async () => {
    const input = estate();
    const before = tree(input);
    const result = await run(['convert', input, '--out', input]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('overlaps the input');
    expect(tree(input)).toEqual(before);
  });

  test('an output inside an input, or an input inside the output, is refused', async () => {
    const input = estate();
    expect((await run(['convert', input, '--out', path.join(input, 'manifests')])).stderr).toContain(
      'overlaps the input',
    );
    const out = tempDir();
    expect((await run(['convert', path.join(out, 'marathon'), '--out', out])).stderr).toContain('overlaps the input');
    expect(fs.existsSync(path.join(input, 'manifests'))).toBe(false);
  });

  test('--out through a symbolic link is refused, whatever it points to', async () => {
    const input = estate();
    const target = tempDir();
    writeTree(target, { ...USER_FILES, 'migration-report.json': '{}' });
    const before = tree(target);
    const link = path.join(tempDir(), 'out-link');
    fs.symlinkSync(target, link);
    const result = await run(['convert', input, '--out', link]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is a symbolic link');
    expect(tree(target)).toEqual(before);
    const inputLink = path.join(tempDir(), 'input-link');
    fs.symlinkSync(input, inputLink);
    expect((await run(['convert', input, '--out', inputLink])).code).toBe(2);
    expect(fs.readdirSync(input).sort()).toEqual(['shop']);
  });

  test("--out '' and --out . are refused instead of writing into the current directory", async () => {
    const here = tempDir();
    const cwd = process.cwd();
    process.chdir(here);
    try {
      for (const out of ['', '.', './', '..']) {
        const result = await run(['convert', estate(), '--out', out]);
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/empty string|current directory/);
      }
      expect(fs.readdirSync(here)).toEqual([]);
    } finally {
      process.chdir(cwd);
    }
  });

  test('--out naming a file is an environment failure (exit 4) with a plain message, and the file stays', async () => {
    const file = path.join(tempDir(), 'notes.txt');
    fs.writeFileSync(file, 'mine');
    const result = await run(['convert', estate(), '--out', file]);
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(`marathon-to-eks: --out ${file} exists and is not a directory\n`);
    expect(fs.readFileSync(file, 'utf8')).toBe('mine');
  });
});

const ENOSPC = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

/** The `n`th file written into the staging directory fails as on a full disk; the others are written. */
function diskFullAtWrite(n: number): void {
  const realWrite = fsModule.writeFileSync;
  let writes = 0;
  jest.spyOn(fsModule, 'writeFileSync').mockImplementation((...args: Parameters<typeof realWrite>) => {
    if (String(args[0]).includes('.m2e-new-') && ++writes === n) {
      throw ENOSPC();
    }
    return realWrite(...args);
  });
}

describe('the output is replaced atomically', () => {
  afterEach(() => jest.restoreAllMocks());

  test('a full disk while writing leaves the previous output exactly as it was; exit 4, "the disk is full"', async () => {
    const { input, out, before } = await convertedOnce();
    writeTree(input, { 'shop/cart.json': { id: '/shop/cart', cmd: 'sleep 1' } });
    diskFullAtWrite(3);
    const result = await run(['convert', input, '--out', out]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(`cannot write the output; ${out} was left as it was: the disk is full`);
    expect(result.stderr).not.toMatch(/internal error|at .*\.ts:\d+/);
    expect(tree(out)).toEqual(before);
    expect(fs.readdirSync(path.dirname(out)).sort()).toEqual(['manifests']);
    jest.restoreAllMocks();
    expect((await run(['convert', input, '--out', out])).code).toBe(0);
    expect(fs.existsSync(path.join(out, 'shop/app-cart.yaml'))).toBe(true);
  });

  test('a full disk at the record, after every manifest was written, still leaves the previous output whole', async () => {
    const { input, out, before } = await convertedOnce();
    writeTree(input, { 'shop/cart.json': { id: '/shop/cart', cmd: 'sleep 1' } });
    const realWrite = fsModule.writeFileSync;
    jest.spyOn(fsModule, 'writeFileSync').mockImplementation((...args: Parameters<typeof realWrite>) => {
      if (String(args[0]).includes('.m2e-new-') && String(args[0]).endsWith('.marathon-to-eks-output.json')) {
        throw ENOSPC();
      }
      return realWrite(...args);
    });
    const result = await run(['convert', input, '--out', out]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(`cannot write the output; ${out} was left as it was: the disk is full`);
    expect(tree(out)).toEqual(before);
    expect(fs.readdirSync(path.dirname(out)).sort()).toEqual(['manifests']);
  });

  test('when the staging directory cannot be removed either, the write failure is still what is reported (exit 4)', async () => {
    const { input, out, before } = await convertedOnce();
    writeTree(input, { 'shop/cart.json': { id: '/shop/cart', cmd: 'sleep 1' } });
    diskFullAtWrite(3);
    const realRm = fsModule.rmSync;
    jest.spyOn(fsModule, 'rmSync').mockImplementation((...args: Parameters<typeof realRm>) => {
      if (String(args[0]).includes('.m2e-new-')) {
        throw Object.assign(new Error('ENOTEMPTY: directory not empty, rmdir'), { code: 'ENOTEMPTY' });
      }
      return realRm(...args);
    });
    const result = await run(['convert', input, '--out', out]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('the disk is full');
    expect(result.stderr).not.toMatch(/internal error/);
    expect(tree(out)).toEqual(before);
    jest.restoreAllMocks();
    // The staging directory left beside the output is the next run's to clear; it succeeds and leaves no sibling.
    expect((await run(['convert', input, '--out', out])).code).toBe(0);
    expect(fs.readdirSync(path.dirname(out)).sort()).toEqual(['manifests']);
  });

  test('an output path through a file is exit 4 with the reason', async () => {
    const file = path.join(tempDir(), 'notes.txt');
    fs.writeFileSync(file, 'mine');
    const result = await run(['convert', estate(), '--out', path.join(file, 'manifests')]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('a part of the path is a file, not a directory');
    expect(fs.readFileSync(file, 'utf8')).toBe('mine');
  });

  test('a directory that refuses writes is exit 4 with the reason', async () => {
    const { input, out, before } = await convertedOnce();
    if (process.getuid?.() === 0) {
      // root writes through any mode bits: make the write itself fail as it would for another user.
      const realWrite = fsModule.writeFileSync;
      jest.spyOn(fsModule, 'writeFileSync').mockImplementation((...args: Parameters<typeof realWrite>) => {
        if (String(args[0]).includes('.m2e-new-')) {
          throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
        }
        return realWrite(...args);
      });
    } else {
      fs.chmodSync(path.dirname(out), 0o555);
    }
    try {
      const result = await run(['convert', input, '--out', out]);
      expect(result.code).toBe(4);
      expect(result.stderr).toContain('permission denied');
      expect(tree(out)).toEqual(before);
    } finally {
      fs.chmodSync(path.dirname(out), 0o755);
    }
  });

  test('what a kill -9 in the middle of a write leaves is cleaned up, and the next run is not refused as foreign', async () => {
    const { input, out, before } = await convertedOnce();
    // The state a killed run leaves: a half-written staging directory beside the output (its record written first).
    const staging = path.join(path.dirname(out), '.manifests.m2e-new-99999999-x');
    writeTree(staging, {
      '.marathon-to-eks-output.json': JSON.stringify({
        generator: 'marathon-to-eks',
        files: ['migration-report.json', 'shop/app-api.yaml'],
      }),
      'shop/app-api.yaml': '',
    });
    expect(tree(out)).toEqual(before);
    const result = await run(['convert', input, '--out', out]);
    expect(result.code).toBe(0);
    expect(fs.existsSync(staging)).toBe(false);
    expect(tree(out)).toEqual(before);
  });

  test('a kill while manifests were being written: the files its journal names go, and the next run succeeds', async () => {
    const { input, out, before } = await convertedOnce();
    // A staging directory as a killed run leaves it: the journal names each file before it is written.
    const staging = path.join(path.dirname(out), '.manifests.m2e-new-99999999-j');
    writeTree(staging, {
      '.marathon-to-eks-writing': 'namespaces.yaml\nshop/app-api.yaml\nshop/app-web.yaml\n',
      'namespaces.yaml': 'apiVersion: v1\n',
      'shop/app-api.yaml': '',
    });
    const result = await run(['convert', input, '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('was not removed');
    expect(fs.existsSync(staging)).toBe(false);
    expect(tree(out)).toEqual(before);
  });

  test('a staging directory holding a file its journal does not name is kept whole, with a warning', async () => {
    const { input, out, before } = await convertedOnce();
    const staging = path.join(path.dirname(out), '.manifests.m2e-new-99999999-k');
    writeTree(staging, {
      '.marathon-to-eks-writing': 'shop/app-api.yaml\n../../escape.yaml\n',
      'shop/app-api.yaml': '',
      'shop/notes.md': 'mine',
    });
    const result = await run(['convert', input, '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      `${staging} was left by an interrupted run and holds files marathon-to-eks did not write; it was not removed`,
    );
    expect(fs.readFileSync(path.join(staging, 'shop/notes.md'), 'utf8')).toBe('mine');
    expect(fs.existsSync(path.join(staging, 'shop/app-api.yaml'))).toBe(true);
    expect(tree(out)).toEqual(before);
  });

  test('a kill while the record itself was being written (an empty record, nothing else) is cleaned up too', async () => {
    const { input, out, before } = await convertedOnce();
    const staging = path.join(path.dirname(out), '.manifests.m2e-new-99999999-y');
    writeTree(staging, { '.marathon-to-eks-output.json': '' });
    expect((await run(['convert', input, '--out', out])).code).toBe(0);
    expect(fs.existsSync(staging)).toBe(false);
    expect(tree(out)).toEqual(before);
  });

  test('a kill between the two renames of a swap: the previous output is put back before anything else', async () => {
    const { out, before } = await convertedOnce();
    const retired = path.join(path.dirname(out), '.manifests.m2e-old-99999999-x');
    fs.renameSync(out, retired);
    const result = await run(['convert', path.join(tempDir(), 'missing'), '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('its previous output was put back');
    expect(tree(out)).toEqual(before);
  });
});

describe('a run whose inputs failed leaves the last good output in place', () => {
  const marathon = new FakeServer((request) =>
    request.url?.startsWith('/down')
      ? { status: 500, body: '{"message": "Marathon is not the leader"}' }
      : { status: 404, body: '' },
  );
  let base: string;
  beforeAll(async () => {
    base = await marathon.start();
  });
  afterAll(() => marathon.stop());

  test.each([
    ['Marathon answered 500', () => ['--marathon-url', `${base}/down/marathon`]],
    ['the connection was refused', () => ['--marathon-url', 'http://127.0.0.1:1/marathon', '--timeout', '2']],
    ['a mistyped path', () => [path.join(tempDir(), 'marathn')]],
  ])('%s: exit 1, the previous manifests untouched', async (_, inputs) => {
    const { out, before } = await convertedOnce();
    const result = await run(['convert', ...inputs(), '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${out} keeps its previous output`);
    expect(tree(out)).toEqual(before);
  });

  test('an input that could not be read beside good ones: the incomplete estate does not replace the output', async () => {
    const { input, out, before } = await convertedOnce();
    const result = await run(['convert', input, path.join(tempDir(), 'typo.json'), '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('1 input could not be read (above), so the estate is incomplete');
    expect(tree(out)).toEqual(before);
  });

  test('inputs that hold no definition at all do not empty the output', async () => {
    const { out, before } = await convertedOnce();
    const empty = tempDir();
    writeTree(empty, { 'README.md': '# nothing here', 'package.json': { name: 'x' } });
    const result = await run(['convert', empty, '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no Marathon or Metronome definition found in the inputs');
    expect(tree(out)).toEqual(before);
  });
});

describe('concurrent runs and re-reading our own output', () => {
  test('two runs into one directory at once: the second is refused (exit 4), the first completes', async () => {
    const input = estate();
    const out = path.join(tempDir(), 'manifests');
    const [first, second] = await Promise.all([
      run(['convert', input, '--out', out]),
      run(['convert', input, '--out', out]),
    ]);
    expect([first.code, second.code].sort()).toEqual([0, 4]);
    expect([first.stderr, second.stderr].join('')).toContain('is being written by another marathon-to-eks run');
    expect(Object.keys(tree(out))).toContain('shop/app-api.yaml');
    expect(fs.readdirSync(path.dirname(out))).toEqual(['manifests']);
  });

  test('a lock left by a process that is gone is taken over', async () => {
    const input = estate();
    const out = path.join(tempDir(), 'manifests');
    fs.writeFileSync(
      path.join(path.dirname(out), '.manifests.marathon-to-eks.lock'),
      JSON.stringify({ pid: 99999999, hostname: os.hostname() }),
    );
    expect((await run(['convert', input, '--out', out])).code).toBe(0);
  });

  test('its own output inside an input directory is skipped, not read back as Marathon input', async () => {
    const repo = tempDir();
    writeTree(repo, { 'marathon/shop/api.json': SMALL_ESTATE['shop/api.json'] });
    expect((await run(['convert', path.join(repo, 'marathon'), '--out', path.join(repo, 'manifests')])).code).toBe(0);
    const result = await run(['validate', repo, '--verbose']);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('id missing');
    expect(result.stdout).toContain('manifests: $: info: skipped directory: output of marathon-to-eks convert');
    expect(result.stdout).toContain('1 JSON input: 1 read');
    expect(result.stdout).toContain('1 valid definition');
  });

  test('output of an earlier version (no record) is recognised by its headers and replaced', async () => {
    const { input, out } = await convertedOnce();
    fs.rmSync(path.join(out, '.marathon-to-eks-output.json'));
    expect((await run(['convert', input, '--out', out])).code).toBe(0);
    expect(fs.existsSync(path.join(out, '.marathon-to-eks-output.json'))).toBe(true);
  });
});

describe('kill -9 of a real process while it writes', () => {
  /** The record lists exactly the files there, and the report parses: a complete output, old or new. */
  function expectComplete(out: string): void {
    const files = tree(out);
    const record = JSON.parse(files['.marathon-to-eks-output.json']) as { files: string[] };
    expect(
      Object.keys(files)
        .filter((file) => file !== '.marathon-to-eks-output.json')
        .sort(),
    ).toEqual([...record.files].sort());
    expect(() => JSON.parse(files['migration-report.json'])).not.toThrow();
    expect(Object.values(files).every((text) => text.length > 0)).toBe(true);
  }

  test('the output directory holds the previous or the new output, whole, never a mix; the next run succeeds', async () => {
    const { input, out, before } = await convertedOnce();
    const apps = Array.from({ length: 1500 }, (_, i) => ({
      id: `/bulk/app-${i}`,
      cmd: `sleep ${i}`,
      cpus: 0.01,
      mem: 16,
      env: { INDEX: String(i) },
    }));
    writeTree(input, { 'bulk.json': apps });
    const { spawn } = await import('node:child_process');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, '../../bin/marathon-to-eks.ts'), 'convert', input, '--out', out],
      { stdio: 'ignore' },
    );
    const parent = path.dirname(out);
    const staged = await new Promise<boolean>((resolve) => {
      const poll = setInterval(() => {
        if (fs.readdirSync(parent).some((entry) => entry.includes('.m2e-new-'))) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve(true);
        }
      }, 2);
      child.on('exit', () => {
        clearInterval(poll);
        resolve(false);
      });
    });
    await new Promise((resolve) =>
      child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.on('exit', resolve),
    );
    expect(staged).toBe(true);
    expectComplete(out);
    expect(tree(out)).toEqual(before);
    const next = await run(['convert', input, '--out', out]);
    expect(next.code).toBe(0);
    expectComplete(out);
    expect(Object.keys(tree(out))).toContain('bulk/app-app-1499.yaml');
    expect(fs.readdirSync(parent)).toEqual(['manifests']);
  }, 60_000);
});
