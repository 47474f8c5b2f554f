import * as fs from 'node:fs';
import * as path from 'node:path';
import { OUTPUT_RECORD } from '../marathon/load/files';
import { OutputState, inspectOutput, recordText } from './output-record';
import { EnvironmentError } from './io';
import { OutputTarget, environmentError } from './output-target';
import { WriterThread } from './writer-thread';

/*
 * The output directory contract (README "Output directory"):
 * - the new output is written into a sibling directory and renamed into place only when complete, so a full disk
 *   or a `kill -9` never leaves a half-written output where the last good one was;
 * - the previous output is removed file by file from the record of what that run wrote, never recursively;
 * - a directory holding anything else is refused before anything is read (see output-record.ts).
 */

/** Sibling names only marathon-to-eks uses: `.manifests.m2e-new-<pid>-<n>` while writing, `.m2e-old-…` while swapping. */
function siblingPrefix(target: OutputTarget, kind: 'new' | 'old'): string {
  return `.${target.base}.m2e-${kind}-`;
}

/**
 * What a killed run left beside the output directory: a half-written new output is removed (by its record), and
 * when the kill came between the two renames of a swap, the previous output is put back in place.
 */
export function recoverInterruptedRun(target: OutputTarget): string[] {
  const warnings: string[] = [];
  const leftovers = listSiblings(target);
  if (!fs.existsSync(target.absolute)) {
    const previous = leftovers.find((entry) => entry.startsWith(siblingPrefix(target, 'old')));
    if (previous !== undefined) {
      fs.renameSync(path.join(target.parent, previous), target.absolute);
      leftovers.splice(leftovers.indexOf(previous), 1);
      warnings.push(
        `an earlier run was interrupted while replacing ${target.display}; its previous output was put back`,
      );
    }
  }
  for (const entry of leftovers) {
    const left = removeRecorded(path.join(target.parent, entry));
    if (left) {
      warnings.push(
        `${path.join(target.parent, entry)} was left by an interrupted run and holds files marathon-to-eks did not write; it was not removed`,
      );
    }
  }
  return warnings;
}

function listSiblings(target: OutputTarget): string[] {
  const prefixes = [siblingPrefix(target, 'new'), siblingPrefix(target, 'old')];
  try {
    return fs
      .readdirSync(target.parent)
      .filter((entry) => prefixes.some((prefix) => entry.startsWith(prefix)))
      .sort();
  } catch {
    return [];
  }
}

/**
 * A new output being written beside the target, file by file as a conversion makes them, so a big estate's
 * manifests go to disk while the next workloads are translated instead of all being held in memory; then swapped
 * into place whole ({@link commit}) or removed ({@link discard}).
 *
 * Invariants:
 * - every file's name is in the staging journal before a byte of the file is written, so a killed run's staging
 *   directory is recognised as ours and removed ({@link recoverInterruptedRun}) without ever removing a file this
 *   run did not write;
 * - the record (the complete file list) is written only once every file is, and the journal removed before the
 *   swap, so a committed output holds exactly the files its record lists;
 * - on any failure the staging directory goes, and the target is left as it was.
 */
export class StagingOutput {
  /** Creates the staging directory; failing that is an environment error naming the target. */
  static open(target: OutputTarget, options: StagingOptions = {}): StagingOutput {
    let directory: string | undefined;
    try {
      directory = fs.mkdtempSync(path.join(target.parent, `${siblingPrefix(target, 'new')}${process.pid}-`));
      const journal = fs.openSync(path.join(directory, STAGING_JOURNAL), 'wx');
      let thread: WriterThread | undefined;
      try {
        thread = options.writerThread ? WriterThread.start(directory, journal) : undefined;
      } catch (cause) {
        fs.closeSync(journal);
        throw cause;
      }
      return new StagingOutput(target, directory, journal, thread);
    } catch (cause) {
      // Nothing was written into it yet, so it may go whole; failing that, the next run's recovery removes it.
      try {
        if (directory !== undefined) {
          fs.rmSync(directory, { recursive: true, force: true });
        }
      } catch {
        // the reason to report is the first failure
      }
      throw environmentError(cause, `cannot write the output; ${target.display} was left as it was`);
    }
  }

  private readonly paths = new Set<string>();
  private readonly directories = new Set<string>();

  private constructor(
    private readonly target: OutputTarget,
    private readonly directory: string,
    private journal: number | undefined,
    private thread: WriterThread | undefined,
  ) {}

  /** The files written so far, relative to the output directory. */
  get files(): ReadonlySet<string> {
    return this.paths;
  }

  /**
   * Writes one file: on the writer thread when there is one (it is on disk by {@link commit}), else synchronously
   * (promise-based writes of thousands of small files cost this thread more in round trips than they save:
   * measured). A failure is the environment error the run ends with, the previous output kept.
   */
  write(relative: string, content: string | Iterable<string>): void {
    if (this.paths.has(relative) || relative === OUTPUT_RECORD || relative === STAGING_JOURNAL) {
      throw new Error(`output file ${relative} written twice`);
    }
    this.paths.add(relative);
    const file = path.join(this.directory, relative);
    try {
      if (this.thread) {
        this.thread.write(relative, content);
        return;
      }
      fs.writeSync(this.journal as number, `${relative}\n`);
      const parent = path.dirname(file);
      if (!this.directories.has(parent)) {
        fs.mkdirSync(parent, { recursive: true });
        this.directories.add(parent);
      }
      if (typeof content === 'string') {
        fs.writeFileSync(file, content, { flag: 'wx' });
      } else {
        writePieces(file, content);
      }
    } catch (cause) {
      throw this.environmentError(cause);
    }
  }

  /**
   * Writes the record and swaps the new output into place; returns warnings to print. The target is inspected
   * again just before the swap, so a file the user added since the run started is not lost.
   */
  commit(): string[] {
    try {
      this.thread?.flush();
      fs.writeFileSync(path.join(this.directory, OUTPUT_RECORD), recordText([...this.paths]), { flag: 'wx' });
      this.stopThread();
      fs.closeSync(this.journal as number);
      this.journal = undefined;
      fs.unlinkSync(path.join(this.directory, STAGING_JOURNAL));
    } catch (cause) {
      this.discard();
      throw cause instanceof EnvironmentError ? cause : this.environmentError(cause);
    }
    return swapIntoPlace(this.target, this.directory, () => this.discard());
  }

  /**
   * Removes the staging directory. Everything in it was written by this run a moment ago, so it may go
   * recursively; should that fail too, the reason the run failed is the one to report, and the next run clears the
   * leftover sibling.
   */
  discard(): void {
    try {
      this.stopThread();
      if (this.journal !== undefined) {
        fs.closeSync(this.journal);
        this.journal = undefined;
      }
      fs.rmSync(this.directory, { recursive: true, force: true });
    } catch {
      // Left for the next run's recoverInterruptedRun.
    }
  }

  /** Stops the writer thread, if any: nothing it still holds is written after this returns. */
  private stopThread(): void {
    const thread = this.thread;
    this.thread = undefined;
    thread?.stop();
  }

  private environmentError(cause: unknown): EnvironmentError {
    return environmentError(cause, `cannot write the output; ${this.target.display} was left as it was`);
  }
}

/** How a staging output writes. */
export interface StagingOptions {
  /**
   * Write the files on a second thread, overlapping the disk's time with the conversion's. Worth it for big outputs
   * only: starting the thread costs about as much as writing a few dozen files.
   * @default false
   */
  readonly writerThread?: boolean;
}

/** A file written piece by piece, never held whole. */
function writePieces(file: string, pieces: Iterable<string>): void {
  const fd = fs.openSync(file, 'wx');
  try {
    for (const piece of pieces) {
      fs.writeSync(fd, piece);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The staging directory's list of the files being written, one per line; never part of a committed output. */
const STAGING_JOURNAL = '.marathon-to-eks-writing';

/** Renames a complete staging directory to the target, retiring the previous output by its record. */
function swapIntoPlace(target: OutputTarget, staging: string, discardStaging: () => void): string[] {
  let now: OutputState;
  try {
    now = inspectOutput(target.absolute, target.display);
  } catch (refusal) {
    discardStaging();
    throw refusal;
  }
  try {
    if (now.state === 'absent') {
      fs.renameSync(staging, target.absolute);
      return [];
    }
    const retired = path.join(
      target.parent,
      path.basename(staging).replace(siblingPrefix(target, 'new'), siblingPrefix(target, 'old')),
    );
    fs.renameSync(target.absolute, retired);
    try {
      fs.renameSync(staging, target.absolute);
    } catch (cause) {
      fs.renameSync(retired, target.absolute);
      throw cause;
    }
    return removeRecorded(retired) ? [`${retired} holds files marathon-to-eks did not write; it was not removed`] : [];
  } catch (cause) {
    discardStaging();
    throw environmentError(cause, `cannot move the new output into ${target.display}`);
  }
}

/**
 * Removes a directory marathon-to-eks wrote: the files its record lists, the record, then the directories left
 * empty. Never recursive, never through a symbolic link. Returns true when something else was found and kept.
 */
function removeRecorded(directory: string): boolean {
  try {
    if (fs.lstatSync(path.join(directory, STAGING_JOURNAL), { throwIfNoEntry: false })?.isFile()) {
      return removeJournaled(directory);
    }
    // A run killed while writing its record leaves it empty or cut short; nothing else is written before it.
    if (
      fs.readdirSync(directory).join('/') === OUTPUT_RECORD &&
      fs.lstatSync(path.join(directory, OUTPUT_RECORD)).isFile()
    ) {
      fs.rmSync(path.join(directory, OUTPUT_RECORD));
      fs.rmdirSync(directory);
      return false;
    }
    const state = inspectOutput(directory, directory);
    if (state.state === 'absent') {
      return false;
    }
    if (state.state === 'ours') {
      for (const file of state.files) {
        fs.rmSync(path.join(directory, file), { force: true });
      }
      for (const sub of [...state.directories].sort().reverse()) {
        fs.rmdirSync(path.join(directory, sub));
      }
    }
    fs.rmdirSync(directory);
    return false;
  } catch {
    // Not ours after all (a file appeared, a record was crafted): keep whatever is left.
    return fs.existsSync(directory);
  }
}

/**
 * Removes a staging directory a killed run left (it holds the journal): the files the journal names, the journal,
 * the record if it got that far, then the directories left empty. Anything else in it (a file the journal does not
 * name, a symbolic link) keeps the directory and what it holds; returns true then.
 */
function removeJournaled(directory: string): boolean {
  const owned = new Set([
    STAGING_JOURNAL,
    OUTPUT_RECORD,
    ...fs
      .readFileSync(path.join(directory, STAGING_JOURNAL), 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('/') && !line.includes('\\'))
      .filter((line) => line.split('/').every((part) => part !== '' && part !== '.' && part !== '..')),
  ]);
  const files: string[] = [];
  const directories: string[] = [];
  const visit = (relative: string): boolean =>
    fs.readdirSync(path.join(directory, relative), { withFileTypes: true }).every((entry) => {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        directories.push(child);
        return visit(child);
      }
      files.push(child);
      return entry.isFile() && owned.has(child);
    });
  if (!visit('')) {
    return true;
  }
  for (const file of files) {
    fs.rmSync(path.join(directory, file));
  }
  for (const sub of directories.sort().reverse()) {
    fs.rmdirSync(path.join(directory, sub));
  }
  fs.rmdirSync(directory);
  return false;
}
