import { join } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { compareColumns, compareRuns } from '../experiment/compare.js';
import { provenance, summaryMetrics } from '../experiment/experiment-files.js';
import { EXPERIMENT_FILE } from '../experiment/experiment-record.js';
import { readResultsFolder } from '../experiment/results-folder.js';
import { encodeArrowTable } from '../output/arrow-io.js';
import { writeFileAtomic } from '../output/atomic-write.js';
import { formatComparison } from '../output/format-compare.js';
import { tableMetadata } from '../output/table-files.js';
import { updateManifestDigest } from '../output/manifest.js';
import type { CliIO } from './io.js';
import { collect } from './parse-flags.js';

/** Options of `fleetsim compare`. */
export interface CompareCommandOptions {
  baseline?: string;
  metric?: string[];
  pareto?: string;
  higherIsBetter?: string[];
  write?: boolean;
}

/** Reads `m1,m2` for --pareto. */
export function parsePareto(text: string | undefined): [string, string] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length !== 2) throw new UserError(`'${text}' does not name two metrics`, { location: { file: '--pareto' }, expected: 'two metrics separated by a comma, e.g. tools.wait_p95_s,tools.utilisation' });
  return [parts[0], parts[1]];
}

/**
 * `fleetsim compare DIR`: paired differences and ratios of every variant against the baseline,
 * printed and written to DIR/compare.arrow. Flags override the scenario's compare block.
 */
export function compareCommand(dir: string, opts: CompareCommandOptions, io: CliIO): number {
  const folder = readResultsFolder(dir);
  const spec = folder.record.compare ?? {};
  const recordFile = { file: join(dir, EXPERIMENT_FILE) };
  if (folder.record.variants.length < 2) {
    throw new UserError('has a single variant; compare needs a sweep', { location: { file: dir }, hint: 'add a sweep: block to the scenario (grid, zip or random)' });
  }
  const comparison = compareRuns(folder.runs, summaryMetrics(folder.summary), {
    baseline: opts.baseline ?? spec.baseline,
    metrics: opts.metric ?? spec.metrics,
    pareto: parsePareto(opts.pareto) ?? spec.pareto,
    higherIsBetter: [...(spec.higherIsBetter ?? []), ...(opts.higherIsBetter ?? [])],
    from: {
      baseline: opts.baseline !== undefined ? { file: '--baseline' } : recordFile,
      metrics: opts.metric !== undefined ? { file: '--metric' } : recordFile,
      pareto: opts.pareto !== undefined ? { file: '--pareto' } : recordFile,
    },
  });
  io.out(formatComparison(comparison));
  if (opts.write !== false) {
    const path = join(dir, 'compare.arrow');
    const bytes = encodeArrowTable(compareColumns(comparison), tableMetadata(provenance(folder.record), 'compare'));
    writeFileAtomic(path, bytes);
    updateManifestDigest(dir, 'compare.arrow', bytes);
    io.out(`\nwrote ${path}\n`);
  }
  return 0;
}

/** Adds `compare` to the program. */
export function registerCompare(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('compare')
    .description('compare the variants of a results folder with a baseline (paired by replicate) and write compare.arrow')
    .argument('<dir>', 'results folder written by fleetsim run or merge')
    .option('-b, --baseline <variant>', 'variant to compare with (default: the compare block, else the first variant)')
    .option('-m, --metric <pattern>', 'metrics to compare (repeatable; * matches anything)', collect)
    .option('--pareto <m1,m2>', 'report the Pareto front of two metrics')
    .option('--higher-is-better <pattern>', 'metrics where larger is better (repeatable)', collect)
    .option('--no-write', 'print only; do not write compare.arrow')
    .action((dir: string, opts: CompareCommandOptions) => setExit(compareCommand(dir, opts, io)));
}
