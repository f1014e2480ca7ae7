/**
 * Comparing a variant with a baseline over replicates. Under common random numbers replicate r of
 * both saw the same arrivals, so the differences d_r = x_r − b_r have far less variance than x and
 * b on their own: the paired t-interval of mean(d) is the honest, narrow one. The unpaired (Welch)
 * interval is reported beside it to show what pairing bought.
 */

import { deviation, mean } from 'd3-array';
import { studentTQuantile } from './student-t.js';

/** The comparison of one metric of one variant with the baseline. */
export interface PairedDifference {
  /** Replicates present (with finite values) in both. */
  n: number;
  baselineMean: number;
  mean: number;
  /** mean(x − b) and its paired 95% t-interval. */
  diff: number;
  diffLo: number;
  diffHi: number;
  diffHalf: number;
  /** mean(x) / mean(b) and its 95% interval (delta method on the paired residuals x_r − R·b_r). */
  ratio: number;
  ratioLo: number;
  ratioHi: number;
  /** Half-width of Welch's unpaired 95% interval of the difference of means, for contrast. */
  unpairedHalf: number;
}

const t975 = (df: number) => (df > 0 && Number.isFinite(df) ? studentTQuantile(0.975, df) : NaN);

/** Half-width of Welch's 95% interval of mean(x) − mean(b): each side's own variance, Satterthwaite's degrees of freedom. */
function welchHalf(bs: readonly number[], xs: readonly number[]): number {
  const vb = bs.length > 1 ? (deviation(bs) as number) ** 2 / bs.length : NaN;
  const vx = xs.length > 1 ? (deviation(xs) as number) ** 2 / xs.length : NaN;
  const se = Math.sqrt(vb + vx);
  const df = (vb + vx) ** 2 / (vb ** 2 / (bs.length - 1) + vx ** 2 / (xs.length - 1));
  return se === 0 ? 0 : t975(df) * se;
}

/**
 * Compares `x` with `b`, paired by position (replicate). Pairs where either value is not finite are
 * left out; intervals are NaN with fewer than 2 pairs; with no pair at all, the means are each
 * side's own and the rest is NaN.
 */
export function pairedDifference(b: ArrayLike<number>, x: ArrayLike<number>): PairedDifference {
  const bs: number[] = [], xs: number[] = [];
  for (let i = 0; i < Math.min(b.length, x.length); i++) {
    if (Number.isFinite(b[i]) && Number.isFinite(x[i])) bs.push(b[i]), xs.push(x[i]);
  }
  const n = bs.length;
  // with no pair (one side undefined throughout — say, the escalation rate of a design that never
  // escalates), each side's mean is still its own; the difference and ratio are then undefined
  const ownMean = (v: ArrayLike<number>) => mean(Array.from(v).filter(Number.isFinite)) ?? NaN;
  const mb = n > 0 ? (mean(bs) as number) : ownMean(b);
  const mx = n > 0 ? (mean(xs) as number) : ownMean(x);
  const d = xs.map((v, i) => v - bs[i]);
  const diff = n > 0 ? (mean(d) as number) : NaN;
  const t = t975(n - 1);
  const sdD = n > 1 ? (deviation(d) as number) : NaN;
  const diffHalf = (t * sdD) / Math.sqrt(n);

  const ratio = n > 0 && mb !== 0 ? mx / mb : NaN;
  const resid = xs.map((v, i) => v - ratio * bs[i]);
  const sdR = n > 1 && Number.isFinite(ratio) ? (deviation(resid) as number) : NaN;
  const ratioHalf = (t * sdR) / (Math.sqrt(n) * Math.abs(mb));

  const unpairedHalf = welchHalf(bs, xs);

  return {
    n,
    baselineMean: mb,
    mean: mx,
    diff,
    diffLo: diff - diffHalf,
    diffHi: diff + diffHalf,
    diffHalf,
    ratio,
    ratioLo: ratio - ratioHalf,
    ratioHi: ratio + ratioHalf,
    unpairedHalf,
  };
}

/** The difference of means of two independent samples with Welch's 95% interval (non-finite values left out). */
export function unpairedDifference(b: ArrayLike<number>, x: ArrayLike<number>): { nBaseline: number; n: number; baselineMean: number; mean: number; diff: number; diffLo: number; diffHi: number; diffHalf: number } {
  const fin = (a: ArrayLike<number>) => Array.from(a).filter(Number.isFinite);
  const bs = fin(b), xs = fin(x);
  const mb = bs.length > 0 ? (mean(bs) as number) : NaN;
  const mx = xs.length > 0 ? (mean(xs) as number) : NaN;
  const half = welchHalf(bs, xs);
  const diff = mx - mb;
  return { nBaseline: bs.length, n: xs.length, baselineMean: mb, mean: mx, diff, diffLo: diff - half, diffHi: diff + half, diffHalf: half };
}
