/**
 * KV memory of one replica in fixed-size blocks, with a prefix cache over HBM (vLLM's paged
 * attention block pool and automatic prefix caching: Kwon et al., SOSP 2023; vLLM v1
 * `KVCacheManager`/`BlockPool`).
 *
 * Every block has a reference count. A block with a key is *cached*: later sequences whose chain
 * has that key at that position reuse it instead of recomputing it. A block nobody references is
 * either *free* (no key: reused at once) or *cached-unreferenced* (a key: kept in an LRU list and
 * reused — evicted — only when free blocks run out). So at all times
 * `freeCount + usedCount + cachedCount = capacity`.
 *
 * Sequences are slots 0 … maxSeqs−1; each slot holds its block list (a growable Int32Array, block
 * i holding tokens [i·blockTokens, (i+1)·blockTokens) of the sequence), so no per-request objects.
 *
 * Order of release: a sequence's blocks are released last block first, so its deepest blocks sit
 * nearest the LRU head and are evicted before the prefix blocks other requests are likelier to
 * share (as vLLM v1 frees them in reverse).
 *
 * Recency is a *stamp*: (time of last use, then a counter·2^20 + `tag` for ties), handed with an
 * evicted block to the lower tier, which orders its entries by last use (see `KvTier`).
 */

/** Called with the key, last-use time and stamp of a cached block as it is evicted (not when it expires). */
export type EvictHook = (key: number, lastUseTime: number, stamp: number) => void;

/** Options of {@link BlockManager}. */
export interface BlockManagerOptions {
  /** Blocks of KV memory, ≥ 1. */
  capacityBlocks: number;
  /** Sequence slots. */
  maxSeqs: number;
  /** An unreferenced cached block unused for longer than this is absent (dropped at lookup). Default ∞. */
  ttlS?: number;
  /** Tie-break tag of this manager's stamps (0 ≤ tag < 2^20), e.g. the replica id. Default 0. */
  tag?: number;
  /** Receives evicted cached blocks (to write them to a lower tier). */
  onEvict?: EvictHook;
}

/** Tags below this fit in a stamp; counters up to 2^33 stay exact in a float64. */
export const STAMP_TAG_SPACE = 1 << 20;

const NONE = -1;

/**
 * A hash map from float64 keys to int32 values with a fixed maximum number of entries: open
 * addressing, linear probing, backward-shift deletion, load factor ≤ 1/2.
 *
 * NOTE: replaces `Map<number, number>` for block keys. Chained hashes are non-integer doubles, so
 * every `Map.set` boxed its key in a fresh heap number and deletions left holes to rehash; here
 * nothing is allocated after construction (`bench/replica.ts`, agents workload, measures it).
 * Keys must not be NaN; −0 is stored as +0.
 */
export class KeyIndex {
  private readonly keys: Float64Array;
  private readonly vals: Int32Array;
  private readonly mask: number;
  private readonly bits = new Float64Array(1);
  private readonly words = new Uint32Array(this.bits.buffer);
  /** Entries held. */
  size = 0;

  /** A map for at most `maxEntries` entries. */
  constructor(maxEntries: number) {
    let cap = 16;
    while (cap < 2 * maxEntries) cap *= 2;
    this.keys = new Float64Array(cap);
    this.vals = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
  }

  private slot(key: number): number {
    this.bits[0] = key;
    let h = this.words[0] ^ Math.imul(this.words[1], 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) & this.mask;
  }

  /** The value stored for `key`, or −1. */
  get(key: number): number {
    if (key === 0) key = 0;
    const keys = this.keys;
    const vals = this.vals;
    const mask = this.mask;
    for (let i = this.slot(key); ; i = (i + 1) & mask) {
      const v = vals[i];
      if (v < 0 || keys[i] === key) return v;
    }
  }

  /** True when `key` is present. */
  has(key: number): boolean {
    return this.get(key) >= 0;
  }

  /** Stores `value` (≥ 0) for `key`. */
  set(key: number, value: number): void {
    if (key === 0) key = 0;
    const keys = this.keys;
    const vals = this.vals;
    const mask = this.mask;
    let i = this.slot(key);
    for (; vals[i] >= 0; i = (i + 1) & mask) {
      if (keys[i] === key) {
        vals[i] = value;
        return;
      }
    }
    if (2 * (this.size + 1) > keys.length) throw new RangeError(`KeyIndex: more than ${keys.length / 2} entries`);
    keys[i] = key;
    vals[i] = value;
    this.size++;
  }

  /** Removes `key`; false when absent. */
  delete(key: number): boolean {
    if (key === 0) key = 0;
    const keys = this.keys;
    const vals = this.vals;
    const mask = this.mask;
    let i = this.slot(key);
    for (;; i = (i + 1) & mask) {
      if (vals[i] < 0) return false;
      if (keys[i] === key) break;
    }
    // Backward-shift: move later entries of the probe run into the hole when their home allows.
    let hole = i;
    for (let j = (i + 1) & mask; vals[j] >= 0; j = (j + 1) & mask) {
      const home = this.slot(keys[j]);
      // j's entry may move to `hole` unless its home lies cyclically in (hole, j].
      const between = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (!between) {
        keys[hole] = keys[j];
        vals[hole] = vals[j];
        hole = j;
      }
    }
    vals[hole] = -1;
    this.size--;
    return true;
  }
}

/** KV blocks, reference counts, the HBM prefix cache and per-sequence block lists of one replica (see the file comment). */
export class BlockManager {
  /** Blocks of KV memory. */
  readonly capacity: number;
  /** Sequence slots. */
  readonly maxSeqs: number;
  /** TTL of unreferenced cached blocks, s (Infinity: none). */
  readonly ttlS: number;
  /** Eviction hook (set by the replica to feed a lower tier). */
  onEvict: EvictHook | undefined;

  /** Unreferenced blocks without a key. */
  freeCount: number;
  /** Referenced blocks. */
  usedCount = 0;
  /** Unreferenced blocks with a key (the LRU list). */
  cachedCount = 0;
  /** Most blocks referenced at once since the last {@link resetPeak}. */
  peakUsed = 0;

  /** Prefix lookups that pinned their hits ({@link acquirePrefix}, {@link acquireMatched}). */
  lookups = 0;
  /** Blocks those lookups found. */
  hitBlocks = 0;
  /** Cached blocks evicted to make room (each passed to `onEvict`). */
  evictions = 0;
  /** Cached blocks dropped because their TTL ran out (at lookup, or when reused). */
  expirations = 0;
  /** After {@link matchPrefix}: how many of the matched blocks were unreferenced (evictable). */
  matchUnreferenced = 0;
  /** Blocks found by the last matchPrefix, its length, and the expired block that ended it. */
  private readonly matched: Int32Array;
  private matchCount = 0;
  private matchExpired = NONE;

  private readonly refcount: Int32Array;
  private readonly keyOf: Float64Array;
  private readonly keyed: Uint8Array;
  private readonly lastUse: Float64Array;
  private readonly stampOf: Float64Array;
  private readonly map: KeyIndex;
  /** LRU list of unreferenced cached blocks; index `capacity` is the sentinel (head = oldest). */
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private readonly freeStack: Int32Array;
  private readonly seqBlocks: Int32Array[];
  private readonly seqLen: Int32Array;
  private readonly tag: number;
  private counter = 0;

  constructor(options: BlockManagerOptions) {
    const cap = options.capacityBlocks;
    if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`capacityBlocks must be a whole number ≥ 1, got ${cap}`);
    if (!Number.isInteger(options.maxSeqs) || options.maxSeqs < 1) throw new RangeError(`maxSeqs must be a whole number ≥ 1, got ${options.maxSeqs}`);
    const ttl = options.ttlS ?? Infinity;
    if (!(ttl > 0)) throw new RangeError(`ttlS must be > 0, got ${ttl}`);
    const tag = options.tag ?? 0;
    if (!Number.isInteger(tag) || tag < 0 || tag >= STAMP_TAG_SPACE) throw new RangeError(`tag must be a whole number in [0, 2^20), got ${tag}`);
    this.capacity = cap;
    this.maxSeqs = options.maxSeqs;
    this.ttlS = ttl;
    this.tag = tag;
    this.onEvict = options.onEvict;
    this.map = new KeyIndex(cap);
    this.matched = new Int32Array(cap);
    this.refcount = new Int32Array(cap);
    this.keyOf = new Float64Array(cap);
    this.keyed = new Uint8Array(cap);
    this.lastUse = new Float64Array(cap);
    this.stampOf = new Float64Array(cap);
    this.prev = new Int32Array(cap + 1).fill(cap);
    this.next = new Int32Array(cap + 1).fill(cap);
    this.freeStack = new Int32Array(cap);
    for (let i = 0; i < cap; i++) this.freeStack[i] = cap - 1 - i;
    this.freeCount = cap;
    this.seqBlocks = [];
    for (let s = 0; s < options.maxSeqs; s++) this.seqBlocks.push(new Int32Array(16));
    this.seqLen = new Int32Array(options.maxSeqs);
  }

  /** Blocks a new allocation can take: free ones plus evictable cached ones. */
  get available(): number {
    return this.freeCount + this.cachedCount;
  }

  /** A fresh recency stamp (strictly increasing for this manager; distinct across tags). */
  nextStamp(): number {
    return this.counter++ * STAMP_TAG_SPACE + this.tag;
  }

  /** Blocks held by sequence `slot`. */
  seqLength(slot: number): number {
    return this.seqLen[slot];
  }

  /** The i-th block of sequence `slot`. */
  blockOf(slot: number, i: number): number {
    return this.seqBlocks[slot][i];
  }

  /** References to `block`. */
  refs(block: number): number {
    return this.refcount[block];
  }

  /** True when `key` is cached (referenced or not), ignoring TTL. */
  hasKey(key: number): boolean {
    return this.map.has(key);
  }

  /**
   * How many leading keys of `keys[off … off+count)` are resident and not expired at `now`.
   * Changes nothing (routing uses it); leaves in {@link matchUnreferenced} how many of them are
   * unreferenced, i.e. would stop being evictable if acquired, and remembers the blocks found for
   * {@link acquireMatched}.
   */
  matchPrefix(keys: Float64Array, off: number, count: number, now: number): number {
    let i = 0;
    let unref = 0;
    const ttl = this.ttlS;
    const found = this.matched;
    this.matchExpired = NONE;
    if (count > this.capacity) count = this.capacity;
    for (; i < count; i++) {
      const b = this.map.get(keys[off + i]);
      if (b < 0) break;
      if (this.refcount[b] === 0) {
        if (now - this.lastUse[b] > ttl) {
          this.matchExpired = b;
          break;
        }
        unref++;
      }
      found[i] = b;
    }
    this.matchUnreferenced = unref;
    this.matchCount = i;
    return i;
  }

  /**
   * Pins for sequence `slot` the blocks the last {@link matchPrefix} found, as {@link acquirePrefix}
   * would (it must come right after that match, with no change in between), and drops the expired
   * block that ended the match, if any. Returns the number pinned.
   */
  acquireMatched(slot: number, now: number): number {
    this.lookups++;
    const n = this.matchCount;
    const found = this.matched;
    for (let i = 0; i < n; i++) {
      const b = found[i];
      if (this.refcount[b]++ === 0) {
        this.unlink(b);
        this.cachedCount--;
        this.usedCount++;
      }
      this.push(slot, b);
    }
    const x = this.matchExpired;
    if (x !== NONE && this.refcount[x] === 0 && this.keyed[x] === 1) {
      this.unlink(x);
      this.cachedCount--;
      this.map.delete(this.keyOf[x]);
      this.keyed[x] = 0;
      this.freeStack[this.freeCount++] = x;
      this.expirations++;
    }
    this.hitBlocks += n;
    if (this.usedCount > this.peakUsed) this.peakUsed = this.usedCount;
    return n;
  }

  /**
   * Pins the leading resident blocks of the chain for sequence `slot` (appended to its list):
   * reference count + 1, out of the LRU list. An expired block met on the way is dropped (it
   * becomes free) and ends the match. Returns the number of blocks pinned.
   */
  acquirePrefix(slot: number, keys: Float64Array, off: number, count: number, now: number): number {
    this.lookups++;
    let i = 0;
    for (; i < count; i++) {
      const b = this.map.get(keys[off + i]);
      if (b < 0) break;
      if (this.refcount[b] === 0) {
        this.unlink(b);
        this.cachedCount--;
        if (now - this.lastUse[b] > this.ttlS) {
          this.map.delete(this.keyOf[b]);
          this.keyed[b] = 0;
          this.freeStack[this.freeCount++] = b;
          this.expirations++;
          break;
        }
        this.usedCount++;
      }
      this.refcount[b]++;
      this.push(slot, b);
    }
    this.hitBlocks += i;
    if (this.usedCount > this.peakUsed) this.peakUsed = this.usedCount;
    return i;
  }

  /**
   * Appends `n` fresh blocks to sequence `slot`: free blocks first, then the least recently used
   * cached blocks (evicted: `onEvict` unless expired at `now`). Returns false and changes nothing
   * when fewer than `n` blocks are available.
   */
  allocate(slot: number, n: number, now: number): boolean {
    if (n > this.freeCount + this.cachedCount) return false;
    for (let i = 0; i < n; i++) {
      let b: number;
      if (this.freeCount > 0) b = this.freeStack[--this.freeCount];
      else {
        b = this.next[this.capacity];
        this.unlink(b);
        this.cachedCount--;
        const key = this.keyOf[b];
        this.map.delete(key);
        this.keyed[b] = 0;
        if (now - this.lastUse[b] > this.ttlS) this.expirations++;
        else {
          this.evictions++;
          if (this.onEvict !== undefined) this.onEvict(key, this.lastUse[b], this.stampOf[b]);
        }
      }
      this.refcount[b] = 1;
      this.usedCount++;
      this.push(slot, b);
    }
    if (this.usedCount > this.peakUsed) this.peakUsed = this.usedCount;
    return true;
  }

  /**
   * Gives block `index` of sequence `slot` the key `key`, so later sequences hit it. A block that
   * already has a key is left alone. When another block holds the key: if nobody references it,
   * it loses the key (becomes free) and this block takes it — the cache keeps the copy just used;
   * if it is referenced, it keeps the key and this block stays unkeyed (freed when released).
   * Returns true when this block now holds the key.
   */
  publish(slot: number, index: number, key: number): boolean {
    const b = this.seqBlocks[slot][index];
    if (this.keyed[b] === 1) return false;
    const other = this.map.get(key);
    if (other >= 0) {
      if (this.refcount[other] !== 0) return false;
      this.unlink(other);
      this.cachedCount--;
      this.keyed[other] = 0;
      this.freeStack[this.freeCount++] = other;
    }
    this.map.set(key, b);
    this.keyOf[b] = key;
    this.keyed[b] = 1;
    return true;
  }

  /**
   * Releases every block of sequence `slot`, last block first: reference count − 1; a block
   * nobody references any more becomes free (no key) or goes to the LRU tail (keyed, last used
   * `now`). The slot's list is emptied.
   */
  release(slot: number, now: number): void {
    const list = this.seqBlocks[slot];
    for (let i = this.seqLen[slot] - 1; i >= 0; i--) {
      const b = list[i];
      if (--this.refcount[b] > 0) continue;
      this.usedCount--;
      if (this.keyed[b] === 1) {
        this.lastUse[b] = now;
        this.stampOf[b] = this.nextStamp();
        const tail = this.prev[this.capacity];
        this.prev[b] = tail;
        this.next[b] = this.capacity;
        this.next[tail] = b;
        this.prev[this.capacity] = b;
        this.cachedCount++;
      } else this.freeStack[this.freeCount++] = b;
    }
    this.seqLen[slot] = 0;
  }

  /** Restarts the peak at the current use (at warm-up end). */
  resetPeak(): void {
    this.peakUsed = this.usedCount;
  }

  /** Keys of the LRU list, oldest first (for tests and diagnostics; allocates). */
  lruKeys(): number[] {
    const out: number[] = [];
    for (let b = this.next[this.capacity]; b !== this.capacity; b = this.next[b]) out.push(this.keyOf[b]);
    return out;
  }

  private unlink(b: number): void {
    const p = this.prev[b];
    const n = this.next[b];
    this.next[p] = n;
    this.prev[n] = p;
    this.prev[b] = NONE;
    this.next[b] = NONE;
  }

  private push(slot: number, b: number): void {
    let list = this.seqBlocks[slot];
    const len = this.seqLen[slot];
    if (len === list.length) {
      const bigger = new Int32Array(list.length * 2);
      bigger.set(list);
      this.seqBlocks[slot] = list = bigger;
    }
    list[len] = b;
    this.seqLen[slot] = len + 1;
  }
}
