import * as fs from 'node:fs';
import * as path from 'node:path';
import { OUTPUT_RECORD } from '../marathon/load/files';
import { REPORT_JSON, REPORT_MARKDOWN } from '../workload/convert';
import { UsageError } from './io';
import { environmentError } from './output-target';

/*
 * The record of what a run wrote. `convert` replaces its output directory as a whole, so it must know that
 * everything in there is its own: the record lists every file it wrote, and a directory holding anything else
 * (a .git, a kustomization.yaml, the inputs) is refused, never cleared.
 */

interface RecordFile {
  readonly generator: 'marathon-to-eks';
  readonly note: string;
  readonly files: readonly string[];
}

export function recordText(files: readonly string[]): string {
  const record: RecordFile = {
    generator: 'marathon-to-eks',
    note: 'The files marathon-to-eks convert wrote into this directory. The next convert replaces exactly these; a directory holding any other file is refused.',
    files: [...files].sort(),
  };
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** What an output directory holds now. */
export type OutputState =
  | { readonly state: 'absent' }
  | { readonly state: 'empty' }
  /** Only files an earlier run wrote (and the directories holding them). */
  | { readonly state: 'ours'; readonly files: readonly string[]; readonly directories: readonly string[] };

/**
 * Reads an existing output directory and proves it holds only what marathon-to-eks wrote; otherwise throws a
 * {@link UsageError} naming what is not ours. Symbolic links are never followed and count as foreign.
 */
export function inspectOutput(directory: string, display: string): OutputState {
  let tree: Tree;
  try {
    if (!fs.existsSync(directory)) {
      return { state: 'absent' };
    }
    tree = walk(directory);
  } catch (cause) {
    throw environmentError(cause, `cannot read --out ${display}`);
  }
  if (tree.files.length === 0 && tree.others.length === 0 && tree.directories.length === 0) {
    return { state: 'empty' };
  }
  const recorded = readRecord(directory) ?? legacyOutput(directory, tree);
  if (recorded === undefined) {
    throw new UsageError(
      `--out ${display} is not empty and was not written by marathon-to-eks (no ${OUTPUT_RECORD}); choose a new or empty directory`,
    );
  }
  const owned = new Set([...recorded, OUTPUT_RECORD]);
  const holding = new Set([...owned].flatMap(ancestors));
  const foreignDirectories = tree.directories.filter((directory) => !holding.has(directory));
  const foreign = [
    ...tree.files.filter((file) => !owned.has(file)),
    ...tree.others,
    ...foreignDirectories.map((directory) => `${directory}/`),
  ];
  // Name what the user would move: a foreign folder once, not every file in it.
  const shown = foreign
    .filter(
      (entry) =>
        !foreignDirectories.some((directory) => entry.startsWith(`${directory}/`) && entry !== `${directory}/`),
    )
    .sort();
  if (shown.length > 0) {
    throw new UsageError(
      `--out ${display} holds ${shown.length === 1 ? 'an entry' : `${shown.length} entries`} marathon-to-eks did not write (${shown.slice(0, 5).join(', ')}${shown.length > 5 ? ', …' : ''}); ` +
        'convert replaces the whole directory, so move them out or choose another --out',
    );
  }
  return { state: 'ours', files: tree.files, directories: tree.directories };
}

interface Tree {
  /** Regular files, relative, with forward slashes. */
  readonly files: string[];
  readonly directories: string[];
  /** Symbolic links, sockets, devices: never ours. */
  readonly others: string[];
}

function walk(root: string): Tree {
  const tree: Tree = { files: [], directories: [], others: [] };
  const visit = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        tree.directories.push(child);
        visit(child);
      } else if (entry.isFile()) {
        tree.files.push(child);
      } else {
        tree.others.push(child);
      }
    }
  };
  visit('');
  return tree;
}

/** The recorded file list, or undefined when there is no record; a record that is not ours or not sane is refused. */
function readRecord(directory: string): string[] | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(directory, OUTPUT_RECORD), 'utf8');
  } catch {
    return undefined;
  }
  let record: Partial<RecordFile>;
  try {
    record = JSON.parse(text) as Partial<RecordFile>;
  } catch {
    return undefined;
  }
  if (record?.generator !== 'marathon-to-eks' || !Array.isArray(record.files)) {
    return undefined;
  }
  // The record is read from disk and could have been crafted: only plain relative paths count.
  return record.files.filter((file): file is string => typeof file === 'string' && isPlainRelativePath(file));
}

/** `a/b/c.yaml` → `a`, `a/b`. */
function ancestors(file: string): string[] {
  const parts = file.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

function isPlainRelativePath(file: string): boolean {
  return (
    file !== '' &&
    !file.startsWith('/') &&
    !file.includes('\\') &&
    file.split('/').every((part) => part !== '' && part !== '.' && part !== '..')
  );
}

/**
 * Output of a version before the record existed: recognised only when every file is one such a run wrote (the two
 * reports, YAML files that start with our header). Anything else makes it foreign.
 */
function legacyOutput(directory: string, tree: Tree): string[] | undefined {
  if (!tree.files.includes(REPORT_JSON)) {
    return undefined;
  }
  const ours = tree.files.filter(
    (file) =>
      file === REPORT_JSON ||
      file === REPORT_MARKDOWN ||
      (file.endsWith('.yaml') && startsWithHeader(path.join(directory, file))),
  );
  return ours.length === tree.files.length ? ours : undefined;
}

function startsWithHeader(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(LEGACY_HEADER.length);
    const read = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read).toString('utf8') === LEGACY_HEADER;
  } finally {
    fs.closeSync(fd);
  }
}

const LEGACY_HEADER = '# Generated by marathon-to-eks';
