/**
 * `npm run docs`: writes `scenarios/REFERENCE.md` from the scenario schema (see `reference.ts`).
 * With `--check`, writes nothing and exits 1 when the file is stale.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { currentReference, REFERENCE_FILE } from './reference.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const path = resolve(root, REFERENCE_FILE);
const text = currentReference();
let old = '';
try {
  old = readFileSync(path, 'utf8');
} catch {
  old = '';
}
if (process.argv.includes('--check')) {
  if (old !== text) {
    process.stderr.write(`${REFERENCE_FILE} is stale: run npm run docs\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`${REFERENCE_FILE} is up to date\n`);
  }
} else if (old === text) {
  process.stdout.write(`${REFERENCE_FILE} is up to date\n`);
} else {
  writeFileSync(path, text);
  process.stdout.write(`wrote ${REFERENCE_FILE} (${text.split('\n').length} lines)\n`);
}
