import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareStrings } from '../../util/compare';
import { InvalidUtf8, decodeUtf8 } from './decode';
import { DEFAULT_MAX_INPUT_BYTES, describeBytes } from './limits';

/** A JSON text to read, and whether it was named by the user or found while walking a directory. */
export interface InputText {
  readonly source: string;
  readonly text: string;
  /** True when found by walking a directory: documents that are clearly not Marathon's are then skipped, not rejected. */
  readonly discovered: boolean;
  /** Where the bytes stopped being valid UTF-8, when they did. */
  readonly invalidUtf8?: InvalidUtf8;
}

/** An input that could not be read at all. */
export interface InputFailure {
  readonly source: string;
  readonly message: string;
}

/** A directory not walked into, and why. */
export interface SkippedDirectory {
  readonly source: string;
  readonly reason: string;
}

/**
 * The file `convert` writes into its output directory listing what it wrote. A directory holding it is
 * marathon-to-eks output, never Marathon input: walking an estate that contains its own output skips it.
 */
export const OUTPUT_RECORD = '.marathon-to-eks-output.json';

/** Why a directory was not walked: it is our own output. */
export const OWN_OUTPUT = `output of marathon-to-eks convert (holds ${OUTPUT_RECORD})`;

/** Directories never worth walking into. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'cdk.out']);

export interface FileWalk {
  readonly texts: InputText[];
  readonly failures: InputFailure[];
  /** Files under the walked directories that are not `.json` (counted so nothing is passed over unseen). */
  readonly nonJsonFiles: string[];
  readonly skippedDirectories: SkippedDirectory[];
}

export interface ReadOptions {
  /** Reads standard input for `-`. @default the process's standard input, read up to `maxInputBytes` */
  readonly readStdin?: () => string | Promise<string>;
  /** Largest file or standard input accepted. @default DEFAULT_MAX_INPUT_BYTES */
  readonly maxInputBytes?: number;
}

interface PlannedFile {
  readonly source: string;
  readonly file: string;
  readonly discovered: boolean;
}

/**
 * Reads the named files, and every `.json` file under the named directories (recursively). The result is the same
 * whatever order the inputs are named in: texts come in byte order of their paths, and a file reached twice (named
 * and found in a directory, or named twice) is read once.
 */
export async function readInputFiles(inputs: readonly string[], options: ReadOptions = {}): Promise<FileWalk> {
  const walk: FileWalk = { texts: [], failures: [], nonJsonFiles: [], skippedDirectories: [] };
  const maxBytes = options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const planned: PlannedFile[] = [];
  for (const input of inputs) {
    if (input === '-') {
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch (cause) {
      walk.failures.push({ source: input, message: describeFsError(cause) });
      continue;
    }
    if (stat.isDirectory()) {
      walkDirectory(input, { walk, planned, visited: new Set([realPath(input)]) });
    } else {
      planned.push({ source: input, file: input, discovered: false });
    }
  }
  for (const file of uniqueFiles(planned)) {
    readFile(file, maxBytes, walk);
  }
  if (inputs.includes('-')) {
    try {
      const { text, invalid } = options.readStdin
        ? { text: await options.readStdin(), invalid: undefined }
        : await readStandardInput(maxBytes);
      walk.texts.push({ source: '<stdin>', text, discovered: false, ...(invalid ? { invalidUtf8: invalid } : {}) });
    } catch (cause) {
      walk.failures.push({ source: '<stdin>', message: cause instanceof Error ? cause.message : String(cause) });
    }
  }
  walk.texts.sort((a, b) => compareStrings(a.source, b.source));
  walk.failures.sort((a, b) => compareStrings(a.source, b.source));
  walk.nonJsonFiles.sort(compareStrings);
  walk.skippedDirectories.sort((a, b) => compareStrings(a.source, b.source));
  return walk;
}

/** One entry per real file, named as the user named it when they did, else by its smallest path. */
function uniqueFiles(planned: readonly PlannedFile[]): PlannedFile[] {
  const byReal = new Map<string, PlannedFile>();
  for (const file of [...planned].sort(
    (a, b) => Number(a.discovered) - Number(b.discovered) || compareStrings(a.source, b.source),
  )) {
    const real = realPath(file.file);
    if (!byReal.has(real)) {
      byReal.set(real, file);
    }
  }
  return [...byReal.values()];
}

interface WalkScope {
  readonly walk: FileWalk;
  readonly planned: PlannedFile[];
  readonly visited: Set<string>;
}

function walkDirectory(directory: string, scope: WalkScope): void {
  if (fs.existsSync(path.join(directory, OUTPUT_RECORD))) {
    scope.walk.skippedDirectories.push({ source: directory, reason: OWN_OUTPUT });
    return;
  }
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch (cause) {
    scope.walk.failures.push({ source: directory, message: describeFsError(cause) });
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
        scope.walk.failures.push({ source: full, message: 'broken symbolic link' });
        continue;
      }
    }
    if (isDirectory) {
      if (SKIPPED_DIRECTORIES.has(entry.name)) {
        continue;
      }
      const real = realPath(full);
      if (scope.visited.has(real)) {
        continue;
      }
      scope.visited.add(real);
      walkDirectory(full, scope);
    } else if (isFile) {
      if (entry.name.toLowerCase().endsWith('.json')) {
        scope.planned.push({ source: full, file: full, discovered: true });
      } else {
        scope.walk.nonJsonFiles.push(full);
      }
    }
  }
}

function readFile(planned: PlannedFile, maxBytes: number, walk: FileWalk): void {
  try {
    const { text, invalid } = decodeUtf8(readBounded(planned.file, maxBytes));
    walk.texts.push({
      source: planned.source,
      text,
      discovered: planned.discovered,
      ...(invalid ? { invalidUtf8: invalid } : {}),
    });
  } catch (cause) {
    walk.failures.push({
      source: planned.source,
      message: cause instanceof TooLarge ? cause.message : describeFsError(cause),
    });
  }
}

class TooLarge extends Error {
  constructor(what: string, maxBytes: number) {
    super(`${what} larger than ${describeBytes(maxBytes)} (the --max-input-size limit); not read`);
  }
}

/**
 * Reads at most `maxBytes`, whatever the file is: a regular file is measured first, a device or pipe
 * (`/dev/zero`, a FIFO) is read in chunks and given up on once it passes the limit.
 */
function readBounded(file: string, maxBytes: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isFile() && stat.size > maxBytes) {
      throw new TooLarge(`the file is ${describeBytes(stat.size)},`, maxBytes);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      const read = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) {
        break;
      }
      chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
      total += read;
      if (total > maxBytes) {
        throw new TooLarge('the input is', maxBytes);
      }
    }
    return Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(fd);
  }
}

const CHUNK = 1 << 20;

/** Standard input, up to the limit: `cat /dev/zero | marathon-to-eks validate -` must end with an error, not swap. */
async function readStandardInput(maxBytes: number): Promise<ReturnType<typeof decodeUtf8>> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += bytes.length;
    if (total > maxBytes) {
      process.stdin.destroy();
      throw new TooLarge('standard input is', maxBytes);
    }
    chunks.push(bytes);
  }
  return decodeUtf8(Buffer.concat(chunks, total));
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
