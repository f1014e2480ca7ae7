/**
 * Turning a `DistSpec` into something that draws: validation (`checkDistSpec`), samplers
 * (`makeSampler`) and analytic CDFs (`cdfOf`). The sampler classes live in ./distributions/.
 */
import type { DistSpec } from './distribution-spec.js';
import { DIST_KINDS } from './distribution-spec.js';
import type { UniformSource } from './random-streams.js';
import {
  ConstantSampler,
  ExponentialSampler,
  GammaSampler,
  LognormalSampler,
  NormalSampler,
  ParetoSampler,
  UniformSampler,
  lognormalParams,
} from './distributions/continuous.js';
import {
  BernoulliSampler,
  POISSON_PTRS_MIN_MEAN,
  PoissonInversionSampler,
  PoissonPtrsSampler,
  ZIPF_TABLE_MAX_N,
  ZipfRejectionSampler,
  ZipfTableSampler,
} from './distributions/discrete.js';
import { EmpiricalCdfSampler, EmpiricalValuesSampler } from './distributions/empirical.js';
import type { Sampler } from './distributions/sampler.js';
import { CompensatedSum } from './compensated-sum.js';
import { gammaP, gammaQ, harmonic, normalCdf } from './distributions/special.js';

export type { Sampler } from './distributions/sampler.js';

type Fields = Record<string, unknown>;

function finite(spec: Fields, key: string): string | null {
  const v = spec[key];
  return typeof v === 'number' && Number.isFinite(v) ? null : `${key} must be a finite number`;
}

function positive(spec: Fields, key: string): string | null {
  return finite(spec, key) ?? ((spec[key] as number) > 0 ? null : `${key} must be > 0`);
}

function nonNegative(spec: Fields, key: string): string | null {
  return finite(spec, key) ?? ((spec[key] as number) >= 0 ? null : `${key} must be ≥ 0`);
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function checkLognormal(spec: Fields): string | null {
  const byMean = 'mean' in spec || 'cv' in spec;
  const byMu = 'mu' in spec || 'sigma' in spec;
  if (byMean && byMu) return 'lognormal takes either mean and cv, or mu and sigma, not both';
  if (byMean) return positive(spec, 'mean') ?? positive(spec, 'cv');
  if (byMu) return finite(spec, 'mu') ?? positive(spec, 'sigma');
  return 'lognormal needs either mean and cv, or mu and sigma';
}

function checkEmpirical(spec: Fields): string | null {
  const { values, weights, cdf } = spec;
  if (values !== undefined && cdf !== undefined) return 'empirical takes either values or cdf, not both';
  if (cdf !== undefined) {
    if (weights !== undefined) return 'weights go with values, not with cdf';
    if (
      !Array.isArray(cdf) ||
      cdf.length < 2 ||
      !cdf.every((p) => Array.isArray(p) && p.length === 2 && isFiniteNumber(p[0]) && isFiniteNumber(p[1]))
    ) {
      return 'cdf must be a list of at least 2 [x, F(x)] points of finite numbers';
    }
    const points = cdf as [number, number][];
    const increasing = points.every((p, i) => i === 0 || p[1] >= points[i - 1][1]);
    if (points[0][1] !== 0 || points[points.length - 1][1] !== 1 || !increasing) {
      return 'cdf must start at probability 0 and end at 1, increasing';
    }
    if (!points.every((p, i) => i === 0 || p[0] >= points[i - 1][0])) {
      return 'cdf x values must be non-decreasing';
    }
    return null;
  }
  if (values === undefined) return 'empirical needs either values or cdf';
  if (!Array.isArray(values) || values.length === 0 || !values.every(isFiniteNumber)) {
    return 'values must be a non-empty list of finite numbers';
  }
  if (weights === undefined) return null;
  if (!Array.isArray(weights) || weights.length !== values.length) {
    return 'weights must have the same length as values';
  }
  if (!weights.every((w) => isFiniteNumber(w) && w >= 0)) return 'weights must be finite numbers ≥ 0';
  if (!weights.some((w) => w > 0)) return 'weights must not all be 0';
  return null;
}

/**
 * Why `spec` cannot be sampled, as a sentence a person can act on (`"cv must be > 0"`), or null
 * if it is valid. Checks the data at run time too, so a spec that only claims to be a `DistSpec`
 * (parsed from YAML, say) gets a sentence rather than NaN samples.
 */
export function checkDistSpec(spec: DistSpec): string | null {
  if (typeof spec !== 'object' || spec === null) return 'a distribution must be an object with a dist field';
  const s = spec as unknown as Fields;
  switch (s.dist) {
    case 'constant':
      return finite(s, 'value');
    case 'uniform':
      return finite(s, 'min') ?? finite(s, 'max') ?? ((s.min as number) <= (s.max as number) ? null : 'min must be ≤ max');
    case 'exponential':
      return positive(s, 'mean');
    case 'normal':
      return finite(s, 'mean') ?? nonNegative(s, 'sd');
    case 'lognormal':
      return checkLognormal(s);
    case 'gamma':
      return positive(s, 'shape') ?? positive(s, 'scale');
    case 'pareto':
      return positive(s, 'alpha') ?? positive(s, 'xm');
    case 'bernoulli':
      return isFiniteNumber(s.p) && s.p >= 0 && s.p <= 1 ? null : 'p must be in [0, 1]';
    case 'poisson':
      return nonNegative(s, 'mean');
    case 'zipf':
      if (!Number.isSafeInteger(s.n) || (s.n as number) < 1) return 'n must be a whole number ≥ 1';
      return nonNegative(s, 's');
    case 'empirical':
      return checkEmpirical(s);
    default:
      return `unknown distribution '${String(s.dist)}'; expected one of ${DIST_KINDS.join(', ')}`;
  }
}

function assertValid(spec: DistSpec): void {
  const problem = checkDistSpec(spec);
  if (problem !== null) throw new RangeError(problem);
}

/**
 * A sampler for `spec` drawing from `source`. Throws a RangeError carrying `checkDistSpec`'s
 * sentence if the spec is invalid.
 *
 * How many uniforms a draw takes depends on the kind (constant: none; rejection methods: a varying
 * number), so give each sampler its own stream when common random numbers matter.
 */
export function makeSampler(spec: DistSpec, source: UniformSource): Sampler {
  assertValid(spec);
  switch (spec.dist) {
    case 'constant':
      return new ConstantSampler(spec.value);
    case 'uniform':
      return new UniformSampler(spec.min, spec.max, source);
    case 'exponential':
      return new ExponentialSampler(spec.mean, source);
    case 'normal':
      return new NormalSampler(spec.mean, spec.sd, source);
    case 'lognormal': {
      const { mu, sigma } = 'cv' in spec ? lognormalParams(spec.mean, spec.cv) : spec;
      return new LognormalSampler(mu, sigma, source);
    }
    case 'gamma':
      return new GammaSampler(spec.shape, spec.scale, source);
    case 'pareto':
      return new ParetoSampler(spec.alpha, spec.xm, source);
    case 'bernoulli':
      return new BernoulliSampler(spec.p, source);
    case 'poisson':
      return spec.mean < POISSON_PTRS_MIN_MEAN
        ? new PoissonInversionSampler(spec.mean, source)
        : new PoissonPtrsSampler(spec.mean, source);
    case 'zipf':
      return spec.n <= ZIPF_TABLE_MAX_N
        ? new ZipfTableSampler(spec.n, spec.s, source)
        : new ZipfRejectionSampler(spec.n, spec.s, source);
    case 'empirical':
      return 'cdf' in spec
        ? new EmpiricalCdfSampler(spec.cdf, source)
        : new EmpiricalValuesSampler(spec.values, spec.weights, source);
  }
}

const step = (at: number) => (x: number) => (x < at ? 0 : 1);

/**
 * The CDF P(X ≤ x) of `spec` (right-continuous for discrete kinds), for tests and validation
 * against observed data. Every kind has one today; null is reserved for kinds that will not.
 * Throws a RangeError on an invalid spec, like `makeSampler`.
 */
export function cdfOf(spec: DistSpec): ((x: number) => number) | null {
  assertValid(spec);
  switch (spec.dist) {
    case 'constant':
      return step(spec.value);
    case 'uniform': {
      const { min, max } = spec;
      if (min === max) return step(min);
      return (x) => (x <= min ? 0 : x >= max ? 1 : (x - min) / (max - min));
    }
    case 'exponential': {
      const { mean } = spec;
      return (x) => (x <= 0 ? 0 : -Math.expm1(-x / mean));
    }
    case 'normal': {
      const { mean, sd } = spec;
      if (sd === 0) return step(mean);
      return (x) => normalCdf((x - mean) / sd);
    }
    case 'lognormal': {
      const { mu, sigma } = 'cv' in spec ? lognormalParams(spec.mean, spec.cv) : spec;
      return (x) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / sigma));
    }
    case 'gamma': {
      const { shape, scale } = spec;
      return (x) => (x <= 0 ? 0 : gammaP(shape, x / scale));
    }
    case 'pareto': {
      const { alpha, xm } = spec;
      return (x) => (x <= xm ? 0 : -Math.expm1(alpha * Math.log(xm / x)));
    }
    case 'bernoulli': {
      const { p } = spec;
      return (x) => (x < 0 ? 0 : x < 1 ? 1 - p : 1);
    }
    case 'poisson': {
      const { mean } = spec;
      // P(X ≤ k) = Q(k + 1, mean), the regularized upper incomplete gamma function.
      return (x) => (x < 0 ? 0 : gammaQ(Math.floor(x) + 1, mean));
    }
    case 'zipf': {
      const { n, s } = spec;
      const total = harmonic(n, s);
      return (x) => (x < 1 ? 0 : x >= n ? 1 : harmonic(Math.floor(x), s) / total);
    }
    case 'empirical':
      return 'cdf' in spec ? piecewiseLinearCdf(spec.cdf) : discreteCdf(spec.values, spec.weights);
  }
}

function piecewiseLinearCdf(points: readonly (readonly [number, number])[]): (x: number) => number {
  const last = points.length - 1;
  return (x) => {
    if (x < points[0][0]) return 0;
    if (x >= points[last][0]) return 1;
    // Last point with xᵢ ≤ x; then x < xᵢ₊₁, so the segment is not degenerate.
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (points[mid][0] <= x) lo = mid;
      else hi = mid;
    }
    const [x0, f0] = points[lo];
    const [x1, f1] = points[lo + 1];
    return f0 + ((x - x0) / (x1 - x0)) * (f1 - f0);
  };
}

function discreteCdf(values: readonly number[], weights: readonly number[] | undefined): (x: number) => number {
  const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
  const sorted = order.map((i) => values[i]);
  const cumulative: number[] = [];
  const sum = new CompensatedSum();
  for (const i of order) {
    sum.add(weights === undefined ? 1 : weights[i]);
    cumulative.push(sum.value);
  }
  const total = sum.value;
  return (x) => {
    // Count of sorted values ≤ x.
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : cumulative[lo - 1] / total;
  };
}
