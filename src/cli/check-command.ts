import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { UserError } from '../errors.js';
import { readBaseline, readResultsFolder } from '../experiment/results-folder.js';
import { checkRegressions, parseThreshold, type Threshold } from '../experiment/regression-check.js';
import { formatNumber } from '../output/format-summary.js';
import { formatGrid } from '../output/format-sweep.js';
import type { CliIO } from './io.js';
import { collect } from './parse-flags.js';

/** Options of `fleetsim check`. */
export interface CheckCommandOptions {
  baseline: string;
  maxRegression?: string[];
  higherIsBetter?: string[];
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${formatNumber(100 * x, 3)}%`;

/**
 * `fleetsim check DIR --baseline B --max-regression METRIC=5%`: the CI gate. Exit 1 when some metric
 * is worse than the baseline beyond its threshold and beyond its 95% interval; 0 otherwise.
 */
export function checkCommand(dir: string, opts: CheckCommandOptions, io: CliIO): number {
  const thresholds: Threshold[] = (opts.maxRegression ?? []).map((t) => {
    const p = parseThreshold(t);
    if (typeof p === 'string') throw new UserError(p, { location: { file: '--max-regression' } });
    return p;
  });
  if (thresholds.length === 0) throw new UserError('nothing to check', { location: { file: 'fleetsim check' }, expected: 'at least one --max-regression METRIC=LIMIT, e.g. tools.wait_p95_s=5%' });
  const current = readResultsFolder(dir);
  const baseline = readBaseline(opts.baseline);
  const rows = checkRegressions(current.runs, baseline.runs, thresholds, {
    higherIsBetter: [...(current.record.compare?.higherIsBetter ?? []), ...(opts.higherIsBetter ?? [])],
    exclude: current.record.params,
  });
  const body = rows.map((r) => {
    const rel = r.threshold.endsWith('%');
    const f = (x: number) => (rel ? pct(x) : `${x >= 0 ? '+' : ''}${formatNumber(x)}`);
    return [
      r.regressed ? 'FAIL' : 'ok',
      r.variant,
      r.metric,
      formatNumber(r.baselineMean),
      formatNumber(r.mean),
      `${f(r.worsening)} [${f(r.worseningLo)}, ${f(r.worseningHi)}]`,
      `≤ ${r.threshold.split('=').pop()}`,
      r.paired ? 'paired' : 'unpaired',
    ];
  });
  io.out(`check ${dir} against ${baseline.label} (worsening: + is worse; 95% CI)\n\n`);
  io.out(formatGrid(['', 'variant', 'metric', 'baseline', 'now', 'worsening [CI]', 'allowed', ''], body, [false, false, false, true, true, true, false, false]).join('\n') + '\n');
  const failed = rows.filter((r) => r.regressed);
  if (failed.length > 0) {
    io.err(`\n${failed.length} regression(s):\n${failed.map((r) => `  ${r.metric} of ${r.variant}: ${formatNumber(r.baselineMean)} → ${formatNumber(r.mean)}, beyond ${r.threshold} and its 95% CI`).join('\n')}\n`);
    return 1;
  }
  io.out(`\nno regression beyond the thresholds (${rows.length} check(s))\n`);
  return 0;
}

function thresholdFlag(value: string, previous: string[] = []): string[] {
  const parsed = parseThreshold(value);
  if (typeof parsed === 'string') throw new InvalidArgumentError(parsed);
  return collect(value, previous);
}

/** Adds `check` to the program. */
export function registerCheck(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('check')
    .description('CI gate: exit 1 when a metric regressed against a baseline beyond its threshold and its 95% CI')
    .argument('<dir>', 'results folder to check')
    .requiredOption('-b, --baseline <file-or-dir>', 'baseline results folder (or its runs.arrow)')
    .option('--max-regression <metric=limit>', 'allowed worsening: METRIC=5% (relative) or METRIC=0.2 (absolute); repeatable; * in METRIC matches anything', thresholdFlag)
    .option('--higher-is-better <pattern>', 'metrics where larger is better (repeatable)', collect)
    .action((dir: string, opts: CheckCommandOptions) => setExit(checkCommand(dir, opts, io)));
}
