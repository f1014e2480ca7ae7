/**
 * Reading trace files from disk. File-system failures become `UserError`s that name the path and say
 * what was expected there, because a wrong path in a scenario is the most common trace mistake.
 */

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { UserError } from '../../errors.js';

function fileSystemError(err: unknown, file: string, expected: string): UserError {
  const code = (err as NodeJS.ErrnoException).code;
  const location = { file };
  if (code === 'ENOENT') return new UserError('no such file or directory', { location, expected });
  if (code === 'EISDIR') return new UserError('this is a directory, not a trace file', { location, expected });
  if (code === 'ENOTDIR') return new UserError('this is a file, not a directory', { location, expected });
  if (code === 'EACCES' || code === 'EPERM') return new UserError('cannot read it: permission denied', { location });
  return new UserError(`cannot read it (${code ?? String(err)})`, { location, expected });
}

/** The text of a trace file; `expected` says what kind of file, e.g. `a Mooncake .jsonl trace`. */
export function readTraceFile(file: string, expected: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw fileSystemError(err, file, expected);
  }
}

/** True when `path` is a directory; a missing path is a `UserError`. */
export function isDirectory(path: string, expected: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch (err) {
    throw fileSystemError(err, path, expected);
  }
}

/** The files in `dir` whose names end with `extension`, sorted by name so the order never depends on the file system. */
export function listTraceFiles(dir: string, extension: string, expected: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    throw fileSystemError(err, dir, expected);
  }
  const files = names.filter((n) => n.endsWith(extension)).sort();
  if (files.length === 0) throw new UserError(`no ${extension} files in this directory`, { location: { file: dir }, expected });
  return files.map((n) => join(dir, n));
}

/** A trace's name: its file (or directory) name without extension. */
export function traceName(label: string): string {
  return basename(label, extname(label));
}
