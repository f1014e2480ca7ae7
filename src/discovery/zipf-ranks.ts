/**
 * Zipf popularity over a registry of `n` providers (rank 1 the most popular), P(rank = k) =
 * k^−s / H(n, s), sampled by inversion without a per-provider table, so a registry of 1e7 or 1e12
 * providers costs the same as one of 100.
 *
 * The first `head` ranks (≤ 1024) are exact: a cumulative table. Beyond them the weight of rank k
 * is its midpoint integral ∫_{k−½}^{k+½} x^−s dx (relative error ≈ s(s+1)/(24k²) < 1e−6 for k > 1024),
 * whose cumulative sum has a closed form G and whose inverse is closed too, so a draw is one table
 * search or one power. The distribution sampled is exactly the one {@link share} reports, so tests
 * compare the two directly.
 */

/** Ranks with exact weights in the cumulative table. */
const HEAD = 1024;

export class ZipfRanks {
  /** Number of providers. */
  readonly n: number;
  /** Exponent s ≥ 0 (0 = uniform). */
  readonly s: number;
  /** Cumulative weights of ranks 1..head (cum[k−1] = H(k, s)). */
  private readonly cum: Float64Array;
  private readonly head: number;
  /** Total weight of all n ranks. */
  readonly total: number;

  constructor(n: number, s: number) {
    if (!(Number.isSafeInteger(n) && n >= 1)) throw new RangeError(`ZipfRanks: n must be a whole number ≥ 1, got ${n}`);
    if (!(s >= 0 && Number.isFinite(s))) throw new RangeError(`ZipfRanks: s must be a finite number ≥ 0, got ${s}`);
    this.n = n;
    this.s = s;
    this.head = Math.min(n, HEAD);
    this.cum = new Float64Array(this.head);
    let h = 0;
    for (let k = 1; k <= this.head; k++) this.cum[k - 1] = h += Math.pow(k, -s);
    this.total = this.cumulative(n);
  }

  /** Total weight of ranks 1..k (k ≤ n). */
  cumulative(k: number): number {
    if (k <= 0) return 0;
    if (k <= this.head) return this.cum[k - 1];
    return this.cum[this.head - 1] + this.g(k + 0.5) - this.g(this.head + 0.5);
  }

  /** Share of all draws that fall on ranks 1..k: H(k, s) / H(n, s). */
  share(k: number): number {
    return this.cumulative(Math.min(k, this.n)) / this.total;
  }

  /** The rank (1..n) whose cumulative share first exceeds `u` ∈ [0, 1). */
  rank(u: number): number {
    const t = u * this.total;
    const headTotal = this.cum[this.head - 1];
    if (t < headTotal || this.head === this.n) {
      // binary search: first k with cum[k−1] > t
      let lo = 0, hi = this.head - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.cum[mid] > t) hi = mid;
        else lo = mid + 1;
      }
      return lo + 1;
    }
    // x with G(x) − G(head + ½) = t − H(head); rank k covers (k − ½, k + ½]
    const x = this.gInverse(t - headTotal + this.g(this.head + 0.5));
    const k = Math.ceil(x - 0.5);
    return k < this.head + 1 ? this.head + 1 : k > this.n ? this.n : k;
  }

  /** An antiderivative of x^−s. */
  private g(x: number): number {
    return Math.abs(this.s - 1) < 1e-12 ? Math.log(x) : Math.pow(x, 1 - this.s) / (1 - this.s);
  }

  private gInverse(y: number): number {
    return Math.abs(this.s - 1) < 1e-12 ? Math.exp(y) : Math.pow(y * (1 - this.s), 1 / (1 - this.s));
  }
}
