/**
 * Shards: a deterministic slice of an experiment's jobs, so the machines of a cluster scheduler
 * (a Kubernetes Indexed Job, a Slurm array) each run a part and `fleetsim merge` joins the parts.
 * Shard i of n runs the jobs whose index is i modulo n (round-robin rather than contiguous blocks:
 * sweeps usually grow heavier along a grid axis, and striding spreads the heavy variants evenly).
 */

import { join } from 'node:path';
import { UserError } from '../errors.js';

/** Shard `index` of `count` (0 ≤ index < count). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

const SHARD_EXPECTED = 'i/n with 0 ≤ i < n, such as 0/4, 1/4, 2/4, 3/4';

/** Reads `i/n`; returns the problem as a sentence when the text is not a valid shard. */
export function parseShard(text: string): Shard | string {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return `'${text}' is not a shard: expected ${SHARD_EXPECTED}`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(count) || count < 1) return `a sweep is split into at least 1 shard, got ${m[2]}: expected ${SHARD_EXPECTED}`;
  if (!Number.isSafeInteger(index) || index >= count) {
    return `shard index ${m[1]} is out of range for ${count} shard${count === 1 ? '' : 's'}: expected ${SHARD_EXPECTED.replace('such as 0/4, 1/4, 2/4, 3/4', `from 0/${count} to ${count - 1}/${count}`)}`;
  }
  return { index, count };
}

/** Environment variables that carry a shard index, in the order they are consulted. */
export const SHARD_INDEX_ENV = ['JOB_COMPLETION_INDEX', 'SLURM_ARRAY_TASK_ID'] as const;

/**
 * The shard to run, from `--shard i/n`, or from `--shards n` with the index in the environment:
 * `JOB_COMPLETION_INDEX` (Kubernetes Indexed Job, 0-based) or `SLURM_ARRAY_TASK_ID` (Slurm array;
 * counted from `SLURM_ARRAY_TASK_MIN` when set, so `--array=1-4` works as well as `--array=0-3`).
 * Undefined when neither flag is given (the whole experiment).
 */
export function resolveShard(flags: { shard?: string; shards?: number }, env: Readonly<Record<string, string | undefined>>): Shard | undefined {
  let fromFlag: Shard | undefined;
  if (flags.shard !== undefined) {
    const s = parseShard(flags.shard);
    if (typeof s === 'string') throw new UserError(s, { location: { file: `--shard ${flags.shard}` } });
    fromFlag = s;
    if (flags.shards !== undefined && flags.shards !== s.count) {
      throw new UserError(`--shard ${flags.shard} says ${s.count} shards but --shards says ${flags.shards}`, { location: { file: '--shards' }, expected: 'one of --shard i/n or --shards n' });
    }
    return fromFlag;
  }
  if (flags.shards === undefined) return undefined;
  const count = flags.shards;
  for (const name of SHARD_INDEX_ENV) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    if (!/^\s*\d+\s*$/.test(raw)) throw new UserError(`${name}='${raw}' is not a whole number`, { location: { file: name }, expected: 'the shard index, a whole number ≥ 0' });
    let index = Number(raw);
    const min = name === 'SLURM_ARRAY_TASK_ID' ? env.SLURM_ARRAY_TASK_MIN : undefined;
    if (min !== undefined && /^\s*\d+\s*$/.test(min)) index -= Number(min);
    if (index < 0 || index >= count) {
      throw new UserError(`${name}=${raw} is out of range for --shards ${count}`, {
        location: { file: name },
        expected: `a shard index from 0 to ${count - 1}`,
        hint: name === 'SLURM_ARRAY_TASK_ID' ? `submit the array as --array=0-${count - 1}` : `set completions: ${count} in the Indexed Job`,
      });
    }
    return { index, count };
  }
  throw new UserError(`--shards ${count} needs the shard index, and no ${SHARD_INDEX_ENV.join(' or ')} is set`, {
    location: { file: '--shards' },
    expected: '--shard i/n, or --shards n inside a Kubernetes Indexed Job or a Slurm array',
  });
}

/** True when job `index` belongs to `shard`. */
export function inShard(index: number, shard: Shard | undefined): boolean {
  return shard === undefined || index % shard.count === shard.index;
}

/** `2/4` */
export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/** The folder a shard writes: `shard-02-of-16` inside the results folder, so every shard can share one `--out`. */
export function shardDir(outDir: string, shard: Shard): string {
  const w = String(shard.count - 1).length;
  return join(outDir, `shard-${String(shard.index).padStart(w, '0')}-of-${shard.count}`);
}
