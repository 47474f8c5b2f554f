import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './io';
import { environmentError } from './output-target';

/**
 * Writes one file a command was asked for (`plan --html FILE`): never over one of the command's inputs, and
 * atomically, through a sibling temporary file renamed into place, so a full disk or a kill leaves either the old
 * file or the new one, never half of it.
 */
export function writeOutputFile(file: string, content: string, option: string, inputs: readonly string[]): void {
  const target = path.resolve(file);
  for (const input of inputs) {
    if (input !== '-' && sameFile(path.resolve(input), target)) {
      throw new UsageError(`${option} ${file} is one of the inputs; choose another file`);
    }
  }
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.m2e-${process.pid}.tmp`);
  try {
    fs.writeFileSync(temporary, content, { flag: 'wx' });
    fs.renameSync(temporary, target);
  } catch (cause) {
    fs.rmSync(temporary, { force: true });
    throw environmentError(cause, `cannot write ${option} ${file}`);
  }
}

function sameFile(a: string, b: string): boolean {
  if (a === b) {
    return true;
  }
  try {
    const [x, y] = [fs.statSync(a), fs.statSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}
