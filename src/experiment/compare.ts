/**
 * Comparing the variants of a sweep with a baseline: per variant and metric, the paired difference
 * and ratio with 95% intervals (paired by replicate, which under common random numbers is what
 * makes the intervals narrow), and the Pareto front of two chosen metrics. Works on the columns of
 * `runs.arrow`, so it runs the same on a fresh run and on a results folder read back from disk.
 */

import { UserError, type SourceLocation } from '../errors.js';
import type { Column } from '../output/arrow-io.js';
import { suggestionHint } from '../scenario/did-you-mean.js';
import { higherIsBetter, selectMetrics, unmatchedPatterns } from './metric-pattern.js';
import { pairedDifference, type PairedDifference } from './paired-difference.js';
import { paretoFront } from './pareto.js';

/** What to compare; locations say where each choice was made, for errors. */
export interface CompareOptions {
  /** Default: the first variant. */
  baseline?: string;
  /** Patterns with `*`; default: every metric. */
  metrics?: readonly string[];
  pareto?: readonly [string, string];
  higherIsBetter?: readonly string[];
  /** Where the options came from (`--baseline`, `compare.baseline` in a file), for error messages. */
  from?: { baseline?: SourceLocation; metrics?: SourceLocation; pareto?: SourceLocation };
}

/** One row of the comparison. */
export interface CompareRow extends PairedDifference {
  variant: string;
  metric: string;
  /** +1 significantly better than the baseline, −1 significantly worse, 0 neither (95%). */
  verdict: number;
}

/** The Pareto front of two metrics over the variants' means. */
export interface ParetoResult {
  metrics: [string, string];
  /** Per variant (variant order): the two means and whether it is on the front. */
  points: { variant: string; x: number; y: number; front: boolean }[];
  front: string[];
}

/** A finished comparison. */
export interface Comparison {
  baseline: string;
  metrics: string[];
  variants: string[];
  rows: CompareRow[];
  pareto?: ParetoResult;
}

function unknownMetric(name: string, known: readonly string[], location: SourceLocation | undefined, what: string): UserError {
  return new UserError(`no metric matches '${name}'`, { location, path: what, expected: 'a metric of the runs table (* matches anything)', hint: suggestionHint(name, known, 'metrics') });
}

/** The rows of `variant` by replicate. */
function byReplicate(variants: readonly string[], replicates: ArrayLike<number>, variant: string): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i < variants.length; i++) if (variants[i] === variant) out.set(replicates[i], i);
  return out;
}

/**
 * Compares every variant in `runs` with the baseline on `metricNames` (the metrics of the summary
 * table, in order). Throws a `UserError` for an unknown baseline or metric.
 */
export function compareRuns(runs: Record<string, Column>, metricNames: readonly string[], opts: CompareOptions = {}): Comparison {
  const variantCol = runs.variant as string[];
  const replicateCol = runs.replicate as Int32Array;
  const variants: string[] = [];
  for (const v of variantCol) if (!variants.includes(v)) variants.push(v);
  const baseline = opts.baseline ?? variants[0];
  if (!variants.includes(baseline)) {
    throw new UserError(`no variant is named '${baseline}'`, {
      location: opts.from?.baseline,
      expected: 'the name of a variant in runs.arrow',
      hint: suggestionHint(baseline, variants.length > 12 ? [] : variants, 'variants') ?? `variants include ${variants.slice(0, 4).join(', ')} (${variants.length} in all)`,
    });
  }
  const missing = unmatchedPatterns(opts.metrics, metricNames);
  if (missing.length > 0) throw unknownMetric(missing[0], metricNames, opts.from?.metrics, 'metric');
  const metrics = selectMetrics(opts.metrics, metricNames);

  // per variant, the row pairs (baseline row, own row) of the replicates both have, by replicate
  const baseRows = byReplicate(variantCol, replicateCol, baseline);
  const pairs = variants.map((variant) => {
    const own = byReplicate(variantCol, replicateCol, variant);
    const reps = [...baseRows.keys()].filter((r) => own.has(r)).sort((a, b) => a - b);
    return { base: reps.map((r) => baseRows.get(r)!), own: reps.map((r) => own.get(r)!) };
  });
  const rows: CompareRow[] = [];
  for (const metric of metrics) {
    const col = runs[metric] as Float64Array;
    const up = higherIsBetter(metric, opts.higherIsBetter);
    for (const [v, variant] of variants.entries()) {
      const d = pairedDifference(pairs[v].base.map((i) => col[i]), pairs[v].own.map((i) => col[i]));
      const better = up ? d.diffLo > 0 : d.diffHi < 0;
      const worse = up ? d.diffHi < 0 : d.diffLo > 0;
      rows.push({ variant, metric, verdict: variant === baseline ? 0 : better ? 1 : worse ? -1 : 0, ...d });
    }
  }

  let pareto: ParetoResult | undefined;
  if (opts.pareto) {
    const [mx, my] = opts.pareto;
    for (const m of [mx, my]) if (!metricNames.includes(m)) throw unknownMetric(m, metricNames, opts.from?.pareto, 'pareto');
    const meanOf = (metric: string, variant: string) => {
      const col = runs[metric] as Float64Array;
      let s = 0, n = 0;
      for (let i = 0; i < variantCol.length; i++) if (variantCol[i] === variant && Number.isFinite(col[i])) (s += col[i]), n++;
      return n > 0 ? s / n : NaN;
    };
    const xs = variants.map((v) => meanOf(mx, v));
    const ys = variants.map((v) => meanOf(my, v));
    const sx = higherIsBetter(mx, opts.higherIsBetter) ? -1 : 1;
    const sy = higherIsBetter(my, opts.higherIsBetter) ? -1 : 1;
    const onFront = paretoFront(xs.map((x) => sx * x), ys.map((y) => sy * y));
    pareto = {
      metrics: [mx, my],
      points: variants.map((variant, i) => ({ variant, x: xs[i], y: ys[i], front: onFront[i] })),
      front: variants.filter((_, i) => onFront[i]),
    };
  }
  return { baseline, metrics, variants, rows, pareto };
}

/** The comparison as the columns of `compare.arrow`: one row per variant (baseline included) and metric. */
export function compareColumns(c: Comparison): Record<string, Column> {
  const f = (get: (r: CompareRow) => number) => Float64Array.from(c.rows, get);
  const cols: Record<string, Column> = {
    variant: c.rows.map((r) => r.variant),
    baseline: c.rows.map(() => c.baseline),
    metric: c.rows.map((r) => r.metric),
    n_pairs: Int32Array.from(c.rows, (r) => r.n),
    baseline_mean: f((r) => r.baselineMean),
    mean: f((r) => r.mean),
    diff: f((r) => r.diff),
    diff_ci95_lo: f((r) => r.diffLo),
    diff_ci95_hi: f((r) => r.diffHi),
    diff_ci95_half: f((r) => r.diffHalf),
    ratio: f((r) => r.ratio),
    ratio_ci95_lo: f((r) => r.ratioLo),
    ratio_ci95_hi: f((r) => r.ratioHi),
    unpaired_ci95_half: f((r) => r.unpairedHalf),
    verdict: Int32Array.from(c.rows, (r) => r.verdict),
  };
  if (c.pareto) {
    const front = new Set(c.pareto.front);
    cols.pareto_front = Int32Array.from(c.rows, (r) => (front.has(r.variant) ? 1 : 0));
  }
  return cols;
}
