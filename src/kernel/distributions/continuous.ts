/**
 * Samplers of the continuous parametric distributions. Constructors trust their parameters:
 * `makeSampler` validates specs with `checkDistSpec` before building any of these.
 */
import type { UniformSource } from '../random-streams.js';
import type { Sampler } from './sampler.js';

/** Always `value`; draws nothing from its source. */
export class ConstantSampler implements Sampler {
  readonly mean: number;

  constructor(value: number) {
    this.mean = value;
  }

  sample(): number {
    return this.mean;
  }
}

/** Uniform on [min, max). */
export class UniformSampler implements Sampler {
  readonly mean: number;
  private readonly min: number;
  private readonly width: number;
  private readonly source: UniformSource;

  constructor(min: number, max: number, source: UniformSource) {
    this.min = min;
    this.width = max - min;
    this.mean = min + this.width / 2;
    this.source = source;
  }

  sample(): number {
    return this.min + this.width * this.source();
  }
}

/**
 * Exponential by inversion. 1 − u lies in (0, 1], so the logarithm is finite and no clamping is
 * needed; with 32-bit uniforms the largest draw is ~22.2 × mean.
 */
export class ExponentialSampler implements Sampler {
  readonly mean: number;
  private readonly source: UniformSource;

  constructor(mean: number, source: UniformSource) {
    this.mean = mean;
    this.source = source;
  }

  sample(): number {
    // `0 −` rather than unary minus, so that u = 0 gives +0 instead of −0.
    return 0 - this.mean * Math.log(1 - this.source());
  }
}

/**
 * Standard normal variates by Marsaglia's polar method (Marsaglia & Bray 1964, SIAM Review 6(3)).
 * Each accepted pair yields two variates; the second is kept for the next call.
 */
class StandardNormal {
  private spare = 0;
  private hasSpare = false;
  private readonly source: UniformSource;

  constructor(source: UniformSource) {
    this.source = source;
  }

  next(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let v1: number;
    let v2: number;
    let s: number;
    do {
      v1 = 2 * this.source() - 1;
      v2 = 2 * this.source() - 1;
      s = v1 * v1 + v2 * v2;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v2 * factor;
    this.hasSpare = true;
    return v1 * factor;
  }
}

/** Normal(mean, sd). */
export class NormalSampler implements Sampler {
  readonly mean: number;
  private readonly sd: number;
  private readonly normal: StandardNormal;

  constructor(mean: number, sd: number, source: UniformSource) {
    this.mean = mean;
    this.sd = sd;
    this.normal = new StandardNormal(source);
  }

  sample(): number {
    return this.mean + this.sd * this.normal.next();
  }
}

/** exp(Normal(mu, sigma)). `lognormalParams` converts a (mean, cv) spec. */
export class LognormalSampler implements Sampler {
  readonly mean: number;
  private readonly mu: number;
  private readonly sigma: number;
  private readonly normal: StandardNormal;

  constructor(mu: number, sigma: number, source: UniformSource) {
    this.mu = mu;
    this.sigma = sigma;
    this.mean = Math.exp(mu + (sigma * sigma) / 2);
    this.normal = new StandardNormal(source);
  }

  sample(): number {
    return Math.exp(this.mu + this.sigma * this.normal.next());
  }
}

/**
 * The (mu, sigma) of the underlying normal for a lognormal with the given mean and coefficient of
 * variation: σ² = ln(1 + cv²), μ = ln(mean) − σ²/2.
 */
export function lognormalParams(mean: number, cv: number): { mu: number; sigma: number } {
  const sigma2 = Math.log1p(cv * cv);
  return { mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}

/**
 * Gamma(shape k, scale θ) by Marsaglia & Tsang, "A simple method for generating gamma variables",
 * ACM TOMS 26(3), 2000. For k < 1 it draws Gamma(k + 1) and multiplies by u^(1/k), the boost the
 * paper gives, because the method itself needs k ≥ 1.
 */
export class GammaSampler implements Sampler {
  readonly mean: number;
  private readonly scale: number;
  private readonly d: number;
  private readonly c: number;
  /** 1/k when k < 1 (boost needed), else 0. */
  private readonly invShape: number;
  private readonly source: UniformSource;
  private readonly normal: StandardNormal;

  constructor(shape: number, scale: number, source: UniformSource) {
    this.mean = shape * scale;
    this.scale = scale;
    const k = shape < 1 ? shape + 1 : shape;
    this.d = k - 1 / 3;
    this.c = 1 / Math.sqrt(9 * this.d);
    this.invShape = shape < 1 ? 1 / shape : 0;
    this.source = source;
    this.normal = new StandardNormal(source);
  }

  sample(): number {
    const d = this.d;
    const c = this.c;
    let x: number;
    let v: number;
    for (;;) {
      do {
        x = this.normal.next();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.source();
      const x2 = x * x;
      // The squeeze decides almost every candidate without the two logarithms below.
      if (u < 1 - 0.0331 * x2 * x2) break;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) break;
    }
    const g = d * v * this.scale;
    // NOTE: exp(log(u)/k) replaces Math.pow(u, 1/k): V8's pow with a non-integer exponent costs
    // ~55 ns against ~30; bench/rng.ts, gamma shape 0.3: 95 → 66 ns a draw.
    return this.invShape === 0 ? g : g * Math.exp(Math.log(this.source()) * this.invShape);
  }
}

/**
 * Pareto type I by inversion: xm · (1 − u)^(−1/alpha), where 1 − u ∈ (0, 1]. NOTE: computed as
 * exp(log(1 − u) · (−1/alpha)) because Math.pow with a non-integer exponent costs ~55 ns against
 * ~30; bench/rng.ts: 64 → 39 ns a draw.
 */
export class ParetoSampler implements Sampler {
  readonly mean: number;
  private readonly xm: number;
  private readonly negInvAlpha: number;
  private readonly source: UniformSource;

  constructor(alpha: number, xm: number, source: UniformSource) {
    this.xm = xm;
    this.negInvAlpha = -1 / alpha;
    this.mean = alpha > 1 ? (alpha * xm) / (alpha - 1) : Infinity;
    this.source = source;
  }

  sample(): number {
    return this.xm * Math.exp(Math.log(1 - this.source()) * this.negInvAlpha);
  }
}
