/**
 * The sweep speed-up benchmark: 48 variants × 3 replicates of an M/M/c station
 * (bench/sweep-48x3.yaml), run with 1 and with 2 worker threads, timed wall-clock including the
 * worker pool's start-up, checkpoint writes and the results folder. Goal (issue 7): ≥ 1.8× on a
 * 2-core machine. It also checks that the Arrow files are byte-identical for 1 worker, 2 workers
 * and 4 shards merged. Each configuration runs `trials` times interleaved and the fastest counts
 * (the least disturbed by anything else on the machine).
 * Usage: `npx tsx bench/sweep.ts [trials]` (or as part of `npm run bench`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadExperiment } from '../src/scenario/load-experiment.js';
import { runExperiment } from '../src/experiment/run-experiment.js';
import { mergeShards } from '../src/experiment/merge.js';

/** What {@link benchSweep} returns. */
export interface SweepBenchResult {
  name: 'sweep';
  variants: number;
  jobs: number;
  trials: number;
  wall_s_workers_1: number;
  wall_s_workers_2: number;
  speedup: number;
  identical_1_vs_2_workers: boolean;
  identical_1_worker_vs_4_shards_merged: boolean;
  /** 1-minute load average before the benchmark: other work on the machine distorts the speed-up. */
  load_average_before: number;
}

const SCENARIO = new URL('./sweep-48x3.yaml', import.meta.url).pathname;
const TABLES = ['runs.arrow', 'summary.arrow', 'timeseries.arrow', 'compare.arrow', 'experiment.json'];

function identical(a: string, b: string): boolean {
  return TABLES.every((f) => readFileSync(join(a, f)).equals(readFileSync(join(b, f))));
}

/** Runs the benchmark; `trials` runs of each worker count, the fastest of each counts. */
export async function benchSweep(options: { trials?: number } = {}): Promise<SweepBenchResult> {
  const trials = options.trials ?? 2;
  const load = loadavg()[0];
  const root = mkdtempSync(join(tmpdir(), 'fleetsim-bench-sweep-'));
  const { scenario, variants } = loadExperiment(SCENARIO);
  const best: Record<number, number> = { 1: Infinity, 2: Infinity };
  try {
    for (let t = 0; t < trials; t++) {
      for (const workers of [1, 2]) {
        const outDir = join(root, `w${workers}-${t}`);
        const t0 = performance.now();
        await runExperiment(scenario, { workers, variants, outDir });
        best[workers] = Math.min(best[workers], (performance.now() - t0) / 1000);
      }
    }
    const shards = join(root, 'shards');
    for (let i = 0; i < 4; i++) await runExperiment(scenario, { workers: 1, variants, outDir: join(shards, `shard-${i}-of-4`), shard: { index: i, count: 4 } });
    mergeShards([shards], join(root, 'merged'), false);
    return {
      name: 'sweep',
      variants: variants.length,
      jobs: variants.length * scenario.replicates,
      trials,
      wall_s_workers_1: best[1],
      wall_s_workers_2: best[2],
      speedup: best[1] / best[2],
      identical_1_vs_2_workers: identical(join(root, 'w1-0'), join(root, 'w2-0')),
      identical_1_worker_vs_4_shards_merged: identical(join(root, 'w1-0'), join(root, 'merged')),
      load_average_before: load,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchSweep({ trials: process.argv[2] ? Number(process.argv[2]) : undefined });
  console.log(
    `sweep ${r.variants} variants × 3 replicates = ${r.jobs} jobs: 1 worker ${r.wall_s_workers_1.toFixed(2)} s, 2 workers ${r.wall_s_workers_2.toFixed(2)} s → ${r.speedup.toFixed(2)}× ` +
      `(best of ${r.trials}; load average before ${r.load_average_before.toFixed(2)}); byte-identical: 1 vs 2 workers ${r.identical_1_vs_2_workers}, 1 worker vs 4 shards merged ${r.identical_1_worker_vs_4_shards_merged}`,
  );
}
