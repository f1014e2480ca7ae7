/**
 * The CI gate: is a metric worse than in a baseline run by more than its allowed regression, and
 * is that worsening real (its 95% interval excludes no change)? Both must hold, so noise alone never
 * fails a build and a tiny but certain change does not either. Replicates with equal seeds are
 * paired (common random numbers make the interval tight); otherwise Welch's unpaired interval.
 */

import { UserError } from '../errors.js';
import type { Column } from '../output/arrow-io.js';
import { suggestionHint } from '../scenario/did-you-mean.js';
import { higherIsBetter, metricPattern } from './metric-pattern.js';
import { pairedDifference, unpairedDifference } from './paired-difference.js';

/** An allowed regression: `cost_per_artifact_usd=5%` (relative) or `tools.wait_p95_s=0.2` (absolute, in the metric's unit). */
export interface Threshold {
  pattern: string;
  relative: boolean;
  limit: number;
  text: string;
}

/** Reads `METRIC=5%` or `METRIC=0.2`; returns the problem as a sentence when malformed. */
export function parseThreshold(text: string): Threshold | string {
  const m = /^\s*([^=\s]+)\s*=\s*([+]?\d*\.?\d+(?:[eE][+-]?\d+)?)\s*(%?)\s*$/.exec(text);
  if (!m) return `'${text}' is not METRIC=LIMIT: expected e.g. cost_per_artifact_usd=5% or tools.wait_p95_s=0.2`;
  const value = Number(m[2]);
  return { pattern: m[1], relative: m[3] === '%', limit: m[3] === '%' ? value / 100 : value, text: text.trim() };
}

/** One checked metric of one variant. */
export interface CheckRow {
  variant: string;
  metric: string;
  threshold: string;
  paired: boolean;
  baselineMean: number;
  mean: number;
  /** Change in the worse direction: positive = worse. Relative for % thresholds, else absolute. */
  worsening: number;
  /** 95% interval of the worsening. */
  worseningLo: number;
  worseningHi: number;
  regressed: boolean;
}

const NOT_METRICS = new Set(['variant', 'replicate', 'seed']);

function rowsOf(runs: Record<string, Column>, variant: string): number[] {
  const v = runs.variant as string[];
  return v.map((x, i) => (x === variant ? i : -1)).filter((i) => i >= 0);
}

/**
 * Checks `current` against `baseline` (both `runs` tables) for every threshold, every metric its
 * pattern matches and every variant both have. Throws a `UserError` when a pattern matches no
 * metric or the runs share no variant.
 */
export function checkRegressions(
  current: Record<string, Column>,
  baseline: Record<string, Column>,
  thresholds: readonly Threshold[],
  opts: { higherIsBetter?: readonly string[]; exclude?: readonly string[] } = {},
): CheckRow[] {
  const exclude = new Set([...NOT_METRICS, ...(opts.exclude ?? [])]);
  const metrics = Object.keys(current).filter((k) => !exclude.has(k) && !Array.isArray(current[k]) && k in baseline);
  const cv = [...new Set(current.variant as string[])];
  const bv = new Set(baseline.variant as string[]);
  const variants = cv.filter((v) => bv.has(v));
  if (variants.length === 0) {
    throw new UserError('the results and the baseline share no variant', { location: { file: '--baseline' }, hint: `results have ${cv.slice(0, 3).join(', ')}; baseline has ${[...bv].slice(0, 3).join(', ')}` });
  }
  // per variant: its rows in both runs, paired by (replicate, seed) when every replicate has its partner
  const key = (runs: Record<string, Column>, i: number) => `${(runs.replicate as Int32Array)[i]}/${(runs.seed as Float64Array)[i]}`;
  const plans = variants.map((variant) => {
    const cr = rowsOf(current, variant), br = rowsOf(baseline, variant);
    const bIndex = new Map(br.map((i) => [key(baseline, i), i]));
    const pairs = cr.filter((i) => bIndex.has(key(current, i)));
    const paired = pairs.length >= 2 && pairs.length === cr.length && cr.length === br.length;
    return { cr, br, paired, pairs, partners: pairs.map((i) => bIndex.get(key(current, i))!) };
  });
  const rows: CheckRow[] = [];
  for (const t of thresholds) {
    const re = metricPattern(t.pattern);
    const matched = metrics.filter((m) => re.test(m));
    if (matched.length === 0) {
      throw new UserError(`no metric matches '${t.pattern}'`, { location: { file: `--max-regression ${t.text}` }, expected: 'a metric of runs.arrow (* matches anything)', hint: suggestionHint(t.pattern, metrics, 'metrics') });
    }
    for (const metric of matched) {
      const sign = higherIsBetter(metric, opts.higherIsBetter) ? -1 : 1;
      for (const [v, variant] of variants.entries()) {
        const { cr, br, paired, pairs, partners } = plans[v];
        const col = current[metric] as Float64Array, bcol = baseline[metric] as Float64Array;
        const d = paired
          ? pairedDifference(partners.map((i) => bcol[i]), pairs.map((i) => col[i]))
          : unpairedDifference(br.map((i) => bcol[i]), cr.map((i) => col[i]));
        const scale = t.relative ? Math.abs(d.baselineMean) : 1;
        const lo = (sign > 0 ? d.diffLo : -d.diffHi) / scale;
        const hi = (sign > 0 ? d.diffHi : -d.diffLo) / scale;
        const worsening = (sign * d.diff) / scale;
        // Worse beyond the threshold, and beyond noise: the whole interval lies on the worse side
        // (with a single replicate there is no interval, and the threshold alone decides).
        const regressed = worsening > t.limit && (Number.isNaN(lo) || lo > 0);
        rows.push({ variant, metric, threshold: t.text, paired, baselineMean: d.baselineMean, mean: d.mean, worsening, worseningLo: lo, worseningHi: hi, regressed });
      }
    }
  }
  return rows;
}
