/**
 * Adds `x` to the compensated sum held at `a[i]` (sum) and `a[i + 1]` (compensation): the same
 * arithmetic as `CompensatedSum.add` (Neumaier), so both give the same bits.
 */
export function addCompensated(a: Float64Array, i: number, x: number): void {
  const s = a[i];
  const t = s + x;
  // Whichever operand is larger in magnitude keeps its bits; recover what the smaller one lost.
  if (Math.abs(s) >= Math.abs(x)) a[i + 1] += (s - t) + x;
  else a[i + 1] += (x - t) + s;
  a[i] = t;
}

/** One compensated sum kept in a Float64Array (see {@link ReplicaStats.sums}). */
export class SumView {
  constructor(private readonly a: Float64Array, private readonly i: number) {}

  /** Adds `x`. */
  add(x: number): void {
    addCompensated(this.a, this.i, x);
  }

  /** The sum. */
  get value(): number {
    return this.a[this.i] + this.a[this.i + 1];
  }

  /** Back to zero. */
  reset(): void {
    this.a[this.i] = 0;
    this.a[this.i + 1] = 0;
  }
}

/** Where {@link ReplicaStats.sums} holds busy time, FLOPs and bytes (each a sum, then its compensation). */
export const SUM_BUSY = 0, SUM_FLOPS = 2, SUM_BYTES = 4;

/**
 * What one replica did over the measured interval (after warm-up): engine work, tokens by kind
 * and origin, memory events. Filled by `Replica`; read after a run through `Replica.readStats()`,
 * which first brings a fast-forward jump in flight up to the current time.
 *
 * A step counts when it *ends* in the measured interval (a step straddling the warm-up counts
 * whole; a step still running at the horizon does not count).
 */
export class ReplicaStats {
  /**
   * Compensated sums of busy time, FLOPs and bytes (at SUM_BUSY, SUM_FLOPS, SUM_BYTES), added to
   * once per step; a replica passes a view into memory its steps touch anyway.
   *
   * NOTE: replaces three `CompensatedSum` objects, whose doubles V8 boxes on the heap: fewer scattered cache lines per step (bench/fleet.ts).
   */
  readonly sums: Float64Array;
  /** Seconds the engine spent in steps. */
  readonly busy: SumView;
  /** FLOPs of those steps (raw model arithmetic; divide by time × peak for MFU). */
  readonly flops: SumView;
  /** HBM bytes those steps moved (divide by time × bandwidth for MBU). */
  readonly bytes: SumView;
  /** Engine steps (iterations). */
  steps = 0;
  /** Σ over steps of sequences in the batch (decode + prefill chunks). */
  batchSeqs = 0;
  /** Σ over steps of tokens in the batch (prefill tokens + decode sequences). */
  batchTokens = 0;
  /** Prompt (and recomputed) tokens whose KV prefill computed. */
  prefillTokens = 0;
  /** Output tokens produced (first tokens included). */
  decodeTokens = 0;
  /** Tokens served from the HBM prefix cache at admission. */
  hbmHitTokens = 0;
  /** Tokens loaded from host DRAM at admission. */
  dramHitTokens = 0;
  /** Tokens loaded from the shared pool at admission. */
  poolHitTokens = 0;
  /** Seconds of lower-tier transfers started (summed over sequences; they overlap with steps). */
  loadS = 0;
  /** Bytes loaded from lower tiers. */
  loadedBytes = 0;
  /** Requests submitted. */
  arrivals = 0;
  /** Admissions into a batch (re-admissions after preemption included). */
  admissions = 0;
  /** Requests finished. */
  completions = 0;
  /** Sequences preempted (KV freed, recomputed later). */
  preemptions = 0;
  /** Cached HBM blocks evicted to make room. Filled by `readStats()`. */
  evictions = 0;
  /** Most KV blocks referenced at once. Filled by `readStats()`. */
  peakBlocksUsed = 0;

  /** Figures whose sums live in `sums` (six numbers, zeroed here; its own array by default). */
  constructor(sums: Float64Array = new Float64Array(6)) {
    if (sums.length < 6) throw new RangeError(`ReplicaStats: sums needs 6 numbers, got ${sums.length}`);
    sums.fill(0, 0, 6);
    this.sums = sums;
    this.busy = new SumView(sums, SUM_BUSY);
    this.flops = new SumView(sums, SUM_FLOPS);
    this.bytes = new SumView(sums, SUM_BYTES);
  }

  /** Mean sequences per step. */
  get meanBatchSize(): number {
    return this.steps === 0 ? 0 : this.batchSeqs / this.steps;
  }

  /** Busy fraction of an interval of `seconds`. */
  utilisation(seconds: number): number {
    return seconds > 0 ? this.busy.value / seconds : 0;
  }

  /** Zeroes every figure (at warm-up end). */
  reset(): void {
    this.sums.fill(0, 0, 6);
    this.steps = 0;
    this.batchSeqs = 0;
    this.batchTokens = 0;
    this.prefillTokens = 0;
    this.decodeTokens = 0;
    this.hbmHitTokens = 0;
    this.dramHitTokens = 0;
    this.poolHitTokens = 0;
    this.loadS = 0;
    this.loadedBytes = 0;
    this.arrivals = 0;
    this.admissions = 0;
    this.completions = 0;
    this.preemptions = 0;
    this.evictions = 0;
    this.peakBlocksUsed = 0;
  }
}
