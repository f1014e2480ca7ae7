import type { Scenario } from '../scenario/schema.js';
import type { RunResult } from '../metrics/run-recorder.js';
import { encodeArrowTable } from '../output/arrow-io.js';
import { buildManifest } from '../output/manifest.js';
import { buildRunTables, type RunTables } from '../output/run-tables.js';
import { checkResultsDir, writeResultsDir } from '../output/results-dir.js';
import { FLEETSIM_VERSION } from '../version.js';
import { expandJobs, type Job } from './job.js';
import { runJobs } from './runner.js';

/** Options of {@link runExperiment}. */
export interface ExperimentOptions {
  /** Worker threads (0 = in this thread). */
  workers: number;
  /** Results folder; omitted = keep results in memory only. */
  outDir?: string;
  /** Replace an existing results folder. */
  force?: boolean;
  onJobDone?: (job: Job, result: RunResult) => void;
}

/** What {@link runExperiment} produced. */
export interface ExperimentOutcome {
  jobs: Job[];
  results: RunResult[];
  tables: RunTables;
  /** Encoded Arrow files by name (as written when `outDir` was given). */
  files: Record<string, Uint8Array>;
}

/**
 * Runs every job of a scenario and, when `outDir` is given, writes its tables and manifest there
 * atomically. The output folder is checked before any work so a mistake costs nothing.
 */
export async function runExperiment(scenario: Scenario, options: ExperimentOptions): Promise<ExperimentOutcome> {
  if (options.outDir) checkResultsDir(options.outDir, options.force ?? false);
  const startedAt = new Date();
  const jobs = expandJobs(scenario);
  const results = await runJobs(scenario, jobs, { workers: options.workers, onJobDone: options.onJobDone });
  const tables = buildRunTables(jobs, results);
  const meta = {
    'fleetsim.version': FLEETSIM_VERSION,
    'fleetsim.scenario': scenario.name,
    'fleetsim.scenario_hash': scenario.source.hash,
    'fleetsim.seed': String(scenario.seed),
  };
  const files: Record<string, Uint8Array> = {
    'runs.arrow': encodeArrowTable(tables.runs, { ...meta, 'fleetsim.table': 'runs' }),
    'summary.arrow': encodeArrowTable(tables.summary, { ...meta, 'fleetsim.table': 'summary' }),
    'timeseries.arrow': encodeArrowTable(tables.timeseries, { ...meta, 'fleetsim.table': 'timeseries' }),
  };
  if (options.outDir) {
    const manifest = buildManifest({
      scenario: { name: scenario.name, file: scenario.source.file, hash: scenario.source.hash },
      seed: scenario.seed,
      jobs: jobs.length,
      workers: options.workers,
      startedAt,
      finishedAt: new Date(),
      tables: files,
    });
    writeResultsDir(options.outDir, { ...files, 'manifest.json': JSON.stringify(manifest, null, 2) + '\n' }, options.force ?? false);
  }
  return { jobs, results, tables, files };
}
