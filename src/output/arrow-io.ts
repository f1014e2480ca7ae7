import { readFileSync } from 'node:fs';
import { Schema, Table, makeVector, tableFromIPC, tableToIPC, vectorFromArray, Utf8, type Vector } from 'apache-arrow';
import { UserError } from '../errors.js';
import { OUTPUT_FORMAT_VERSION } from '../version.js';

/** A column as fleetsim builds it: numbers in typed arrays, text as string arrays. */
export type Column = Float64Array | Int32Array | string[];

/** Metadata key holding the output format version. */
export const FORMAT_KEY = 'fleetsim.format_version';

/**
 * Encodes columns as an Arrow IPC file with schema metadata. Typed arrays are handed to Arrow
 * without copying. Column order is the order of `columns`' keys, so output bytes are a pure
 * function of the input.
 */
export function encodeArrowTable(columns: Record<string, Column>, metadata: Record<string, string>): Uint8Array {
  const vectors: Record<string, Vector> = {};
  let rows = -1;
  for (const [name, col] of Object.entries(columns)) {
    if (rows >= 0 && col.length !== rows) throw new Error(`arrow: column '${name}' has ${col.length} rows, expected ${rows}`);
    rows = col.length;
    vectors[name] = Array.isArray(col) ? vectorFromArray(col, new Utf8()) : makeVector(col);
  }
  const bare = new Table(vectors);
  const meta = new Map<string, string>([[FORMAT_KEY, OUTPUT_FORMAT_VERSION], ...Object.entries(metadata)]);
  const table = new Table(new Schema(bare.schema.fields, meta), bare.batches);
  return tableToIPC(table, 'file');
}

/** Reads an Arrow IPC file written by fleetsim, refusing other format versions. */
export function readArrowTable(path: string): Table {
  let table: Table;
  try {
    table = tableFromIPC(readFileSync(path));
  } catch (e) {
    throw new UserError(`cannot read Arrow table: ${(e as Error).message}`, { location: { file: path } });
  }
  const version = table.schema.metadata.get(FORMAT_KEY);
  if (version !== OUTPUT_FORMAT_VERSION) {
    throw new UserError(
      version === undefined
        ? 'not a fleetsim table (no format version in its schema metadata)'
        : `written in fleetsim output format ${version}; this fleetsim reads format ${OUTPUT_FORMAT_VERSION}`,
      { location: { file: path }, hint: 'rerun the scenario with this fleetsim version' },
    );
  }
  return table;
}
