/**
 * Samplers of the two empirical forms: a finite set of values (optionally weighted) and a
 * piecewise-linear CDF. Both invert a cumulative table, so each draw takes one uniform and is
 * monotone in it: two designs whose empirical inputs differ slightly still draw strongly
 * correlated values under common random numbers (the alias method would scramble that).
 * Constructors trust their input: `makeSampler` validates specs with `checkDistSpec` first.
 */
import type { UniformSource } from '../random-streams.js';
import type { Sampler } from './sampler.js';
import { CompensatedSum } from '../compensated-sum.js';

/** Smallest i in [0, last] with table[i] > target, or `last` if there is none. */
function firstAbove(table: Float64Array, target: number, last: number): number {
  let lo = 0;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (table[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * One of `values`, uniformly or with probability proportional to `weights`. Values are sorted so
 * the draw is the inverse CDF of the discrete distribution.
 */
export class EmpiricalValuesSampler implements Sampler {
  readonly mean: number;
  /** Values in ascending order. */
  private readonly values: Float64Array;
  /** Cumulative weights in the same order; empty when no weights were given (all equal). */
  private readonly cumulative: Float64Array;
  private readonly total: number;
  /** Index of the last value with positive weight. */
  private readonly last: number;
  private readonly source: UniformSource;

  constructor(values: readonly number[], weights: readonly number[] | undefined, source: UniformSource) {
    const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
    this.values = Float64Array.from(order, (i) => values[i]);
    this.source = source;
    if (weights === undefined) {
      this.cumulative = new Float64Array(0);
      this.total = values.length;
      this.last = values.length - 1;
      const sum = new CompensatedSum();
      for (const v of values) sum.add(v);
      this.mean = sum.value / values.length;
      return;
    }
    this.cumulative = new Float64Array(values.length);
    const total = new CompensatedSum();
    const moment = new CompensatedSum();
    let last = 0;
    order.forEach((i, rank) => {
      total.add(weights[i]);
      moment.add(weights[i] * values[i]);
      this.cumulative[rank] = total.value;
      if (weights[i] > 0) last = rank;
    });
    this.total = total.value;
    this.last = last;
    this.mean = moment.value / this.total;
  }

  sample(): number {
    const u = this.source();
    // min: a 53-bit u just below 1 can round u·n up to n.
    if (this.cumulative.length === 0) return this.values[Math.min(Math.floor(u * this.total), this.last)];
    return this.values[firstAbove(this.cumulative, u * this.total, this.last)];
  }
}

/**
 * The inverse of a piecewise-linear CDF through points (x, F(x)). Flat stretches of F carry no
 * probability and are never drawn; repeated x values with rising F are point masses.
 */
export class EmpiricalCdfSampler implements Sampler {
  readonly mean: number;
  private readonly xs: Float64Array;
  private readonly fs: Float64Array;
  /** dx/dF of each segment (0 for flat ones, which are never selected). */
  private readonly slopes: Float64Array;
  private readonly source: UniformSource;

  constructor(cdf: readonly (readonly [number, number])[], source: UniformSource) {
    const m = cdf.length;
    this.xs = Float64Array.from(cdf, (p) => p[0]);
    this.fs = Float64Array.from(cdf, (p) => p[1]);
    this.slopes = new Float64Array(m - 1);
    const mean = new CompensatedSum();
    for (let i = 0; i < m - 1; i++) {
      const df = this.fs[i + 1] - this.fs[i];
      this.slopes[i] = df > 0 ? (this.xs[i + 1] - this.xs[i]) / df : 0;
      mean.add((df * (this.xs[i] + this.xs[i + 1])) / 2);
    }
    this.mean = mean.value;
    this.source = source;
  }

  sample(): number {
    const u = this.source();
    // Segment i with fs[i] ≤ u < fs[i+1]: first point above u, minus one. fs[0] = 0 ≤ u always.
    const i = firstAbove(this.fs, u, this.fs.length - 1) - 1;
    return this.xs[i] + (u - this.fs[i]) * this.slopes[i];
  }
}
