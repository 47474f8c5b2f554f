import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A fresh directory under the system's temporary directory. */
export function tempDir(prefix = 'm2e-reliability-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Every regular file under `dir` with its content, by path relative to it (forward slashes). */
export function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.isFile()) {
        files[path.relative(dir, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
      }
    }
  };
  walk(dir);
  return files;
}

/** Writes `files` (relative path → JSON value or text) under `dir`, creating folders. */
export function writeTree(dir: string, files: Record<string, unknown>): void {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
}

/** A small valid estate: two apps in one group. */
export const SMALL_ESTATE = {
  'shop/api.json': {
    id: '/shop/api',
    cmd: 'python3 -m http.server $PORT0',
    cpus: 0.1,
    mem: 64,
    portDefinitions: [{ port: 0, name: 'http' }],
  },
  'shop/web.json': { id: '/shop/web', cmd: 'nginx -g "daemon off;"', cpus: 0.1, mem: 64 },
};

/** Every `.ts` file under `dir`, by absolute path. */
export function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? sourceFiles(path.join(dir, entry.name))
        : entry.name.endsWith('.ts')
          ? [path.join(dir, entry.name)]
          : [],
    );
}
