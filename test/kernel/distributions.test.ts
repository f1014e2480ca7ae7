import { describe, expect, it } from 'vitest';
import type { DistSpec } from '../../src/kernel/distribution-spec.js';
import { DIST_KINDS } from '../../src/kernel/distribution-spec.js';
import { cdfOf, checkDistSpec, makeSampler, type Sampler } from '../../src/kernel/distributions.js';
import {
  PoissonInversionSampler,
  PoissonPtrsSampler,
  ZipfRejectionSampler,
  ZipfTableSampler,
} from '../../src/kernel/distributions/discrete.js';
import { gammaP, harmonic, logGamma, normalCdf } from '../../src/kernel/distributions/special.js';
import { RandomStreams } from '../../src/kernel/random-streams.js';

const N = 200_000;
/** The 1% critical value of the one-sample Kolmogorov–Smirnov statistic for large N. */
const KS_CRITICAL = 1.63 / Math.sqrt(N);
const SEED = 20240601;

/** A fresh stream per test, so tests do not depend on each other's draws. */
function stream(name: string): () => number {
  return new RandomStreams(SEED, 0).uniform(name);
}

function draw(sampler: Sampler, n = N): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = sampler.sample();
  return out;
}

/** Sample mean and variance by Welford's algorithm. */
function moments(xs: Float64Array): { mean: number; variance: number } {
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < xs.length; i++) {
    const delta = xs[i] - mean;
    mean += delta / (i + 1);
    m2 += delta * (xs[i] - mean);
  }
  return { mean, variance: m2 / (xs.length - 1) };
}

/** Kolmogorov–Smirnov distance between the sample and `cdf`. */
function ksStatistic(xs: Float64Array, cdf: (x: number) => number): number {
  const sorted = xs.slice().sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}

/** 99th percentile of chi-square with `df` degrees of freedom (Wilson–Hilferty, 1931). */
function chiSquare99(df: number): number {
  const a = 2 / (9 * df);
  return df * (1 - a + 2.3263478740408408 * Math.sqrt(a)) ** 3;
}

/**
 * Pearson's chi-square of the sample's counts on kMin..kMax against `pmf`, with everything outside
 * that range in one bin and adjacent bins pooled until each expects at least 5.
 */
function chiSquare(xs: Float64Array, pmf: (k: number) => number, kMin: number, kMax: number) {
  const n = xs.length;
  const observed = new Float64Array(kMax - kMin + 1);
  let outside = 0;
  let nonIntegers = 0;
  for (const x of xs) {
    if (!Number.isInteger(x)) nonIntegers++;
    if (x >= kMin && x <= kMax) observed[x - kMin]++;
    else outside++;
  }
  const bins: { o: number; e: number }[] = [];
  let inRange = 0;
  let o = 0;
  let e = 0;
  for (let k = kMin; k <= kMax; k++) {
    const p = pmf(k);
    inRange += p;
    o += observed[k - kMin];
    e += n * p;
    if (e >= 5) {
      bins.push({ o, e });
      o = 0;
      e = 0;
    }
  }
  o += outside;
  e += n * Math.max(0, 1 - inRange);
  if (e >= 5 || bins.length === 0) bins.push({ o, e });
  else {
    bins[bins.length - 1].o += o;
    bins[bins.length - 1].e += e;
  }
  const stat = bins.reduce((s, b) => s + (b.o - b.e) ** 2 / b.e, 0);
  const df = bins.length - 1;
  return { stat, critical: chiSquare99(df), df, nonIntegers };
}

/** Mean and variance of a piecewise-linear CDF (uniform mass on each segment). */
function piecewiseLinearMoments(points: [number, number][]): { mean: number; variance: number } {
  let m1 = 0;
  let m2 = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, fa] = points[i];
    const [b, fb] = points[i + 1];
    m1 += ((fb - fa) * (a + b)) / 2;
    m2 += ((fb - fa) * (a * a + a * b + b * b)) / 3;
  }
  return { mean: m1, variance: m2 - m1 * m1 };
}

function pmfMoments(pmf: (k: number) => number, kMin: number, kMax: number): { mean: number; variance: number } {
  let m1 = 0;
  let m2 = 0;
  for (let k = kMin; k <= kMax; k++) {
    m1 += k * pmf(k);
    m2 += k * k * pmf(k);
  }
  return { mean: m1, variance: m2 - m1 * m1 };
}

/**
 * Relative tolerances of 5 standard errors for the sample mean and sample variance of N draws from
 * `pmf`, rounded up to 0.1%: SE(mean) = σ/√N, SE(variance) ≈ √((μ₄ − σ⁴)/N).
 */
function fiveStandardErrors(pmf: (k: number) => number, kMin: number, kMax: number): { meanTol: number; varTol: number } {
  const { mean, variance } = pmfMoments(pmf, kMin, kMax);
  let m4 = 0;
  for (let k = kMin; k <= kMax; k++) m4 += (k - mean) ** 4 * pmf(k);
  const roundUp = (x: number) => Math.ceil(x * 1000) / 1000;
  return {
    meanTol: roundUp((5 * Math.sqrt(variance / N)) / Math.abs(mean)),
    varTol: roundUp((5 * Math.sqrt((m4 - variance * variance) / N)) / variance),
  };
}

const pct = (x: number) => `${+(x * 100).toFixed(2)}%`;

interface ContinuousCase {
  label: string;
  spec: DistSpec;
  mean: number;
  /** Relative tolerance of the sample mean; omitted where the variance is infinite. */
  meanTol?: number;
  variance?: number;
  /** Relative tolerance of the sample variance; omitted where its estimate is too heavy-tailed. */
  varTol?: number;
}

const PWL: [number, number][] = [[0, 0], [1, 0.2], [2, 0.9], [5, 1]];

// Tolerances are ≥ 4.5 standard errors of the estimate at N = 2e5 (for the sample variance,
// √((κ − 1)/N) from the distribution's kurtosis κ), while a wrong parameterisation (rate for mean,
// sd for variance) misses by far more. Discrete cases compute theirs from the pmf.
const CONTINUOUS: ContinuousCase[] = [
  { label: 'uniform(2, 5)', spec: { dist: 'uniform', min: 2, max: 5 }, mean: 3.5, meanTol: 0.005, variance: 0.75, varTol: 0.02 },
  { label: 'exponential(mean 2)', spec: { dist: 'exponential', mean: 2 }, mean: 2, meanTol: 0.01, variance: 4, varTol: 0.03 },
  { label: 'normal(10, 3)', spec: { dist: 'normal', mean: 10, sd: 3 }, mean: 10, meanTol: 0.005, variance: 9, varTol: 0.02 },
  { label: 'lognormal(mean 2, cv 0.5)', spec: { dist: 'lognormal', mean: 2, cv: 0.5 }, mean: 2, meanTol: 0.01, variance: 1, varTol: 0.04 },
  // cv ≈ 1.31 and kurtosis ≈ 114: the sample variance is too noisy to check at this N.
  { label: 'lognormal(mu 0, sigma 1)', spec: { dist: 'lognormal', mu: 0, sigma: 1 }, mean: Math.exp(0.5), meanTol: 0.02 },
  { label: 'gamma(shape 2.5, scale 2)', spec: { dist: 'gamma', shape: 2.5, scale: 2 }, mean: 5, meanTol: 0.01, variance: 10, varTol: 0.03 },
  { label: 'gamma(shape 1, scale 1)', spec: { dist: 'gamma', shape: 1, scale: 1 }, mean: 1, meanTol: 0.01, variance: 1, varTol: 0.03 },
  { label: 'gamma(shape 0.3, scale 1) (boosted)', spec: { dist: 'gamma', shape: 0.3, scale: 1 }, mean: 0.3, meanTol: 0.02, variance: 0.3, varTol: 0.06 },
  { label: 'gamma(shape 40, scale 0.5)', spec: { dist: 'gamma', shape: 40, scale: 0.5 }, mean: 20, meanTol: 0.005, variance: 10, varTol: 0.02 },
  { label: 'pareto(alpha 6, xm 1)', spec: { dist: 'pareto', alpha: 6, xm: 1 }, mean: 1.2, meanTol: 0.005, variance: 6 / (25 * 4), varTol: 0.07 },
  // Infinite variance: the sample mean converges too slowly to check; the KS test still applies.
  { label: 'pareto(alpha 1.5, xm 2)', spec: { dist: 'pareto', alpha: 1.5, xm: 2 }, mean: 6 },
  {
    label: 'empirical cdf (piecewise linear)',
    spec: { dist: 'empirical', cdf: PWL },
    mean: piecewiseLinearMoments(PWL).mean,
    meanTol: 0.01,
    variance: piecewiseLinearMoments(PWL).variance,
    varTol: 0.03,
  },
];

describe('continuous samplers', () => {
  for (const c of CONTINUOUS) {
    const checks = [
      c.meanTol !== undefined ? `has mean within ${pct(c.meanTol)}` : undefined,
      c.varTol !== undefined ? `variance within ${pct(c.varTol)}` : undefined,
      'passes KS at 1%',
    ].filter(Boolean);
    it(`${c.label} ${checks.join(', ')}`, () => {
      const sampler = makeSampler(c.spec, stream(c.label));
      expect(sampler.mean).toBeCloseTo(c.mean, 10);
      const xs = draw(sampler);
      const m = moments(xs);
      if (c.meanTol !== undefined) expect(Math.abs(m.mean / c.mean - 1)).toBeLessThan(c.meanTol);
      if (c.varTol !== undefined) expect(Math.abs(m.variance / c.variance! - 1)).toBeLessThan(c.varTol);
      expect(ksStatistic(xs, cdfOf(c.spec)!)).toBeLessThan(KS_CRITICAL);
    });
  }

  it('constant always returns its value and draws nothing from its source', () => {
    let draws = 0;
    const sampler = makeSampler({ dist: 'constant', value: 4.5 }, () => (draws++, 0.5));
    for (let i = 0; i < 100; i++) expect(sampler.sample()).toBe(4.5);
    expect(draws).toBe(0);
    expect(sampler.mean).toBe(4.5);
  });

  it('normal with sd 0 returns its mean', () => {
    const sampler = makeSampler({ dist: 'normal', mean: 3, sd: 0 }, stream('sd0'));
    expect(sampler.sample()).toBe(3);
  });

  it('exponential is never clamped: the largest 32-bit uniform gives mean·32·ln 2, u = 0 gives 0', () => {
    let u = 1 - 2 ** -32;
    const sampler = makeSampler({ dist: 'exponential', mean: 3 }, () => u);
    expect(sampler.sample()).toBeCloseTo(3 * 32 * Math.LN2, 6);
    u = 0;
    expect(sampler.sample()).toBe(0);
  });

  it('pareto with alpha ≤ 1 reports an infinite mean', () => {
    expect(makeSampler({ dist: 'pareto', alpha: 1, xm: 1 }, stream('p')).mean).toBe(Infinity);
    expect(makeSampler({ dist: 'pareto', alpha: 0.8, xm: 1 }, stream('p')).mean).toBe(Infinity);
  });

  it('lognormal by mean and cv reports that mean', () => {
    expect(makeSampler({ dist: 'lognormal', mean: 0.25, cv: 3 }, stream('l')).mean).toBeCloseTo(0.25, 14);
  });

  it('empirical cdf never draws inside a flat stretch and draws a point mass with its probability (±0.005)', () => {
    // Mass 0.3 uniform on [0, 1], an atom of 0.4 at 1, nothing in (1, 4), 0.3 uniform on [4, 6].
    const spec: DistSpec = { dist: 'empirical', cdf: [[0, 0], [1, 0.3], [1, 0.7], [4, 0.7], [6, 1]] };
    const xs = draw(makeSampler(spec, stream('atoms')));
    let atom = 0;
    let gap = 0;
    for (const x of xs) {
      if (x === 1) atom++;
      else if (x > 1 && x < 4) gap++;
    }
    expect(gap).toBe(0);
    expect(Math.abs(atom / N - 0.4)).toBeLessThan(0.005);
    expect(cdfOf(spec)!(1)).toBeCloseTo(0.7, 12);
    expect(cdfOf(spec)!(2.5)).toBeCloseTo(0.7, 12);
    expect(cdfOf(spec)!(5)).toBeCloseTo(0.85, 12);
  });
});

interface DiscreteCase {
  label: string;
  make: (source: () => number) => Sampler;
  pmf: (k: number) => number;
  kMin: number;
  kMax: number;
  mean: number;
  variance: number;
}

const poissonPmf = (mean: number) => (k: number) => Math.exp(k * Math.log(mean) - mean - logGamma(k + 1));

function zipfPmf(n: number, s: number): (k: number) => number {
  let h = 0;
  for (let k = n; k >= 1; k--) h += k ** -s;
  return (k) => (k >= 1 && k <= n ? k ** -s / h : 0);
}

function poissonCase(mean: number, kMin: number, kMax: number, how: string): DiscreteCase {
  return {
    label: `poisson(mean ${mean}) by ${how}`,
    make: (source) => makeSampler({ dist: 'poisson', mean }, source),
    pmf: poissonPmf(mean),
    kMin,
    kMax,
    mean,
    variance: mean,
  };
}

function zipfCase(n: number, s: number, how: 'table' | 'rejection-inversion'): DiscreteCase {
  const pmf = zipfPmf(n, s);
  const { mean, variance } = pmfMoments(pmf, 1, n);
  return {
    label: `zipf(n ${n}, s ${s}) by ${how}`,
    make: (source) => (how === 'table' ? new ZipfTableSampler(n, s, source) : new ZipfRejectionSampler(n, s, source)),
    pmf,
    kMin: 1,
    kMax: n,
    mean,
    variance,
  };
}

const EMPIRICAL_VALUES = [7, 1, 2, 2, 30];
const EMPIRICAL_WEIGHTS = [1, 4, 2, 0, 3];

const DISCRETE: DiscreteCase[] = [
  {
    label: 'bernoulli(p 0.3)',
    make: (source) => makeSampler({ dist: 'bernoulli', p: 0.3 }, source),
    pmf: (k) => (k === 1 ? 0.3 : k === 0 ? 0.7 : 0),
    kMin: 0,
    kMax: 1,
    mean: 0.3,
    variance: 0.21,
  },
  poissonCase(0.2, 0, 10, 'inversion'),
  poissonCase(3.5, 0, 25, 'inversion'),
  poissonCase(10, 0, 40, 'PTRS'),
  poissonCase(40, 10, 80, 'PTRS'),
  poissonCase(1000, 850, 1150, 'PTRS'),
  zipfCase(100, 1.2, 'table'),
  zipfCase(100, 1.2, 'rejection-inversion'),
  zipfCase(1000, 1, 'rejection-inversion'),
  zipfCase(50, 0, 'rejection-inversion'),
  zipfCase(50, 3, 'rejection-inversion'),
  zipfCase(300, 0.6, 'table'),
  {
    label: 'empirical values (unweighted, with a repeat)',
    make: (source) => makeSampler({ dist: 'empirical', values: EMPIRICAL_VALUES }, source),
    pmf: (k) => EMPIRICAL_VALUES.filter((v) => v === k).length / EMPIRICAL_VALUES.length,
    kMin: 0,
    kMax: 30,
    ...pmfMoments((k) => EMPIRICAL_VALUES.filter((v) => v === k).length / EMPIRICAL_VALUES.length, 0, 30),
  },
  {
    label: 'empirical values (weighted, one weight 0)',
    make: (source) => makeSampler({ dist: 'empirical', values: EMPIRICAL_VALUES, weights: EMPIRICAL_WEIGHTS }, source),
    pmf: (k) => EMPIRICAL_VALUES.reduce((s, v, i) => s + (v === k ? EMPIRICAL_WEIGHTS[i] : 0), 0) / 10,
    kMin: 0,
    kMax: 30,
    ...pmfMoments((k) => EMPIRICAL_VALUES.reduce((s, v, i) => s + (v === k ? EMPIRICAL_WEIGHTS[i] : 0), 0) / 10, 0, 30),
  },
];

describe('discrete samplers', () => {
  for (const c of DISCRETE) {
    const { meanTol, varTol } = fiveStandardErrors(c.pmf, c.kMin, c.kMax);
    it(`${c.label} has mean within ${pct(meanTol)}, variance within ${pct(varTol)} and frequencies matching the pmf (chi-square at 1%)`, () => {
      const sampler = c.make(stream(c.label));
      expect(sampler.mean).toBeCloseTo(c.mean, 9);
      const xs = draw(sampler);
      const m = moments(xs);
      expect(Math.abs(m.mean / c.mean - 1)).toBeLessThan(meanTol);
      expect(Math.abs(m.variance / c.variance - 1)).toBeLessThan(varTol);
      const chi = chiSquare(xs, c.pmf, c.kMin, c.kMax);
      expect(chi.nonIntegers).toBe(0);
      expect(chi.stat).toBeLessThan(chi.critical);
    });
  }

  it('zipf(n 2e6, s 1.1) through makeSampler uses rejection-inversion and matches the pmf on ranks 1..2000', () => {
    const n = 2_000_000;
    const s = 1.1;
    const sampler = makeSampler({ dist: 'zipf', n, s }, stream('zipf-large'));
    expect(sampler).toBeInstanceOf(ZipfRejectionSampler);
    const total = harmonic(n, s);
    const chi = chiSquare(draw(sampler), (k) => k ** -s / total, 1, 2000);
    expect(chi.nonIntegers).toBe(0);
    expect(chi.stat).toBeLessThan(chi.critical);
  });

  it('zipf uses the table up to 1e6 ranks, poisson uses PTRS from mean 10', () => {
    expect(makeSampler({ dist: 'zipf', n: 1000, s: 1 }, stream('z'))).toBeInstanceOf(ZipfTableSampler);
    expect(makeSampler({ dist: 'poisson', mean: 9.99 }, stream('p'))).toBeInstanceOf(PoissonInversionSampler);
    expect(makeSampler({ dist: 'poisson', mean: 10 }, stream('p'))).toBeInstanceOf(PoissonPtrsSampler);
  });

  it('zipf reports the same mean from its table and from Euler–Maclaurin sums (n 1e5, within 1e-11)', () => {
    for (const s of [0, 0.7, 1, 1.3, 2.5]) {
      const table = new ZipfTableSampler(100_000, s, stream('m'));
      const rejection = new ZipfRejectionSampler(100_000, s, stream('m'));
      expect(Math.abs(rejection.mean / table.mean - 1)).toBeLessThan(1e-11);
    }
  });

  it('poisson(mean 0) always draws 0; bernoulli p 0 and p 1 are constant', () => {
    const zero = makeSampler({ dist: 'poisson', mean: 0 }, stream('p0'));
    const never = makeSampler({ dist: 'bernoulli', p: 0 }, stream('b0'));
    const always = makeSampler({ dist: 'bernoulli', p: 1 }, stream('b1'));
    for (let i = 0; i < 1000; i++) {
      expect(zero.sample()).toBe(0);
      expect(never.sample()).toBe(0);
      expect(always.sample()).toBe(1);
    }
  });

  it('poisson CDF equals the summed pmf', () => {
    const cdf = cdfOf({ dist: 'poisson', mean: 4.2 })!;
    let sum = 0;
    for (let k = 0; k <= 20; k++) {
      sum += poissonPmf(4.2)(k);
      expect(cdf(k + 0.5)).toBeCloseTo(sum, 12);
    }
    expect(cdf(-0.5)).toBe(0);
  });
});

describe('independence', () => {
  // Marginal tests cannot see a sampler that repeats itself (e.g. a polar-method spare handed out
  // twice); a lag-1 correlation can. Standard error 1/√N ≈ 0.0022, so 0.012 is ~5 of them.
  const specs: DistSpec[] = [
    { dist: 'normal', mean: 0, sd: 1 },
    { dist: 'lognormal', mean: 1, cv: 0.5 },
    { dist: 'gamma', shape: 0.5, scale: 1 },
    { dist: 'gamma', shape: 3, scale: 1 },
    { dist: 'poisson', mean: 50 },
    { dist: 'zipf', n: 5_000_000, s: 0.8 },
  ];
  for (const spec of specs) {
    it(`successive ${JSON.stringify(spec)} draws are uncorrelated (lag-1 |r| < 0.012)`, () => {
      const xs = draw(makeSampler(spec, stream(`lag ${JSON.stringify(spec)}`)));
      const { mean, variance } = moments(xs);
      let cov = 0;
      for (let i = 1; i < xs.length; i++) cov += (xs[i] - mean) * (xs[i - 1] - mean);
      expect(Math.abs(cov / (xs.length - 1) / variance)).toBeLessThan(0.012);
    });
  }
});

describe('common random numbers', () => {
  it('inversion samplers are monotone in the uniform they draw', () => {
    const specs: DistSpec[] = [
      { dist: 'uniform', min: -1, max: 1 },
      { dist: 'exponential', mean: 1 },
      { dist: 'pareto', alpha: 2, xm: 1 },
      { dist: 'bernoulli', p: 0.4 },
      { dist: 'poisson', mean: 6 },
      { dist: 'zipf', n: 500, s: 1.1 },
      { dist: 'empirical', values: [5, 3, 9, 1], weights: [1, 2, 0, 3] },
      { dist: 'empirical', cdf: [[0, 0], [2, 0.5], [2, 0.6], [3, 1]] },
    ];
    for (const spec of specs) {
      let u = 0;
      const sampler = makeSampler(spec, () => u);
      let previous = -Infinity;
      for (let i = 0; i < 2000; i++) {
        u = i / 2000;
        const x = sampler.sample();
        expect(x, `${spec.dist} at u=${u}`).toBeGreaterThanOrEqual(previous);
        previous = x;
      }
    }
  });

  it('a sampler replays the same draws from the same stream', () => {
    const spec: DistSpec = { dist: 'gamma', shape: 0.7, scale: 3 };
    const a = draw(makeSampler(spec, stream('replay')), 1000);
    const b = draw(makeSampler(spec, stream('replay')), 1000);
    expect(a).toEqual(b);
  });
});

describe('special functions', () => {
  it('logGamma matches ln((n−1)!) and ln √π, and satisfies lnΓ(x+1) = lnΓ(x) + ln x (1e-12)', () => {
    let factorial = 1;
    for (let n = 1; n <= 25; n++) {
      expect(Math.abs(logGamma(n) - Math.log(factorial))).toBeLessThan(1e-12 * Math.max(1, Math.log(factorial)));
      factorial *= n;
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    for (const x of [0.001, 0.3, 1.5, 6.9, 7.1, 42.42, 1234.5, 1e6]) {
      expect(Math.abs(logGamma(x + 1) - logGamma(x) - Math.log(x))).toBeLessThan(1e-12 * Math.max(1, Math.abs(logGamma(x))));
    }
  });

  it('normalCdf matches reference values, keeping tail precision (relative 1e-9)', () => {
    const reference: [number, number][] = [
      [0, 0.5],
      [1, 0.8413447460685429],
      [1.959963984540054, 0.975],
      [-1.959963984540054, 0.025],
      [-5, 2.866515718791939e-7],
      [-10, 7.619853024160527e-24],
    ];
    for (const [z, p] of reference) expect(Math.abs(normalCdf(z) / p - 1), `Φ(${z})`).toBeLessThan(1e-9);
  });

  it('gammaP equals the Poisson tail identity for whole shapes (1e-13)', () => {
    for (const [a, x] of [[1, 0.5], [5, 3.7], [12, 20], [30, 25]]) {
      let tail = 0;
      for (let k = 0; k < a; k++) tail += Math.exp(k * Math.log(x) - x - logGamma(k + 1));
      expect(Math.abs(gammaP(a, x) - (1 - tail))).toBeLessThan(1e-13);
    }
  });

  it('harmonic(n, t) matches the direct sum on both sides of the Euler–Maclaurin switch (relative 1e-12)', () => {
    for (const n of [1, 127, 128, 1000, 100_000]) {
      for (const t of [-1, -0.5, 0, 0.5, 0.999, 1, 1.1, 2, 4, 12]) {
        let direct = 0;
        for (let k = n; k >= 1; k--) direct += k ** -t;
        expect(Math.abs(harmonic(n, t) / direct - 1), `n=${n} t=${t}`).toBeLessThan(1e-12);
      }
    }
    expect(harmonic(0, 1)).toBe(0);
  });
});

describe('checkDistSpec', () => {
  const invalid: [unknown, string | RegExp][] = [
    [{ dist: 'constant', value: Number.NaN }, 'value must be a finite number'],
    [{ dist: 'uniform', min: 3, max: 1 }, 'min must be ≤ max'],
    [{ dist: 'exponential', mean: 0 }, 'mean must be > 0'],
    [{ dist: 'exponential', mean: Infinity }, 'mean must be a finite number'],
    [{ dist: 'normal', mean: 0, sd: -1 }, 'sd must be ≥ 0'],
    [{ dist: 'lognormal', mean: 1, cv: 0 }, 'cv must be > 0'],
    [{ dist: 'lognormal', mean: -1, cv: 1 }, 'mean must be > 0'],
    [{ dist: 'lognormal', mu: 0, sigma: 0 }, 'sigma must be > 0'],
    [{ dist: 'lognormal', mean: 1, cv: 1, mu: 0 }, 'lognormal takes either mean and cv, or mu and sigma, not both'],
    [{ dist: 'lognormal' }, 'lognormal needs either mean and cv, or mu and sigma'],
    [{ dist: 'gamma', shape: 0, scale: 1 }, 'shape must be > 0'],
    [{ dist: 'gamma', shape: 1, scale: -2 }, 'scale must be > 0'],
    [{ dist: 'pareto', alpha: 0, xm: 1 }, 'alpha must be > 0'],
    [{ dist: 'pareto', alpha: 2, xm: 0 }, 'xm must be > 0'],
    [{ dist: 'bernoulli', p: 1.5 }, 'p must be in [0, 1]'],
    [{ dist: 'bernoulli', p: Number.NaN }, 'p must be in [0, 1]'],
    [{ dist: 'poisson', mean: -1 }, 'mean must be ≥ 0'],
    [{ dist: 'zipf', n: 0, s: 1 }, 'n must be a whole number ≥ 1'],
    [{ dist: 'zipf', n: 2.5, s: 1 }, 'n must be a whole number ≥ 1'],
    [{ dist: 'zipf', n: 10, s: -1 }, 's must be ≥ 0'],
    [{ dist: 'empirical', values: [] }, 'values must be a non-empty list of finite numbers'],
    [{ dist: 'empirical', values: [1, Number.NaN] }, 'values must be a non-empty list of finite numbers'],
    [{ dist: 'empirical', values: [1, 2], weights: [1] }, 'weights must have the same length as values'],
    [{ dist: 'empirical', values: [1, 2], weights: [1, -1] }, 'weights must be finite numbers ≥ 0'],
    [{ dist: 'empirical', values: [1, 2], weights: [0, 0] }, 'weights must not all be 0'],
    [{ dist: 'empirical', cdf: [[0, 0.1], [1, 1]] }, 'cdf must start at probability 0 and end at 1, increasing'],
    [{ dist: 'empirical', cdf: [[0, 0], [1, 0.9]] }, 'cdf must start at probability 0 and end at 1, increasing'],
    [{ dist: 'empirical', cdf: [[0, 0], [1, 0.6], [2, 0.5], [3, 1]] }, 'cdf must start at probability 0 and end at 1, increasing'],
    [{ dist: 'empirical', cdf: [[0, 0], [-1, 1]] }, 'cdf x values must be non-decreasing'],
    [{ dist: 'empirical', cdf: [[0, 0]] }, 'cdf must be a list of at least 2 [x, F(x)] points of finite numbers'],
    [{ dist: 'empirical', values: [1], cdf: [[0, 0], [1, 1]] }, 'empirical takes either values or cdf, not both'],
    [{ dist: 'empirical' }, 'empirical needs either values or cdf'],
    [{ dist: 'weibull', shape: 1 }, /^unknown distribution 'weibull'; expected one of constant, uniform/],
  ];

  for (const [spec, sentence] of invalid) {
    it(`rejects ${JSON.stringify(spec)} with "${String(sentence)}"`, () => {
      const s = spec as DistSpec;
      if (typeof sentence === 'string') expect(checkDistSpec(s)).toBe(sentence);
      else expect(checkDistSpec(s)).toMatch(sentence);
      expect(() => makeSampler(s, stream('invalid'))).toThrow(RangeError);
      expect(() => makeSampler(s, stream('invalid'))).toThrow(checkDistSpec(s)!);
      expect(() => cdfOf(s)).toThrow(RangeError);
    });
  }

  const valid: DistSpec[] = [
    { dist: 'constant', value: -2 },
    { dist: 'uniform', min: 1, max: 1 },
    { dist: 'exponential', mean: 1e-9 },
    { dist: 'normal', mean: -5, sd: 0 },
    { dist: 'lognormal', mean: 3, cv: 2 },
    { dist: 'lognormal', mu: -1, sigma: 0.1 },
    { dist: 'gamma', shape: 0.01, scale: 100 },
    { dist: 'pareto', alpha: 0.5, xm: 3 },
    { dist: 'bernoulli', p: 0 },
    { dist: 'poisson', mean: 0 },
    { dist: 'zipf', n: 1, s: 0 },
    { dist: 'empirical', values: [4] },
    { dist: 'empirical', values: [4, 5], weights: [0, 1] },
    { dist: 'empirical', cdf: [[1, 0], [1, 1]] },
  ];

  it('accepts a valid spec of every kind, samples finite numbers from it and has a CDF for it', () => {
    expect(new Set(valid.map((s) => s.dist))).toEqual(new Set(DIST_KINDS));
    for (const spec of valid) {
      expect(checkDistSpec(spec), JSON.stringify(spec)).toBeNull();
      const sampler = makeSampler(spec, stream(JSON.stringify(spec)));
      for (let i = 0; i < 1000; i++) expect(Number.isFinite(sampler.sample()), JSON.stringify(spec)).toBe(true);
      expect(cdfOf(spec)).toBeTypeOf('function');
    }
  });
});
