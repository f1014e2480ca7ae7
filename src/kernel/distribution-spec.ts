/**
 * The data form of a probability distribution, as a scenario states it after units are resolved
 * (durations in seconds, counts as plain numbers). `makeSampler` (distributions.ts) turns a spec
 * and a uniform source into a sampler. Pure data: no behaviour lives here.
 */
export type DistSpec =
  | { dist: 'constant'; value: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'exponential'; mean: number }
  | { dist: 'normal'; mean: number; sd: number }
  /** Either `mean`+`cv` of the lognormal itself, or `mu`+`sigma` of the underlying normal. */
  | { dist: 'lognormal'; mean: number; cv: number }
  | { dist: 'lognormal'; mu: number; sigma: number }
  /** Shape k and scale θ (mean kθ). */
  | { dist: 'gamma'; shape: number; scale: number }
  /** Pareto type I: P(X > x) = (xm/x)^alpha for x ≥ xm. */
  | { dist: 'pareto'; alpha: number; xm: number }
  /** 1 with probability p, else 0. */
  | { dist: 'bernoulli'; p: number }
  | { dist: 'poisson'; mean: number }
  /** Ranks 1..n with P(k) ∝ k^-s. */
  | { dist: 'zipf'; n: number; s: number }
  /** Draws one of `values` uniformly (with `weights` when given). */
  | { dist: 'empirical'; values: number[]; weights?: number[] }
  /** Piecewise-linear inverse CDF through points [x, F(x)], F increasing from 0 to 1. */
  | { dist: 'empirical'; cdf: [number, number][] };

/** The names of all distribution kinds, for schemas and did-you-mean hints. */
export const DIST_KINDS = [
  'constant', 'uniform', 'exponential', 'normal', 'lognormal', 'gamma', 'pareto', 'bernoulli',
  'poisson', 'zipf', 'empirical',
] as const;
