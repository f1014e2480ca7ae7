/**
 * Lower KV tiers below a replica's HBM: host DRAM of a node, a shared pool (remote memory or SSD,
 * as in Mooncake: Qin et al., "Mooncake: A KVCache-centric Disaggregated Architecture for LLM
 * Serving", FAST 2025). A tier holds block keys only (no reference counts: nothing runs from it),
 * has a capacity in blocks, a bandwidth and a per-transfer latency.
 *
 * Blocks arrive by eviction (write-back): a replica's HBM eviction inserts the key into its first
 * lower tier, and a tier that overflows passes its least recently used key on to `lower`. A
 * replica that finds the next blocks of a chain here loads them (and touches them) when that is
 * cheaper than recomputing them. Loading keeps the entry (the tier is inclusive of what it served).
 *
 * Recency is *last use*: every entry carries the stamp (time, tie-break) of the last time a
 * sequence used the block — in HBM before it was evicted, or here when it was loaded — and the
 * tier evicts the smallest stamp (an indexed binary heap). An insert adds the entry and then, over
 * capacity, evicts the smallest, which may be the entry just added: a block evicted from HBM long
 * after its last use does not push out blocks used since. Transfers are not queued against each
 * other: each gets the full bandwidth.
 *
 * Tiers shared by several replicas take a {@link TierSync}, so that fast-forwarding replicas
 * write their evictions in time order (see there). A tier used by one replica needs none.
 */
import { KeyIndex } from './block-manager.js';

/** A replica whose fast-forward jump has evictions not yet applied; see {@link TierSync}. */
export interface TierSyncMember {
  /**
   * Applies its steps up to and including the boundary it registered with {@link TierSync.due}
   * (the next one that may evict into a tier), then registers the following one (or none).
   */
  settleDue(): void;
}

/**
 * Keeps lower tiers shared by several replicas exact under fast-forward. A replica in a jump
 * applies the evictions of the jump's steps lazily. Each member registers the time of its next
 * step boundary that may evict into a tier; before any tier is read or written at time t by a
 * replica stepping normally, every registered boundary before t is applied, earliest first, one
 * boundary at a time — so the tiers see the same inserts in the same order as step-by-step
 * simulation (up to events at exactly equal times). A binary heap keeps the earliest first; a
 * settle with nothing due costs O(1).
 */
export class TierSync {
  private readonly members: TierSyncMember[] = [];
  private time = new Float64Array(16);
  private heap = new Int32Array(16);
  private pos = new Int32Array(16).fill(-1);
  private n = 0;
  private settling = false;

  /** Adds a member; returns its id for {@link due}. */
  join(member: TierSyncMember): number {
    const id = this.members.length;
    this.members.push(member);
    if (id >= this.pos.length) {
      const cap = this.pos.length * 2;
      const t = new Float64Array(cap);
      t.set(this.time);
      const h = new Int32Array(cap);
      h.set(this.heap);
      const p = new Int32Array(cap).fill(-1);
      p.set(this.pos);
      this.time = t;
      this.heap = h;
      this.pos = p;
    }
    return id;
  }

  /** Member `id` has its next pending boundary at `time` (Infinity: nothing pending). */
  due(id: number, time: number): void {
    const p = this.pos[id];
    if (time === Infinity) {
      if (p >= 0) this.removeAt(p);
      return;
    }
    this.time[id] = time;
    if (p < 0) {
      this.heap[this.n] = id;
      this.pos[id] = this.n;
      this.up(this.n++);
    } else {
      this.up(p);
      this.down(this.pos[id]);
    }
  }

  /** Applies every registered boundary strictly before `now`, in time order. */
  settle(now: number): void {
    if (this.settling) return;
    this.settling = true;
    while (this.n > 0 && this.time[this.heap[0]] < now) {
      const id = this.heap[0];
      this.removeAt(0);
      this.members[id].settleDue();
    }
    this.settling = false;
  }

  /** Members with a pending boundary. */
  get pending(): number {
    return this.n;
  }

  private removeAt(p: number): void {
    const id = this.heap[p];
    this.pos[id] = -1;
    const last = this.heap[--this.n];
    if (p === this.n) return;
    this.heap[p] = last;
    this.pos[last] = p;
    this.up(p);
    this.down(this.pos[last]);
  }

  private up(p: number): void {
    const h = this.heap;
    const id = h[p];
    const t = this.time[id];
    while (p > 0) {
      const q = (p - 1) >> 1;
      if (this.time[h[q]] <= t) break;
      h[p] = h[q];
      this.pos[h[p]] = p;
      p = q;
    }
    h[p] = id;
    this.pos[id] = p;
  }

  private down(p: number): void {
    const h = this.heap;
    const id = h[p];
    const t = this.time[id];
    for (;;) {
      let c = 2 * p + 1;
      if (c >= this.n) break;
      if (c + 1 < this.n && this.time[h[c + 1]] < this.time[h[c]]) c++;
      if (this.time[h[c]] >= t) break;
      h[p] = h[c];
      this.pos[h[p]] = p;
      p = c;
    }
    h[p] = id;
    this.pos[id] = p;
  }
}

/** Options of {@link KvTier}. */
export interface KvTierOptions {
  /** For diagnostics ("node3.dram", "pool"). */
  name: string;
  /** Blocks the tier holds (≥ 0). */
  capacityBlocks: number;
  /** Transfer bandwidth into HBM, bytes/s (> 0). */
  bandwidthBps: number;
  /** Fixed latency per transfer, s (≥ 0). */
  latencyS: number;
  /** Where this tier's evictions go (host DRAM → shared pool). */
  lower?: KvTier;
  /** Shared by every replica that writes into this tier (or a tier above it); see {@link TierSync}. */
  sync?: TierSync;
}

/** One lower tier: a capacity of block keys ordered by last use, with transfer costs (see the file comment). */
export class KvTier {
  readonly name: string;
  readonly capacity: number;
  readonly bandwidthBps: number;
  readonly latencyS: number;
  readonly lower: KvTier | undefined;
  readonly sync: TierSync | undefined;

  /** Keys inserted (new entries, or newer stamps for present ones). */
  inserts = 0;
  /** Entries evicted (passed to `lower`). */
  evictions = 0;
  /** Prefix lookups. */
  lookups = 0;
  /** Blocks found by lookups. */
  hitBlocks = 0;
  /** Blocks loaded into HBM from this tier. */
  loadedBlocks = 0;

  // Indexed binary min-heap of entries (slot ids) ordered by (time, stamp).
  private readonly keyOf: Float64Array;
  private readonly timeOf: Float64Array;
  private readonly stampOf: Float64Array;
  private readonly heap: Int32Array;
  private readonly pos: Int32Array;
  private readonly map: KeyIndex;
  private n = 0;

  constructor(options: KvTierOptions) {
    const cap = options.capacityBlocks;
    if (!Number.isInteger(cap) || cap < 0) throw new RangeError(`${options.name}: capacityBlocks must be a whole number ≥ 0, got ${cap}`);
    if (!(options.bandwidthBps > 0)) throw new RangeError(`${options.name}: bandwidthBps must be > 0, got ${options.bandwidthBps}`);
    if (!(options.latencyS >= 0 && Number.isFinite(options.latencyS))) throw new RangeError(`${options.name}: latencyS must be ≥ 0, got ${options.latencyS}`);
    this.name = options.name;
    this.capacity = cap;
    this.bandwidthBps = options.bandwidthBps;
    this.latencyS = options.latencyS;
    this.lower = options.lower;
    this.sync = options.sync;
    if (this.lower !== undefined && this.lower.sync !== this.sync) throw new RangeError(`${options.name}: a tier and its lower tier must share one TierSync (or neither has one)`);
    this.map = new KeyIndex(cap);
    this.keyOf = new Float64Array(cap);
    this.timeOf = new Float64Array(cap);
    this.stampOf = new Float64Array(cap);
    this.heap = new Int32Array(cap);
    this.pos = new Int32Array(cap);
  }

  /** Entries held. */
  get size(): number {
    return this.n;
  }

  /** Seconds to move `bytes` into HBM: latency + bytes / bandwidth. */
  transferTime(bytes: number): number {
    return this.latencyS + bytes / this.bandwidthBps;
  }

  /** True when `key` is held (as of the last settle: prefer {@link matchPrefix} at a given time). */
  contains(key: number): boolean {
    return this.map.has(key);
  }

  /**
   * How many consecutive keys of the chain `keys[off … off+count)`, starting at chain index
   * `fromBlock`, this tier holds at time `now`. Touches nothing.
   */
  matchPrefix(keys: Float64Array, off: number, count: number, fromBlock: number, now: number): number {
    if (this.sync !== undefined) this.sync.settle(now);
    this.lookups++;
    let i = fromBlock;
    while (i < count && this.map.has(keys[off + i])) i++;
    this.hitBlocks += i - fromBlock;
    return i - fromBlock;
  }

  /** Marks `key` used at (time, stamp) if held and older; false when absent. */
  touch(key: number, time: number, stamp: number): boolean {
    const s = this.map.get(key);
    if (s < 0) return false;
    if (this.older(s, time, stamp)) {
      this.timeOf[s] = time;
      this.stampOf[s] = stamp;
      this.down(this.pos[s]);
    }
    return true;
  }

  /**
   * Adds `key`, last used at (time, stamp); a held key keeps the newer stamp. Over capacity, the
   * least recently used entry goes to `lower` (with its own stamp).
   */
  insert(key: number, time: number, stamp: number): void {
    const s = this.map.get(key);
    if (s >= 0) {
      if (this.older(s, time, stamp)) {
        this.timeOf[s] = time;
        this.stampOf[s] = stamp;
        this.down(this.pos[s]);
        this.inserts++;
      }
      return;
    }
    this.inserts++;
    if (this.n < this.capacity) {
      const slot = this.n;
      this.keyOf[slot] = key;
      this.timeOf[slot] = time;
      this.stampOf[slot] = stamp;
      this.map.set(key, slot);
      this.heap[this.n] = slot;
      this.pos[slot] = this.n;
      this.up(this.n++);
      return;
    }
    // Full: the new entry and the oldest held compete; the smaller stamp leaves.
    this.evictions++;
    if (this.n === 0 || !this.older(this.heap[0], time, stamp)) {
      if (this.lower !== undefined) this.lower.insert(key, time, stamp);
      return;
    }
    const slot = this.heap[0];
    const oldKey = this.keyOf[slot];
    const oldTime = this.timeOf[slot];
    const oldStamp = this.stampOf[slot];
    this.map.delete(oldKey);
    this.keyOf[slot] = key;
    this.timeOf[slot] = time;
    this.stampOf[slot] = stamp;
    this.map.set(key, slot);
    this.down(0);
    if (this.lower !== undefined) this.lower.insert(oldKey, oldTime, oldStamp);
  }

  /** Keys held, least recently used first (for tests; allocates). */
  keysByAge(): number[] {
    const slots = Array.from(this.heap.subarray(0, this.n));
    slots.sort((a, b) => (this.timeOf[a] - this.timeOf[b]) || (this.stampOf[a] - this.stampOf[b]));
    return slots.map((s) => this.keyOf[s]);
  }

  /** True when entry `s` is older than (time, stamp). */
  private older(s: number, time: number, stamp: number): boolean {
    const t = this.timeOf[s];
    return t < time || (t === time && this.stampOf[s] < stamp);
  }

  private less(a: number, b: number): boolean {
    const ta = this.timeOf[a];
    const tb = this.timeOf[b];
    return ta < tb || (ta === tb && this.stampOf[a] < this.stampOf[b]);
  }

  private up(p: number): void {
    const h = this.heap;
    const s = h[p];
    while (p > 0) {
      const q = (p - 1) >> 1;
      if (!this.less(s, h[q])) break;
      h[p] = h[q];
      this.pos[h[p]] = p;
      p = q;
    }
    h[p] = s;
    this.pos[s] = p;
  }

  private down(p: number): void {
    const h = this.heap;
    const s = h[p];
    for (;;) {
      let c = 2 * p + 1;
      if (c >= this.n) break;
      if (c + 1 < this.n && this.less(h[c + 1], h[c])) c++;
      if (!this.less(h[c], s)) break;
      h[p] = h[c];
      this.pos[h[p]] = p;
      p = c;
    }
    h[p] = s;
    this.pos[s] = p;
  }
}
