/**
 * `fleetsim merge`: shard folders → the results folder a single run would have written, byte for
 * byte (the same `experimentFiles` over the same results in the same job order). Shards must come
 * from one experiment (same scenario hash, same fleetsim version, same shard count), each shard
 * exactly once and all of them present; anything else is refused before the output is touched.
 */

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import type { RunResult } from '../metrics/run-recorder.js';
import { checkResultsDir } from '../output/results-dir.js';
import { FLEETSIM_VERSION } from '../version.js';
import { experimentFiles, type ExperimentFiles } from './experiment-files.js';
import { recordJobs } from './experiment-record.js';
import type { Job } from './job.js';
import { isShardFolder, readShardFolder, type ShardContents } from './shard-folder.js';
import { writeResultsFolder } from './write-results-folder.js';

/** The shard folders named by `dirs`: each a shard folder, or a folder whose subfolders are shards. */
export function findShardFolders(dirs: readonly string[]): string[] {
  const out: string[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError('no such folder', { location: { file: dir }, expected: 'a shard folder written by fleetsim run --shard' });
    if (isShardFolder(dir)) {
      out.push(dir);
      continue;
    }
    const subs = readdirSync(dir)
      .filter((n) => !n.startsWith('.'))
      .map((n) => join(dir, n))
      .filter((p) => statSync(p).isDirectory() && isShardFolder(p))
      .sort();
    if (subs.length === 0) {
      throw new UserError('not a shard folder, and holds no shard folders', { location: { file: dir }, expected: 'folders written by fleetsim run --shard i/n (shard-i-of-n/)' });
    }
    out.push(...subs);
  }
  return out;
}

/** What {@link mergeShards} made. */
export interface MergeOutcome extends ExperimentFiles {
  shards: string[];
  jobs: Job[];
}

/** Checks that the shards belong together and cover every job once; returns the jobs and their results in job order. */
function joinShards(shards: readonly ShardContents[]): { jobs: Job[]; results: RunResult[] } {
  const [first] = shards;
  const hash = first.record.scenario.hash;
  for (const s of shards) {
    if (s.record.scenario.hash !== hash) {
      throw new UserError(`shards of different experiments: scenario hash ${s.record.scenario.hash.slice(0, 12)}… here, ${hash.slice(0, 12)}… in ${first.dir}`, {
        location: { file: s.dir },
        expected: 'shards of one sweep: the same scenario file, --set and --seed',
      });
    }
    if (s.record.fleetsim_version !== FLEETSIM_VERSION) {
      throw new UserError(`written by fleetsim ${s.record.fleetsim_version}; this is fleetsim ${FLEETSIM_VERSION}`, { location: { file: s.dir }, hint: 'merge with the fleetsim version that ran the shards' });
    }
    if (s.shard.shard.count !== first.shard.shard.count) {
      throw new UserError(`is shard ${s.shard.shard.index}/${s.shard.shard.count}, but ${first.dir} is of ${first.shard.shard.count} shards`, { location: { file: s.dir }, expected: 'shards of one split' });
    }
  }
  const count = first.shard.shard.count;
  const byIndex = new Map<number, ShardContents>();
  for (const s of shards) {
    const other = byIndex.get(s.shard.shard.index);
    if (other) throw new UserError(`shard ${s.shard.shard.index}/${count} is given twice (also ${other.dir})`, { location: { file: s.dir } });
    byIndex.set(s.shard.shard.index, s);
  }
  const missing = [...Array(count).keys()].filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    throw new UserError(`missing shard(s) ${missing.map((i) => `${i}/${count}`).join(', ')} of ${count}`, {
      location: { file: first.dir },
      expected: `all ${count} shard folders`,
      hint: 'run the missing shards (or wait for them), then merge again',
    });
  }
  const jobs = recordJobs(first.record);
  const results = new Array<RunResult>(jobs.length);
  for (const s of shards) for (const [job, result] of s.results) if (job < jobs.length) results[job] = result;
  const lacking = jobs.filter((j) => results[j.index] === undefined);
  if (lacking.length > 0) {
    const j = lacking[0];
    throw new UserError(`${lacking.length} job(s) are in no shard, e.g. variant ${j.variantName}, replicate ${j.replicate}`, { location: { file: first.dir } });
  }
  return { jobs, results };
}

/** Merges shard folders into the results folder `outDir` (replaced only with `force`). */
export function mergeShards(dirs: readonly string[], outDir: string, force: boolean): MergeOutcome {
  checkResultsDir(outDir, force);
  const startedAt = new Date();
  const folders = findShardFolders(dirs);
  const shards = folders.map(readShardFolder);
  const { jobs, results } = joinShards(shards);
  const made = experimentFiles(shards[0].record, jobs, results);
  const record = shards[0].record;
  writeResultsFolder(
    outDir,
    made.files,
    {
      scenario: { name: record.scenario.name, file: '', hash: record.scenario.hash },
      seed: record.scenario.seed,
      jobs: jobs.length,
      workers: 0,
      startedAt,
      finishedAt: new Date(),
      run: { merged_shards: folders },
    },
    force,
  );
  return { ...made, shards: folders, jobs };
}
