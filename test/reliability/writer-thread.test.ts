import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_PENDING_CHARACTERS, WriterThread } from '../../lib/cli/writer-thread';
import { StagingOutput } from '../../lib/cli/output-dir';
import { resolveOutputTarget } from '../../lib/cli/output-target';
import { EnvironmentError } from '../../lib/cli/io';
import { tempDir, tree } from '../helpers/files';

/* The invariants of lib/cli/writer-thread.ts, one test each, on a real second thread and a real disk. */

const JOURNAL = 'journal';

function started(): { directory: string; journal: number; thread: WriterThread } {
  const directory = tempDir('m2e-writer-');
  const journal = fs.openSync(path.join(directory, JOURNAL), 'wx');
  return { directory, journal, thread: WriterThread.start(directory, journal) };
}

describe('the writer thread', () => {
  test('files are written in the order handed over, each named in the journal, whole or in pieces', () => {
    const { directory, journal, thread } = started();
    const names = Array.from({ length: 300 }, (_, i) => `ns-${i % 7}/app-${i}.yaml`);
    for (const [i, name] of names.entries()) {
      thread.write(name, i % 2 === 0 ? `kind: Deployment # ${i}\n` : ['kind: ', 'Service', ` # ${i}\n`]);
    }
    thread.flush();
    thread.stop();
    fs.closeSync(journal);
    const files = tree(directory);
    expect(files[JOURNAL]).toBe(names.map((name) => `${name}\n`).join(''));
    expect(Object.keys(files).length).toBe(names.length + 1);
    for (const [i, name] of names.entries()) {
      expect(files[name]).toBe(`kind: ${i % 2 === 0 ? 'Deployment' : 'Service'} # ${i}\n`);
    }
  });

  test('flush returns only when every file handed over is on disk, or throws the first failure', () => {
    const { directory, journal, thread } = started();
    const big = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 20; i++) {
      thread.write(`big-${i}.txt`, big);
    }
    thread.flush();
    expect(fs.readdirSync(directory).filter((file) => file.startsWith('big-')).length).toBe(20);
    expect(fs.statSync(path.join(directory, 'big-19.txt')).size).toBe(big.length);

    fs.writeFileSync(path.join(directory, 'blocked'), 'a file where a directory is wanted');
    thread.write('blocked/app.yaml', 'kind: Service\n');
    expect(() => thread.flush()).toThrow(expect.objectContaining({ code: expect.stringMatching(/ENOTDIR|EEXIST/) }));
    thread.stop();
    fs.closeSync(journal);
  });

  test('after a failure nothing more is written, and the failure is thrown by the next call', () => {
    const { directory, journal, thread } = started();
    thread.write('first.yaml', 'a: 1\n');
    thread.write('first.yaml', 'written twice: the exclusive create fails\n');
    thread.write('later.yaml', 'b: 2\n');
    expect(() => thread.flush()).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(() => thread.write('after.yaml', 'c: 3\n')).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    thread.stop();
    fs.closeSync(journal);
    expect(fs.readFileSync(path.join(directory, 'first.yaml'), 'utf8')).toBe('a: 1\n');
    expect(fs.existsSync(path.join(directory, 'later.yaml'))).toBe(false);
    expect(fs.existsSync(path.join(directory, 'after.yaml'))).toBe(false);
  });

  test('what is handed over but not yet written is bounded, and a file bigger than the bound is still written', () => {
    const { directory, journal, thread } = started();
    // More than the bound in all, and one file over it alone: neither may deadlock or be dropped.
    const piece = 'y'.repeat(MAX_PENDING_CHARACTERS / 4);
    for (let i = 0; i < 12; i++) {
      thread.write(`part-${i}.txt`, piece);
    }
    thread.write('huge.txt', 'z'.repeat(MAX_PENDING_CHARACTERS + 1));
    thread.flush();
    thread.stop();
    fs.closeSync(journal);
    expect(fs.statSync(path.join(directory, 'huge.txt')).size).toBe(MAX_PENDING_CHARACTERS + 1);
    expect(fs.readdirSync(directory).filter((file) => file.startsWith('part-')).length).toBe(12);
  });

  test('after stop returns nothing more is written, so the staging directory can go at once', async () => {
    const { directory, journal, thread } = started();
    for (let i = 0; i < 500; i++) {
      thread.write(`ns/app-${i}.yaml`, `kind: Deployment # ${i}\n`.repeat(200));
    }
    thread.stop();
    fs.closeSync(journal);
    fs.rmSync(directory, { recursive: true, force: true });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fs.existsSync(directory)).toBe(false);
  });
});

describe('a staging output written by the writer thread', () => {
  test('commits the same files, and a write failure is the environment error of the commit, the target untouched', () => {
    const parent = tempDir();
    const good = StagingOutput.open(resolveOutputTarget(path.join(parent, 'good'), []), { writerThread: true });
    good.write('ns/app-a.yaml', 'kind: Deployment\n');
    good.write('migration-report.json', ['{', '}\n']);
    expect(good.commit()).toEqual([]);
    expect(Object.keys(tree(path.join(parent, 'good'))).sort()).toEqual([
      '.marathon-to-eks-output.json',
      'migration-report.json',
      'ns/app-a.yaml',
    ]);

    const bad = StagingOutput.open(resolveOutputTarget(path.join(parent, 'bad'), []), { writerThread: true });
    bad.write('ns', 'a file where the namespace folder is wanted\n');
    bad.write('ns/app-b.yaml', 'kind: Service\n');
    let failure: unknown;
    try {
      bad.commit();
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(EnvironmentError);
    expect((failure as Error).message).toMatch(/cannot write the output; .*bad was left as it was: /);
    expect(fs.readdirSync(parent)).toEqual(['good']);
  });
});
