import { CompensatedSum } from '../kernel/compensated-sum.js';

/**
 * What one replica did over the measured interval (after warm-up): engine work, tokens by kind
 * and origin, memory events. Filled by `Replica`; read after a run through `Replica.readStats()`,
 * which first brings a fast-forward jump in flight up to the current time.
 *
 * A step counts when it *ends* in the measured interval (a step straddling the warm-up counts
 * whole; a step still running at the horizon does not count).
 */
export class ReplicaStats {
  /** Seconds the engine spent in steps. */
  readonly busy = new CompensatedSum();
  /** FLOPs of those steps (raw model arithmetic; divide by time × peak for MFU). */
  readonly flops = new CompensatedSum();
  /** HBM bytes those steps moved (divide by time × bandwidth for MBU). */
  readonly bytes = new CompensatedSum();
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
    this.busy.reset();
    this.flops.reset();
    this.bytes.reset();
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
