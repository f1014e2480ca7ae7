import { fileURLToPath } from 'node:url';
import workerpool from 'workerpool';
import { UserError, isUserError } from '../errors.js';
import type { RunResult } from '../metrics/run-recorder.js';
import type { Scenario } from '../scenario/schema.js';
import type { Job } from './job.js';
import { runJob } from './world.js';

/** Options of {@link runJobs}. */
export interface RunJobsOptions {
  /** Worker threads; 0 runs the jobs in this thread (library use, tests). */
  workers: number;
  /** Called as each job finishes, in completion order (which varies); results are in job order. */
  onJobDone?: (job: Job, result: RunResult) => void;
}

/** A job that threw, with what identifies it. */
export interface JobFailure {
  job: Job;
  message: string;
  userError: boolean;
}

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
 * in job order. If any job fails, the others still finish, then a `UserError` (for input mistakes)
 * or an `Error` lists every failed job with its variant and seed.
 */
export async function runJobs(scenario: Scenario, jobs: readonly Job[], options: RunJobsOptions): Promise<RunResult[]> {
  const results: RunResult[] = new Array(jobs.length);
  const failures: JobFailure[] = [];
  if (options.workers <= 0) {
    jobs.forEach((job, i) => {
      try {
        results[i] = runJob(scenario, job);
        options.onJobDone?.(job, results[i]);
      } catch (e) {
        failures.push({ job, message: e instanceof Error ? e.message : String(e), userError: isUserError(e) });
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
          pool.exec('runJob', [scenario, job]).then(
            (r: RunResult) => {
              results[i] = r;
              options.onJobDone?.(job, r);
            },
            (e: unknown) => {
              const err = e as { message?: string; name?: string };
              failures.push({ job, message: err?.message ?? String(e), userError: isUserError(e) });
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
  if (failures.length > 0) {
    failures.sort((a, b) => a.job.index - b.job.index);
    const lines = failures.map((f) => `  variant ${f.job.variantName}, replicate ${f.job.replicate}, seed ${f.job.seed}: ${f.message}`);
    const text = `${failures.length} of ${jobs.length} job(s) failed:\n${lines.join('\n')}`;
    if (failures.every((f) => f.userError)) throw new UserError(text);
    throw new Error(text);
  }
  return results;
}
