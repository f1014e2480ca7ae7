import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { UserError } from '../errors.js';

/**
 * A results folder is replaced whole or not at all: files are written into a hidden sibling
 * folder, which is then renamed into place. An interrupted or failed run leaves earlier results
 * untouched and no half-written folder under the final name.
 */

/** Refuses to run when `dir` holds results and `force` is off (checked before any work). */
export function checkResultsDir(dir: string, force: boolean): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) {
    throw new UserError(`output path exists and is not a folder`, { location: { file: dir }, hint: 'choose another folder with --out' });
  }
  if (!force && readdirSync(dir).length > 0) {
    throw new UserError(`results folder already exists and is not empty`, {
      location: { file: dir },
      hint: 'pass --force to replace it, or --out DIR to write elsewhere',
    });
  }
}

/** Writes `files` (name → bytes or text) as the folder `dir`, replacing it atomically. */
export function writeResultsDir(dir: string, files: Record<string, Uint8Array | string>, force: boolean): void {
  checkResultsDir(dir, force);
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.${basename(dir)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  try {
    for (const [name, data] of Object.entries(files)) writeFileSync(join(tmp, name), data);
    if (existsSync(dir)) {
      const old = join(parent, `.${basename(dir)}.old-${process.pid}`);
      renameSync(dir, old);
      renameSync(tmp, dir);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(tmp, dir);
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
