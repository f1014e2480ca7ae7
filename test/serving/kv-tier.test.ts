import { describe, expect, it } from 'vitest';
import { KvTier, TierSync } from '../../src/serving/kv-tier.js';
import { rng } from './helpers.js';

const tier = (capacityBlocks: number, lower?: KvTier): KvTier => new KvTier({ name: 't', capacityBlocks, bandwidthBps: 1e9, latencyS: 1e-3, lower });

describe('KvTier', () => {
  it('evicts the least recently used key into the lower tier; a touch refreshes', () => {
    const pool = tier(10);
    const dram = tier(3, pool);
    dram.insert(1, 1, 0);
    dram.insert(2, 2, 0);
    dram.insert(3, 3, 0);
    expect(dram.touch(1, 4, 0)).toBe(true);
    dram.insert(4, 5, 0);
    expect(dram.keysByAge()).toEqual([3, 1, 4]);
    expect(pool.keysByAge()).toEqual([2]);
    expect(dram.evictions).toBe(1);
    expect(dram.touch(99, 6, 0)).toBe(false);
  });

  it('orders by last use, ties by stamp; an entry older than everything held passes straight down', () => {
    const pool = tier(10);
    const dram = tier(2, pool);
    dram.insert(1, 5, 2);
    dram.insert(2, 5, 1);
    dram.insert(3, 4, 0); // older than both: goes to the pool
    expect(dram.keysByAge()).toEqual([2, 1]);
    expect(pool.keysByAge()).toEqual([3]);
    dram.insert(2, 6, 0); // present: newer stamp kept
    expect(dram.keysByAge()).toEqual([1, 2]);
    dram.insert(2, 1, 0); // present: older stamp ignored
    expect(dram.keysByAge()).toEqual([1, 2]);
  });

  it('matches a chain from a given block and counts lookups and hits', () => {
    const t = tier(10);
    for (const k of [10, 11, 12, 14]) t.insert(k, 1, k);
    const keys = Float64Array.from([9, 10, 11, 12, 13, 14]);
    expect(t.matchPrefix(keys, 0, 6, 1, 2)).toBe(3);
    expect(t.matchPrefix(keys, 0, 6, 0, 2)).toBe(0);
    expect(t.matchPrefix(keys, 0, 3, 1, 2)).toBe(2);
    expect(t.lookups).toBe(3);
    expect(t.hitBlocks).toBe(5);
  });

  it('holds the capacity most recently used keys whatever order inserts arrive in', () => {
    const u = rng(5);
    const entries = Array.from({ length: 200 }, (_, i) => ({ key: i, time: Math.floor(u() * 50), stamp: i }));
    const run = (order: typeof entries) => {
      const pool = tier(1000);
      const t = tier(30, pool);
      for (const e of order) t.insert(e.key, e.time, e.stamp);
      return { held: t.keysByAge(), down: pool.keysByAge().sort((a, b) => a - b) };
    };
    const a = run(entries);
    const b = run([...entries].reverse());
    expect(b).toEqual(a);
    const expected = [...entries].sort((x, y) => x.time - y.time || x.stamp - y.stamp).slice(-30).map((e) => e.key);
    expect(a.held).toEqual(expected);
  });

  it('transfer time is latency plus bytes over bandwidth; a zero-capacity tier passes everything down', () => {
    const t = new KvTier({ name: 'x', capacityBlocks: 0, bandwidthBps: 2e9, latencyS: 5e-4, lower: tier(5) });
    expect(t.transferTime(1e9)).toBeCloseTo(0.5005, 12);
    t.insert(7, 1, 0);
    expect(t.size).toBe(0);
    expect(t.lower!.contains(7)).toBe(true);
  });

  it('rejects a lower tier with a different TierSync', () => {
    const low = new KvTier({ name: 'pool', capacityBlocks: 1, bandwidthBps: 1, latencyS: 0, sync: new TierSync() });
    expect(() => new KvTier({ name: 'dram', capacityBlocks: 1, bandwidthBps: 1, latencyS: 0, lower: low })).toThrow(/TierSync/);
  });
});

describe('TierSync', () => {
  it('settles due members earliest first, one registered boundary at a time, only those before now', () => {
    const sync = new TierSync();
    const log: string[] = [];
    // Each member has a list of boundary times; settleDue applies one and registers the next.
    const member = (name: string, times: number[]) => {
      let i = 0;
      const m = {
        id: -1,
        settleDue(): void {
          log.push(`${name}@${times[i]}`);
          i++;
          sync.due(m.id, i < times.length ? times[i] : Infinity);
        },
      };
      m.id = sync.join(m);
      sync.due(m.id, times[0]);
      return m;
    };
    member('a', [1, 4, 9]);
    member('b', [2, 3, 10]);
    member('c', [5]);
    sync.settle(6);
    expect(log).toEqual(['a@1', 'b@2', 'b@3', 'a@4', 'c@5']);
    expect(sync.pending).toBe(2);
    sync.settle(9); // strictly before 9 only
    expect(log.length).toBe(5);
    sync.settle(100);
    expect(log.slice(5)).toEqual(['a@9', 'b@10']);
    expect(sync.pending).toBe(0);
  });
});
