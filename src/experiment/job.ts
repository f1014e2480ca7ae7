import type { Scenario } from '../scenario/schema.js';

/**
 * One unit of work: one variant of a scenario with one replicate's seed. Jobs are numbered in a
 * fixed order (variant-major, then replicate), and outputs are assembled in that order, which is
 * what makes results independent of worker count and shard split.
 */
export interface Job {
  /** Position in the experiment's job list. */
  index: number;
  /** Variant number and stable name (`base` for a scenario without a sweep). */
  variant: number;
  variantName: string;
  /** Replicate number, 0-based; random streams are derived from (seed, stream, replicate). */
  replicate: number;
  /** The scenario seed the streams derive from. */
  seed: number;
}

/** Expands a scenario into its jobs: every variant × every replicate. */
export function expandJobs(scenario: Scenario): Job[] {
  const jobs: Job[] = [];
  for (let r = 0; r < scenario.replicates; r++) {
    jobs.push({ index: jobs.length, variant: 0, variantName: 'base', replicate: r, seed: scenario.seed });
  }
  return jobs;
}
