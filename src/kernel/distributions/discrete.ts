/**
 * Samplers of the discrete parametric distributions (bernoulli, poisson, zipf). Constructors trust
 * their parameters: `makeSampler` validates specs with `checkDistSpec` first.
 */
import type { UniformSource } from '../random-streams.js';
import type { Sampler } from './sampler.js';
import { CompensatedSum } from '../compensated-sum.js';
import { harmonic, logGamma } from './special.js';

/**
 * 1 with probability p, else 0, as the inverse CDF (0 below 1 − p) so that, like the other
 * inversion samplers, the draw is non-decreasing in u.
 */
export class BernoulliSampler implements Sampler {
  readonly mean: number;
  private readonly q: number;
  private readonly source: UniformSource;

  constructor(p: number, source: UniformSource) {
    this.mean = p;
    this.q = 1 - p;
    this.source = source;
  }

  sample(): number {
    return this.source() < this.q ? 0 : 1;
  }
}

/**
 * Below this mean, poisson uses sequential inversion (expected mean + 1 steps); at or above it,
 * PTRS, whose constants Hörmann fitted for means ≥ 10.
 */
export const POISSON_PTRS_MIN_MEAN = 10;

/**
 * Poisson by sequential-search inversion (Devroye, Non-Uniform Random Variate Generation, 1986,
 * ch. X). One uniform per draw, and the draw is monotone in it, which suits common random numbers.
 */
export class PoissonInversionSampler implements Sampler {
  readonly mean: number;
  private readonly p0: number;
  private readonly source: UniformSource;

  constructor(mean: number, source: UniformSource) {
    this.mean = mean;
    this.p0 = Math.exp(-mean);
    this.source = source;
  }

  sample(): number {
    const u = this.source();
    const mean = this.mean;
    let k = 0;
    let p = this.p0;
    let f = p;
    while (u >= f) {
      k++;
      p *= mean / k;
      // Reached only if u lies above the rounded total of the pmf (within ~1e-16 of 1, or outside
      // [0, 1)): stop instead of looping forever.
      if (p === 0) break;
      f += p;
    }
    return k;
  }
}

/**
 * Poisson for means ≥ 10 by PTRS, transformed rejection with squeeze: Hörmann, "The transformed
 * rejection method for generating Poisson random variables", Insurance: Mathematics and Economics
 * 12(1), 1993. Expected cost is bounded in the mean; the constants are the paper's.
 */
export class PoissonPtrsSampler implements Sampler {
  readonly mean: number;
  private readonly logMean: number;
  private readonly a: number;
  private readonly b: number;
  private readonly logInvAlpha: number;
  private readonly vr: number;
  private readonly source: UniformSource;

  constructor(mean: number, source: UniformSource) {
    this.mean = mean;
    this.logMean = Math.log(mean);
    this.b = 0.931 + 2.53 * Math.sqrt(mean);
    this.a = -0.059 + 0.02483 * this.b;
    this.logInvAlpha = Math.log(1.1239 + 1.1328 / (this.b - 3.4));
    this.vr = 0.9277 - 3.6224 / (this.b - 2);
    this.source = source;
  }

  sample(): number {
    const { a, b, mean } = this;
    for (;;) {
      const u = this.source() - 0.5;
      const v = this.source();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= this.vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + this.logInvAlpha - Math.log(a / (us * us) + b) <= -mean + k * this.logMean - logGamma(k + 1)) {
        return k;
      }
    }
  }
}

/**
 * Up to this many ranks, zipf precomputes its CDF (12 bytes a rank) and inverts it; above, it uses
 * rejection-inversion, which needs no table.
 */
export const ZIPF_TABLE_MAX_N = 1_000_000;

/**
 * Zipf on ranks 1..n, P(k) ∝ k^−s, by inversion of a precomputed cumulative table. One uniform per
 * draw, monotone in it. NOTE: a guide table (Chen & Asau, "On generating random variates from an
 * empirical distribution", AIIE Transactions 6(2), 1974) replaces a plain binary search: with n
 * guide entries the search from u's entry takes under 2 steps on average instead of log₂ n
 * mispredicted branches; bench/rng.ts: n = 1e3 47 → 26 ns, n = 1e6 95 → 46 ns a draw.
 */
export class ZipfTableSampler implements Sampler {
  readonly mean: number;
  /** Unnormalized cumulative weights: cumulative[i] = Σ_{k ≤ i+1} k^−s. */
  private readonly cumulative: Float64Array;
  /** guide[j]: the first index i whose cumulative[i] exceeds j/n of the total. */
  private readonly guide: Int32Array;
  private readonly total: number;
  private readonly source: UniformSource;

  constructor(n: number, s: number, source: UniformSource) {
    const cumulative = new Float64Array(n);
    const weight = new CompensatedSum();
    const moment = new CompensatedSum();
    for (let k = 1; k <= n; k++) {
      const w = Math.pow(k, -s);
      weight.add(w);
      moment.add(k * w);
      cumulative[k - 1] = weight.value;
    }
    const total = weight.value;
    const guide = new Int32Array(n);
    let i = 0;
    for (let j = 0; j < n; j++) {
      const threshold = (j / n) * total;
      while (i < n - 1 && cumulative[i] <= threshold) i++;
      guide[j] = i;
    }
    this.cumulative = cumulative;
    this.guide = guide;
    this.total = total;
    this.mean = moment.value / total;
    this.source = source;
  }

  sample(): number {
    const u = this.source();
    const cumulative = this.cumulative;
    const target = u * this.total;
    const last = cumulative.length - 1;
    // min: a 53-bit u just below 1 can round u·n up to n.
    let i = this.guide[Math.min(Math.floor(u * cumulative.length), last)];
    // The guide entry was computed from j/n rather than from u, so rounding may leave it one rank
    // late; step back, then forward, to the smallest i with cumulative[i] > target. Stopping at the
    // last index returns rank n even if the target rounds up to the total.
    while (i > 0 && cumulative[i - 1] > target) i--;
    while (i < last && cumulative[i] <= target) i++;
    return i + 1;
  }
}

/**
 * Zipf on ranks 1..n by rejection-inversion: Hörmann & Derflinger, "Rejection-inversion to
 * generate variates from monotone discrete distributions", ACM TOMACS 6(3), 1996. O(1) memory and
 * expected time for any n and any s ≥ 0. Follows Apache Commons RNG's
 * `RejectionInversionZipfSampler`, including its helper functions that stay exact near s = 1.
 */
export class ZipfRejectionSampler implements Sampler {
  readonly mean: number;
  private readonly n: number;
  private readonly s: number;
  private readonly hIntegralX1: number;
  private readonly hIntegralN: number;
  private readonly squeeze: number;
  private readonly source: UniformSource;

  constructor(n: number, s: number, source: UniformSource) {
    this.n = n;
    this.s = s;
    this.hIntegralX1 = this.hIntegral(1.5) - 1;
    this.hIntegralN = this.hIntegral(n + 0.5);
    this.squeeze = 2 - this.hIntegralInverse(this.hIntegral(2.5) - this.h(2));
    this.mean = harmonic(n, s - 1) / harmonic(n, s);
    this.source = source;
  }

  sample(): number {
    const n = this.n;
    for (;;) {
      const u = this.hIntegralN + this.source() * (this.hIntegralX1 - this.hIntegralN);
      const x = this.hIntegralInverse(u);
      let k = Math.floor(x + 0.5);
      // Rounding can push k one step outside 1..n at the very ends (Commons RNG does the same).
      if (k < 1) k = 1;
      else if (k > n) k = n;
      if (k - x <= this.squeeze || u >= this.hIntegral(k + 0.5) - this.h(k)) return k;
    }
  }

  /** h(x) = x^−s, the unnormalized pmf extended to reals. */
  private h(x: number): number {
    return Math.exp(-this.s * Math.log(x));
  }

  /** H(x) = ∫₁ˣ t^−s dt, written so it stays exact as s → 1. */
  private hIntegral(x: number): number {
    const logX = Math.log(x);
    return helper2((1 - this.s) * logX) * logX;
  }

  /** H⁻¹. */
  private hIntegralInverse(x: number): number {
    let t = x * (1 - this.s);
    if (t < -1) t = -1;
    return Math.exp(helper1(t) * x);
  }
}

/** log1p(x)/x, by its Taylor series near 0 where the quotient would lose precision. */
function helper1(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1 / 3 - 0.25 * x));
}

/** expm1(x)/x, by its Taylor series near 0. */
function helper2(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + (x / 3) * (1 + 0.25 * x));
}
