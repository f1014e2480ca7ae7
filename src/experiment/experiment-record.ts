/**
 * `experiment.json`: what an experiment is, independent of how it was run — the scenario's name,
 * hash and seed, its variants with their swept values, and its compare block. It is written into
 * every results folder and shard folder; `merge` rebuilds the job list from it, `compare` and
 * `report` read the variants and the baseline from it. Nothing in it varies between runs.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import type { Scenario } from '../scenario/schema.js';
import type { CompareSpec } from '../scenario/sweep-schema.js';
import type { SweepOverride, Variant } from '../scenario/sweep.js';
import { FLEETSIM_VERSION, OUTPUT_FORMAT_VERSION } from '../version.js';
import { jobsOf, type Job } from './job.js';

/** File name of the record inside a results or shard folder. */
export const EXPERIMENT_FILE = 'experiment.json';

/** One variant as recorded. */
export interface VariantRecord {
  index: number;
  name: string;
  seed: number;
  replicates: number;
  overrides: SweepOverride[];
}

/** The contents of `experiment.json`. */
export interface ExperimentRecord {
  format_version: string;
  fleetsim_version: string;
  scenario: { name: string; description: string; hash: string; seed: number };
  /** Swept paths, in column order. */
  params: string[];
  variants: VariantRecord[];
  compare?: CompareSpec;
  jobs: number;
}

/** The record of an experiment. */
export function experimentRecord(scenario: Scenario, variants: readonly Variant[]): ExperimentRecord {
  const params: string[] = [];
  for (const v of variants) for (const o of v.overrides) if (!params.includes(o.path)) params.push(o.path);
  const vs = variants.map((v) => ({ index: v.index, name: v.name, seed: v.scenario.seed, replicates: v.scenario.replicates, overrides: [...v.overrides] }));
  const record: ExperimentRecord = {
    format_version: OUTPUT_FORMAT_VERSION,
    fleetsim_version: FLEETSIM_VERSION,
    scenario: { name: scenario.name, description: scenario.description, hash: scenario.source.hash, seed: scenario.seed },
    params,
    variants: vs,
    jobs: vs.reduce((n, v) => n + v.replicates, 0),
  };
  if (scenario.compare) record.compare = JSON.parse(JSON.stringify(scenario.compare)) as CompareSpec;
  return record;
}

/** The jobs of a recorded experiment, exactly as `expandJobs` made them. */
export function recordJobs(record: ExperimentRecord): Job[] {
  return jobsOf(record.variants);
}

/** `experiment.json` as text (stable: the same experiment always gives the same bytes). */
export function formatExperimentRecord(record: ExperimentRecord): string {
  return JSON.stringify(record, null, 2) + '\n';
}

/** Reads `experiment.json` from a results folder; a `UserError` when it is missing or of another format. */
export function readExperimentRecord(dir: string): ExperimentRecord {
  const path = join(dir, EXPERIMENT_FILE);
  let record: ExperimentRecord;
  try {
    record = JSON.parse(readFileSync(path, 'utf8')) as ExperimentRecord;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? 'not a fleetsim results folder (no experiment.json)' : `cannot read experiment.json: ${(e as Error).message}`, {
      location: { file: dir },
      hint: code === 'ENOENT' ? 'give the folder `fleetsim run` wrote (results/<name>/)' : undefined,
    });
  }
  if (record.format_version !== OUTPUT_FORMAT_VERSION) {
    throw new UserError(`written in fleetsim output format ${record.format_version}; this fleetsim reads format ${OUTPUT_FORMAT_VERSION}`, {
      location: { file: path },
      hint: 'rerun the scenario with this fleetsim version',
    });
  }
  return record;
}
