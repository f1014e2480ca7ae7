/**
 * One model replica: a continuous-batching engine in the manner of vLLM (Kwon et al., SOSP 2023;
 * the v1 scheduler), with chunked prefill (Agrawal et al., Sarathi-Serve, OSDI 2024), paged KV
 * memory with a prefix cache (`BlockManager`), lower KV tiers (`KvTier`), preemption by
 * recomputation, and fast-forward over decode-only stretches.
 *
 * ## A step
 * Each step is built at a step boundary, first come first served:
 * 1. every running sequence past its prefill decodes one token; one that needs a new KV block
 *    takes it (evicting unreferenced cached blocks if needed); when none can be had, the most
 *    recently admitted running sequence is preempted (blocks freed, back to the head of the
 *    queue, recomputed later — its prefix may still hit), until the block is found or the
 *    sequence itself was the one preempted;
 * 2. running sequences still in prefill get chunks, in admission order, within what is left of
 *    `maxBatchTokens`;
 * 3. waiting requests are admitted in queue order while tokens are left, fewer than `maxSeqs`
 *    sequences are admitted, and KV memory allows; admission stops at the first request that
 *    does not fit (no skipping ahead).
 * The step lasts `cost.stepTime(P, prefillAttn, kvRead, D, C)`. At its end, chunks and decode
 * tokens are applied; the step that completes a prefill emits the first token (firstToken = end of
 * that step), every decode step one more; a sequence is done when all its output tokens are out
 * (done = end of that step), and its blocks are released (keyed blocks stay cached). Callbacks
 * (`onFirstToken`, `onDone`) run after that bookkeeping and before the next step is built, so a
 * request submitted from a callback joins the next step. An idle replica schedules nothing; a
 * request submitted to an idle replica starts a step at the same instant (one zero-delay event,
 * so every request submitted at that instant joins it).
 *
 * ## Admission and memory
 * A request's prefill covers `target = promptTokens + emitted` tokens (`emitted` > 0 only after a
 * preemption: vLLM recomputes the prompt and the output so far and samples the next token). At
 * admission: prefix lookup in HBM (at most ⌊(target−1)/blockTokens⌋ blocks, so at least one
 * token is computed, as vLLM does), the hit blocks are pinned, and blocks for the *whole rest of
 * the prompt* are allocated up front — so prefill never runs out of memory and only decode steps
 * preempt. The request fits when those blocks are available (free, or cached and unreferenced,
 * not counting its own hit blocks). Then the chain continues in host DRAM and the shared pool:
 * those blocks are loaded (a transfer of `latency + bytes/bandwidth`, bytes = blocks ·
 * blockTokens · kvBytesPerToken) or recomputed, whichever is cheaper against the stand-alone
 * prefill time of the same tokens; a loading sequence holds its slot and blocks and joins the
 * running set when the transfer completes (an event), other sequences stepping meanwhile.
 * Blocks are published (given their chain key) as soon as they are full: prompt blocks when prefill
 * completes them, loaded blocks at load completion, and output blocks too when the request's chain
 * extends past its prompt.
 *
 * ## Fast-forward
 * When a step is decode-only (P = 0) and no waiting request could be admitted (the queue is
 * empty, or its head is blocked by `maxSeqs`, by the token budget or by memory), the engine jumps
 * over k steps with one event at the end, k being the smaller of the steps until the first
 * sequence finishes and the steps the free and evictable blocks can feed (so no decode allocation
 * inside a jump fails and nobody is preempted). The jump lasts `cost.decodeRunTime(D, C0, k)`.
 * Nothing else can change the batch: `maxSeqs` and the budget are constant while the batch is, and
 * a head blocked on memory stays blocked — its slack, available − unreferenced hits − blocks
 * needed = available − const + (its hit blocks that others reference), only shrinks: each
 * allocation takes one available block, evictions and TTL expiry only shorten its hit, and a
 * publication can add at most one referenced block to its hit while the publishing sequence takes
 * a block at that same boundary for its next token.
 *
 * Inside a jump, steps are applied lazily but exactly: which sequences fill a block at step j is
 * known in advance (bucketed by KV length mod blockTokens), so their publications and allocations
 * (with the evictions these cause) are replayed boundary by boundary, in the order step-by-step
 * simulation does them — at the jump's end, or earlier whenever someone looks: routing
 * (`cachedPrefixTokens`), the warm-up cut, `readStats`, and another replica about to touch a shared
 * lower tier (through the tiers' `TierSync`, which replays every replica's evicting boundaries in
 * time order). A `submit` or a load completion during a jump ends it at the next step boundary
 * (`decodeStepsToReach`), exactly where step-by-step simulation lets the new sequence join.
 * `fastForward: false` steps one iteration per event; both give the same per-request times and
 * counters up to the rounding of summed step times, and far fewer events with fast-forward
 * wherever steps outnumber arrivals.
 *
 * Hot path: per-sequence state, the running set (slots in admission order), the jump order and the
 * free slots packed in one Int32Array, the queue a ring buffer; O(batch) per step, nothing
 * allocated per step or per request once buffers have grown to the peak. A fleet has hundreds of
 * replicas whose state leaves the cache between their events, so what a step costs is mostly the
 * cache lines it touches: the layout keeps them few (see the NOTEs).
 */
import type { Simulation } from '../kernel/simulation.js';
import { BlockManager } from './block-manager.js';
import type { KvTier, TierSync, TierSyncMember } from './kv-tier.js';
import type { RequestTable } from './request-table.js';
import { ReplicaStats, addCompensated, SUM_BUSY, SUM_FLOPS, SUM_BYTES } from './replica-stats.js';

/**
 * Step-time model a replica needs (`StepCostModel` in roofline.ts implements it; tests pass
 * simple linear models). Arguments: `P` prefill tokens in the step, `prefillAttn` = Σ over those
 * tokens of the earlier tokens each attends to, `kvRead` = tokens of earlier KV read by prefill
 * chunks, `D` decode sequences, `C` = Σ their contexts (tokens attended, the new one included).
 */
export interface StepCost {
  stepTime(P: number, prefillAttn: number, kvRead: number, D: number, C: number): number;
  flops(P: number, prefillAttn: number, kvRead: number, D: number, C: number): number;
  bytes(P: number, prefillAttn: number, kvRead: number, D: number, C: number): number;
  /** Σ_{j<k} stepTime(0, 0, 0, D, C0 + D·j). */
  decodeRunTime(D: number, C0: number, k: number): number;
  /** Σ_{j<k} flops(0, 0, 0, D, C0 + D·j). */
  decodeRunFlops(D: number, C0: number, k: number): number;
  /** Σ_{j<k} bytes(0, 0, 0, D, C0 + D·j). */
  decodeRunBytes(D: number, C0: number, k: number): number;
  /** Smallest k with decodeRunTime(D, C0, k) ≥ elapsedS (0 when elapsedS ≤ 0). */
  decodeStepsToReach(D: number, C0: number, elapsedS: number): number;
}

/** Options of {@link Replica}. */
export interface ReplicaOptions {
  /** Replica number (recorded on requests; < 2^20, it tags recency stamps). */
  id: number;
  /** The table the submitted request ids index. */
  requests: RequestTable;
  /** Step-time model. */
  cost: StepCost;
  /** Tokens per KV block (vLLM 16; traces bring their own, e.g. 512). */
  blockTokens: number;
  /** KV memory in blocks: ⌊kvCapacityTokens / blockTokens⌋. */
  capacityBlocks: number;
  /** Token budget of one step (prefill chunk tokens + decode sequences); ≥ maxSeqs. */
  maxBatchTokens: number;
  /** Most sequences admitted at once (running, in prefill, or loading). */
  maxSeqs: number;
  /** KV bytes per token (lower-tier transfer sizes). */
  kvBytesPerToken: number;
  /** HBM prefix cache: on/off, and an optional TTL for unreferenced cached blocks (s). */
  cache: { enabled: boolean; ttlS?: number };
  /** Host DRAM tier (receives HBM evictions; its `lower` must be `pool` when both are given). */
  dram?: KvTier;
  /** Shared pool tier. */
  pool?: KvTier;
  /** Jump over decode-only stretches (same results as stepping, far fewer events). */
  fastForward: boolean;
  /** Called at the end of the step that produced the request's first token. */
  onFirstToken?: (req: number) => void;
  /** Called at the end of the step that produced its last token. */
  onDone: (req: number) => void;
  /** Called (instead of throwing) for a request that cannot fit in KV memory even alone. */
  onReject?: (req: number) => void;
}

const IDLE = 0, KICK = 1, STEP = 2, JUMP = 3, BUSY = 4;
/**
 * Fields of sequence slot s at `sl[sb + s·SLOT + F_…]`: request id; tokens whose KV is in memory (hits
 * included); prefill target (prompt + tokens emitted before this admission); the work of the step
 * in flight (STEP_DECODE, STEP_NONE, or c > 0: a prefill chunk of c tokens); tokens emitted; output
 * tokens wanted; blocks [0, pub) offered to the cache; blocks its key chain covers (0: cache off or
 * no chain; later blocks are anonymous); anonymous blocks taken while decoding (which the block
 * manager does not count per sequence: `allocateAnonymous`).
 */
const F_REQ = 0, F_KV = 1, F_TARGET = 2, F_STEP = 3, F_EMIT = 4, F_OUT = 5, F_PUB = 6, F_KEYABLE = 7, F_ANON = 8;
const SLOT = 9;
/** Indices into `Replica.fr` past the stats' sums, and its length. */
const R_ATTN = 6, R_DT = 7, R_T0 = 8, FR_SIZE = 10;
/**
 * Fields of list entry x at `sl[lb + x·LIST + L_…]`: x-th running slot (admission order); x-th
 * slot of the jump order and its first block boundary; x-th free slot.
 */
const L_RUN = 0, L_JSLOT = 1, L_JR = 2, L_FREE = 3;
const LIST = 4;
/**
 * Up to this many running sequences, build puts them in jump order by insertion; planJump counts.
 * NOTE: insertion for small batches replaces a counting sort that clears bt + 2 counters per jump.
 */
const INSERTION_MAX = 24;
const STEP_DECODE = -1, STEP_NONE = 0;
const CB_FIRST = 1, CB_DONE = 2;

/**
 * One continuous-batching engine (see the file comment). Submit request ids with {@link submit};
 * routing reads {@link outstandingTokens}, {@link waiting}, {@link running} and
 * {@link cachedPrefixTokens}; figures come from {@link readStats}.
 */
export class Replica implements TierSyncMember {
  /** Replica number. */
  readonly id: number;
  readonly blockTokens: number;
  readonly maxSeqs: number;
  readonly maxBatchTokens: number;
  /** KV memory and the HBM prefix cache. */
  readonly blocks: BlockManager;
  /** Figures since warm-up; read them through {@link readStats}. */
  private readonly stats: ReplicaStats;

  private readonly sim: Simulation;
  private readonly req: RequestTable;
  private readonly cost: StepCost;
  private readonly kvBytesPerToken: number;
  /**
   * The block manager's capacity, and whether its cached blocks expire.
   * NOTE: copies, read on every submit and block boundary, instead of a cache miss on the block manager.
   */
  private readonly kvBlocks: number;
  private readonly timed: boolean;
  private readonly cacheOn: boolean;
  private readonly dram: KvTier | undefined;
  private readonly pool: KvTier | undefined;
  private readonly ff: boolean;
  private readonly onFirstToken: ((req: number) => void) | undefined;
  private readonly onDone: (req: number) => void;
  private readonly onReject: ((req: number) => void) | undefined;
  private readonly kindStep: number;
  private readonly kindLoad: number;
  private readonly sync: TierSync | undefined;
  private readonly syncId: number;

  // Waiting queue: ring buffer of request ids (preempted requests go back to its head).
  private wq = new Int32Array(64);
  private wHead = 0;
  private wLen = 0;

  // Per sequence slot, and the lists of slots.
  // The running, jump-order and free lists (L_…, entries interleaved), callbacks, slot fields
  // (F_…) and the jump's bucket counts, in one Int32Array.
  // NOTE: replaces a typed array per field and list: a replica gone cold between events then misses fewer cache lines per step (bench/fleet.ts: ~8%).
  private readonly sl: Int32Array;
  /**
   * The replica's non-integer numbers, in the same buffer just before `sl`: the stats' sums (0 … 5)
   * and R_ATTN, R_DT, R_T0.
   * NOTE: replaces double fields (a heap box each in V8) and CompensatedSum objects, sharing lines with the lists (bench/fleet.ts: ~7%).
   */
  private readonly fr: Float64Array;
  /** Where the lists, the callbacks (request id and kind, in pairs) and the slot fields start in `sl`. */
  private readonly lb: number;
  private readonly cbb: number;
  private readonly sb: number;
  /** Where the jump's bucket counts (blockTokens + 2) start in `sl`. */
  private readonly jc: number;
  /** KV length once a lower-tier load completes. */
  private readonly slotLoadTo: Int32Array;
  private nFree: number;
  private nRun = 0;
  private nLoading = 0;
  private outstanding = 0;

  // Callbacks collected during a step's bookkeeping (pairs in `sl` from `cbb`).
  private nCb = 0;

  // The step in flight (for a jump: its last step, filled when the jump ends); its attention
  // pairs and duration are in `fr` (R_ATTN, R_DT), as is the start of a jump in flight (R_T0).
  private sP = 0;
  private sKvRead = 0;
  private sD = 0;
  private sC = 0;
  private sSeqs = 0;

  // Jump in flight: steps 1 … jK from fr[R_T0]; internal boundaries 1 … jDone applied.
  private jK = 0;
  private jD = 0;
  private jC0 = 0;
  private jDone = 0;
  /** Next unprocessed block crossing: cycle and index into the jump order (L_JSLOT, L_JR). */
  private jCycle = 0;
  private jIdx = 0;
  /** Boundary registered with the tier sync (the next that may evict into a tier). */
  private jDueIdx = 0;

  private phase = IDLE;
  private handle = -1;
  private evictionsBase = 0;

  constructor(sim: Simulation, options: ReplicaOptions) {
    const { blockTokens: bt, maxSeqs, maxBatchTokens } = options;
    if (!Number.isInteger(bt) || bt < 1) throw new RangeError(`blockTokens must be a whole number ≥ 1, got ${bt}`);
    if (!Number.isInteger(maxSeqs) || maxSeqs < 1) throw new RangeError(`maxSeqs must be a whole number ≥ 1, got ${maxSeqs}`);
    if (!Number.isInteger(maxBatchTokens) || maxBatchTokens < maxSeqs) {
      throw new RangeError(`maxBatchTokens must be a whole number ≥ maxSeqs (${maxSeqs}), got ${maxBatchTokens}`);
    }
    if (!(options.kvBytesPerToken > 0)) throw new RangeError(`kvBytesPerToken must be > 0, got ${options.kvBytesPerToken}`);
    if (options.dram !== undefined && options.pool !== undefined && options.dram.lower !== options.pool) {
      throw new RangeError(`replica ${options.id}: the DRAM tier's lower tier must be the pool given with it`);
    }
    this.sim = sim;
    this.id = options.id;
    this.req = options.requests;
    this.cost = options.cost;
    this.blockTokens = bt;
    this.maxSeqs = maxSeqs;
    this.maxBatchTokens = maxBatchTokens;
    this.kvBytesPerToken = options.kvBytesPerToken;
    this.cacheOn = options.cache.enabled;
    this.dram = options.dram;
    this.pool = options.pool;
    this.ff = options.fastForward;
    this.onFirstToken = options.onFirstToken;
    this.onDone = options.onDone;
    this.onReject = options.onReject;
    const first = this.dram ?? this.pool;
    this.blocks = new BlockManager({
      capacityBlocks: options.capacityBlocks,
      maxSeqs,
      ttlS: options.cache.ttlS,
      tag: options.id,
      onEvict: first === undefined ? undefined : (key, time, stamp) => first.insert(key, time, stamp),
    });
    this.kvBlocks = this.blocks.capacity;
    this.timed = this.blocks.ttlS !== Infinity;
    this.sync = first?.sync;
    this.syncId = this.sync === undefined ? -1 : this.sync.join(this);

    // Lists first, next to `fr`: their first entries are touched by every step.
    const lb = 0;
    this.lb = lb;
    this.cbb = lb + maxSeqs * LIST;
    this.sb = this.cbb + 4 * maxSeqs;
    this.jc = this.sb + maxSeqs * SLOT;
    const buffer = new ArrayBuffer(FR_SIZE * 8 + (this.jc + bt + 2) * 4);
    this.fr = new Float64Array(buffer, 0, FR_SIZE);
    this.sl = new Int32Array(buffer, FR_SIZE * 8, this.jc + bt + 2);
    this.stats = new ReplicaStats(this.fr.subarray(0, 6));
    for (let s = 0; s < maxSeqs; s++) this.sl[lb + s * LIST + L_FREE] = maxSeqs - 1 - s;
    this.nFree = maxSeqs;
    this.slotLoadTo = new Int32Array(maxSeqs);

    this.kindStep = sim.register(`replica${options.id}.step`, () => this.onStepEvent());
    this.kindLoad = sim.register(`replica${options.id}.load`, (slot) => this.onLoaded(slot));
    sim.onWarmupEnd(() => {
      this.settleTo(this.sim.now);
      this.stats.reset();
      this.evictionsBase = this.blocks.evictions;
      this.blocks.resetPeak();
    });
  }

  // ───────────────────────────── load signals (routing) ─────────────────────────────

  /** Requests waiting for admission (preempted ones included). */
  get waiting(): number {
    return this.wLen;
  }

  /** Sequences admitted: in prefill, decoding, or loading KV from a lower tier. */
  get running(): number {
    return this.nRun + this.nLoading;
  }

  /** Tokens still to prefill or to generate, over waiting and admitted requests. */
  get outstandingTokens(): number {
    if (this.phase !== JUMP) return this.outstanding;
    const m = this.boundariesBefore(this.sim.now);
    return this.outstanding - this.jD * (m - this.jDone);
  }

  /** True while no step is running or scheduled. */
  get idle(): boolean {
    return this.phase === IDLE;
  }

  /**
   * Prompt tokens of `req` this replica's HBM cache holds now (whole blocks; at most all but the
   * last token): what cache-aware routing weighs. Does not pin anything.
   */
  cachedPrefixTokens(req: number): number {
    if (!this.cacheOn) return 0;
    this.settleTo(this.sim.now);
    const target = this.req.promptTokens[req] + this.req.emitted[req];
    const cap = this.hitCap(req, target);
    if (cap === 0) return 0;
    return this.blocks.matchPrefix(this.req.keys[req]!, this.req.keyOffset[req], cap, this.sim.now) * this.blockTokens;
  }

  /** The stats, with a jump in flight applied up to now and memory figures filled in. */
  readStats(): ReplicaStats {
    this.settleTo(this.sim.now);
    this.stats.evictions = this.blocks.evictions - this.evictionsBase;
    this.stats.peakBlocksUsed = this.blocks.peakUsed;
    return this.stats;
  }

  // ───────────────────────────── submission ─────────────────────────────

  /** Queues request `req` at `sim.now`. */
  submit(req: number): void {
    const t = this.req;
    const p = t.promptTokens[req];
    const o = t.outputTokens[req];
    if (!(p >= 1 && o >= 1)) throw new RangeError(`request ${req}: promptTokens and outputTokens must be ≥ 1, got ${p} and ${o}`);
    if (t.keys[req] !== null && t.keyCount[req] > 0 && t.blockTokens[req] !== this.blockTokens) {
      throw new RangeError(`request ${req}: its key chain has ${t.blockTokens[req]} tokens per key, replica ${this.id} uses ${this.blockTokens}-token blocks`);
    }
    const chain = t.keys[req];
    if (chain !== null && (t.keyOffset[req] < 0 || t.keyOffset[req] + t.keyCount[req] > chain.length)) {
      throw new RangeError(`request ${req}: its key chain [${t.keyOffset[req]}, ${t.keyOffset[req] + t.keyCount[req]}) runs past the key array (${chain.length})`);
    }
    const bt = this.blockTokens;
    if (Math.ceil((p + o) / bt) > this.kvBlocks) {
      if (this.onReject !== undefined) {
        this.onReject(req);
        return;
      }
      throw new RangeError(`request ${req}: ${p + o} tokens need ${Math.ceil((p + o) / bt)} KV blocks; replica ${this.id} has ${this.blocks.capacity}`);
    }
    t.replica[req] = this.id;
    this.pushBack(req);
    this.outstanding += p + o;
    if (this.sim.measuring) this.stats.arrivals++;
    if (this.phase === IDLE) {
      this.phase = KICK;
      this.handle = this.sim.schedule(0, this.kindStep, 0);
    } else if (this.phase === JUMP) this.interrupt(this.sim.now);
  }

  // ───────────────────────────── events ─────────────────────────────

  private onStepEvent(): void {
    const ph = this.phase;
    this.phase = BUSY;
    if (ph === JUMP) this.applyStep(this.finishJump());
    else if (ph === STEP) this.applyStep(0);
    this.build();
  }

  private onLoaded(slot: number): void {
    this.nLoading--;
    const kv = this.slotLoadTo[slot];
    this.sl[this.sb + slot * SLOT + F_KV] = kv;
    this.publishUpTo(slot, kv);
    this.sl[this.lb + this.nRun++ * LIST + L_RUN] = slot;
    if (this.phase === IDLE) {
      this.phase = BUSY;
      this.build();
    } else if (this.phase === JUMP) this.interrupt(this.sim.now);
  }

  // ───────────────────────────── building a step ─────────────────────────────

  private build(): void {
    const now = this.sim.now;
    // Other replicas' lazily applied evictions before now reach the shared tiers before ours.
    if (this.sync !== undefined) this.sync.settle(now);
    const bt = this.blockTokens;
    const bm = this.blocks;
    const t = this.req;
    let budget = this.maxBatchTokens;
    let D = 0;
    let C = 0;
    let P = 0;
    let attn = 0;
    let kvRead = 0;
    let nPrefill = 0;
    const sl = this.sl;
    const lb = this.lb;
    const sb = this.sb;
    // Running sequences still in prefill; for a jump (planJump), the fewest tokens any decoding
    // sequence has left and, when `sorted`, the decoding sequences already in jump order.
    let inPrefill = 0;
    let minLeft = Infinity;
    const sorted = this.ff && this.nRun <= INSERTION_MAX;

    // 1. Decode: one token per sequence past its prefill; a missing block preempts the youngest.
    for (let i = 0; i < this.nRun; i++) {
      const s = sl[lb + i * LIST + L_RUN];
      const o = sb + s * SLOT;
      const kv = sl[o + F_KV];
      if (kv < sl[o + F_TARGET]) {
        sl[o + F_STEP] = STEP_NONE;
        inPrefill++;
        continue;
      }
      if (kv % bt === 0) {
        let self = false;
        while (!this.allocDecode(s, o, kv, now)) {
          const victim = sl[lb + (this.nRun - 1) * LIST + L_RUN];
          this.preempt(victim, now);
          if (victim === s) {
            self = true;
            break;
          }
        }
        if (self) break;
      }
      sl[o + F_STEP] = STEP_DECODE;
      if (sorted) {
        // NOTE: planJump's inputs are gathered here, with the slot in cache, instead of in two more passes there.
        const left = sl[o + F_OUT] - sl[o + F_EMIT];
        if (left < minLeft) minLeft = left;
        // Stable insertion by the first boundary (1 … bt) at which the sequence fills a block.
        const r = bt - (kv % bt);
        let at = lb + D * LIST;
        for (; at > lb && sl[at - LIST + L_JR] > r; at -= LIST) {
          sl[at + L_JSLOT] = sl[at - LIST + L_JSLOT];
          sl[at + L_JR] = sl[at - LIST + L_JR];
        }
        sl[at + L_JSLOT] = s;
        sl[at + L_JR] = r;
      }
      D++;
      C += kv + 1;
      budget--;
    }

    // 2. Prefill chunks for admitted sequences, oldest first.
    for (let i = 0; inPrefill > 0 && i < this.nRun && budget > 0; i++) {
      const o = sb + sl[lb + i * LIST + L_RUN] * SLOT;
      if (sl[o + F_STEP] === STEP_DECODE) continue;
      const kv = sl[o + F_KV];
      const c = Math.min(sl[o + F_TARGET] - kv, budget);
      sl[o + F_STEP] = c;
      P += c;
      attn += c * kv + (c * (c - 1)) / 2;
      kvRead += kv;
      budget -= c;
      nPrefill++;
    }

    // 3. Admission, in queue order, stopping at the first request that does not fit.
    while (this.wLen > 0 && budget > 0 && this.nRun + this.nLoading < this.maxSeqs) {
      const r = this.wq[this.wHead];
      const target = t.promptTokens[r] + t.emitted[r];
      const cap = this.hitCap(r, target);
      const keys = t.keys[r];
      const off = t.keyOffset[r];
      let h = 0;
      let unref = 0;
      if (cap > 0) {
        h = bm.matchPrefix(keys!, off, cap, now);
        unref = bm.matchUnreferenced;
      }
      const need = Math.ceil(target / bt) - h;
      if (need > bm.available - unref) break;
      this.popFront();
      const s = sl[lb + --this.nFree * LIST + L_FREE];
      const o = sb + s * SLOT;
      if (cap > 0) bm.acquireMatched(s, now);
      const keyable = this.cacheOn && keys !== null ? t.keyCount[r] : 0;
      bm.allocate(s, need, now, keyable - h);
      sl[o + F_REQ] = r;
      sl[o + F_KV] = h * bt;
      sl[o + F_TARGET] = target;
      sl[o + F_EMIT] = t.emitted[r];
      sl[o + F_OUT] = t.outputTokens[r];
      sl[o + F_PUB] = h;
      sl[o + F_KEYABLE] = keyable;
      sl[o + F_ANON] = 0;
      if (Number.isNaN(t.admitted[r])) t.admitted[r] = now;
      t.hbmHitTokens[r] += h * bt;
      const measuring = this.sim.measuring;
      if (measuring) {
        this.stats.admissions++;
        this.stats.hbmHitTokens += h * bt;
      }
      // Lower tiers: load the chain's next blocks if that beats recomputing them.
      let loaded = 0;
      if (cap > h && (this.dram !== undefined || this.pool !== undefined)) loaded = this.planLoad(s, r, h, cap, now);
      this.outstanding -= (h + loaded) * bt;
      if (loaded > 0) continue;
      sl[lb + this.nRun++ * LIST + L_RUN] = s;
      const c = Math.min(target - h * bt, budget);
      sl[o + F_STEP] = c;
      const kv = h * bt;
      P += c;
      attn += c * kv + (c * (c - 1)) / 2;
      kvRead += kv;
      budget -= c;
      nPrefill++;
    }

    if (D + nPrefill === 0) {
      this.phase = IDLE;
      return;
    }
    this.sP = P;
    this.fr[R_ATTN] = attn;
    this.sKvRead = kvRead;
    this.sD = D;
    this.sC = C;
    this.sSeqs = D + nPrefill;
    this.fr[R_DT] = this.cost.stepTime(P, attn, kvRead, D, C);
    if (this.ff && P === 0 && this.planJump(now, D, C, sorted, minLeft)) return;
    this.phase = STEP;
    this.handle = this.sim.schedule(this.fr[R_DT], this.kindStep, 0);
  }

  /**
   * Decides how much of the chain past the HBM hit (blocks h … cap−1) to load from DRAM and the
   * pool, starts the transfer, and returns the blocks loaded (0: recompute them all).
   */
  private planLoad(s: number, r: number, h: number, cap: number, now: number): number {
    const t = this.req;
    const keys = t.keys[r]!;
    const off = t.keyOffset[r];
    const bt = this.blockTokens;
    const dram = this.dram;
    const pool = this.pool;
    const d = dram === undefined ? 0 : dram.matchPrefix(keys, off, cap, h, now);
    const p = pool === undefined ? 0 : pool.matchPrefix(keys, off, cap, h + d, now);
    if (d + p === 0) return 0;
    const blockBytes = bt * this.kvBytesPerToken;
    const td = d > 0 ? dram!.transferTime(d * blockBytes) : 0;
    const tp = p > 0 ? pool!.transferTime(p * blockBytes) : 0;
    // Options: recompute all; load the DRAM part and recompute the pool part; load both.
    const costAll = this.prefillTime(h * bt, (d + p) * bt);
    let best = costAll;
    let loadD = 0;
    let loadP = 0;
    if (d > 0) {
      const c1 = td + this.prefillTime((h + d) * bt, p * bt);
      if (c1 <= best) {
        best = c1;
        loadD = d;
      }
    }
    if (p > 0) {
      const c2 = td + tp;
      if (c2 <= best) {
        best = c2;
        loadD = d;
        loadP = p;
      }
    }
    const n = loadD + loadP;
    if (n === 0) return 0;
    const bm = this.blocks;
    for (let i = 0; i < loadD; i++) dram!.touch(keys[off + h + i], now, bm.nextStamp());
    for (let i = 0; i < loadP; i++) pool!.touch(keys[off + h + loadD + i], now, bm.nextStamp());
    if (dram !== undefined) dram.loadedBlocks += loadD;
    if (pool !== undefined) pool.loadedBlocks += loadP;
    const time = (loadD > 0 ? td : 0) + (loadP > 0 ? tp : 0);
    t.dramHitTokens[r] += loadD * bt;
    t.poolHitTokens[r] += loadP * bt;
    if (this.sim.measuring) {
      this.stats.dramHitTokens += loadD * bt;
      this.stats.poolHitTokens += loadP * bt;
      this.stats.loadS += time;
      this.stats.loadedBytes += n * blockBytes;
    }
    this.sl[this.sb + s * SLOT + F_STEP] = STEP_NONE;
    this.slotLoadTo[s] = (h + n) * bt;
    this.nLoading++;
    this.sim.schedule(time, this.kindLoad, s);
    return n;
  }

  /** Stand-alone prefill time of `n` tokens that start at position `start`. */
  private prefillTime(start: number, n: number): number {
    if (n === 0) return 0;
    return this.cost.stepTime(n, n * start + (n * (n - 1)) / 2, start, 0, 0);
  }

  // ───────────────────────────── ending a step ─────────────────────────────

  /**
   * Applies the step in flight at its end (now): tokens, publications, completions, callbacks.
   * After a jump, its decoding sequences first advance by the `adv` steps before it.
   */
  private applyStep(adv: number): void {
    const now = this.sim.now;
    const bt = this.blockTokens;
    const t = this.req;
    const measuring = this.sim.measuring;
    if (measuring) {
      const st = this.stats;
      const fr = this.fr;
      addCompensated(fr, SUM_BUSY, fr[R_DT]);
      addCompensated(fr, SUM_FLOPS, this.cost.flops(this.sP, fr[R_ATTN], this.sKvRead, this.sD, this.sC));
      addCompensated(fr, SUM_BYTES, this.cost.bytes(this.sP, fr[R_ATTN], this.sKvRead, this.sD, this.sC));
      st.steps++;
      st.batchSeqs += this.sSeqs;
      st.batchTokens += this.sP + this.sD;
      st.prefillTokens += this.sP;
    }
    this.nCb = 0;
    let finished = 0;
    const sl = this.sl;
    const lb = this.lb;
    const sb = this.sb;
    for (let i = 0; i < this.nRun; i++) {
      const s = sl[lb + i * LIST + L_RUN];
      const o = sb + s * SLOT;
      const step = sl[o + F_STEP];
      if (step === STEP_DECODE) {
        // NOTE: a jump's advance is applied here instead of in a pass of its own in finishJump.
        const kv = (sl[o + F_KV] += adv + 1);
        if (kv % bt === 0) this.publishUpTo(s, kv);
        sl[o + F_EMIT] += adv;
        finished += this.emit(o, now, measuring);
      } else if (step > 0) {
        const kv = (sl[o + F_KV] += step);
        t.prefilledTokens[sl[o + F_REQ]] += step;
        this.outstanding -= step;
        this.publishUpTo(s, kv);
        if (kv === sl[o + F_TARGET]) finished += this.emit(o, now, measuring);
      }
    }
    if (finished > 0) {
      let w = 0;
      for (let i = 0; i < this.nRun; i++) {
        const s = sl[lb + i * LIST + L_RUN];
        const o = sb + s * SLOT;
        if (sl[o + F_EMIT] >= sl[o + F_OUT]) {
          this.blocks.release(s, now, sl[o + F_ANON]);
          sl[o + F_STEP] = STEP_NONE;
          sl[lb + this.nFree++ * LIST + L_FREE] = s;
        } else sl[lb + w++ * LIST + L_RUN] = s;
      }
      this.nRun = w;
    }
    const n = this.nCb;
    for (let i = 0; i < n; i++) {
      const at = this.cbb + 2 * i;
      if (sl[at + 1] === CB_FIRST) this.onFirstToken!(sl[at]);
      else this.onDone(sl[at]);
    }
  }

  /** One output token for the slot whose fields start at `o`; returns 1 when the request is now done. */
  private emit(o: number, now: number, measuring: boolean): number {
    const t = this.req;
    const sl = this.sl;
    const r = sl[o + F_REQ];
    const e = ++sl[o + F_EMIT];
    t.emitted[r] = e;
    this.outstanding--;
    if (measuring) this.stats.decodeTokens++;
    if (e === 1) {
      t.firstToken[r] = now;
      if (this.onFirstToken !== undefined) this.pushCallback(r, CB_FIRST);
    }
    if (e < sl[o + F_OUT]) return 0;
    t.done[r] = now;
    if (measuring) this.stats.completions++;
    this.pushCallback(r, CB_DONE);
    return 1;
  }

  /** Queues callback `kind` for request `r`, to run at the end of the step's bookkeeping. */
  private pushCallback(r: number, kind: number): void {
    const c = this.nCb++;
    const at = this.cbb + 2 * c;
    this.sl[at] = r;
    this.sl[at + 1] = kind;
  }

  /**
   * One more block for decoding slot `s` (fields at `o`) at KV length `kv`, a multiple of the block
   * size, at `now`; false when none is available. The sequence holds kv/bt blocks: the new one is
   * keyable while they are fewer than its chain's keys, else anonymous (counted in the slot).
   */
  private allocDecode(s: number, o: number, kv: number, now: number): boolean {
    if (kv / this.blockTokens < this.sl[o + F_KEYABLE]) return this.blocks.allocate(s, 1, now, 1);
    // NOTE: counted in the slot record instead of the block manager's per-sequence counts: one cache line fewer per block boundary.
    if (!this.blocks.allocateAnonymous(1, now)) return false;
    this.sl[o + F_ANON]++;
    return true;
  }

  /** Offers the full blocks of slot `s` (KV length `kv`) that have chain keys to the cache. */
  private publishUpTo(s: number, kv: number): void {
    const o = this.sb + s * SLOT;
    const pub = this.sl[o + F_PUB];
    // Keyable is the chain length (0 with the cache off or no chain): nothing left to offer.
    // NOTE: checked in the slot record first, instead of reading the request table every block.
    if (pub >= this.sl[o + F_KEYABLE]) return;
    const r = this.sl[o + F_REQ];
    const keys = this.req.keys[r]!;
    const limit = Math.min(Math.floor(kv / this.blockTokens), this.req.keyCount[r]);
    const off = this.req.keyOffset[r];
    for (let i = pub; i < limit; i++) this.blocks.publish(s, i, keys[off + i]);
    if (limit > pub) this.sl[o + F_PUB] = limit;
  }

  /** Preempts running slot `victim` (the last of the running list): frees its KV, requeues it first. */
  private preempt(victim: number, now: number): void {
    const t = this.req;
    const o = this.sb + victim * SLOT;
    const r = this.sl[o + F_REQ];
    this.nRun--;
    this.outstanding += t.promptTokens[r] + t.emitted[r] - (this.sl[o + F_TARGET] - this.sl[o + F_KV]);
    this.blocks.release(victim, now, this.sl[o + F_ANON]);
    t.preemptions[r]++;
    if (this.sim.measuring) this.stats.preemptions++;
    this.sl[o + F_STEP] = STEP_NONE;
    this.sl[this.lb + this.nFree++ * LIST + L_FREE] = victim;
    this.pushFront(r);
  }

  /** Blocks of `req`'s chain a lookup may hit for a prefill of `target` tokens. */
  private hitCap(r: number, target: number): number {
    if (!this.cacheOn || this.req.keys[r] === null) return 0;
    return Math.min(this.req.keyCount[r], Math.floor((target - 1) / this.blockTokens));
  }

  // ───────────────────────────── fast-forward ─────────────────────────────

  /**
   * Turns the decode-only step just built (D sequences, context C0) into a jump of k ≥ 2 steps
   * when nothing can change the batch before step k ends. Returns false for a single step.
   * `sorted`: build has put the sequences in jump order and found the fewest tokens left (`minLeft`).
   */
  private planJump(now: number, D: number, C0: number, sorted: boolean, minLeft: number): boolean {
    const bt = this.blockTokens;
    const sl = this.sl;
    const lb = this.lb;
    const sb = this.sb;
    const nRun = this.nRun;
    let k = minLeft;
    if (!sorted) {
      for (let i = 0; i < nRun; i++) {
        const o = sb + sl[lb + i * LIST + L_RUN] * SLOT;
        const left = sl[o + F_OUT] - sl[o + F_EMIT];
        if (left < k) k = left;
      }
    }
    if (k < 2) return false;

    // Order the sequences by the first boundary (1 … bt) at which each fills a block; equal
    // boundaries in admission order (the order step-by-step simulation allocates in). Small
    // batches come sorted by insertion from build; larger ones are sorted by counting here.
    if (!sorted) {
      const jc = this.jc;
      sl.fill(0, jc, jc + bt + 2);
      for (let i = 0; i < nRun; i++) sl[jc + bt - (sl[sb + sl[lb + i * LIST + L_RUN] * SLOT + F_KV] % bt)]++;
      let acc = 0;
      for (let r = 1; r <= bt; r++) {
        const c = sl[jc + r];
        sl[jc + r] = acc;
        acc += c;
      }
      for (let i = 0; i < nRun; i++) {
        const s = sl[lb + i * LIST + L_RUN];
        const r = bt - (sl[sb + s * SLOT + F_KV] % bt);
        const at = lb + sl[jc + r]++ * LIST;
        sl[at + L_JSLOT] = s;
        sl[at + L_JR] = r;
      }
    }

    // Allocations at internal boundaries 1 … K (for steps 2 … K+1) must all succeed:
    // total(K) = ⌊K/bt⌋·D + #{r ≤ K mod bt} ≤ available. With full = ⌊available/D⌋, the largest
    // such K is full·bt + r − 1, r the first boundary of jump-order entry available − full·D (the
    // first allocation that would fail); the steps are K + 1 = full·bt + r.
    const avail = this.blocks.available;
    const full = Math.floor(avail / D);
    const kAlloc = full * bt + sl[lb + (avail - full * D) * LIST + L_JR];
    if (kAlloc < k) k = kAlloc;

    if (k < 2) return false;

    this.fr[R_T0] = now;
    this.jK = k;
    this.jD = D;
    this.jC0 = C0;
    this.jDone = 0;
    this.jCycle = 0;
    this.jIdx = 0;
    this.phase = JUMP;
    this.handle = this.sim.scheduleAt(now + this.cost.decodeRunTime(D, C0, k), this.kindStep, 0);
    this.syncDue();
    return true;
  }

  /** Internal boundaries of the jump strictly before time `time` (0 … jK−1). */
  private boundariesBefore(time: number): number {
    const m = this.cost.decodeStepsToReach(this.jD, this.jC0, time - this.fr[R_T0]) - 1;
    return m < 0 ? 0 : m > this.jK - 1 ? this.jK - 1 : m;
  }

  /**
   * Applies every step boundary of a jump in flight strictly before `now` (publications,
   * allocations and the evictions they cause, step figures), as step-by-step simulation would
   * have by then. The jump goes on. Called by routing lookups, at warm-up end and by `readStats`.
   */
  settleTo(now: number): void {
    // Evictions into shared tiers go first, every replica's in time order.
    if (this.sync !== undefined) this.sync.settle(now);
    if (this.phase !== JUMP) return;
    const m = this.boundariesBefore(now);
    if (m > this.jDone) this.applyBoundaries(m);
    this.syncDue();
  }

  /** Applies internal boundaries jDone+1 … m of the jump. */
  private applyBoundaries(m: number): void {
    const bt = this.blockTokens;
    const D = this.jD;
    const timed = this.timed;
    const sl = this.sl;
    const lb = this.lb;
    const sb = this.sb;
    for (;;) {
      const r = sl[lb + this.jIdx * LIST + L_JR];
      const j = this.jCycle * bt + r;
      if (j > m) break;
      let g = this.jIdx;
      while (g < D && sl[lb + g * LIST + L_JR] === r) g++;
      // As at a step boundary: first the blocks the step filled are published, then the next
      // step's blocks are allocated, both in admission order.
      for (let x = this.jIdx; x < g; x++) {
        const s = sl[lb + x * LIST + L_JSLOT];
        this.publishUpTo(s, sl[sb + s * SLOT + F_KV] + j);
      }
      const tb = timed ? this.fr[R_T0] + this.cost.decodeRunTime(D, this.jC0, j) : this.fr[R_T0];
      for (let x = this.jIdx; x < g; x++) {
        const s = sl[lb + x * LIST + L_JSLOT];
        const o = sb + s * SLOT;
        if (!this.allocDecode(s, o, sl[o + F_KV] + j, tb)) throw new Error(`replica ${this.id}: fast-forward allocation failed (internal error)`);
      }
      this.jIdx = g;
      if (g === D) {
        this.jIdx = 0;
        this.jCycle++;
      }
    }
    const n = m - this.jDone;
    if (this.sim.measuring) {
      const st = this.stats;
      const c = this.jC0 + D * this.jDone;
      const fr = this.fr;
      addCompensated(fr, SUM_BUSY, this.cost.decodeRunTime(D, c, n));
      addCompensated(fr, SUM_FLOPS, this.cost.decodeRunFlops(D, c, n));
      addCompensated(fr, SUM_BYTES, this.cost.decodeRunBytes(D, c, n));
      st.steps += n;
      st.batchSeqs += D * n;
      st.batchTokens += D * n;
      st.decodeTokens += D * n;
    }
    this.outstanding -= D * n;
    this.jDone = m;
  }

  /**
   * Ends the jump at its last boundary: applies the internal ones, sets up step jK as the step in
   * flight. Returns the steps before it (k − 1), which applyStep adds to the jump's sequences
   * (the decoding ones; a sequence whose load completed meanwhile is running too, unstepped).
   */
  private finishJump(): number {
    const k = this.jK;
    if (k - 1 > this.jDone) this.applyBoundaries(k - 1);
    const adv = k - 1;
    const D = this.jD;
    this.sP = 0;
    this.fr[R_ATTN] = 0;
    this.sKvRead = 0;
    this.sD = D;
    this.sC = this.jC0 + D * adv;
    this.sSeqs = D;
    this.fr[R_DT] = this.cost.stepTime(0, 0, 0, D, this.sC);
    if (this.sync !== undefined) this.sync.due(this.syncId, Infinity);
    return adv;
  }

  /** A request (or a loaded sequence) arrived at `now` during a jump: end it at the next boundary. */
  private interrupt(now: number): void {
    let j = this.cost.decodeStepsToReach(this.jD, this.jC0, now - this.fr[R_T0]);
    if (j < 1) j = 1;
    if (j >= this.jK) return;
    this.jK = j;
    this.sim.cancel(this.handle);
    const at = this.fr[R_T0] + this.cost.decodeRunTime(this.jD, this.jC0, j);
    this.handle = this.sim.scheduleAt(at > now ? at : now, this.kindStep, 0);
    this.syncDue();
  }

  /** Tells the tier sync when this jump's next eviction can happen (its next allocation beyond the free blocks). */
  private syncDue(): void {
    const sync = this.sync;
    if (sync === undefined) return;
    const D = this.jD;
    // The (free+1)-th allocation from here is the first that must evict.
    const ordinal = this.jCycle * D + this.jIdx + this.blocks.freeCount;
    const cycle = Math.floor(ordinal / D);
    const j = cycle * this.blockTokens + this.sl[this.lb + (ordinal - cycle * D) * LIST + L_JR];
    if (j <= this.jK - 1) {
      this.jDueIdx = j;
      sync.due(this.syncId, this.fr[R_T0] + this.cost.decodeRunTime(D, this.jC0, j));
    } else sync.due(this.syncId, Infinity);
  }

  /** Applies the jump through the boundary registered with the tier sync (see `TierSync`). */
  settleDue(): void {
    if (this.phase !== JUMP) return;
    if (this.jDueIdx > this.jDone) this.applyBoundaries(Math.min(this.jDueIdx, this.jK - 1));
    this.syncDue();
  }

  // ───────────────────────────── waiting queue ─────────────────────────────

  private pushBack(r: number): void {
    if (this.wLen === this.wq.length) this.growQueue();
    this.wq[(this.wHead + this.wLen) % this.wq.length] = r;
    this.wLen++;
  }

  private pushFront(r: number): void {
    if (this.wLen === this.wq.length) this.growQueue();
    this.wHead = (this.wHead - 1 + this.wq.length) % this.wq.length;
    this.wq[this.wHead] = r;
    this.wLen++;
  }

  private popFront(): number {
    const r = this.wq[this.wHead];
    this.wHead = (this.wHead + 1) % this.wq.length;
    this.wLen--;
    return r;
  }

  private growQueue(): void {
    const old = this.wq;
    const q = new Int32Array(old.length * 2);
    for (let i = 0; i < this.wLen; i++) q[i] = old[(this.wHead + i) % old.length];
    this.wq = q;
    this.wHead = 0;
  }
}
