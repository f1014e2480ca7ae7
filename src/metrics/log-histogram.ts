/**
 * Streaming quantiles in bounded memory with a relative-error guarantee, after DDSketch
 * (C. Masson, J. E. Rim, H. K. Lee, "DDSketch: a fast and fully-mergeable quantile sketch with
 * relative-error guarantees", PVLDB 12(12) 2019).
 *
 * With γ = (1 + α)/(1 − α), a value x ≥ `minValue` goes to bucket k = ⌈log_γ x⌉, which covers
 * (γ^(k−1), γ^k]; the bucket is reported as 2γ^k/(γ + 1), which lies within relative error α of
 * every value in it. Hence `quantile(q)` returns a value within relative error α (default α = 0.01,
 * i.e. 1%) of the exact lower sample quantile x₍⌊q(n−1)⌋₎ (0-based order statistic), as long as no
 * buckets were collapsed. Values in [0, `minValue`) are counted in a zero bucket and reported as 0
 * (absolute error < `minValue`). Memory: at most `maxBuckets` counts; for α = 0.01, 2048 buckets
 * span a dynamic range of γ^2048 ≈ 6·10^17. If the data span more, the lowest buckets are merged
 * into one (DDSketch's collapsing-lowest store), so the high quantiles — the ones latency reports
 * need — keep their guarantee.
 */

// Positions in the hot-state array.
const MIN = 0, MAX = 1, MIN_VALUE = 2, INV_LN_GAMMA = 3;

/** Options of {@link LogHistogram}. */
export interface LogHistogramOptions {
  /** Relative accuracy α in (0, 1). Default 0.01. */
  relativeAccuracy?: number;
  /** Smallest value resolved (> 0); values below it count as 0. Default 1e-9 (1 ns in seconds). */
  minValue?: number;
  /** Most buckets held; beyond it the lowest ones collapse. Default 2048. */
  maxBuckets?: number;
}

export class LogHistogram {
  /** Relative accuracy α. */
  readonly relativeAccuracy: number;
  /** Values below this count as zero. */
  readonly minValue: number;
  /** Bound on the bucket array's length. */
  readonly maxBuckets: number;
  /** Observations added (zero bucket included). */
  count = 0;
  /** Observations below `minValue`. */
  zeroCount = 0;

  private readonly lnGamma: number;
  /**
   * Hot doubles: exact min and max, `minValue`, 1/ln γ.
   * NOTE: a Float64Array instead of number fields, which V8 boxes (see time-weighted.ts).
   */
  private readonly hot: Float64Array;
  /** counts[j] holds bucket index j + offset. */
  private counts: Float64Array;
  private offset = 0;
  /** Buckets below this index were collapsed into it (−Infinity: none). */
  private floor = -Infinity;

  constructor(options: LogHistogramOptions = {}) {
    const alpha = options.relativeAccuracy ?? 0.01;
    const minValue = options.minValue ?? 1e-9;
    const maxBuckets = options.maxBuckets ?? 2048;
    if (!(alpha > 0 && alpha < 1)) throw new RangeError(`relativeAccuracy must be in (0, 1), got ${alpha}`);
    if (!(minValue > 0) || !Number.isFinite(minValue)) throw new RangeError(`minValue must be a finite number > 0, got ${minValue}`);
    if (!(Number.isInteger(maxBuckets) && maxBuckets >= 2)) throw new RangeError(`maxBuckets must be an integer ≥ 2, got ${maxBuckets}`);
    this.relativeAccuracy = alpha;
    this.minValue = minValue;
    this.maxBuckets = maxBuckets;
    this.lnGamma = Math.log((1 + alpha) / (1 - alpha));
    this.hot = Float64Array.of(Infinity, -Infinity, minValue, 1 / this.lnGamma);
    this.counts = new Float64Array(Math.min(64, maxBuckets));
  }

  /** Exact smallest observation (Infinity when empty). */
  get min(): number {
    return this.hot[MIN];
  }

  /** Exact largest observation (−Infinity when empty). */
  get max(): number {
    return this.hot[MAX];
  }

  /** Adds one observation x ≥ 0. */
  add(x: number): void {
    if (!(x >= 0)) throw new RangeError(`log histogram: value must be ≥ 0, got ${x}`);
    const hot = this.hot;
    this.count++;
    if (x < hot[MIN]) hot[MIN] = x;
    if (x > hot[MAX]) hot[MAX] = x;
    if (x < hot[MIN_VALUE]) {
      this.zeroCount++;
      return;
    }
    const k = Math.ceil(Math.log(x) * hot[INV_LN_GAMMA]);
    let j = k - this.offset;
    if (j < 0 || j >= this.counts.length) j = this.slotFor(k);
    this.counts[j]++;
  }

  /**
   * The lower q-quantile, within relative error α of the exact one (see the file comment);
   * NaN when empty.
   */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be in [0, 1], got ${q}`);
    if (this.count === 0) return NaN;
    // The extremes are tracked exactly, so the 0- and 1-quantiles need no bucket.
    if (q === 0) return this.min;
    if (q === 1) return this.max;
    const rank = q * (this.count - 1);
    let cum = this.zeroCount;
    if (cum > rank) return 0;
    const c = this.counts;
    for (let j = 0; j < c.length; j++) {
      cum += c[j];
      if (cum > rank) {
        const v = (2 * Math.exp((j + this.offset) * this.lnGamma)) / (Math.exp(this.lnGamma) + 1);
        // The exact extremes bound every quantile; clamping can only move the answer closer.
        return v < this.min ? this.min : v > this.max ? this.max : v;
      }
    }
    return this.max;
  }

  /** Length of the bucket array (≤ `maxBuckets`): the memory held. */
  get bucketCount(): number {
    return this.counts.length;
  }

  /** Folds `other` (same α and minValue) into this histogram; `other` is unchanged. */
  merge(other: LogHistogram): void {
    if (other.relativeAccuracy !== this.relativeAccuracy || other.minValue !== this.minValue) {
      throw new Error('log histogram: merge needs equal relativeAccuracy and minValue');
    }
    this.count += other.count;
    this.zeroCount += other.zeroCount;
    if (other.min < this.min) this.hot[MIN] = other.min;
    if (other.max > this.max) this.hot[MAX] = other.max;
    const oc = other.counts;
    for (let i = 0; i < oc.length; i++) {
      const n = oc[i];
      if (n === 0) continue;
      const k = i + other.offset;
      let j = k - this.offset;
      if (j < 0 || j >= this.counts.length) j = this.slotFor(k);
      this.counts[j] += n;
    }
  }

  /** Forgets every observation (keeps the allocated buckets). */
  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.zeroCount = 0;
    this.hot[MIN] = Infinity;
    this.hot[MAX] = -Infinity;
    this.floor = -Infinity;
  }

  /**
   * Makes room for bucket `k` outside the array and returns its array position: grows the array
   * (doubling, up to `maxBuckets`) and, when the used span would exceed `maxBuckets`, collapses the
   * lowest buckets into one. Rare: only when the data reach a new order of magnitude.
   */
  private slotFor(k: number): number {
    if (k < this.floor) return this.floor - this.offset;
    const old = this.counts;
    let lo = k, hi = k;
    for (let j = 0; j < old.length; j++) {
      if (old[j] !== 0) {
        const i = j + this.offset;
        if (i < lo) lo = i;
        if (i > hi) hi = i;
      }
    }
    if (hi - lo + 1 > this.maxBuckets) {
      lo = hi - this.maxBuckets + 1;
      this.floor = lo;
    }
    const span = hi - lo + 1;
    const cap = span <= old.length ? old.length : Math.min(this.maxBuckets, Math.max(span, 2 * old.length));
    // Centre the used span so that growth in either direction has room.
    const offset = lo - ((cap - span) >> 1);
    const next = new Float64Array(cap);
    for (let j = 0; j < old.length; j++) {
      const n = old[j];
      if (n === 0) continue;
      const i = j + this.offset;
      next[(i < lo ? lo : i) - offset] += n;
    }
    this.counts = next;
    this.offset = offset;
    return (k < lo ? lo : k) - offset;
  }
}
