import { readFileSync } from 'node:fs';

/**
 * fleetsim's version (from package.json, which sits one level above both `src/` and `dist/`) and
 * the format version of its output tables; readers refuse tables of another format version.
 */
export const FLEETSIM_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Bumped whenever a table's columns change meaning or shape. */
export const OUTPUT_FORMAT_VERSION = '1';
