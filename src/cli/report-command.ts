import { join } from 'node:path';
import type { Command } from 'commander';
import { compareRuns } from '../experiment/compare.js';
import { summaryMetrics } from '../experiment/experiment-files.js';
import { EXPERIMENT_FILE } from '../experiment/experiment-record.js';
import { selectMetrics, unmatchedPatterns } from '../experiment/metric-pattern.js';
import { readResultsFolder } from '../experiment/results-folder.js';
import { UserError } from '../errors.js';
import { suggestionHint } from '../scenario/did-you-mean.js';
import { writeFileAtomic } from '../output/atomic-write.js';
import { buildReport } from '../output/report.js';
import { parsePareto } from './compare-command.js';
import type { CliIO } from './io.js';
import { collect } from './parse-flags.js';

/** Options of `fleetsim report`. */
export interface ReportCommandOptions {
  metric?: string[];
  pareto?: string;
  baseline?: string;
  out?: string;
}

/** Metrics charted when none are chosen (and the compare block names none): the first eight. */
const DEFAULT_CHARTS = 8;

/** `fleetsim report DIR`: writes DIR/report.html, self-contained, with SVG charts rendered here. */
export async function reportCommand(dir: string, opts: ReportCommandOptions, io: CliIO): Promise<number> {
  const folder = readResultsFolder(dir);
  const all = summaryMetrics(folder.summary);
  const spec = folder.record.compare;
  const missing = unmatchedPatterns(opts.metric, all);
  if (missing.length > 0) {
    throw new UserError(`no metric matches '${missing[0]}'`, { location: { file: '--metric' }, expected: 'a metric of summary.arrow (* matches anything)', hint: suggestionHint(missing[0], all, 'metrics') });
  }
  const chosen = opts.metric ?? spec?.metrics;
  // by default, the model's metrics (not the simulator's own bookkeeping such as sim.measured_s)
  const metrics = chosen ? selectMetrics(chosen, all) : all.filter((m) => !m.startsWith('sim.')).slice(0, DEFAULT_CHARTS);
  let comparison;
  if (folder.record.variants.length > 1) {
    const from = { file: join(dir, EXPERIMENT_FILE) };
    const pareto = parsePareto(opts.pareto) ?? spec?.pareto ?? (metrics.length >= 2 ? ([metrics[0], metrics[1]] as [string, string]) : undefined);
    comparison = compareRuns(folder.runs, all, {
      baseline: opts.baseline ?? spec?.baseline,
      metrics: metrics.length > 0 ? metrics : undefined,
      pareto: pareto && pareto.every((m) => all.includes(m)) ? pareto : undefined,
      higherIsBetter: spec?.higherIsBetter,
      from: { baseline: opts.baseline !== undefined ? { file: '--baseline' } : from },
    });
  }
  const html = await buildReport(folder, { metrics, comparison });
  const out = opts.out ?? join(dir, 'report.html');
  writeFileAtomic(out, html);
  io.out(`wrote ${out} (${(html.length / 1024).toFixed(0)} KiB, ${(html.match(/<svg/g) ?? []).length} charts)\n`);
  return 0;
}

/** Adds `report` to the program. */
export function registerReport(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('report')
    .description('write a self-contained report.html with charts (metric vs parameter with CI bands, Pareto front, time series)')
    .argument('<dir>', 'results folder written by fleetsim run or merge')
    .option('-m, --metric <pattern>', 'metrics to chart (repeatable; * matches anything; default: the compare block, else the first 8)', collect)
    .option('--pareto <m1,m2>', 'the two metrics of the Pareto scatter')
    .option('-b, --baseline <variant>', 'variant to compare with')
    .option('-o, --out <file>', 'where to write (default: DIR/report.html)')
    .action(async (dir: string, opts: ReportCommandOptions) => setExit(await reportCommand(dir, opts, io)));
}
