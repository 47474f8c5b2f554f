import * as fs from 'node:fs';
import * as path from 'node:path';
import { OUTPUT_RECORD } from '../marathon/load/files';
import { OutputState, inspectOutput, recordText } from './output-record';
import { OutputTarget, environmentError } from './output-target';

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
 * Writes `files` as the new content of the output directory. `previous` is what {@link inspectOutput} found when the
 * run started; the directory is inspected again just before the swap, so a file the user added meanwhile is not lost.
 * Returns warnings to print.
 */
export async function replaceOutput(target: OutputTarget, files: ReadonlyMap<string, string>): Promise<string[]> {
  let staging = '';
  // Everything in `staging` was written by this run a moment ago, so it may go recursively whatever happens. Should
  // removing it fail too, the reason the run failed is the one to report: the next run clears the leftover sibling.
  const discardStaging = () => {
    try {
      if (staging !== '') {
        fs.rmSync(staging, { recursive: true, force: true });
      }
    } catch {
      // Left for the next run's recoverInterruptedRun.
    }
  };
  try {
    staging = fs.mkdtempSync(path.join(target.parent, `${siblingPrefix(target, 'new')}${process.pid}-`));
    // The record goes first: should this run be killed, the next one knows every file in here is its own.
    fs.writeFileSync(path.join(staging, OUTPUT_RECORD), recordText([...files.keys()]));
    await writeFiles(staging, files);
  } catch (cause) {
    discardStaging();
    throw environmentError(cause, `cannot write the output; ${target.display} was left as it was`);
  }
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

/** Thousands of small files: several writes in flight at once keep the disk, not the round trips, the limit. */
async function writeFiles(directory: string, files: ReadonlyMap<string, string>): Promise<void> {
  const sorted = [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const parent of new Set(sorted.map(([relative]) => path.dirname(path.join(directory, relative))))) {
    fs.mkdirSync(parent, { recursive: true });
  }
  let next = 0;
  let failed = false;
  const writer = async () => {
    while (!failed && next < sorted.length) {
      const [relative, content] = sorted[next++];
      try {
        await fs.promises.writeFile(path.join(directory, relative), content, { flag: 'wx' });
      } catch (cause) {
        failed = true;
        throw cause;
      }
    }
  };
  // Every writer has stopped before this returns or throws: the caller removes the staging directory on failure,
  // and a write still in flight would race that removal (rmSync then fails with ENOTEMPTY, an "internal error").
  const settled = await Promise.allSettled(Array.from({ length: Math.min(WRITERS, sorted.length) }, writer));
  const firstFailure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (firstFailure) {
    throw firstFailure.reason;
  }
}

const WRITERS = 32;

/**
 * Removes a directory marathon-to-eks wrote: the files its record lists, the record, then the directories left
 * empty. Never recursive, never through a symbolic link. Returns true when something else was found and kept.
 */
function removeRecorded(directory: string): boolean {
  try {
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
