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
 * Blocks have integer ids only when they may be looked up: a sequence's blocks past its key chain
 * can never be published or hit, so they are *anonymous* — a count per sequence, taken from and
 * returned to `freeCount` in one step (with the evictions they cause, in LRU order, as for any
 * block). Ids are handed out lowest first and reused last-freed first, and the per-block arrays
 * grow with the highest id used, so a replica whose cache holds little costs little memory.
 *
 * Order of release: a sequence's blocks are released last block first, so its deepest blocks sit
 * nearest the LRU head and are evicted before the prefix blocks other requests are likelier to
 * share (as vLLM v1 frees them in reverse).
 *
 * The *pinned chain*: the first long match taken while no chain is pinned becomes one; later
 * sequences whose chain starts with its keys hold it whole (one count for all its blocks) instead
 * of a reference per block, until the last of them leaves. Counts, LRU order and evictions are
 * exactly those of per-block references; a shared system prompt then costs a key comparison per
 * request instead of a lookup, a count and a list entry per block.
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

/** Fields of a sequence in `BlockManager.seq` (see there). */
const Q_LEN = 0, Q_ANON = 1, Q_PINNED = 2;
const SEQ = 4;

/**
 * Added to the reference count of each block of the pinned chain while any sequence pins it (see
 * `BlockManager`): far above any real count, so the block reads as referenced everywhere.
 */
const PINNED = 1 << 29;

/** Shortest match worth making the pinned chain. */
const PIN_MIN_BLOCKS = 4;

/**
 * A hash map from float64 keys to int32 values with a fixed maximum number of entries: open
 * addressing, linear probing, backward-shift deletion, load factor ≤ 1/2.
 *
 * NOTE: replaces `Map<number, number>` for block keys. Chained hashes are non-integer doubles, so
 * every `Map.set` boxed its key in a fresh heap number and deletions left holes to rehash; here
 * nothing is allocated once the table has grown to its peak (`bench/replica.ts`, agents workload,
 * measures it). Keys must not be NaN; −0 is stored as +0.
 *
 * NOTE: starts at 64 slots and doubles as entries arrive instead of allocating for `maxEntries`: most of a fleet's caches stay small (bench/fleet.ts: construction, RSS).
 */
export class KeyIndex {
  private keys: Float64Array;
  private vals: Int32Array;
  private mask: number;
  /** Table size the entry limit allows (the table never grows past it). */
  private readonly maxCap: number;
  private readonly bits = new Float64Array(1);
  private readonly words = new Uint32Array(this.bits.buffer);
  /** Entries held. */
  size = 0;

  /** A map for at most `maxEntries` entries. */
  constructor(maxEntries: number) {
    let cap = 16;
    while (cap < 2 * maxEntries) cap *= 2;
    this.maxCap = cap;
    const start = Math.min(cap, 64);
    this.keys = new Float64Array(start);
    this.vals = new Int32Array(start).fill(-1);
    this.mask = start - 1;
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
    let keys = this.keys;
    let vals = this.vals;
    let mask = this.mask;
    let i = this.slot(key);
    for (; vals[i] >= 0; i = (i + 1) & mask) {
      if (keys[i] === key) {
        vals[i] = value;
        return;
      }
    }
    if (2 * (this.size + 1) > keys.length) {
      if (keys.length >= this.maxCap) throw new RangeError(`KeyIndex: more than ${this.maxCap / 2} entries`);
      this.grow();
      keys = this.keys;
      vals = this.vals;
      mask = this.mask;
      for (i = this.slot(key); vals[i] >= 0; i = (i + 1) & mask);
    }
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

  /** Doubles the table and reinserts every entry. */
  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    const cap = oldKeys.length * 2;
    const keys = new Float64Array(cap);
    const vals = new Int32Array(cap).fill(-1);
    const mask = cap - 1;
    this.keys = keys;
    this.vals = vals;
    this.mask = mask;
    for (let j = 0; j < oldKeys.length; j++) {
      if (oldVals[j] < 0) continue;
      let i = this.slot(oldKeys[j]);
      while (vals[i] >= 0) i = (i + 1) & mask;
      keys[i] = oldKeys[j];
      vals[i] = oldVals[j];
    }
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
  /** Eviction hook (a replica's writes evicted blocks to its first lower tier). */
  readonly onEvict: EvictHook | undefined;

  /** Unreferenced blocks without a key. */
  freeCount: number;
  /** Referenced blocks (anonymous ones included). */
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
  private matched: Int32Array;
  private matchCount = 0;
  private matchExpired = NONE;
  /** The last matchPrefix began with the whole pinned chain (matched[0 … pinLen) not filled). */
  private matchPinned = false;
  private matchKeys: Float64Array | null = null;
  private matchOff = 0;

  // The pinned chain (see the file comment): while pinCount > 0 sequences hold blocks
  // pinBlocks[0 … pinLen) whole, each of those blocks carries PINNED in its count instead of one
  // reference per holder; they go to the LRU (deepest first) when the last holder leaves.
  // NOTE: replaces a lookup, a count and a list entry per shared-prefix block per request with a key comparison (bench/fleet.ts: ~20%).
  private pinBlocks: Int32Array;
  private pinKeys: Float64Array;
  private pinLen = 0;
  private pinCount = 0;
  /** The last block of the pinned chain. */
  private pinLast = NONE;

  // Per block id, for ids [0, idCap): grown on demand up to `capacity` (see `growIds`).
  private refcount: Int32Array;
  private keyOf: Float64Array;
  private keyed: Uint8Array;
  private lastUse: Float64Array;
  private stampOf: Float64Array;
  /** LRU list of unreferenced cached blocks (head = oldest, NONE-terminated). */
  private prev: Int32Array;
  private next: Int32Array;
  /** A hint: the block that held the next key of the chain this block was last matched or published in. */
  private succ: Int32Array;
  /** Ids that were handed out and given back (a stack); ids ≥ idHigh were never handed out. */
  private idFree: Int32Array;
  private idFreeTop = 0;
  private idHigh = 0;
  private idCap: number;
  private lruHead = NONE;
  private lruTail = NONE;
  private readonly map: KeyIndex;
  private readonly seqBlocks: Int32Array[];
  /**
   * Per sequence, at `seq[slot·SEQ + Q_…]`: blocks with ids (they come first); anonymous blocks
   * after them; 1 when its first pinLen blocks are the pinned chain (its list holds no ids there).
   * NOTE: one Int32Array for the three counts instead of an array each: one cache line, not three.
   */
  private readonly seq: Int32Array;
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
    // NOTE: per-block arrays grow with the highest id used instead of holding `capacity` entries (bench/fleet.ts: RSS 730 → 160 MB).
    const start = Math.min(cap, 256);
    this.idCap = start;
    this.matched = new Int32Array(Math.min(cap, 64));
    this.pinBlocks = new Int32Array(0);
    this.pinKeys = new Float64Array(0);
    this.refcount = new Int32Array(start);
    this.keyOf = new Float64Array(start);
    this.keyed = new Uint8Array(start);
    this.lastUse = new Float64Array(start);
    this.stampOf = new Float64Array(start);
    this.prev = new Int32Array(start);
    this.next = new Int32Array(start);
    this.succ = new Int32Array(start);
    this.idFree = new Int32Array(start);
    this.freeCount = cap;
    const empty = new Int32Array(0);
    this.seqBlocks = new Array<Int32Array>(options.maxSeqs).fill(empty);
    this.seq = new Int32Array(options.maxSeqs * SEQ);
  }

  /** Blocks a new allocation can take: free ones plus evictable cached ones. */
  get available(): number {
    return this.freeCount + this.cachedCount;
  }

  /** A fresh recency stamp (strictly increasing for this manager; distinct across tags). */
  nextStamp(): number {
    return this.counter++ * STAMP_TAG_SPACE + this.tag;
  }

  /** Blocks held by sequence `slot` (anonymous ones included). */
  seqLength(slot: number): number {
    return this.seq[slot * SEQ + Q_LEN] + this.seq[slot * SEQ + Q_ANON];
  }

  /** The i-th block of sequence `slot` (−1 for an anonymous block). */
  blockOf(slot: number, i: number): number {
    if (i >= this.seq[slot * SEQ + Q_LEN]) return NONE;
    return this.seq[slot * SEQ + Q_PINNED] === 1 && i < this.pinLen ? this.pinBlocks[i] : this.seqBlocks[slot][i];
  }

  /** References to `block`. */
  refs(block: number): number {
    if (block >= this.idCap) return 0;
    const rc = this.refcount[block];
    return rc >= PINNED ? rc - PINNED + this.pinCount : rc;
  }

  /** True when `key` is cached (referenced or not), ignoring TTL. */
  hasKey(key: number): boolean {
    return this.map.has(key);
  }

  /**
   * How many leading keys of `keys[off … off+count)` are resident and not expired at `now`.
   * Changes nothing (routing uses it) but the successor hints; leaves in
   * {@link matchUnreferenced} how many of them are unreferenced, i.e. would stop being evictable
   * if acquired, and remembers the blocks found for {@link acquireMatched}.
   */
  matchPrefix(keys: Float64Array, off: number, count: number, now: number): number {
    let i = 0;
    let unref = 0;
    if (count > this.capacity) count = this.capacity;
    this.matchExpired = NONE;
    this.matchKeys = keys;
    this.matchOff = off;
    let last = NONE;
    // The pinned chain's blocks are all resident and referenced: compare keys, nothing else.
    const pl = this.pinLen;
    this.matchPinned = false;
    if (this.pinCount > 0 && count >= pl) {
      const pk = this.pinKeys;
      let j = 0;
      while (j < pl && pk[j] === keys[off + j]) j++;
      if (j === pl) {
        this.matchPinned = true;
        i = pl;
        last = this.pinLast;
      }
    }
    if (i === count) {
      this.matchUnreferenced = 0;
      this.matchCount = i;
      return i;
    }
    if (count > this.matched.length) this.matched = new Int32Array(Math.min(this.capacity, Math.max(count, 2 * this.matched.length)));
    const found = this.matched;
    const refcount = this.refcount;
    const keyed = this.keyed;
    const keyOf = this.keyOf;
    const succ = this.succ;
    const ttl = this.ttlS;
    for (; i < count; i++) {
      const key = keys[off + i];
      // A keyed block's key maps to it, so a hint whose key matches is the block the map would give.
      // NOTE: follows the previous block's successor hint instead of hashing every key (bench/replica.ts agents: ~10%).
      let b = last < 0 ? NONE : succ[last];
      if (b < 0 || keyed[b] !== 1 || keyOf[b] !== key) {
        b = this.map.get(key);
        if (b < 0) break;
        if (last >= 0) succ[last] = b;
      }
      if (refcount[b] === 0) {
        if (now - this.lastUse[b] > ttl) {
          this.matchExpired = b;
          break;
        }
        unref++;
      }
      found[i] = b;
      last = b;
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
    let len = this.seq[slot * SEQ + Q_LEN];
    let i = 0;
    if (this.matchPinned) {
      if (len === 0) {
        // One more holder of the whole pinned chain.
        this.pinCount++;
        this.seq[slot * SEQ + Q_PINNED] = 1;
        i = len = this.pinLen;
      } else for (let j = 0; j < this.pinLen; j++) found[j] = this.pinBlocks[j];
    } else if (this.pinCount === 0 && len === 0 && n >= PIN_MIN_BLOCKS) {
      i = len = this.pinMatched(slot, n);
    }
    if (i < n) {
      const list = this.reserve(slot, n);
      const refcount = this.refcount;
      for (; i < n; i++) {
        const b = found[i];
        if (refcount[b]++ === 0) {
          this.unlink(b);
          this.cachedCount--;
          this.usedCount++;
        }
        list[len++] = b;
      }
    }
    this.seq[slot * SEQ + Q_LEN] = len;
    const x = this.matchExpired;
    if (x !== NONE && this.refcount[x] === 0 && this.keyed[x] === 1) {
      this.unlink(x);
      this.cachedCount--;
      this.map.delete(this.keyOf[x]);
      this.keyed[x] = 0;
      this.freeCount++;
      this.freeId(x);
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
          this.freeCount++;
          this.freeId(b);
          this.expirations++;
          break;
        }
        this.usedCount++;
      }
      this.refcount[b]++;
      this.reserve(slot, 1)[this.seq[slot * SEQ + Q_LEN]++] = b;
    }
    this.hitBlocks += i;
    if (this.usedCount > this.peakUsed) this.peakUsed = this.usedCount;
    return i;
  }

  /**
   * Appends `n` fresh blocks to sequence `slot`: free blocks first, then the least recently used
   * cached blocks (evicted: `onEvict` unless expired at `now`). Returns false and changes nothing
   * when fewer than `n` blocks are available.
   *
   * Only the first `keyable` of them (default all) get ids and can be published; the others are
   * *anonymous*: counted in use, never keyed, and free again at release. Once a sequence holds an
   * anonymous block, all its later blocks must be anonymous too (`keyable` 0).
   */
  allocate(slot: number, n: number, now: number, keyable = n): boolean {
    if (n > this.freeCount + this.cachedCount) return false;
    if (keyable > n) keyable = n;
    if (keyable > 0) {
      if (this.seq[slot * SEQ + Q_ANON] > 0) throw new RangeError(`BlockManager: sequence ${slot} holds anonymous blocks; later blocks cannot be keyable`);
      const list = this.reserve(slot, keyable);
      let len = this.seq[slot * SEQ + Q_LEN];
      for (let i = 0; i < keyable; i++) {
        let b: number;
        if (this.freeCount > 0) {
          this.freeCount--;
          b = this.idFreeTop > 0 ? this.idFree[--this.idFreeTop] : this.newId();
        } else b = this.evictOldest(now);
        this.refcount[b] = 1;
        list[len++] = b;
      }
      this.seq[slot * SEQ + Q_LEN] = len;
    }
    const anon = n - (keyable > 0 ? keyable : 0);
    if (anon > 0) {
      this.takeAnonymous(anon, now);
      this.seq[slot * SEQ + Q_ANON] += anon;
    }
    this.usedCount += n;
    if (this.usedCount > this.peakUsed) this.peakUsed = this.usedCount;
    return true;
  }

  /**
   * Takes `n` anonymous blocks, as {@link allocate} with `keyable` 0 would, for a sequence whose
   * caller counts them itself (and hands the count back to {@link release}). False, and nothing
   * changed, when fewer than `n` blocks are available.
   */
  allocateAnonymous(n: number, now: number): boolean {
    if (n > this.freeCount + this.cachedCount) return false;
    this.takeAnonymous(n, now);
    this.usedCount += n;
    if (this.usedCount > this.peakUsed) this.peakUsed = this.usedCount;
    return true;
  }

  /** Takes `n` (available) blocks without ids: free ones first, then evicted ones, whose ids are given back. */
  private takeAnonymous(n: number, now: number): void {
    // NOTE: blocks past a key chain are a count, not ids pushed and popped one by one: nothing ever looks them up (bench/fleet.ts).
    const fromFree = n < this.freeCount ? n : this.freeCount;
    this.freeCount -= fromFree;
    for (let i = fromFree; i < n; i++) this.freeId(this.evictOldest(now));
  }

  /**
   * Gives block `index` of sequence `slot` the key `key`, so later sequences hit it. A block that
   * already has a key is left alone. When another block holds the key: if nobody references it,
   * it loses the key (becomes free) and this block takes it — the cache keeps the copy just used;
   * if it is referenced, it keeps the key and this block stays unkeyed (freed when released).
   * Returns true when this block now holds the key.
   */
  publish(slot: number, index: number, key: number): boolean {
    if (index >= this.seq[slot * SEQ + Q_LEN]) throw new RangeError(`BlockManager: block ${index} of sequence ${slot} is anonymous or absent`);
    const b = this.blockOf(slot, index);
    if (this.keyed[b] === 1) return false;
    const other = this.map.get(key);
    if (other >= 0) {
      if (this.refcount[other] !== 0) return false;
      this.unlink(other);
      this.cachedCount--;
      this.keyed[other] = 0;
      this.freeCount++;
      this.freeId(other);
    }
    this.map.set(key, b);
    this.keyOf[b] = key;
    this.keyed[b] = 1;
    if (index > 0) this.succ[this.blockOf(slot, index - 1)] = b;
    return true;
  }

  /**
   * Releases every block of sequence `slot`, last block first: reference count − 1; a block
   * nobody references any more becomes free (no key) or goes to the LRU tail (keyed, last used
   * `now`). The slot's list is emptied. `anonymous`: blocks of the sequence taken with
   * {@link allocateAnonymous}, released with it.
   */
  release(slot: number, now: number, anonymous = 0): void {
    const anon = this.seq[slot * SEQ + Q_ANON] + anonymous;
    if (anon > 0) {
      this.freeCount += anon;
      this.usedCount -= anon;
      this.seq[slot * SEQ + Q_ANON] = 0;
    }
    const refcount = this.refcount;
    const pinned = this.seq[slot * SEQ + Q_PINNED] === 1;
    const stop = pinned ? this.pinLen : 0;
    const len = this.seq[slot * SEQ + Q_LEN];
    if (len > stop) {
      const list = this.seqBlocks[slot];
      for (let i = len - 1; i >= stop; i--) {
        const b = list[i];
        if (--refcount[b] > 0) continue;
        this.unreferenced(b, now);
      }
    }
    if (pinned) {
      this.seq[slot * SEQ + Q_PINNED] = 0;
      // The last holder of the pinned chain releases its blocks, deepest first.
      if (--this.pinCount === 0) {
        const pin = this.pinBlocks;
        for (let i = this.pinLen - 1; i >= 0; i--) {
          const b = pin[i];
          if ((refcount[b] -= PINNED) > 0) continue;
          this.unreferenced(b, now);
        }
      }
    }
    this.seq[slot * SEQ + Q_LEN] = 0;
  }

  /** Block `b`, no longer referenced at `now`, becomes free (no key) or goes to the LRU tail. */
  private unreferenced(b: number, now: number): void {
    this.usedCount--;
    if (this.keyed[b] === 1) {
      this.lastUse[b] = now;
      this.stampOf[b] = this.nextStamp();
      const tail = this.lruTail;
      this.prev[b] = tail;
      this.next[b] = NONE;
      if (tail === NONE) this.lruHead = b;
      else this.next[tail] = b;
      this.lruTail = b;
      this.cachedCount++;
    } else {
      this.freeCount++;
      this.freeId(b);
    }
  }

  /** Restarts the peak at the current use (at warm-up end). */
  resetPeak(): void {
    this.peakUsed = this.usedCount;
  }

  /** Keys of the LRU list, oldest first (for tests and diagnostics; allocates). */
  lruKeys(): number[] {
    const out: number[] = [];
    for (let b = this.lruHead; b !== NONE; b = this.next[b]) out.push(this.keyOf[b]);
    return out;
  }

  /**
   * Makes the `n` blocks just matched the pinned chain, held by empty sequence `slot` (as
   * acquireMatched would pin them: unreferenced ones leave the LRU). Returns n, or 0 (nothing
   * changed) when the match holds a block twice.
   */
  private pinMatched(slot: number, n: number): number {
    const found = this.matched;
    const refcount = this.refcount;
    for (let i = 0; i < n; i++) {
      if (refcount[found[i]] >= PINNED) {
        for (let j = 0; j < i; j++) refcount[found[j]] -= PINNED;
        return 0;
      }
      refcount[found[i]] += PINNED;
    }
    for (let i = 0; i < n; i++) {
      const b = found[i];
      if (refcount[b] === PINNED) {
        this.unlink(b);
        this.cachedCount--;
        this.usedCount++;
      }
    }
    if (this.pinBlocks.length < n) {
      const size = Math.min(this.capacity, Math.max(n, 2 * this.pinBlocks.length));
      this.pinBlocks = new Int32Array(size);
      this.pinKeys = new Float64Array(size);
    }
    const keys = this.matchKeys!;
    const off = this.matchOff;
    for (let i = 0; i < n; i++) {
      this.pinBlocks[i] = found[i];
      this.pinKeys[i] = keys[off + i];
    }
    this.pinLen = n;
    this.pinLast = found[n - 1];
    this.pinCount = 1;
    this.seq[slot * SEQ + Q_PINNED] = 1;
    return n;
  }

  /** Takes the least recently used cached block out of the cache (evicted, or expired at `now`) and returns its id. */
  private evictOldest(now: number): number {
    const b = this.lruHead;
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
    return b;
  }

  private unlink(b: number): void {
    const p = this.prev[b];
    const n = this.next[b];
    if (p === NONE) this.lruHead = n;
    else this.next[p] = n;
    if (n === NONE) this.lruTail = p;
    else this.prev[n] = p;
    this.prev[b] = NONE;
    this.next[b] = NONE;
  }

  /** Gives id `b` back (its block is free, or anonymous). */
  private freeId(b: number): void {
    this.idFree[this.idFreeTop++] = b;
  }

  /** An id never handed out before. */
  private newId(): number {
    if (this.idHigh === this.idCap) this.growIds();
    return this.idHigh++;
  }

  /** Doubles the per-block arrays (up to `capacity` ids). */
  private growIds(): void {
    const cap = Math.min(this.capacity, 2 * this.idCap);
    const i32 = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    const f64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.refcount = i32(this.refcount);
    this.keyOf = f64(this.keyOf);
    const keyed = new Uint8Array(cap);
    keyed.set(this.keyed);
    this.keyed = keyed;
    this.lastUse = f64(this.lastUse);
    this.stampOf = f64(this.stampOf);
    this.prev = i32(this.prev);
    this.next = i32(this.next);
    this.succ = i32(this.succ);
    this.idFree = i32(this.idFree);
    this.idCap = cap;
  }

  /** The block list of `slot`, with room for `extra` more ids. */
  private reserve(slot: number, extra: number): Int32Array {
    const list = this.seqBlocks[slot];
    const need = this.seq[slot * SEQ + Q_LEN] + extra;
    if (need <= list.length) return list;
    let size = list.length < 16 ? 16 : list.length;
    while (size < need) size *= 2;
    const bigger = new Int32Array(size);
    bigger.set(list);
    this.seqBlocks[slot] = bigger;
    return bigger;
  }
}
