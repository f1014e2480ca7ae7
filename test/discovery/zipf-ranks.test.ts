import { describe, expect, it } from 'vitest';
import { ZipfRanks } from '../../src/discovery/zipf-ranks.js';

/** H(k, s) by brute force. */
function harmonic(k: number, s: number): number {
  let h = 0;
  for (let i = k; i >= 1; i--) h += Math.pow(i, -s);
  return h;
}

describe('ZipfRanks', () => {
  it.each([0, 0.8, 1, 1.2])('s = %s: shares match H(k, s)/H(n, s) to 1e-6 on a registry of 1e6', (s) => {
    const n = 1e6;
    const z = new ZipfRanks(n, s);
    const total = harmonic(n, s);
    for (const k of [1, 10, 1024, 1025, 5000, 123_456, 999_999, n]) {
      expect(Math.abs(z.share(k) - harmonic(k, s) / total)).toBeLessThan(1e-6);
    }
  });

  it.each([
    [100, 1],
    [1e7, 1],
    [1e7, 0],
    [1e12, 1.1],
  ])('n = %s, s = %s: rank(u) inverts the cumulative share exactly', (n, s) => {
    const z = new ZipfRanks(n, s);
    const ks = [1, 2, 7, 100, 1024, 1025, 1026, 4096, 1e5, 1e6, n / 2, n - 1].filter((k) => k >= 1 && k < n);
    for (const k of ks) {
      const c = z.share(k);
      // u just below the cumulative share of k lands on k or before, just above on k + 1 or after
      expect(z.rank(c * (1 - 1e-12))).toBeLessThanOrEqual(k);
      expect(z.rank(Math.min(c * (1 + 1e-12) + 1e-15, 1 - 1e-16))).toBeGreaterThan(k);
    }
    expect(z.rank(0)).toBe(1);
    // u above the cumulative share of n − 1 (which stays below 1 − 1e-15 for every case here) is rank n
    expect(z.share(n - 1)).toBeLessThan(1 - 1e-15);
    expect(z.rank(1 - 1e-16)).toBe(n);
  });

  it('a uniform grid of u reproduces the pmf (1e7 providers, s = 1)', () => {
    const z = new ZipfRanks(1e7, 1);
    const m = 200_000;
    let top = 0, top1pct = 0;
    for (let i = 0; i < m; i++) {
      const r = z.rank((i + 0.5) / m);
      if (r === 1) top++;
      if (r <= 1e5) top1pct++;
    }
    expect(Math.abs(top / m - z.share(1))).toBeLessThan(2 / m);
    expect(Math.abs(top1pct / m - z.share(1e5))).toBeLessThan(2 / m);
    // the closed form: the most popular of 1e7 providers takes 1/H(1e7) ≈ 5.9% of selections
    expect(z.share(1)).toBeCloseTo(1 / (Math.log(1e7) + 0.5772156649 + 1 / 2e7), 6);
  });

  it('refuses a bad size or exponent', () => {
    expect(() => new ZipfRanks(0, 1)).toThrow(RangeError);
    expect(() => new ZipfRanks(10, -1)).toThrow(RangeError);
  });
});
