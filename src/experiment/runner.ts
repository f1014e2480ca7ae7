import { fileURLToPath } from 'node:url';
import workerpool from 'workerpool';
import { isUserError } from '../errors.js';
import type { RunResult } from '../metrics/run-recorder.js';
import type { Scenario } from '../scenario/schema.js';
import type { Job } from './job.js';
import { JobsFailedError, type JobFailure } from './jobs-failed-error.js';
import { runJob } from './world.js';
import { TraceStore } from './trace-store.js';

/** Options of {@link runJobs}. */
export interface RunJobsOptions {
  /** Worker threads; 0 runs the jobs in this thread (library use, tests). */
  workers: number;
  /** Called as each job finishes, in completion order (which varies); results are in job order. */
  onJobDone?: (job: Job, result: RunResult) => void;
  /** What runs a job in this thread with `workers: 0` (tests substitute one that fails); default: the world's `runJob`. */
  runInThread?: (scenario: Scenario, job: Job) => RunResult;
  /** With `workers: 0`: the traces this thread has read already (`preflight`'s), for the jobs to share. */
  traces?: TraceStore;
}

export type { JobFailure };

/**
 * Where the worker module is: from TypeScript source (tests, `tsx`) the bootstrap that registers
 * tsx inside the thread; from the built `dist/`, the compiled worker itself.
 */
function workerScript(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  return fileURLToPath(new URL(fromSource ? './worker-bootstrap.mjs' : './worker.js', import.meta.url));
}

/**
 * Runs jobs on a pool of worker threads (or in-process with `workers: 0`) and returns their results
 * in job order. `scenarios` holds one scenario per variant (indexed by `job.variant`). If any job
 * fails, the others still finish, then a `JobsFailedError` lists every failed job with its
 * variant, replicate and seed.
 */
export async function runJobs(scenarios: readonly Scenario[], jobs: readonly Job[], options: RunJobsOptions): Promise<RunResult[]> {
  const scenarioOf = (job: Job): Scenario => scenarios[job.variant];
  const traces = options.traces ?? new TraceStore();
  const run = options.runInThread ?? ((scenario: Scenario, job: Job) => runJob(scenario, job, traces));
  const results: RunResult[] = new Array(jobs.length);
  const failures: JobFailure[] = [];
  if (options.workers <= 0) {
    jobs.forEach((job, i) => {
      try {
        results[i] = run(scenarioOf(job), job);
        options.onJobDone?.(job, results[i]);
      } catch (e) {
        failures.push({ job, message: e instanceof Error ? e.message : String(e), userError: isUserError(e), stack: e instanceof Error ? e.stack : undefined });
      }
    });
  } else {
    const pool = workerpool.pool(workerScript(), {
      workerType: 'thread',
      maxWorkers: options.workers,
      minWorkers: Math.min(options.workers, jobs.length),
    });
    try {
      await Promise.all(
        jobs.map((job, i) =>
          pool.exec('runJob', [scenarioOf(job), job]).then(
            (r: RunResult) => {
              results[i] = r;
              options.onJobDone?.(job, r);
            },
            (e: unknown) => {
              const err = e as { message?: string; name?: string; stack?: string };
              failures.push({ job, message: err?.message ?? String(e), userError: isUserError(e), stack: err?.stack });
            },
          ),
        ),
      );
    } finally {
      // NOTE: terminate(true) rather than terminate(): a plain terminate can hang when a worker died
      // while loading.
      await pool.terminate(failures.length > 0);
    }
  }
  if (failures.length > 0) throw new JobsFailedError(failures, jobs.length);
  return results;
}
