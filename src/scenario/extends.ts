/**
 * Reading scenario files and resolving `extends:` chains into one located tree. A base path is
 * relative to the file that names it; chains may be any length, cycles are an error that names
 * the whole loop.
 */

import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { UserError, type SourceLocation } from '../errors.js';
import { mergeTrees } from './merge-trees.js';
import type { SourceMap } from './source-tree.js';
import { parseYamlSource } from './yaml-source.js';

const TOP_LEVEL_EXPECTED = 'a mapping of settings such as name:, horizon:, stations:';

/** Reads a file's text, turning file-system failures into `UserError`s located at `referencedAt` (an `extends:` value) when given. */
function readScenarioText(file: string, referencedAt?: SourceLocation): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // The location already names a top-level file; a base file is named in the message instead.
    const what = referencedAt ? `base scenario '${file}'` : 'the file';
    const location = referencedAt ?? { file };
    if (code === 'ENOENT') {
      if (referencedAt) return fail(`cannot find ${what}`, location, 'the path of a .yaml file, relative to the file that names it');
      return fail('no such file', location, 'the path of a scenario .yaml file');
    }
    if (code === 'EISDIR') return fail(`${referencedAt ? what : 'this'} is a directory, not a scenario file`, location, 'the path of a .yaml file');
    if (code === 'EACCES' || code === 'EPERM') return fail(`cannot read ${what}: permission denied`, location);
    return fail(`cannot read ${what} (${code ?? 'unknown error'})`, location);
  }
}

function fail(message: string, location: SourceLocation, expected?: string): never {
  throw new UserError(message, { location, expected });
}

/** Parses one scenario document and checks that it is a mapping (the shape every scenario file has). */
export function parseScenarioDocument(text: string, file: string): SourceMap {
  const root = parseYamlSource(text, { file, positions: true });
  if (root.kind === 'map') return root;
  if (root.kind === 'scalar' && root.value === null) {
    fail('the file is empty', { file, line: 1, col: 1 }, TOP_LEVEL_EXPECTED);
  }
  const got = root.kind === 'seq' ? 'a list' : `the value ${JSON.stringify(root.value)}`;
  return fail(`the top level is ${got}, not a mapping`, root.loc, TOP_LEVEL_EXPECTED);
}

/**
 * Resolves the `extends:` of an already parsed document (and of its bases, recursively) and
 * returns the merged tree without any `extends` key. `file` is the label the document was read
 * from; `chain` holds the absolute paths already on the way here, to detect cycles.
 */
export function resolveExtends(doc: SourceMap, file: string, chain: readonly string[] = [resolve(file)]): SourceMap {
  const entry = doc.entries.get('extends');
  if (!entry) return doc;
  const value = entry.node;
  if (value.kind !== 'scalar' || typeof value.value !== 'string' || value.value.trim() === '') {
    fail('extends must name one base file', value.loc, "a path such as 'base.yaml', relative to this file");
  }
  const target = value.value.trim();
  const baseFile = isAbsolute(target) ? target : join(dirname(file), target);
  const absolute = resolve(baseFile);
  if (chain.includes(absolute)) {
    const loop = [...chain.slice(chain.indexOf(absolute)), absolute].map((p) => basename(p)).join(' → ');
    fail(`extends makes a cycle: ${loop}`, value.loc, 'a chain of base files that ends in a file without extends');
  }
  const baseDoc = readScenarioDocument(baseFile, value.loc);
  const base = resolveExtends(baseDoc, baseFile, [...chain, absolute]);
  const own = new Map(doc.entries);
  own.delete('extends');
  return mergeTrees(base, { kind: 'map', loc: doc.loc, entries: own }) as SourceMap;
}

/** Reads and parses one scenario file (its `extends:` not yet resolved); `referencedAt` as for {@link readScenarioText}. */
export function readScenarioDocument(file: string, referencedAt?: SourceLocation): SourceMap {
  return parseScenarioDocument(readScenarioText(file, referencedAt), file);
}
