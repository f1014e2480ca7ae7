/**
 * Streaming quantiles in bounded memory with a relative-error guarantee, after DDSketch
 * (C. Masson, J. E. Rim, H. K. Lee, "DDSketch: a fast and fully-mergeable quantile sketch with
 * relative-error guarantees", PVLDB 12(12) 2019).
 *
 * Buckets are log-spaced with ratio γ = 2^(1/K), K = ⌈ln 2 / ln((1 + α)/(1 − α))⌉ buckets per
 * doubling: bucket k covers (γ^(k−1), γ^k] and is reported as 2γ^k/(γ + 1), which lies within
 * relative error α' = (γ − 1)/(γ + 1) ≤ α of every value in it. Hence `quantile(q)` returns a
 * value within relative error α (default α = 0.01, i.e. 1%) of the exact lower sample quantile
 * x₍⌊q(n−1)⌋₎ (0-based order statistic), as long as no buckets were collapsed. Values in
 * [0, `minValue`) are counted in a zero bucket and reported as 0 (absolute error < `minValue`).
 * Memory: at most `maxBuckets` counts; for α = 0.01 (K = 35), 2048 buckets span a dynamic range
 * of 2^(2048/35) ≈ 3·10^17. If the data span more, the lowest buckets merge into one (DDSketch's
 * collapsing-lowest store), so the high quantiles — the ones latency reports need — keep their
 * guarantee.
 */

// Positions in the hot-state array.
const MIN = 0, MAX = 1, MIN_VALUE = 2;

/** Options of {@link LogHistogram}. */
export interface LogHistogramOptions {
  /** Relative accuracy α in [1e-6, 1). Default 0.01. */
  relativeAccuracy?: number;
  /** Smallest value resolved (> 0); values below it count as 0. Default 1e-9 (1 ns in seconds). */
  minValue?: number;
  /** Most buckets held; beyond it the lowest ones collapse. Default 2048. */
  maxBuckets?: number;
}

export class LogHistogram {
  /** Relative accuracy α asked for. */
  readonly relativeAccuracy: number;
  /** Relative accuracy α' ≤ α delivered (buckets align with powers of two). */
  readonly effectiveAccuracy: number;
  /** Buckets per doubling, K. */
  readonly bucketsPerOctave: number;
  /** Values below this count as zero. */
  readonly minValue: number;
  /** Bound on the bucket array's length. */
  readonly maxBuckets: number;
  /** Observations added (zero bucket included). */
  count = 0;
  /** Observations below `minValue`. */
  zeroCount = 0;

  /**
   * Hot doubles: exact min and max, `minValue`.
   * NOTE: a Float64Array instead of number fields, which V8 boxes (see time-weighted.ts).
   */
  private readonly hot: Float64Array;
  /** counts[j] holds bucket index j + offset. */
  private counts: Float64Array;
  private offset = 0;
  /** Buckets below this index were collapsed into it (−Infinity: none). */
  private floor = -Infinity;

  /*
   * NOTE: the bucket index ⌈log_γ x⌉ comes from the bits of x instead of Math.log (~15 → ~5 ns a
   * value in bench/station.ts): x = 2^e·m with m in [1, 2), so k = e·K + ⌈K·log₂ m⌉; the top
   * `cellBits` bits of m pick a cell holding at most one bucket boundary 2^(j/K), and one compare
   * against that boundary settles j.
   */
  private readonly scratch = new Float64Array(1);
  private readonly words = new Uint32Array(this.scratch.buffer);
  /** Index of the word holding sign, exponent and top mantissa bits (1 on little-endian hosts). */
  private readonly hiWord: number;
  private readonly cellShift: number;
  /** cellLo[c]: the smallest j with 2^(j/K) ≥ the start of cell c. */
  private readonly cellLo: Int32Array;
  /** bounds[j] = 2^(j/K), j = 0..K. */
  private readonly bounds: Float64Array;

  constructor(options: LogHistogramOptions = {}) {
    const alpha = options.relativeAccuracy ?? 0.01;
    const minValue = options.minValue ?? 1e-9;
    const maxBuckets = options.maxBuckets ?? 2048;
    if (!(alpha >= 1e-6 && alpha < 1)) throw new RangeError(`relativeAccuracy must be in [1e-6, 1), got ${alpha}`);
    if (!(minValue >= 2.3e-308) || !Number.isFinite(minValue)) throw new RangeError(`minValue must be a finite number ≥ 2.3e-308 (normal), got ${minValue}`);
    if (!(Number.isInteger(maxBuckets) && maxBuckets >= 2)) throw new RangeError(`maxBuckets must be an integer ≥ 2, got ${maxBuckets}`);
    this.relativeAccuracy = alpha;
    this.minValue = minValue;
    this.maxBuckets = maxBuckets;
    const K = Math.ceil(Math.LN2 / Math.log((1 + alpha) / (1 - alpha)));
    const gamma = Math.pow(2, 1 / K);
    this.bucketsPerOctave = K;
    this.effectiveAccuracy = (gamma - 1) / (gamma + 1);
    this.hot = Float64Array.of(Infinity, -Infinity, minValue);
    this.counts = new Float64Array(Math.min(64, maxBuckets));

    this.hiWord = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
    this.bounds = new Float64Array(K + 1);
    for (let j = 0; j <= K; j++) this.bounds[j] = Math.pow(2, j / K);
    this.bounds[K] = 2;
    // Cells narrower than the smallest gap between boundaries (γ − 1, at m = 1).
    const cellBits = Math.max(1, Math.ceil(-Math.log2(gamma - 1)));
    this.cellShift = 20 - cellBits;
    const cells = 1 << cellBits;
    this.cellLo = new Int32Array(cells);
    for (let c = 0, j = 0; c < cells; c++) {
      const start = 1 + c / cells;
      while (this.bounds[j] < start) j++;
      this.cellLo[c] = j;
    }
  }

  /** Exact smallest observation (Infinity when empty). */
  get min(): number {
    return this.hot[MIN];
  }

  /** Exact largest observation (−Infinity when empty). */
  get max(): number {
    return this.hot[MAX];
  }

  /** Adds one observation, a finite x ≥ 0. */
  add(x: number): void {
    if (!(x >= 0 && x < Infinity)) throw new RangeError(`log histogram: value must be finite and ≥ 0, got ${x}`);
    const hot = this.hot;
    this.count++;
    if (x < hot[MIN]) hot[MIN] = x;
    if (x > hot[MAX]) hot[MAX] = x;
    if (x < hot[MIN_VALUE]) {
      this.zeroCount++;
      return;
    }
    const k = this.index(x);
    let j = k - this.offset;
    if (j < 0 || j >= this.counts.length) j = this.slotFor(k);
    this.counts[j]++;
  }

  /** Bucket index ⌈log_γ x⌉ of a normal, positive, finite x. */
  private index(x: number): number {
    const f = this.scratch, w = this.words, hi = this.hiWord;
    f[0] = x;
    const top = w[hi];
    const e = (top >>> 20) - 1023;
    // The mantissa as a number in [1, 2): same bits, exponent of 1.
    w[hi] = (top & 0xfffff) | 0x3ff00000;
    const m = f[0];
    let j = this.cellLo[(top & 0xfffff) >>> this.cellShift];
    if (m > this.bounds[j]) j++;
    return e * this.bucketsPerOctave + j;
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
        const K = this.bucketsPerOctave;
        const v = (2 * Math.pow(2, (j + this.offset) / K)) / (Math.pow(2, 1 / K) + 1);
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
