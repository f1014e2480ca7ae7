import type { Scenario } from '../scenario/schema.js';
import type { SweepOverride, Variant } from '../scenario/sweep.js';

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
  /** The variant's swept values (none without a sweep); they name the parameter columns of the tables. */
  overrides?: readonly SweepOverride[];
}

/**
 * Expands a scenario into its jobs: every variant × every replicate (without `variants`, the
 * scenario is the one variant `base`). A job's seed and replicate never depend on its variant, so
 * replicate r of every variant draws the same random streams (common random numbers).
 */
export function expandJobs(scenario: Scenario, variants?: readonly Variant[]): Job[] {
  const list = variants ?? [{ index: 0, name: 'base', overrides: [], scenario }];
  return jobsOf(list.map((v) => ({ index: v.index, name: v.name, seed: v.scenario.seed, replicates: v.scenario.replicates, overrides: v.overrides })));
}

/** The jobs of variants given by their seed and replicate count (a scenario's, or as `experiment.json` records them). */
export function jobsOf(variants: readonly { index: number; name: string; seed: number; replicates: number; overrides: readonly SweepOverride[] }[]): Job[] {
  const jobs: Job[] = [];
  for (const v of variants) {
    for (let r = 0; r < v.replicates; r++) {
      jobs.push({ index: jobs.length, variant: v.index, variantName: v.name, replicate: r, seed: v.seed, overrides: v.overrides });
    }
  }
  return jobs;
}
