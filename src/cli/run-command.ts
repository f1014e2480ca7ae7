import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { loadExperiment } from '../scenario/load-experiment.js';
import { completedRun, runExperiment } from '../experiment/run-experiment.js';
import { formatShard, parseShard, resolveShard, shardDir, type Shard } from '../experiment/shard.js';
import { formatSummary } from '../output/format-summary.js';
import { formatSweepSummary } from '../output/format-sweep.js';
import { formatComparison } from '../output/format-compare.js';
import { selectMetrics } from '../experiment/metric-pattern.js';
import { summaryMetrics } from '../experiment/experiment-files.js';
import type { CliIO } from './io.js';
import { collect, intFlag } from './parse-flags.js';
import { ProgressBar, wantsProgress } from './progress.js';

/** Options of `fleetsim run`. */
export interface RunCommandOptions {
  out?: string;
  workers?: number;
  seed?: number;
  set?: string[];
  force?: boolean;
  metric?: string[];
  resume?: boolean;
  shard?: string;
  shards?: number;
}

/** `fleetsim run FILE`: runs every variant × replicate on worker threads and writes the result tables. */
export async function runCommand(file: string, opts: RunCommandOptions, io: CliIO): Promise<number> {
  const env = io.env ?? process.env;
  const shard = resolveShard({ shard: opts.shard, shards: opts.shards }, env);
  const { scenario, variants } = loadExperiment(file, { set: opts.set, seed: opts.seed });
  const base = opts.out ?? join('results', scenario.name);
  const outDir = shard ? shardDir(base, shard) : base;
  const workers = opts.workers ?? availableParallelism();
  if (opts.resume && completedRun(outDir, scenario.source.hash, shard)) {
    io.out(`${outDir}/ already holds the finished results of this ${shard ? 'shard' : 'experiment'}; nothing to resume\n`);
    return 0;
  }
  let bar: ProgressBar | undefined;
  let outcome;
  try {
    outcome = await runExperiment(scenario, {
      workers,
      outDir,
      force: opts.force,
      resume: opts.resume,
      shard,
      variants,
      onStart: ({ total, fromCheckpoint }) => {
        if (fromCheckpoint > 0) io.err(`resuming: ${fromCheckpoint} of ${total} job(s) done before, ${total - fromCheckpoint} to run\n`);
        if (wantsProgress(io.errIsTTY, env) && total > fromCheckpoint) bar = new ProgressBar((s) => io.err(s), total, fromCheckpoint);
      },
      onJobDone: () => bar?.tick(),
    });
  } finally {
    bar?.finish();
  }
  const runs = `${outcome.jobs.length} run(s)`;
  if (shard) {
    io.out(`${scenario.name}: shard ${formatShard(shard)}: ${runs} of ${variants.length} variant(s) × replicates, seed ${scenario.seed}\n`);
    io.out(`wrote ${outDir}/ — when every shard is done: fleetsim merge ${base} --out <dir>\n`);
    return 0;
  }
  if (variants.length === 1) {
    io.out(formatSummary(outcome.tables.summary, { title: `${scenario.name}: ${runs}, seed ${scenario.seed}, horizon ${scenario.horizon} s`, metrics: opts.metric }));
  } else {
    const all = summaryMetrics(outcome.tables.summary);
    const chosen = opts.metric ?? scenario.compare?.metrics;
    io.out(
      formatSweepSummary(outcome.tables.summary, {
        title: `${scenario.name}: ${variants.length} variants × ${scenario.replicates} replicate(s) = ${runs}, seed ${scenario.seed}, horizon ${scenario.horizon} s`,
        metrics: chosen ? selectMetrics(chosen, all) : undefined,
      }),
    );
  }
  if (outcome.comparison) {
    // compare.arrow has every metric; the terminal gets the chosen ones (or the first four)
    const c = outcome.comparison;
    const shown = opts.metric ? selectMetrics(opts.metric, c.metrics) : scenario.compare?.metrics ? c.metrics : c.metrics.slice(0, 4);
    io.out('\n' + formatComparison({ ...c, metrics: shown, rows: c.rows.filter((r) => shown.includes(r.metric)) }));
    if (shown.length < c.metrics.length) io.out(`(${c.metrics.length - shown.length} more metric(s) in compare.arrow)\n`);
  }
  for (const w of outcome.warnings) io.err(`warning: ${w}\n`);
  const resumed = outcome.fromCheckpoint > 0 ? ` — resumed: ${outcome.fromCheckpoint} job(s) from the checkpoint, ${outcome.ran} run now` : '';
  io.out(`\nwrote ${outDir}/ (${Object.keys(outcome.files).join(', ')}, manifest.json)${resumed}\n`);
  return 0;
}

function shardFlag(value: string) {
  const s = parseShard(value);
  if (typeof s === 'string') throw new InvalidArgumentError(s);
  return value;
}

/** Adds `run` to the program. */
export function registerRun(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('run')
    .description('run a scenario (every variant of its sweep × every replicate) and write Arrow tables')
    .argument('<file>', 'scenario YAML file')
    .option('-o, --out <dir>', 'results folder (default: results/<scenario name>)')
    .option('-w, --workers <n>', 'worker threads (default: number of cores)', intFlag(1, 1024))
    .option('--seed <n>', 'override the scenario seed', intFlag(0, 2 ** 31 - 1))
    .option('--set <path=value>', 'override a scenario value (repeatable), e.g. stations[0].servers=16', collect)
    .option('-f, --force', 'replace an existing results folder (and discard a checkpoint left beside it)')
    .option('-m, --metric <pattern>', 'only print these metrics (repeatable; * matches anything)', collect)
    .option('--resume', 'continue an interrupted run from its checkpoint: finished jobs are not run again')
    .option('--shard <i/n>', 'run shard i of n (jobs whose index is i mod n) and write <out>/shard-i-of-n/ for fleetsim merge', shardFlag)
    .option('--shards <n>', 'split into n shards, taking i from JOB_COMPLETION_INDEX (Kubernetes) or SLURM_ARRAY_TASK_ID (Slurm)', intFlag(1, 100_000))
    .action(async (file: string, opts: RunCommandOptions) => setExit(await runCommand(file, opts, io)));
}
