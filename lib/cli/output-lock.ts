import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EnvironmentError } from './io';
import { OutputTarget, environmentError } from './output-target';

/** A held lock on an output directory; `release` is safe to call more than once. */
export interface OutputLock {
  readonly file: string;
  release(): void;
}

interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
}

/**
 * Two runs into one directory would each replace the other's output without a word, so a run holds a lock file
 * beside the output directory (not inside it: the directory itself is swapped) from before it reads its inputs
 * until its output is in place. A lock whose process is gone (`kill -9`, a crashed CI runner) is taken over.
 */
export function lockOutput(target: OutputTarget): OutputLock {
  const file = path.join(target.parent, `.${target.base}.marathon-to-eks.lock`);
  try {
    fs.mkdirSync(target.parent, { recursive: true });
  } catch (cause) {
    throw environmentError(cause, `cannot create the parent of --out ${target.display}`);
  }
  const owner: LockOwner = { pid: process.pid, hostname: os.hostname() };
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, `${JSON.stringify(owner)}\n`, { flag: 'wx' });
      break;
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw environmentError(cause, `cannot lock --out ${target.display}`);
      }
      const holder = readOwner(file);
      if (attempt === 0 && holder !== undefined && isGone(holder)) {
        fs.rmSync(file, { force: true });
        continue;
      }
      throw new EnvironmentError(
        `--out ${target.display} is being written by another marathon-to-eks run${holder ? ` (process ${holder.pid} on ${holder.hostname})` : ''}; ` +
          `wait for it to finish, or delete ${file} if no such run is active`,
      );
    }
  }
  let held = true;
  return {
    file,
    release: () => {
      if (held) {
        fs.rmSync(file, { force: true });
      }
      held = false;
    },
  };
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.hostname === 'string'
      ? { pid: owner.pid, hostname: owner.hostname }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Only a process on this machine can be checked; a lock from another host (a shared volume) is left alone. */
function isGone(owner: LockOwner): boolean {
  if (owner.hostname !== os.hostname()) {
    return false;
  }
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (cause) {
    return (cause as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
