import * as fs from 'node:fs';
import * as path from 'node:path';
import { EnvironmentError, UsageError } from './io';

/** Where `convert` writes, resolved once so every later step agrees on it. */
export interface OutputTarget {
  /** `--out` as the user wrote it, for messages. */
  readonly display: string;
  /** Absolute path, symbolic links in its existing ancestors resolved. */
  readonly absolute: string;
  readonly parent: string;
  readonly base: string;
}

/**
 * Checks `--out` before anything is read: an output directory that is empty, a symbolic link, the directory the
 * user stands in (or above it), or that overlaps an input is refused, because replacing it would delete or
 * re-read what the user owns (`convert in --out in` once wiped the inputs).
 */
export function resolveOutputTarget(out: string, inputs: readonly string[], cwd: string = process.cwd()): OutputTarget {
  if (out.trim() === '') {
    throw new UsageError('--out must name a directory (got an empty string, which would mean the current directory)');
  }
  const display = out;
  let stat: fs.Stats | undefined;
  try {
    stat = fs.lstatSync(out);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw environmentError(cause, `cannot inspect --out ${display}`);
    }
  }
  if (stat?.isSymbolicLink()) {
    throw new UsageError(
      `--out ${display} is a symbolic link; give the real directory (${safeRealPath(out)}) so it is clear what gets replaced`,
    );
  }
  if (stat && !stat.isDirectory()) {
    throw new EnvironmentError(`--out ${display} exists and is not a directory`);
  }
  const absolute = realPathOfPossiblyMissing(path.resolve(cwd, out));
  const here = realPathOfPossiblyMissing(path.resolve(cwd));
  if (absolute === here || isInside(here, absolute)) {
    throw new UsageError(
      `--out ${display} is the current directory or one of its parents; convert replaces the whole output directory, so choose a directory of its own (e.g. --out manifests)`,
    );
  }
  for (const input of inputs) {
    if (input === '-') {
      continue;
    }
    const real = realPathOfPossiblyMissing(path.resolve(cwd, input));
    if (real === absolute || isInside(real, absolute) || isInside(absolute, real)) {
      throw new UsageError(
        `--out ${display} overlaps the input ${input}; convert replaces its output directory, so it must lie outside every input (e.g. --out manifests beside it)`,
      );
    }
  }
  return { display, absolute, parent: path.dirname(absolute), base: path.basename(absolute) };
}

/** Whether `inner` lies strictly inside `outer`. */
function isInside(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative !== '' && !relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative);
}

/** The real path of the deepest existing ancestor, with the rest appended: a directory that is yet to be created still compares right. */
function realPathOfPossiblyMissing(absolute: string): string {
  const missing: string[] = [];
  let at = absolute;
  for (;;) {
    try {
      return path.join(fs.realpathSync(at), ...missing.reverse());
    } catch {
      const parent = path.dirname(at);
      if (parent === at) {
        return absolute;
      }
      missing.push(path.basename(at));
      at = parent;
    }
  }
}

function safeRealPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return 'its target is missing';
  }
}

/** A failure of the file system, in words and with exit code 4: never "internal error, please report it". */
export function environmentError(cause: unknown, doing: string): EnvironmentError {
  const error = cause as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is exceeded',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'the file system is read-only',
    ENOTDIR: 'a part of the path is a file, not a directory',
    EEXIST: 'a file of that name is in the way',
    EISDIR: 'a directory of that name is in the way',
    EMFILE: 'too many open files',
    ENAMETOOLONG: 'a file name is too long',
    EIO: 'an I/O error occurred',
  };
  const reason = (error?.code && why[error.code]) ?? (error instanceof Error ? error.message : String(cause));
  return new EnvironmentError(`${doing}: ${reason}${error?.path ? ` (${error.path})` : ''}`);
}
