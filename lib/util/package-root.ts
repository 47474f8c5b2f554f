import * as fs from 'node:fs';
import * as path from 'node:path';

/** The folder holding package.json and `file` (a data file): `data/` sits beside it, in a checkout and in the installed package. */
export function packageRoot(file: string): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, file))) {
      return dir;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`cannot find ${file} above ${__dirname}`);
    }
  }
}
