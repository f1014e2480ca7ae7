/**
 * Requests in flight, as a struct of arrays with a free list: a request is an integer id, its
 * fields live in parallel typed arrays indexed by that id, and a freed id is reused. A run of 1e6+
 * requests therefore holds memory for the requests in flight only, and submitting one allocates
 * nothing once the table has grown to the in-flight peak.
 *
 * A request's prompt is a chain of block keys (float64 numbers; equal key at equal position means
 * equal prefix, as with chained block hashes). The chain is a *view* `keys[id][keyOffset …
 * keyOffset + keyCount)` into a shared Float64Array — a trace's key column or an agent's growing
 * context chain — so no keys are copied. Key i covers tokens [i·blockTokens, (i+1)·blockTokens) of
 * the sequence; keys past the prompt (when the chain already holds the output's blocks) name the
 * output blocks, which the replica then caches too.
 *
 * The typed arrays are replaced when the table grows: read them through the table
 * (`table.arrival[id]`) rather than keeping a reference across `alloc()`.
 */
export class RequestTable {
  /** Arrival (submission) time, s. */
  arrival: Float64Array;
  /** Prompt (input) tokens, ≥ 1. */
  promptTokens: Int32Array;
  /** Output tokens to generate, ≥ 1. */
  outputTokens: Int32Array;
  /** Session (agent, conversation) number, for affinity routing. */
  session: Int32Array;
  /** Opaque integer for the submitter (a call id, a goal id). */
  owner: Int32Array;
  /** Shared array holding the request's block-key chain, or null for no chain (no caching). */
  keys: (Float64Array | null)[];
  /** Offset of the chain's first key in `keys[id]`. */
  keyOffset: Int32Array;
  /** Keys in the chain. */
  keyCount: Int32Array;
  /** Tokens per key of the chain (must equal the replica's block size when the chain is used). */
  blockTokens: Int32Array;

  /** Time of the first admission into a batch, s (NaN until admitted). */
  admitted: Float64Array;
  /** Time the first output token was produced (end of the step completing its prefill), s; NaN before. */
  firstToken: Float64Array;
  /** Time the last output token was produced, s; NaN before. */
  done: Float64Array;
  /** Prompt tokens served from the replica's HBM prefix cache (summed over admissions). */
  hbmHitTokens: Int32Array;
  /** Tokens loaded from host DRAM instead of recomputed (summed over admissions). */
  dramHitTokens: Int32Array;
  /** Tokens loaded from the shared pool instead of recomputed (summed over admissions). */
  poolHitTokens: Int32Array;
  /** Tokens whose KV was computed by prefill (recomputation after preemption included). */
  prefilledTokens: Int32Array;
  /** Output tokens produced so far. */
  emitted: Int32Array;
  /** Times the request was preempted (its KV freed and recomputed later). */
  preemptions: Int32Array;
  /** Replica that served it (−1 before submission). */
  replica: Int32Array;

  private freeIds: Int32Array;
  private freeTop = 0;
  private next = 0;
  private cap: number;
  /** Ids currently allocated. */
  inUse = 0;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(16, initialCapacity | 0);
    this.cap = cap;
    this.arrival = new Float64Array(cap);
    this.promptTokens = new Int32Array(cap);
    this.outputTokens = new Int32Array(cap);
    this.session = new Int32Array(cap);
    this.owner = new Int32Array(cap);
    this.keys = new Array<Float64Array | null>(cap).fill(null);
    this.keyOffset = new Int32Array(cap);
    this.keyCount = new Int32Array(cap);
    this.blockTokens = new Int32Array(cap);
    this.admitted = new Float64Array(cap);
    this.firstToken = new Float64Array(cap);
    this.done = new Float64Array(cap);
    this.hbmHitTokens = new Int32Array(cap);
    this.dramHitTokens = new Int32Array(cap);
    this.poolHitTokens = new Int32Array(cap);
    this.prefilledTokens = new Int32Array(cap);
    this.emitted = new Int32Array(cap);
    this.preemptions = new Int32Array(cap);
    this.replica = new Int32Array(cap);
    this.freeIds = new Int32Array(cap);
  }

  /** Ids the table can hold before it grows. */
  get capacity(): number {
    return this.cap;
  }

  /** A fresh id with every field reset (no chain, outcomes NaN/0). */
  alloc(): number {
    let id: number;
    if (this.freeTop > 0) id = this.freeIds[--this.freeTop];
    else {
      if (this.next === this.cap) this.grow();
      id = this.next++;
    }
    this.inUse++;
    this.arrival[id] = 0;
    this.promptTokens[id] = 0;
    this.outputTokens[id] = 0;
    this.session[id] = 0;
    this.owner[id] = 0;
    this.keys[id] = null;
    this.keyOffset[id] = 0;
    this.keyCount[id] = 0;
    this.blockTokens[id] = 0;
    this.admitted[id] = NaN;
    this.firstToken[id] = NaN;
    this.done[id] = NaN;
    this.hbmHitTokens[id] = 0;
    this.dramHitTokens[id] = 0;
    this.poolHitTokens[id] = 0;
    this.prefilledTokens[id] = 0;
    this.emitted[id] = 0;
    this.preemptions[id] = 0;
    this.replica[id] = -1;
    return id;
  }

  /** Returns `id` to the free list (the caller has read its outcomes). */
  free(id: number): void {
    this.keys[id] = null;
    this.freeIds[this.freeTop++] = id;
    this.inUse--;
  }

  /** Sets the request's shape. */
  set(id: number, arrival: number, promptTokens: number, outputTokens: number, session = 0, owner = 0): void {
    this.arrival[id] = arrival;
    this.promptTokens[id] = promptTokens;
    this.outputTokens[id] = outputTokens;
    this.session[id] = session;
    this.owner[id] = owner;
  }

  /** Points the request's block-key chain at `keys[offset … offset + count)`, `blockTokens` tokens per key. */
  setKeys(id: number, keys: Float64Array | null, offset: number, count: number, blockTokens: number): void {
    this.keys[id] = keys;
    this.keyOffset[id] = offset;
    this.keyCount[id] = keys === null ? 0 : count;
    this.blockTokens[id] = blockTokens;
  }

  /** Time to first token, s (NaN until produced). */
  ttft(id: number): number {
    return this.firstToken[id] - this.arrival[id];
  }

  /** Mean time per output token after the first, s (NaN for one-token outputs or unfinished requests). */
  tpot(id: number): number {
    const n = this.outputTokens[id];
    return n > 1 ? (this.done[id] - this.firstToken[id]) / (n - 1) : NaN;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const f64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.arrival = f64(this.arrival);
    this.promptTokens = i32(this.promptTokens);
    this.outputTokens = i32(this.outputTokens);
    this.session = i32(this.session);
    this.owner = i32(this.owner);
    for (let i = this.cap; i < cap; i++) this.keys.push(null);
    this.keyOffset = i32(this.keyOffset);
    this.keyCount = i32(this.keyCount);
    this.blockTokens = i32(this.blockTokens);
    this.admitted = f64(this.admitted);
    this.firstToken = f64(this.firstToken);
    this.done = f64(this.done);
    this.hbmHitTokens = i32(this.hbmHitTokens);
    this.dramHitTokens = i32(this.dramHitTokens);
    this.poolHitTokens = i32(this.poolHitTokens);
    this.prefilledTokens = i32(this.prefilledTokens);
    this.emitted = i32(this.emitted);
    this.preemptions = i32(this.preemptions);
    this.replica = i32(this.replica);
    this.freeIds = i32(this.freeIds);
    this.cap = cap;
  }
}
