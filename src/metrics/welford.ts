/**
 * Streaming mean and variance in one pass, numerically stable (no sum of squares).
 *
 * Update: B. P. Welford, "Note on a method for calculating corrected sums of squares and
 * products", Technometrics 4 (1962) 419–420. Merge of two accumulators: T. F. Chan, G. H. Golub,
 * R. J. LeVeque, "Updating formulae and a pairwise algorithm for computing sample variances",
 * Stanford CS report STAN-CS-79-773 (1979): with δ = mean_b − mean_a,
 * M2 = M2_a + M2_b + δ²·n_a·n_b/(n_a + n_b).
 */
export class Welford {
  /** Observations added. */
  count = 0;
  /** Running mean (0 when empty). */
  mean = 0;
  /** Sum of squared deviations from the mean. */
  private m2 = 0;
  /** Smallest and largest observation (±Infinity when empty). */
  min = Infinity;
  max = -Infinity;

  /** Adds one observation. */
  add(x: number): void {
    const n = ++this.count;
    const d = x - this.mean;
    this.mean += d / n;
    this.m2 += d * (x - this.mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  /** Folds `other` into this accumulator (Chan et al.); `other` is unchanged. */
  merge(other: Welford): void {
    const nb = other.count;
    if (nb === 0) return;
    const na = this.count;
    if (na === 0) {
      this.count = nb;
      this.mean = other.mean;
      this.m2 = other.m2;
      this.min = other.min;
      this.max = other.max;
      return;
    }
    const n = na + nb;
    const d = other.mean - this.mean;
    this.mean += (d * nb) / n;
    this.m2 += other.m2 + (d * d * na * nb) / n;
    this.count = n;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  /** Sample variance (divisor n − 1); NaN with fewer than two observations. */
  get variance(): number {
    return this.count > 1 ? this.m2 / (this.count - 1) : NaN;
  }

  /** Population variance (divisor n); NaN when empty. */
  get populationVariance(): number {
    return this.count > 0 ? this.m2 / this.count : NaN;
  }

  /** Sample standard deviation; NaN with fewer than two observations. */
  get sd(): number {
    return Math.sqrt(this.variance);
  }

  /** Mean, or NaN when empty (the `mean` field reads 0 then). */
  get meanOrNaN(): number {
    return this.count > 0 ? this.mean : NaN;
  }

  /** Forgets every observation. */
  reset(): void {
    this.count = 0;
    this.mean = 0;
    this.m2 = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }
}
