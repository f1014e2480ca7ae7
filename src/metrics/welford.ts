/**
 * Streaming mean and variance in one pass, numerically stable (no sum of squares).
 *
 * Update: B. P. Welford, "Note on a method for calculating corrected sums of squares and
 * products", Technometrics 4 (1962) 419–420. Merge of two accumulators: T. F. Chan, G. H. Golub,
 * R. J. LeVeque, "Updating formulae and a pairwise algorithm for computing sample variances",
 * Stanford CS report STAN-CS-79-773 (1979): with δ = mean_b − mean_a,
 * M2 = M2_a + M2_b + δ²·n_a·n_b/(n_a + n_b).
 */

// Positions in the state array.
const N = 0, MEAN = 1, M2 = 2, MIN = 3, MAX = 4;

export class Welford {
  /**
   * NOTE: the state lives in one Float64Array instead of number fields, because V8 keeps double
   * fields boxed (one indirection per access); it sits on the per-customer path of stations.
   */
  private readonly s = Float64Array.of(0, 0, 0, Infinity, -Infinity);

  /** Observations added. */
  get count(): number {
    return this.s[N];
  }

  /** Running mean (0 when empty; see {@link meanOrNaN}). */
  get mean(): number {
    return this.s[MEAN];
  }

  /** Smallest observation (Infinity when empty). */
  get min(): number {
    return this.s[MIN];
  }

  /** Largest observation (−Infinity when empty). */
  get max(): number {
    return this.s[MAX];
  }

  /** Adds one observation. */
  add(x: number): void {
    const s = this.s;
    const n = ++s[N];
    const mean = s[MEAN];
    const d = x - mean;
    const m = mean + d / n;
    s[MEAN] = m;
    s[M2] += d * (x - m);
    if (x < s[MIN]) s[MIN] = x;
    if (x > s[MAX]) s[MAX] = x;
  }

  /** Folds `other` into this accumulator (Chan et al.); `other` is unchanged. */
  merge(other: Welford): void {
    const a = this.s, b = other.s;
    const nb = b[N];
    if (nb === 0) return;
    const na = a[N];
    if (na === 0) {
      a.set(b);
      return;
    }
    const n = na + nb;
    const d = b[MEAN] - a[MEAN];
    a[MEAN] += (d * nb) / n;
    a[M2] += b[M2] + (d * d * na * nb) / n;
    a[N] = n;
    if (b[MIN] < a[MIN]) a[MIN] = b[MIN];
    if (b[MAX] > a[MAX]) a[MAX] = b[MAX];
  }

  /** Sample variance (divisor n − 1); NaN with fewer than two observations. */
  get variance(): number {
    const n = this.s[N];
    return n > 1 ? this.s[M2] / (n - 1) : NaN;
  }

  /** Population variance (divisor n); NaN when empty. */
  get populationVariance(): number {
    const n = this.s[N];
    return n > 0 ? this.s[M2] / n : NaN;
  }

  /** Sample standard deviation; NaN with fewer than two observations. */
  get sd(): number {
    return Math.sqrt(this.variance);
  }

  /** Mean, or NaN when empty (`mean` reads 0 then). */
  get meanOrNaN(): number {
    return this.s[N] > 0 ? this.s[MEAN] : NaN;
  }

  /** Forgets every observation. */
  reset(): void {
    this.s.set([0, 0, 0, Infinity, -Infinity]);
  }
}
