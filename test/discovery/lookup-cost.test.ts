import { describe, expect, it } from 'vitest';
import { logLogSlope } from './log-log-slope.js';
import { efForRecall, lookupDistances, lookupRecall, lookupSeconds, staticStaleShare, type DiscoveryMethod, type LookupCostSpec } from '../../src/discovery/lookup-cost.js';

const SIZES = [1e2, 1e3, 1e4, 1e5, 1e6, 1e7];
const spec = (method: DiscoveryMethod, providers: number, efSearch = 64): LookupCostSpec => ({ method, providers, distanceCost: 1e-7, degree: 16, efSearch, recallScale: 1 });

describe('lookup cost model', () => {
  it('scan cost grows linearly with the registry (log-log slope 1)', () => {
    expect(logLogSlope(SIZES, SIZES.map((n) => lookupSeconds(spec('scan', n))))).toBeCloseTo(1, 12);
  });

  it('hnsw cost grows like log n: slope ≪ 1, and cost / ln n is constant once the beam is smaller than the registry', () => {
    const cost = SIZES.map((n) => lookupSeconds(spec('hnsw', n)));
    // over 1e2…1e7 ≈ 0.32: at ≤ 1e3 providers the beam covers the whole registry (cost = scan)
    expect(logLogSlope(SIZES, cost)).toBeLessThan(0.35);
    const big = SIZES.filter((n) => n >= 1e4);
    expect(logLogSlope(big, big.map((n) => lookupSeconds(spec('hnsw', n))))).toBeLessThan(0.12);
    const perLog = big.map((n) => lookupSeconds(spec('hnsw', n)) / Math.log(n));
    for (const x of perLog) expect(x).toBeCloseTo(perLog[0], 12);
    // never more distance computations than providers: a small registry costs what a scan does
    expect(lookupDistances(spec('hnsw', 100))).toBe(100);
    // the crossover: hnsw is cheaper than scan from about 1e4 providers on
    expect(lookupSeconds(spec('hnsw', 1e4))).toBeLessThan(lookupSeconds(spec('scan', 1e4)));
    expect(lookupSeconds(spec('static', 1e7))).toBe(0);
  });

  it('recall: below 1, falls with the registry, rises with the beam; efForRecall inverts it', () => {
    expect(lookupRecall(spec('scan', 1e7))).toBe(1);
    const r6 = lookupRecall(spec('hnsw', 1e6));
    expect(r6).toBeGreaterThan(0.985);
    expect(r6).toBeLessThan(0.995);
    expect(lookupRecall(spec('hnsw', 1e7))).toBeLessThan(r6);
    expect(lookupRecall(spec('hnsw', 1e6, 128))).toBeGreaterThan(r6);
    expect(lookupRecall(spec('hnsw', 50))).toBe(1); // beam wider than the registry: exhaustive
    // a search that already visits every provider (ef·M·log_M n ≥ n) is exact too: it costs a scan
    expect(lookupDistances(spec('hnsw', 1e3))).toBe(1e3);
    expect(lookupRecall(spec('hnsw', 1e3))).toBe(1);
    expect(lookupDistances(spec('hnsw', 1e4))).toBeLessThan(1e4);
    expect(lookupRecall(spec('hnsw', 1e4))).toBeLessThan(1);
    for (const target of [0.5, 0.9, 0.99, 0.999]) {
      const ef = efForRecall(target, 1e6, 1);
      expect(lookupRecall(spec('hnsw', 1e6, ef))).toBeGreaterThanOrEqual(target);
      expect(lookupRecall(spec('hnsw', 1e6, ef - 1))).toBeLessThan(target);
    }
    expect(efForRecall(1, 1e6, 1)).toBe(1e6);
  });

  it('static wiring: the long-run stale share is the mean of 1 − exp(−churn·age) over a rewire cycle', () => {
    for (const x of [0.01, 0.5, 2, 10]) {
      // midpoint rule over the cycle
      const m = 10_000;
      let s = 0;
      for (let i = 0; i < m; i++) s += 1 - Math.exp(-x * ((i + 0.5) / m));
      expect(staticStaleShare(x / 3600, 3600)).toBeCloseTo(s / m, 6);
    }
    expect(staticStaleShare(0, 3600)).toBe(0);
  });
});
