import { describe, expect, it } from 'vitest';
import { BlockManager, KeyIndex } from '../../src/serving/block-manager.js';
import { rng } from './helpers.js';

const chain = (...keys: number[]): Float64Array => Float64Array.from(keys);

/** A manager whose evictions are recorded. */
function manager(capacityBlocks: number, maxSeqs = 4, ttlS?: number): { bm: BlockManager; evicted: number[] } {
  const evicted: number[] = [];
  const bm = new BlockManager({ capacityBlocks, maxSeqs, ttlS, onEvict: (key) => evicted.push(key) });
  return { bm, evicted };
}

/** Fills slot `s` with fresh blocks keyed by `keys` (as a prefill would), then releases it at `now`. */
function cacheSequence(bm: BlockManager, s: number, keys: Float64Array, now: number): void {
  expect(bm.allocate(s, keys.length, now)).toBe(true);
  for (let i = 0; i < keys.length; i++) bm.publish(s, i, keys[i]);
  bm.release(s, now);
}

describe('BlockManager', () => {
  it('evicts least recently released first, a sequence deepest block first', () => {
    const { bm, evicted } = manager(6);
    cacheSequence(bm, 0, chain(1, 2, 3), 1); // released at t=1: LRU order 3, 2, 1
    cacheSequence(bm, 1, chain(11, 12, 13), 2); // then 13, 12, 11
    expect(bm.lruKeys()).toEqual([3, 2, 1, 13, 12, 11]);
    expect(bm.freeCount).toBe(0);
    expect(bm.allocate(2, 4, 3)).toBe(true);
    expect(evicted).toEqual([3, 2, 1, 13]);
    expect(bm.evictions).toBe(4);
    // The prefix 11, 12 survives; the chain's match stops at the evicted 13.
    expect(bm.matchPrefix(chain(11, 12, 13), 0, 3, 3)).toBe(2);
    expect(bm.matchPrefix(chain(1, 2), 0, 2, 3)).toBe(0);
  });

  it('a hit moves blocks out of the LRU list; released again they become most recent', () => {
    const { bm, evicted } = manager(6);
    cacheSequence(bm, 0, chain(1, 2, 3), 1);
    cacheSequence(bm, 1, chain(11, 12, 13), 2);
    expect(bm.acquirePrefix(2, chain(1, 2, 9), 0, 3, 3)).toBe(2);
    expect(bm.lruKeys()).toEqual([3, 13, 12, 11]);
    bm.release(2, 4);
    expect(bm.lruKeys()).toEqual([3, 13, 12, 11, 2, 1]);
    expect(bm.allocate(3, 2, 5)).toBe(true);
    expect(evicted).toEqual([3, 13]);
  });

  it('never evicts pinned blocks; a failed allocation changes nothing', () => {
    const { bm, evicted } = manager(5);
    cacheSequence(bm, 0, chain(1, 2, 3), 1);
    expect(bm.acquirePrefix(1, chain(1, 2, 3), 0, 3, 2)).toBe(3); // pinned
    expect(bm.available).toBe(2);
    expect(bm.allocate(2, 3, 3)).toBe(false);
    expect(bm.freeCount + bm.cachedCount + bm.usedCount).toBe(5);
    expect(bm.usedCount).toBe(3);
    expect(bm.allocate(2, 2, 3)).toBe(true);
    expect(bm.allocate(3, 1, 3)).toBe(false);
    expect(evicted).toEqual([]);
    expect(bm.matchPrefix(chain(1, 2, 3), 0, 3, 4)).toBe(3);
    expect(bm.peakUsed).toBe(5);
  });

  it('reports how many matched blocks are unreferenced (they stop being evictable when pinned)', () => {
    const { bm } = manager(8);
    cacheSequence(bm, 0, chain(1, 2, 3, 4), 1);
    expect(bm.acquirePrefix(1, chain(1, 2), 0, 2, 2)).toBe(2);
    expect(bm.matchPrefix(chain(1, 2, 3, 4, 5), 0, 5, 3)).toBe(4);
    expect(bm.matchUnreferenced).toBe(2);
  });

  it('TTL: an unreferenced block unused for longer than ttl is absent, dropped at lookup, not written down', () => {
    const { bm, evicted } = manager(4, 4, 10);
    cacheSequence(bm, 0, chain(1, 2), 0);
    cacheSequence(bm, 1, chain(5, 6), 8);
    expect(bm.matchPrefix(chain(1, 2), 0, 2, 10)).toBe(2); // exactly ttl old: still there
    expect(bm.matchPrefix(chain(1, 2), 0, 2, 10.5)).toBe(0);
    expect(bm.matchPrefix(chain(5, 6), 0, 2, 10.5)).toBe(2);
    expect(bm.acquirePrefix(2, chain(1, 2), 0, 2, 10.5)).toBe(0);
    expect(bm.expirations).toBe(1);
    expect(bm.hasKey(1)).toBe(false);
    expect(bm.freeCount).toBe(1);
    // Key 2 expired too: reusing its block counts an expiration, not an eviction, and skips onEvict.
    expect(bm.allocate(2, 2, 10.5)).toBe(true);
    expect(evicted).toEqual([]);
    expect(bm.expirations).toBe(2);
    expect(bm.evictions).toBe(0);
    // A pinned block never expires.
    expect(bm.acquirePrefix(3, chain(5, 6), 0, 2, 11)).toBe(2);
    expect(bm.matchPrefix(chain(5, 6), 0, 2, 100)).toBe(2);
  });

  it('publish: a duplicate key stays with the referenced holder, or moves from an unreferenced one', () => {
    const { bm } = manager(6);
    expect(bm.allocate(0, 1, 0)).toBe(true);
    expect(bm.publish(0, 0, 42)).toBe(true);
    const first = bm.blockOf(0, 0);
    expect(bm.allocate(1, 1, 0)).toBe(true);
    expect(bm.publish(1, 0, 42)).toBe(false); // holder still referenced
    bm.release(1, 1); // the unkeyed duplicate is simply free
    expect(bm.freeCount).toBe(5);
    bm.release(0, 2); // 42 now cached, unreferenced
    expect(bm.cachedCount).toBe(1);
    expect(bm.allocate(2, 1, 3)).toBe(true);
    expect(bm.publish(2, 0, 42)).toBe(true); // takes the key over; the old holder is freed
    expect(bm.cachedCount).toBe(0);
    expect(bm.freeCount).toBe(5);
    expect(bm.blockOf(2, 0)).not.toBe(first);
    expect(bm.publish(2, 0, 43)).toBe(false); // already keyed
    expect(bm.acquirePrefix(3, chain(42), 0, 1, 4)).toBe(1);
    expect(bm.blockOf(3, 0)).toBe(bm.blockOf(2, 0));
  });

  it('conserves blocks under random operations (free + used + cached = capacity, refs consistent)', () => {
    const cap = 40;
    const slots = 6;
    const u = rng(11);
    const evicted: number[] = [];
    const bm = new BlockManager({ capacityBlocks: cap, maxSeqs: slots, ttlS: 50, onEvict: (k) => evicted.push(k) });
    const active = new Array<boolean>(slots).fill(false);
    let now = 0;
    for (let op = 0; op < 20_000; op++) {
      now += u() * 2;
      const s = Math.floor(u() * slots);
      if (!active[s]) {
        // A new sequence: a chain from one of 5 families (shared prefixes), hit, then allocate the rest.
        const fam = Math.floor(u() * 5);
        const len = 1 + Math.floor(u() * 10);
        const keys = Float64Array.from({ length: len }, (_, i) => fam * 100 + i);
        const h = bm.acquirePrefix(s, keys, 0, len, now);
        const ok = bm.allocate(s, len - h + Math.floor(u() * 3), now);
        for (let i = h; ok && i < len; i++) bm.publish(s, i, keys[i]);
        active[s] = true;
      } else if (u() < 0.3) {
        bm.allocate(s, 1, now);
      } else {
        bm.release(s, now);
        active[s] = false;
      }
      expect(bm.freeCount + bm.usedCount + bm.cachedCount).toBe(cap);
      if (op % 500 === 0) {
        // Σ refcounts = blocks held by sequences; referenced blocks counted once in usedCount.
        let held = 0;
        const referenced = new Set<number>();
        for (let t = 0; t < slots; t++) {
          for (let i = 0; i < bm.seqLength(t); i++) {
            held++;
            referenced.add(bm.blockOf(t, i));
          }
        }
        let refs = 0;
        for (let b = 0; b < cap; b++) refs += bm.refs(b);
        expect(refs).toBe(held);
        expect(referenced.size).toBe(bm.usedCount);
        expect(bm.lruKeys().length).toBe(bm.cachedCount);
      }
    }
    expect(bm.evictions + bm.expirations).toBeGreaterThan(0);
    expect(evicted.length).toBe(bm.evictions);
  });
});

describe('BlockManager: anonymous blocks and the pinned chain', () => {
  it('anonymous blocks count like others, take no id, and evict in the same LRU order', () => {
    const { bm, evicted } = manager(8);
    cacheSequence(bm, 0, chain(1, 2, 3), 1);
    cacheSequence(bm, 1, chain(4, 5, 6), 2);
    expect(bm.allocate(2, 4, 3, 1)).toBe(true); // 1 keyable block, 3 anonymous
    expect(bm.seqLength(2)).toBe(4);
    expect(bm.blockOf(2, 0)).toBeGreaterThanOrEqual(0);
    expect(bm.blockOf(2, 1)).toBe(-1);
    expect(() => bm.publish(2, 1, 99)).toThrow(RangeError);
    expect(() => bm.allocate(2, 1, 3, 1)).toThrow(RangeError); // keyable after anonymous
    expect(evicted).toEqual([3, 2]); // 2 free blocks, then the two least recently used
    expect([bm.freeCount, bm.usedCount, bm.cachedCount]).toEqual([0, 4, 4]);
    bm.release(2, 4);
    expect([bm.freeCount, bm.usedCount, bm.cachedCount]).toEqual([4, 0, 4]);
    expect(bm.lruKeys()).toEqual([1, 6, 5, 4]);
  });

  it('matchPrefix + acquireMatched (pinning shared chains) behave as acquirePrefix, anonymous blocks as keyed ones', () => {
    const cap = 60;
    const slots = 8;
    const u = rng(5);
    const logA: number[][] = [];
    const logB: number[][] = [];
    const a = new BlockManager({ capacityBlocks: cap, maxSeqs: slots, ttlS: 40, onEvict: (k, t, st) => logA.push([k, t, st]) });
    const b = new BlockManager({ capacityBlocks: cap, maxSeqs: slots, ttlS: 40, onEvict: (k, t, st) => logB.push([k, t, st]) });
    const chains: Float64Array[] = new Array(slots);
    const active = new Array<boolean>(slots).fill(false);
    let now = 0;
    for (let op = 0; op < 30_000; op++) {
      now += u() * 1.5;
      const s = Math.floor(u() * slots);
      if (!active[s]) {
        // Families share long prefixes (a system prompt of 8 keys, then 0–6 of a family's own).
        const fam = Math.floor(u() * 3);
        const len = 4 + Math.floor(u() * 11);
        const keys = Float64Array.from({ length: len }, (_, i) => (i < 8 ? 0.5 + i : fam * 100 + i));
        const cap2 = Math.floor(u() * (len + 1));
        const ha = a.matchPrefix(keys, 0, cap2, now);
        const hb = b.acquirePrefix(s, keys, 0, cap2, now);
        expect(a.acquireMatched(s, now)).toBe(ha);
        expect(ha).toBe(hb);
        const extra = Math.floor(u() * 3);
        const okA = a.allocate(s, len - ha + extra, now, len - ha);
        const okB = b.allocate(s, len - hb + extra, now);
        expect(okA).toBe(okB);
        for (let i = ha; okA && i < len; i++) expect(a.publish(s, i, keys[i])).toBe(b.publish(s, i, keys[i]));
        chains[s] = keys;
        active[s] = true;
      } else if (u() < 0.3) {
        const keyable = a.seqLength(s) < chains[s].length ? 1 : 0;
        expect(a.allocate(s, 1, now, keyable)).toBe(b.allocate(s, 1, now));
      } else {
        a.release(s, now);
        b.release(s, now);
        active[s] = false;
      }
      expect([a.freeCount, a.usedCount, a.cachedCount, a.peakUsed]).toEqual([b.freeCount, b.usedCount, b.cachedCount, b.peakUsed]);
      if (op % 250 === 0) {
        expect(a.lruKeys()).toEqual(b.lruKeys());
        let refsA = 0;
        let refsB = 0;
        for (let i = 0; i < cap; i++) (refsA += a.refs(i)), (refsB += b.refs(i));
        let heldIds = 0;
        for (let t = 0; t < slots; t++) for (let i = 0; i < a.seqLength(t); i++) if (a.blockOf(t, i) >= 0) heldIds++;
        expect(refsA).toBe(heldIds);
        expect(refsB).toBeGreaterThanOrEqual(refsA);
      }
    }
    expect(logA).toEqual(logB);
    expect([a.evictions, a.expirations, a.hitBlocks, a.lookups]).toEqual([b.evictions, b.expirations, b.hitBlocks, b.lookups]);
    expect(a.evictions).toBeGreaterThan(100);
    expect(a.expirations).toBeGreaterThan(10);
  });
});

describe('KeyIndex', () => {
  it('agrees with a Map under random inserts, overwrites and deletes (probe runs wrapping around)', () => {
    const u = rng(21);
    const idx = new KeyIndex(100);
    const ref = new Map<number, number>();
    // Few distinct keys, dense table: long probe runs and backward shifts across the wrap.
    const pool = Array.from({ length: 150 }, (_, i) => (i % 3 === 0 ? i : i % 3 === 1 ? 1e9 * i + 0.5 : -i / 7));
    pool.push(0, -0);
    for (let op = 0; op < 50_000; op++) {
      const key = pool[Math.floor(u() * pool.length)];
      const k = key === 0 ? 0 : key;
      if (u() < 0.55 && (ref.size < 100 || ref.has(k))) {
        const v = Math.floor(u() * 1000);
        idx.set(key, v);
        ref.set(k, v);
      } else {
        expect(idx.delete(key)).toBe(ref.delete(k));
      }
      if (op % 97 === 0) for (const q of pool) expect(idx.get(q)).toBe(ref.get(q === 0 ? 0 : q) ?? -1);
      expect(idx.size).toBe(ref.size);
    }
  });
});
