import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadScenario } from '../scenario/load.js';
import { runExperiment } from '../experiment/run-experiment.js';
import { formatSummary } from '../output/format-summary.js';
import type { CliIO } from './io.js';
import { collect, intFlag } from './parse-flags.js';

/** Options of `fleetsim run`. */
export interface RunCommandOptions {
  out?: string;
  workers?: number;
  seed?: number;
  set?: string[];
  force?: boolean;
  metric?: string[];
}

/** `fleetsim run FILE`: runs every replicate on worker threads and writes the result tables. */
export async function runCommand(file: string, opts: RunCommandOptions, io: CliIO): Promise<number> {
  const scenario = loadScenario(file, { set: opts.set, seed: opts.seed });
  const outDir = opts.out ?? join('results', scenario.name);
  const workers = opts.workers ?? availableParallelism();
  const outcome = await runExperiment(scenario, { workers, outDir, force: opts.force });
  io.out(
    formatSummary(outcome.tables.summary, {
      title: `${scenario.name}: ${outcome.jobs.length} run(s), seed ${scenario.seed}, horizon ${scenario.horizon} s`,
      metrics: opts.metric,
    }),
  );
  io.out(`\nwrote ${outDir}/ (${Object.keys(outcome.files).join(', ')}, manifest.json)\n`);
  return 0;
}

/** Adds `run` to the program. */
export function registerRun(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('run')
    .description('run a scenario (all replicates) and write Arrow tables')
    .argument('<file>', 'scenario YAML file')
    .option('-o, --out <dir>', 'results folder (default: results/<scenario name>)')
    .option('-w, --workers <n>', 'worker threads (default: number of cores)', intFlag(1, 1024))
    .option('--seed <n>', 'override the scenario seed', intFlag(0, 2 ** 31 - 1))
    .option('--set <path=value>', 'override a scenario value (repeatable), e.g. stations[0].servers=16', collect)
    .option('-f, --force', 'replace an existing results folder')
    .option('-m, --metric <pattern>', 'only print these metrics (repeatable; * matches anything)', collect)
    .action(async (file: string, opts: RunCommandOptions) => setExit(await runCommand(file, opts, io)));
}
