/**
 * Special functions the samplers and analytic CDFs need: log-gamma, the regularized incomplete
 * gamma functions, the standard normal CDF and generalized harmonic numbers. Double precision
 * throughout (relative error ~1e-14 or better in the ranges fleetsim uses).
 */
import { CompensatedSum } from '../compensated-sum.js';

/**
 * Coefficients B₂ₖ / (2k(2k−1)) of Stirling's series for ln Γ (Bernoulli numbers B₂..B₂₀); the same
 * table as numpy's `random_loggam`.
 */
const STIRLING: readonly number[] = [
  1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400,
  43867 / 244188, -174611 / 125400,
];

const LN_2PI = 1.8378770664093453;

/**
 * ln Γ(x) for x > 0. Stirling's series at x + n ≥ 7, then the recurrence Γ(x+1) = xΓ(x) back down,
 * which keeps ten terms of the series accurate to ~1e-15.
 */
export function logGamma(x: number): number {
  if (x === 1 || x === 2) return 0;
  const n = x < 7 ? Math.floor(7 - x) : 0;
  let x0 = x + n;
  const x2 = 1 / (x0 * x0);
  let series = STIRLING[9];
  for (let k = 8; k >= 0; k--) series = series * x2 + STIRLING[k];
  let gl = series / x0 + 0.5 * LN_2PI + (x0 - 0.5) * Math.log(x0) - x0;
  for (let k = 1; k <= n; k++) {
    x0 -= 1;
    gl -= Math.log(x0);
  }
  return gl;
}

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITER = 100_000;

/**
 * Both regularized incomplete gamma functions at once, P(a, x) = γ(a, x)/Γ(a) and Q = 1 − P, each
 * computed directly where it is small so neither loses precision to cancellation. Series for
 * x < a + 1, Lentz's continued fraction otherwise (Numerical Recipes, 3rd ed., §6.2).
 */
function incompleteGamma(a: number, x: number): { p: number; q: number } {
  if (x <= 0) return { p: 0, q: 1 };
  if (x === Infinity) return { p: 1, q: 0 };
  const logPrefix = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let ap = a;
    let term = 1 / a;
    let sum = term;
    for (let i = 0; i < MAX_ITER; i++) {
      ap += 1;
      term *= x / ap;
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    const p = Math.min(1, sum * Math.exp(logPrefix));
    return { p, q: 1 - p };
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  const q = Math.min(1, Math.exp(logPrefix) * h);
  return { p: 1 - q, q };
}

/** Regularized lower incomplete gamma P(a, x) = γ(a, x)/Γ(a); the CDF of gamma(a, 1) at x. */
export function gammaP(a: number, x: number): number {
  return incompleteGamma(a, x).p;
}

/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x); P(Poisson(x) < a) for whole a. */
export function gammaQ(a: number, x: number): number {
  return incompleteGamma(a, x).q;
}

/**
 * Standard normal CDF Φ(z), through erfc(t) = Q(½, t²), so the lower tail keeps full relative
 * precision instead of being 1 − (something close to 1).
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const half = 0.5 * incompleteGamma(0.5, 0.5 * z * z).q;
  return z < 0 ? half : 1 - half;
}

/** Terms summed exactly before the Euler–Maclaurin tail takes over. */
const HARMONIC_HEAD = 64;

/**
 * Generalized harmonic number H(n, t) = Σ_{k=1..n} k^−t for a whole n ≥ 0 and any real t ≥ −1.
 * Up to 2·64 terms it sums exactly; beyond, the first 63 terms plus an Euler–Maclaurin tail from
 * k = 64 with corrections up to B₆ (Abramowitz & Stegun §23.1). The first omitted term is
 * |B₈/8! · f⁽⁷⁾(64)| < 1e-16 relative for t ≥ −1, and the cost is ~70 powers whatever n is.
 */
export function harmonic(n: number, t: number): number {
  if (n < 2 * HARMONIC_HEAD) return powerSum(1, n, t);
  const m = HARMONIC_HEAD;
  const head = powerSum(1, m - 1, t);
  const f = (x: number) => Math.pow(x, -t);
  const oneMinusT = 1 - t;
  const logRatio = Math.log(n / m);
  const integral =
    oneMinusT === 0 ? logRatio : (Math.pow(m, oneMinusT) * Math.expm1(oneMinusT * logRatio)) / oneMinusT;
  // Odd derivatives of x^−t: f' = −t x^(−t−1), f''' = −t(t+1)(t+2) x^(−t−3), f⁽⁵⁾ likewise.
  const d1 = (x: number) => -t * Math.pow(x, -t - 1);
  const d3 = (x: number) => -t * (t + 1) * (t + 2) * Math.pow(x, -t - 3);
  const d5 = (x: number) => -t * (t + 1) * (t + 2) * (t + 3) * (t + 4) * Math.pow(x, -t - 5);
  const tail =
    integral +
    (f(m) + f(n)) / 2 +
    (d1(n) - d1(m)) / 12 -
    (d3(n) - d3(m)) / 720 +
    (d5(n) - d5(m)) / 30240;
  return head + tail;
}

/** Σ_{k=from..to} k^−t, compensated. */
function powerSum(from: number, to: number, t: number): number {
  const sum = new CompensatedSum();
  for (let k = from; k <= to; k++) sum.add(Math.pow(k, -t));
  return sum.value;
}

