/**
 * A shard folder: what one shard of a sweep leaves for `fleetsim merge` — the experiment's record
 * (`experiment.json`, the same in every shard), which shard this is and which jobs it ran
 * (`shard.json`), and their results in job order (`results.bin`, the checkpoint's record format:
 * exact bits, so merged tables equal those of a single run).
 */

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import type { RunResult } from '../metrics/run-recorder.js';
import { EXPERIMENT_FILE, formatExperimentRecord, readExperimentRecord, type ExperimentRecord } from './experiment-record.js';
import type { Job } from './job.js';
import { encodeRecordFile, readRecordFile } from './record-file.js';
import type { Shard } from './shard.js';

/** Names of the files that make a folder a shard folder. */
export const SHARD_FILE = 'shard.json';
export const RESULTS_FILE = 'results.bin';

/** The contents of `shard.json`. */
export interface ShardRecord {
  shard: { index: number; count: number };
  /** Job indices this shard ran, ascending. */
  jobs: number[];
}

/** The files of a finished shard. */
export function shardFiles(record: ExperimentRecord, shard: Shard, jobs: readonly Job[], results: readonly RunResult[]): Record<string, Uint8Array | string> {
  const sr: ShardRecord = { shard: { index: shard.index, count: shard.count }, jobs: jobs.map((j) => j.index) };
  return {
    [EXPERIMENT_FILE]: formatExperimentRecord(record),
    [SHARD_FILE]: JSON.stringify(sr, null, 2) + '\n',
    [RESULTS_FILE]: encodeRecordFile(jobs.map((j, i) => ({ job: j.index, result: results[i] }))),
  };
}

/** True when `dir` holds a shard. */
export function isShardFolder(dir: string): boolean {
  return existsSync(join(dir, SHARD_FILE));
}

/** A shard folder read back. */
export interface ShardContents {
  dir: string;
  record: ExperimentRecord;
  shard: ShardRecord;
  results: Map<number, RunResult>;
}

/** Reads a shard folder; `UserError`s name the folder and what is wrong with it. */
export function readShardFolder(dir: string): ShardContents {
  const record = readExperimentRecord(dir);
  let shard: ShardRecord;
  try {
    shard = JSON.parse(readFileSync(join(dir, SHARD_FILE), 'utf8')) as ShardRecord;
  } catch (e) {
    throw new UserError(`not a shard folder: cannot read ${SHARD_FILE} (${(e as Error).message})`, { location: { file: dir }, hint: 'give folders written by fleetsim run --shard' });
  }
  let records;
  try {
    records = readRecordFile(join(dir, RESULTS_FILE));
  } catch (e) {
    throw new UserError(`cannot read ${RESULTS_FILE}: ${(e as Error).message}`, { location: { file: dir } });
  }
  if (records.tornBytes > 0) throw new UserError(`${RESULTS_FILE} is damaged (${records.tornBytes} bytes after the last intact record)`, { location: { file: dir }, hint: 'rerun this shard' });
  const results = new Map(records.records.map((r) => [r.job, r.result]));
  const missing = shard.jobs.filter((j) => !results.has(j));
  if (missing.length > 0) throw new UserError(`${RESULTS_FILE} lacks ${missing.length} of the shard's jobs`, { location: { file: dir }, hint: 'rerun this shard' });
  return { dir, record, shard, results };
}
