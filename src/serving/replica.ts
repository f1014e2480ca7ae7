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
 * Hot path: per-sequence state in typed arrays indexed by slot, the running set an index array in
 * admission order, the queue a ring buffer; O(batch) per step, nothing allocated per step or per
 * request once buffers have grown to the peak.
 */
import type { Simulation } from '../kernel/simulation.js';
import { BlockManager } from './block-manager.js';
import type { KvTier, TierSync, TierSyncMember } from './kv-tier.js';
import type { RequestTable } from './request-table.js';
import { ReplicaStats } from './replica-stats.js';

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
const MODE_NONE = 0, MODE_DECODE = 1, MODE_PREFILL = 2;
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
  readonly stats = new ReplicaStats();

  private readonly sim: Simulation;
  private readonly req: RequestTable;
  private readonly cost: StepCost;
  private readonly kvBytesPerToken: number;
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

  // Per sequence slot.
  private readonly slotReq: Int32Array;
  /** Tokens whose KV is in memory (hits included). */
  private readonly slotKv: Int32Array;
  /** Prefill target: prompt + tokens emitted before this admission. */
  private readonly slotTarget: Int32Array;
  /** Blocks [0, pub) of the sequence have been offered to the cache. */
  private readonly slotPub: Int32Array;
  private readonly slotChunk: Int32Array;
  /** KV length once a lower-tier load completes. */
  private readonly slotLoadTo: Int32Array;
  private readonly slotMode: Uint8Array;
  private readonly freeSlots: Int32Array;
  private nFree: number;
  /** Running sequences (slots) in admission order. */
  private readonly run: Int32Array;
  private nRun = 0;
  private nLoading = 0;
  private outstanding = 0;

  // Callbacks collected during a step's bookkeeping.
  private readonly cbReq: Int32Array;
  private readonly cbKind: Uint8Array;
  private nCb = 0;

  // The step in flight (for a jump: its last step, filled when the jump ends).
  private sP = 0;
  private sAttn = 0;
  private sKvRead = 0;
  private sD = 0;
  private sC = 0;
  private sDt = 0;
  private sSeqs = 0;

  // Jump in flight: steps 1 … jK from jT0; internal boundaries 1 … jDone applied.
  private jT0 = 0;
  private jK = 0;
  private jD = 0;
  private jC0 = 0;
  private jDone = 0;
  /** Running slots ordered by the first boundary (1 … blockTokens) at which each fills a block. */
  private readonly jSlot: Int32Array;
  private readonly jR: Int32Array;
  private readonly jCount: Int32Array;
  /** Next unprocessed block crossing: cycle and index into jSlot/jR. */
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
    this.sync = first?.sync;
    this.syncId = this.sync === undefined ? -1 : this.sync.join(this);

    this.slotReq = new Int32Array(maxSeqs);
    this.slotKv = new Int32Array(maxSeqs);
    this.slotTarget = new Int32Array(maxSeqs);
    this.slotPub = new Int32Array(maxSeqs);
    this.slotChunk = new Int32Array(maxSeqs);
    this.slotLoadTo = new Int32Array(maxSeqs);
    this.slotMode = new Uint8Array(maxSeqs);
    this.freeSlots = new Int32Array(maxSeqs);
    for (let s = 0; s < maxSeqs; s++) this.freeSlots[s] = maxSeqs - 1 - s;
    this.nFree = maxSeqs;
    this.run = new Int32Array(maxSeqs);
    this.cbReq = new Int32Array(2 * maxSeqs);
    this.cbKind = new Uint8Array(2 * maxSeqs);
    this.jSlot = new Int32Array(maxSeqs);
    this.jR = new Int32Array(maxSeqs);
    this.jCount = new Int32Array(bt + 2);

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

  /** Same as {@link cachedPrefixTokens}. */
  matchPrefix(req: number): number {
    return this.cachedPrefixTokens(req);
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
    if (Math.ceil((p + o) / bt) > this.blocks.capacity) {
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
    if (ph === JUMP) {
      this.finishJump();
      this.applyStep();
    } else if (ph === STEP) this.applyStep();
    this.build();
  }

  private onLoaded(slot: number): void {
    this.nLoading--;
    const kv = this.slotLoadTo[slot];
    this.slotKv[slot] = kv;
    this.publishUpTo(slot, kv);
    this.run[this.nRun++] = slot;
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

    // 1. Decode: one token per sequence past its prefill; a missing block preempts the youngest.
    for (let i = 0; i < this.nRun; i++) {
      const s = this.run[i];
      const kv = this.slotKv[s];
      if (kv < this.slotTarget[s]) {
        this.slotMode[s] = MODE_NONE;
        continue;
      }
      if (kv % bt === 0) {
        let self = false;
        while (!bm.allocate(s, 1, now)) {
          const victim = this.run[this.nRun - 1];
          this.preempt(victim, now);
          if (victim === s) {
            self = true;
            break;
          }
        }
        if (self) break;
      }
      this.slotMode[s] = MODE_DECODE;
      D++;
      C += kv + 1;
      budget--;
    }

    // 2. Prefill chunks for admitted sequences, oldest first.
    for (let i = 0; i < this.nRun && budget > 0; i++) {
      const s = this.run[i];
      if (this.slotMode[s] === MODE_DECODE) continue;
      const kv = this.slotKv[s];
      const c = Math.min(this.slotTarget[s] - kv, budget);
      this.slotMode[s] = MODE_PREFILL;
      this.slotChunk[s] = c;
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
      const s = this.freeSlots[--this.nFree];
      if (cap > 0) bm.acquireMatched(s, now);
      bm.allocate(s, need, now);
      this.slotReq[s] = r;
      this.slotTarget[s] = target;
      this.slotKv[s] = h * bt;
      this.slotPub[s] = h;
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
      this.run[this.nRun++] = s;
      const c = Math.min(target - h * bt, budget);
      this.slotMode[s] = MODE_PREFILL;
      this.slotChunk[s] = c;
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
    this.sAttn = attn;
    this.sKvRead = kvRead;
    this.sD = D;
    this.sC = C;
    this.sSeqs = D + nPrefill;
    this.sDt = this.cost.stepTime(P, attn, kvRead, D, C);
    if (this.ff && P === 0 && this.planJump(now, D, C)) return;
    this.phase = STEP;
    this.handle = this.sim.schedule(this.sDt, this.kindStep, 0);
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
    this.slotMode[s] = MODE_NONE;
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

  /** Applies the step in flight at its end (now): tokens, publications, completions, callbacks. */
  private applyStep(): void {
    const now = this.sim.now;
    const bt = this.blockTokens;
    const t = this.req;
    const measuring = this.sim.measuring;
    if (measuring) {
      const st = this.stats;
      st.busy.add(this.sDt);
      st.flops.add(this.cost.flops(this.sP, this.sAttn, this.sKvRead, this.sD, this.sC));
      st.bytes.add(this.cost.bytes(this.sP, this.sAttn, this.sKvRead, this.sD, this.sC));
      st.steps++;
      st.batchSeqs += this.sSeqs;
      st.batchTokens += this.sP + this.sD;
      st.prefillTokens += this.sP;
    }
    this.nCb = 0;
    let finished = 0;
    for (let i = 0; i < this.nRun; i++) {
      const s = this.run[i];
      const mode = this.slotMode[s];
      if (mode === MODE_DECODE) {
        const kv = ++this.slotKv[s];
        if (kv % bt === 0) this.publishUpTo(s, kv);
        finished += this.emit(s, now, measuring);
      } else if (mode === MODE_PREFILL) {
        const c = this.slotChunk[s];
        const kv = (this.slotKv[s] += c);
        t.prefilledTokens[this.slotReq[s]] += c;
        this.outstanding -= c;
        this.publishUpTo(s, kv);
        if (kv === this.slotTarget[s]) finished += this.emit(s, now, measuring);
      }
    }
    if (finished > 0) {
      let w = 0;
      for (let i = 0; i < this.nRun; i++) {
        const s = this.run[i];
        const r = this.slotReq[s];
        if (t.emitted[r] >= t.outputTokens[r]) {
          this.blocks.release(s, now);
          this.slotMode[s] = MODE_NONE;
          this.freeSlots[this.nFree++] = s;
        } else this.run[w++] = s;
      }
      this.nRun = w;
    }
    const n = this.nCb;
    for (let i = 0; i < n; i++) {
      if (this.cbKind[i] === CB_FIRST) this.onFirstToken!(this.cbReq[i]);
      else this.onDone(this.cbReq[i]);
    }
  }

  /** One output token for slot `s`; returns 1 when the request is now done. */
  private emit(s: number, now: number, measuring: boolean): number {
    const t = this.req;
    const r = this.slotReq[s];
    const e = ++t.emitted[r];
    this.outstanding--;
    if (measuring) this.stats.decodeTokens++;
    if (e === 1) {
      t.firstToken[r] = now;
      if (this.onFirstToken !== undefined) {
        this.cbReq[this.nCb] = r;
        this.cbKind[this.nCb++] = CB_FIRST;
      }
    }
    if (e < t.outputTokens[r]) return 0;
    t.done[r] = now;
    if (measuring) this.stats.completions++;
    this.cbReq[this.nCb] = r;
    this.cbKind[this.nCb++] = CB_DONE;
    return 1;
  }

  /** Offers the full blocks of slot `s` (KV length `kv`) that have chain keys to the cache. */
  private publishUpTo(s: number, kv: number): void {
    if (!this.cacheOn) return;
    const r = this.slotReq[s];
    const keys = this.req.keys[r];
    if (keys === null) return;
    const limit = Math.min(Math.floor(kv / this.blockTokens), this.req.keyCount[r]);
    const off = this.req.keyOffset[r];
    for (let i = this.slotPub[s]; i < limit; i++) this.blocks.publish(s, i, keys[off + i]);
    if (limit > this.slotPub[s]) this.slotPub[s] = limit;
  }

  /** Preempts running slot `victim` (the last of the running list): frees its KV, requeues it first. */
  private preempt(victim: number, now: number): void {
    const t = this.req;
    const r = this.slotReq[victim];
    this.nRun--;
    this.outstanding += t.promptTokens[r] + t.emitted[r] - (this.slotTarget[victim] - this.slotKv[victim]);
    this.blocks.release(victim, now);
    t.preemptions[r]++;
    if (this.sim.measuring) this.stats.preemptions++;
    this.slotMode[victim] = MODE_NONE;
    this.freeSlots[this.nFree++] = victim;
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
   */
  private planJump(now: number, D: number, C0: number): boolean {
    const t = this.req;
    const bt = this.blockTokens;
    let k = Infinity;
    for (let i = 0; i < this.nRun; i++) {
      const r = this.slotReq[this.run[i]];
      const left = t.outputTokens[r] - t.emitted[r];
      if (left < k) k = left;
    }
    if (k < 2) return false;

    // Bucket the sequences by the first boundary (1 … bt) at which each fills a block; within a
    // bucket, admission order (the order step-by-step simulation allocates in).
    const count = this.jCount;
    count.fill(0);
    for (let i = 0; i < this.nRun; i++) count[bt - (this.slotKv[this.run[i]] % bt)]++;
    let acc = 0;
    for (let r = 1; r <= bt; r++) {
      const c = count[r];
      count[r] = acc;
      acc += c;
    }
    for (let i = 0; i < this.nRun; i++) {
      const s = this.run[i];
      const r = bt - (this.slotKv[s] % bt);
      const at = count[r]++;
      this.jSlot[at] = s;
      this.jR[at] = r;
    }

    // Allocations at internal boundaries 1 … K (for steps 2 … K+1) must all succeed:
    // total(K) = ⌊K/bt⌋·D + #{r ≤ K mod bt} ≤ available.
    const avail = this.blocks.available;
    const full = Math.floor(avail / D);
    const kAlloc = full * bt + this.jR[avail - full * D] - 1 + 1;
    if (kAlloc < k) k = kAlloc;

    if (k < 2) return false;

    this.jT0 = now;
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
    const m = this.cost.decodeStepsToReach(this.jD, this.jC0, time - this.jT0) - 1;
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
    const bm = this.blocks;
    const timed = bm.ttlS !== Infinity;
    for (;;) {
      const r = this.jR[this.jIdx];
      const j = this.jCycle * bt + r;
      if (j > m) break;
      let g = this.jIdx;
      while (g < D && this.jR[g] === r) g++;
      // As at a step boundary: first the blocks the step filled are published, then the next
      // step's blocks are allocated, both in admission order.
      for (let x = this.jIdx; x < g; x++) {
        const s = this.jSlot[x];
        this.publishUpTo(s, this.slotKv[s] + j);
      }
      const tb = timed ? this.jT0 + this.cost.decodeRunTime(D, this.jC0, j) : this.jT0;
      for (let x = this.jIdx; x < g; x++) {
        if (!bm.allocate(this.jSlot[x], 1, tb)) throw new Error(`replica ${this.id}: fast-forward allocation failed (internal error)`);
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
      st.busy.add(this.cost.decodeRunTime(D, c, n));
      st.flops.add(this.cost.decodeRunFlops(D, c, n));
      st.bytes.add(this.cost.decodeRunBytes(D, c, n));
      st.steps += n;
      st.batchSeqs += D * n;
      st.batchTokens += D * n;
      st.decodeTokens += D * n;
    }
    this.outstanding -= D * n;
    this.jDone = m;
  }

  /** Ends the jump at its last boundary: applies the internal ones, sets up step jK as the step in flight. */
  private finishJump(): void {
    const k = this.jK;
    if (k - 1 > this.jDone) this.applyBoundaries(k - 1);
    const t = this.req;
    const adv = k - 1;
    const D = this.jD;
    // The jump's own sequences (a sequence whose load completed meanwhile is running too, unstepped).
    for (let x = 0; x < D; x++) {
      const s = this.jSlot[x];
      this.slotKv[s] += adv;
      t.emitted[this.slotReq[s]] += adv;
    }
    this.sP = 0;
    this.sAttn = 0;
    this.sKvRead = 0;
    this.sD = D;
    this.sC = this.jC0 + D * adv;
    this.sSeqs = D;
    this.sDt = this.cost.stepTime(0, 0, 0, D, this.sC);
    if (this.sync !== undefined) this.sync.due(this.syncId, Infinity);
  }

  /** A request (or a loaded sequence) arrived at `now` during a jump: end it at the next boundary. */
  private interrupt(now: number): void {
    let j = this.cost.decodeStepsToReach(this.jD, this.jC0, now - this.jT0);
    if (j < 1) j = 1;
    if (j >= this.jK) return;
    this.jK = j;
    this.sim.cancel(this.handle);
    const at = this.jT0 + this.cost.decodeRunTime(this.jD, this.jC0, j);
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
    const j = cycle * this.blockTokens + this.jR[ordinal - cycle * D];
    if (j <= this.jK - 1) {
      this.jDueIdx = j;
      sync.due(this.syncId, this.jT0 + this.cost.decodeRunTime(D, this.jC0, j));
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
