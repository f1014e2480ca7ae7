import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '../scenario/schema.js';
import type { Variant } from '../scenario/sweep.js';
import type { RunResult } from '../metrics/run-recorder.js';
import { buildRunTables, type RunTables } from '../output/run-tables.js';
import { checkResultsDir } from '../output/results-dir.js';
import { FLEETSIM_VERSION } from '../version.js';
import type { Comparison } from './compare.js';
import { experimentFiles } from './experiment-files.js';
import { EXPERIMENT_FILE, experimentRecord, readExperimentRecord } from './experiment-record.js';
import { expandJobs, type Job } from './job.js';
import { JobsFailedError } from './jobs-failed-error.js';
import { runJobs } from './runner.js';
import { preflight } from './preflight.js';
import { SHARD_FILE, shardFiles, type ShardRecord } from './shard-folder.js';
import { formatShard, inShard, type Shard } from './shard.js';
import { WorkDir, workDirFor } from './work-dir.js';
import { writeResultsFolder } from './write-results-folder.js';

/** Options of {@link runExperiment}. */
export interface ExperimentOptions {
  /** Worker threads (0 = in this thread). */
  workers: number;
  /** Results folder; omitted = keep results in memory only. */
  outDir?: string;
  /** Replace an existing results folder (and discard a checkpoint left beside it). */
  force?: boolean;
  /** Continue from the checkpoint an interrupted run left beside `outDir`. */
  resume?: boolean;
  /** Run only this slice of the jobs and write a shard folder for `fleetsim merge`. */
  shard?: Shard;
  /** The scenario's variants (from `loadExperiment`); default: the scenario alone, as variant `base`. */
  variants?: readonly Variant[];
  /** Called once before any job runs: jobs in this run, and how many the checkpoint already holds. */
  onStart?: (info: { total: number; fromCheckpoint: number }) => void;
  onJobDone?: (job: Job, result: RunResult) => void;
  /** With `workers: 0`: what runs one job (tests inject failures); default: the world's `runJob`. */
  runInThread?: (scenario: Scenario, job: Job) => RunResult;
}

/** What {@link runExperiment} produced. */
export interface ExperimentOutcome {
  /** The jobs of this run (a shard's slice when sharded), in job order. */
  jobs: Job[];
  results: RunResult[];
  tables: RunTables;
  /** Encoded files by name (as written when `outDir` was given), manifest aside. */
  files: Record<string, Uint8Array | string>;
  /** The compare block's comparison (unsharded runs with a compare block and several variants). */
  comparison?: Comparison;
  warnings: string[];
  /** Jobs taken from the checkpoint rather than run. */
  fromCheckpoint: number;
  /** Jobs run now. */
  ran: number;
}

/** True when `dir` holds results of the experiment with scenario hash `hash` (a resume may replace them). */
function holdsExperiment(dir: string, hash: string): boolean {
  if (!existsSync(join(dir, EXPERIMENT_FILE))) return false;
  try {
    return readExperimentRecord(dir).scenario.hash === hash;
  } catch {
    return false;
  }
}

/**
 * True when `outDir` already holds the finished results of this experiment (or of this shard of
 * it) and no checkpoint waits beside it: `--resume` then has nothing to do. A restarted cluster
 * task relies on this to finish at once instead of running its shard again.
 */
export function completedRun(outDir: string, hash: string, shard?: Shard): boolean {
  if (existsSync(workDirFor(outDir)) || !existsSync(join(outDir, 'manifest.json')) || !holdsExperiment(outDir, hash)) return false;
  const shardFile = join(outDir, SHARD_FILE);
  if (!shard) return !existsSync(shardFile);
  try {
    const s = (JSON.parse(readFileSync(shardFile, 'utf8')) as ShardRecord).shard;
    return s.index === shard.index && s.count === shard.count;
  } catch {
    return false;
  }
}

/**
 * Runs every job of a scenario's variants (or a shard's slice of them) and, when `outDir` is
 * given, writes the results folder there atomically. Finished jobs go to a checkpoint beside the
 * folder as they finish, so an interrupted run resumes (`resume`) without redoing them; a failed
 * job leaves the checkpoint in place and the others finish. The output folder and checkpoint are
 * checked before any work so a mistake costs nothing.
 */
export async function runExperiment(scenario: Scenario, options: ExperimentOptions): Promise<ExperimentOutcome> {
  const variants = options.variants ?? [{ index: 0, name: 'base', overrides: [], scenario }];
  const record = experimentRecord(scenario, variants);
  const allJobs = expandJobs(scenario, variants);
  const jobs = allJobs.filter((j) => inShard(j.index, options.shard));
  const outDir = options.outDir;
  const replace = (options.force ?? false) || (options.resume === true && outDir !== undefined && holdsExperiment(outDir, scenario.source.hash));
  if (outDir) checkResultsDir(outDir, replace);
  const traces = preflight(variants.map((v) => v.scenario));
  const work = outDir
    ? WorkDir.open(outDir, { hash: scenario.source.hash, jobs: allJobs.length, shard: options.shard, fleetsimVersion: FLEETSIM_VERSION }, { resume: options.resume ?? false, force: options.force ?? false })
    : undefined;
  const startedAt = new Date();
  const done = new Map<number, RunResult>();
  for (const j of jobs) {
    const r = work?.done.get(j.index);
    if (r) done.set(j.index, r);
  }
  const fromCheckpoint = done.size;
  const toRun = jobs.filter((j) => !done.has(j.index));
  options.onStart?.({ total: jobs.length, fromCheckpoint });
  try {
    if (toRun.length > 0) {
      await runJobs(
        variants.map((v) => v.scenario),
        toRun,
        {
          workers: options.workers,
          runInThread: options.runInThread,
          traces,
          onJobDone: (job, result) => {
            work?.append(job.index, result);
            done.set(job.index, result);
            options.onJobDone?.(job, result);
          },
        },
      );
    }
  } catch (e) {
    work?.release();
    if (e instanceof JobsFailedError && work) {
      const kept = done.size;
      throw new JobsFailedError(e.failures, toRun.length, `${kept} of ${jobs.length} job(s) are done and kept in ${work.path}; fix the cause and rerun with --resume to run only the rest`);
    }
    throw e;
  }
  const results = jobs.map((j) => done.get(j.index) as RunResult);
  let built: { tables: RunTables; files: Record<string, Uint8Array | string>; comparison?: Comparison; warnings: string[] };
  if (options.shard) {
    built = { tables: buildRunTables(jobs, results), files: shardFiles(record, options.shard, jobs, results), warnings: [] };
  } else {
    built = experimentFiles(record, jobs, results);
  }
  if (outDir && work) {
    const run: Record<string, unknown> = {};
    if (options.shard) run.shard = formatShard(options.shard);
    if (work.resumed) Object.assign(run, { resumed: true, jobs_from_checkpoint: fromCheckpoint, jobs_run: toRun.length });
    writeResultsFolder(
      outDir,
      built.files,
      {
        scenario: { name: scenario.name, file: scenario.source.file, hash: scenario.source.hash },
        seed: scenario.seed,
        jobs: jobs.length,
        workers: options.workers,
        startedAt,
        finishedAt: new Date(),
        run: Object.keys(run).length > 0 ? run : undefined,
      },
      replace,
    );
    work.remove();
  }
  return { jobs, results, ...built, fromCheckpoint, ran: toRun.length };
}
