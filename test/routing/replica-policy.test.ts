import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/kernel/random-streams.js';
import { CacheAware, LeastLoaded, PowerOfTwo, RandomPick, RoundRobin, SessionAffinity, type ReplicaPolicy, type ReplicaView } from '../../src/routing/replica-policy.js';

const view = (load: number, cached = 0): ReplicaView => ({ outstandingTokens: load, cachedPrefixTokens: () => cached });

describe('replica policies', () => {
  it('round-robin visits every replica once per cycle', () => {
    const p = new RoundRobin(3);
    expect([0, 1, 2, 3, 4, 5, 6].map(() => p.pick())).toEqual([0, 1, 2, 0, 1, 2, 0]);
  });

  it('random spreads uniformly (chi-square over 4 replicas, 40k picks)', () => {
    const p = new RandomPick(4, new RandomStreams(1, 0).uniform('route'));
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[p.pick()]++;
    const chi2 = counts.reduce((s, c) => s + (c - 10_000) ** 2 / 10_000, 0);
    expect(chi2).toBeLessThan(11.34); // 1% critical value, 3 degrees of freedom
  });

  it('least-loaded picks the minimum, lowest index on ties', () => {
    expect(new LeastLoaded([view(5), view(2), view(2), view(9)]).pick()).toBe(1);
  });

  it('power-of-two never picks the most loaded of two, and picks distinct candidates', () => {
    const replicas = [view(100), view(0)];
    const p = new PowerOfTwo(replicas, new RandomStreams(2, 0).uniform('route'));
    for (let i = 0; i < 100; i++) expect(p.pick()).toBe(1);
  });

  it('power-of-two lowers the busiest replica of a balls-into-bins run versus random', () => {
    const n = 100, balls = 10_000;
    const run = (two: boolean) => {
      const loads = new Float64Array(n);
      const replicas = Array.from({ length: n }, (_, i) => ({ get outstandingTokens() { return loads[i]; }, cachedPrefixTokens: () => 0 }));
      const u = new RandomStreams(3, 0).uniform('route');
      const p: ReplicaPolicy = two ? new PowerOfTwo(replicas, u) : new RandomPick(n, u);
      for (let b = 0; b < balls; b++) loads[p.pick(b, b)]++;
      return Math.max(...loads);
    };
    // mean load 100; one choice gives max ≈ 100 + ~3σ, two choices ≈ 100 + O(log log n)
    expect(run(true)).toBeLessThan(run(false));
    expect(run(true)).toBeLessThanOrEqual(103);
  });

  it('session affinity is stable, balanced, and moves ~1/n of sessions when a replica is added', () => {
    const a = new SessionAffinity(8);
    const b = new SessionAffinity(9);
    const counts = new Array(8).fill(0);
    let moved = 0;
    const sessions = 20_000;
    for (let s = 0; s < sessions; s++) {
      const r = a.pick(0, s);
      expect(a.pick(1, s)).toBe(r);
      counts[r]++;
      const rb = b.pick(0, s);
      if (rb !== r) {
        moved++;
        // Replicas 0 … 7 keep their ring points, so a session can only move to the new one.
        expect(rb).toBe(8);
      }
    }
    for (const c of counts) expect(Math.abs(c - sessions / 8) / (sessions / 8)).toBeLessThan(0.35);
    // ideal: 1/9 of sessions move to the new replica
    expect(moved / sessions).toBeGreaterThan(0.05);
    expect(moved / sessions).toBeLessThan(0.2);
  });

  it('cache-aware trades hits against load with α', () => {
    const replicas = [view(1000, 0), view(3000, 2048)];
    expect(new CacheAware(replicas, 0.5).pick(0)).toBe(1); // 2048 − 1500 > 0 − 500
    expect(new CacheAware(replicas, 2).pick(0)).toBe(0); // 2048 − 6000 < 0 − 2000
  });
});
