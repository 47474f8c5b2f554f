import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareStrings } from '../diagnostics';

/** A JSON text to read, and whether it was named by the user or found while walking a directory. */
export interface InputText {
  readonly source: string;
  readonly text: string;
  /** True when found by walking a directory: documents that are clearly not Marathon's are then skipped, not rejected. */
  readonly discovered: boolean;
}

/** An input that could not be read at all. */
export interface InputFailure {
  readonly source: string;
  readonly message: string;
}

/** Directories never worth walking into. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'cdk.out']);

export interface FileWalk {
  readonly texts: InputText[];
  readonly failures: InputFailure[];
  /** Files under the walked directories that are not `.json` (counted so nothing is passed over unseen). */
  readonly nonJsonFiles: string[];
}

/**
 * Reads the named files, and every `.json` file under the named directories (recursively, in byte order of
 * their paths so output is deterministic). `-` reads standard input.
 */
export function readInputFiles(inputs: readonly string[], readStdin: () => string = () => fs.readFileSync(0, 'utf8')): FileWalk {
  const walk: FileWalk = { texts: [], failures: [], nonJsonFiles: [] };
  for (const input of inputs) {
    if (input === '-') {
      walk.texts.push({ source: '<stdin>', text: readStdin(), discovered: false });
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch (cause) {
      walk.failures.push({ source: input, message: describeFsError(cause) });
      continue;
    }
    if (stat.isDirectory()) walkDirectory(input, walk, new Set([realPath(input)]));
    else readFile(input, false, walk);
  }
  return walk;
}

function walkDirectory(directory: string, walk: FileWalk, visited: Set<string>): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch (cause) {
    walk.failures.push({ source: directory, message: describeFsError(cause) });
    return;
  }
  entries.sort((a, b) => compareStrings(a.name, b.name));
  for (const entry of entries) {
    const full = joinDisplayPath(directory, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = fs.statSync(full);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      } catch {
        walk.failures.push({ source: full, message: 'broken symbolic link' });
        continue;
      }
    }
    if (isDirectory) {
      if (SKIPPED_DIRECTORIES.has(entry.name)) continue;
      const real = realPath(full);
      if (visited.has(real)) continue;
      visited.add(real);
      walkDirectory(full, walk, visited);
    } else if (isFile) {
      if (entry.name.toLowerCase().endsWith('.json')) readFile(full, true, walk);
      else walk.nonJsonFiles.push(full);
    }
  }
}

function readFile(file: string, discovered: boolean, walk: FileWalk): void {
  try {
    walk.texts.push({ source: file, text: fs.readFileSync(file, 'utf8'), discovered });
  } catch (cause) {
    walk.failures.push({ source: file, message: describeFsError(cause) });
  }
}

/** Keeps the path as the user wrote it (no absolute paths in output), with forward slashes on every platform. */
function joinDisplayPath(directory: string, name: string): string {
  return path.join(directory, name).split(path.sep).join('/');
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

function describeFsError(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return cause instanceof Error ? cause.message : String(cause);
  }
}
