/**
 * Some jobs of an experiment threw while the others finished. The error names every failed job by
 * variant, replicate and seed (enough to rerun exactly that job), and is printed without a stack
 * trace of its own. Its exit code is 2 when every failure was an input mistake, else 1 (a bug).
 */

import { UserError } from '../errors.js';
import type { Job } from './job.js';

/** A job that threw, with what identifies it. */
export interface JobFailure {
  job: Job;
  message: string;
  userError: boolean;
  /** The stack inside the worker, for failures that are bugs. */
  stack?: string;
}

/** Thrown by the runner after every job has finished or failed. */
export class JobsFailedError extends UserError {
  readonly failures: readonly JobFailure[];

  constructor(failures: readonly JobFailure[], total: number, note?: string) {
    const sorted = [...failures].sort((a, b) => a.job.index - b.job.index);
    const lines = sorted.map((f) => `  variant ${f.job.variantName}, replicate ${f.job.replicate}, seed ${f.job.seed}: ${f.message}`);
    const firstBug = sorted.find((f) => !f.userError && f.stack);
    const stack = firstBug?.stack
      ? `\n  first failure's stack (a bug in fleetsim; please report it):\n${firstBug.stack.split('\n').slice(0, 8).map((l) => `    ${l.trim()}`).join('\n')}`
      : '';
    const text = `${failures.length} of ${total} job(s) failed:\n${lines.join('\n')}${stack}`;
    super(text, { hint: note }, failures.every((f) => f.userError) ? 2 : 1);
    this.failures = sorted;
  }
}
