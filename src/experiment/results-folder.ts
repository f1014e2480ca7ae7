/**
 * A results folder read back for `compare`, `check` and `report`: its experiment record and its
 * tables as columns (the same shapes `buildRunTables` makes).
 */

import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DataType, type Table } from 'apache-arrow';
import { UserError } from '../errors.js';
import { readArrowTable, type Column } from '../output/arrow-io.js';
import { readExperimentRecord, type ExperimentRecord } from './experiment-record.js';

/** Columns of an Arrow table: numbers as typed arrays, text as string arrays. */
export function tableColumns(table: Table): Record<string, Column> {
  const out: Record<string, Column> = {};
  for (const field of table.schema.fields) {
    const vec = table.getChild(field.name);
    if (!vec) continue;
    if (DataType.isUtf8(field.type) || DataType.isLargeUtf8(field.type)) out[field.name] = Array.from(vec.toArray() as ArrayLike<string>, String);
    else if (DataType.isInt(field.type) && field.type.bitWidth <= 32) out[field.name] = Int32Array.from(vec.toArray() as ArrayLike<number>);
    else out[field.name] = Float64Array.from(vec.toArray() as ArrayLike<number>, Number);
  }
  return out;
}

/** A results folder's contents. */
export interface ResultsFolder {
  dir: string;
  record: ExperimentRecord;
  runs: Record<string, Column>;
  summary: Record<string, Column>;
  /** Undefined when the folder has no such file. */
  timeseries?: Record<string, Column>;
  compare?: Record<string, Column>;
}

/** Reads a results folder written by `run` or `merge`. A `UserError` names what is missing. */
export function readResultsFolder(dir: string): ResultsFolder {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UserError('no such results folder', { location: { file: dir }, expected: 'a folder written by fleetsim run or fleetsim merge' });
  }
  const record = readExperimentRecord(dir);
  const read = (name: string) => (existsSync(join(dir, name)) ? tableColumns(readArrowTable(join(dir, name))) : undefined);
  const runs = read('runs.arrow');
  const summary = read('summary.arrow');
  if (!runs || !summary) throw new UserError('results folder lacks runs.arrow or summary.arrow', { location: { file: dir } });
  return { dir, record, runs, summary, timeseries: read('timeseries.arrow'), compare: read('compare.arrow') };
}

/**
 * A baseline for `check`: a results folder, or a `runs.arrow` file (whose folder then needs only
 * that file and `summary.arrow`).
 */
export function readBaseline(path: string): { runs: Record<string, Column>; label: string } {
  if (existsSync(path) && statSync(path).isFile()) {
    if (!path.endsWith('.arrow')) throw new UserError('is not an Arrow file or results folder', { location: { file: path }, expected: 'a results folder or its runs.arrow' });
    return { runs: tableColumns(readArrowTable(path)), label: `${basename(dirname(path))}/${basename(path)}` };
  }
  if (!existsSync(path)) throw new UserError('no such baseline', { location: { file: path }, expected: 'a results folder or its runs.arrow' });
  const runsPath = join(path, 'runs.arrow');
  if (!existsSync(runsPath)) throw new UserError('baseline folder has no runs.arrow', { location: { file: path }, expected: 'a results folder written by fleetsim run' });
  return { runs: tableColumns(readArrowTable(runsPath)), label: path };
}
